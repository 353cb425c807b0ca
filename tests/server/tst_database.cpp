#include "fixtures.h"
#include "storage/database.h"
#include "storage/migrator.h"
#include "testcluster.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFuture>
#include <QSemaphore>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

//! The worker pool's units of work: retries, failures, reconnection, migrations.
class TestDatabase final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void instancesStartingTogetherMigrateOnce();
    void failedMigrationLeavesNoLockNorOpenTransaction();
    void serializationFailureIsRetried();
    void persistentLockFailureBecomes503();
    void brokenSqlIsReportedNotRetried();
    void failedUnitRollsBack();
    void keepChangesCommitsDespiteTheError();
    void reconnectsAfterTheServerRestarts();
    void stoppedServerOpensTheBreaker();
    void hungServerIsNoticedAndLeftBehind();
    void lockWaitIsNotTakenForAHang();
    void countsConnectionsInUseAndIdle();

private:
    std::unique_ptr<Database> newDatabase() const;
    //! SELECT 1 as one unit of work; how long it took in `elapsedMs`.
    static Result<int> selectOne(Database &database, qint64 *elapsedMs = nullptr);

    TestCluster m_cluster;
};

void TestDatabase::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.error()));
}

void TestDatabase::cleanupTestCase()
{
    m_cluster.stop();
}

std::unique_ptr<Database> TestDatabase::newDatabase() const
{
    return std::make_unique<Database>(m_cluster.settings(), Database::Options{4, 3});
}

void TestDatabase::instancesStartingTogetherMigrateOnce()
{
    std::vector<std::unique_ptr<Database>> databases;
    for (int i = 0; i < 4; ++i)
        databases.push_back(newDatabase());
    QList<QFuture<Result<QStringList>>> runs;
    for (auto &database : databases) {
        Database *db = database.get();
        runs.append(QtConcurrent::run([db] { return Migrator(*db).migrate(); }));
    }
    int applied = 0;
    for (auto &run : runs) {
        const Result<QStringList> result = run.result();
        QVERIFY(result.ok());
        applied += int(result->size());
    }
    QCOMPARE(applied, int(Migrator::available().size()));
    Fixtures fixtures(m_cluster.settings());
    QCOMPARE(fixtures.scalar(u"SELECT count(*) FROM schema_migrations"_s).toInt(),
             int(Migrator::available().size()));
}

void TestDatabase::failedMigrationLeavesNoLockNorOpenTransaction()
{
    // A database of its own, so that its migrations are not the build's.
    Fixtures admin(m_cluster.settings());
    admin.scalar(u"DROP DATABASE IF EXISTS migrator_test"_s);
    admin.scalar(u"CREATE DATABASE migrator_test"_s);
    ConnectionSettings settings = m_cluster.settings();
    settings.database = u"migrator_test"_s;
    // One worker: every unit of work below runs on the connection the failure happened on.
    Database database(settings, Database::Options{1, 3});

    QTemporaryDir migrations;
    const auto write = [&migrations](const QString &name, const QByteArray &sql) {
        QFile file(migrations.filePath(name));
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            && file.write(sql) == sql.size();
    };
    QVERIFY(write(u"001_first.sql"_s, "CREATE TABLE first (id int PRIMARY KEY);"_ba));
    QVERIFY(write(u"002_broken.sql"_s,
                  "CREATE TABLE second (id int PRIMARY KEY);\nSELECT no_such_function();"_ba));

    const auto failed = Migrator(database, migrations.path()).migrate();
    QVERIFY(!failed.ok());
    QVERIFY2(failed.error().message.contains(u"002_broken.sql"_s),
             qPrintable(failed.error().message));

    // Seen from another connection: no advisory lock held, no transaction left open.
    Fixtures observer(settings);
    QCOMPARE(
        observer.scalar(u"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"_s).toInt(), 0);
    QCOMPARE(observer
                 .scalar(u"SELECT count(*) FROM pg_stat_activity WHERE datname = 'migrator_test' "
                         u"AND state LIKE 'idle in transaction%'"_s)
                 .toInt(),
             0);
    // The first migration stays applied, the broken one left nothing behind.
    QCOMPARE(observer.scalar(u"SELECT string_agg(version, ',') FROM schema_migrations"_s),
             QVariant(u"001_first"_s));
    QVERIFY(observer.scalar(u"SELECT to_regclass('second') IS NULL"_s).toBool());

    // The same connection serves the next unit of work as usual.
    const auto usable = database.runAndWait([&database] {
        return database.transaction<int>([](SqlSession &session) -> Result<int> {
            QSqlQuery &count = session.query(u"SELECT count(*) FROM first"_s);
            if (!session.exec(count) || !count.next())
                return session.error();
            return count.value(0).toInt();
        });
    });
    QVERIFY(usable.ok());
    QCOMPARE(*usable, 0);

    // A fixed build migrates.
    QVERIFY(write(u"002_broken.sql"_s, "CREATE TABLE second (id int PRIMARY KEY);"_ba));
    const auto fixed = Migrator(database, migrations.path()).migrate();
    QVERIFY2(fixed.ok(), qPrintable(fixed.ok() ? QString() : fixed.error().message));
    QCOMPARE(*fixed, QStringList{u"002_broken.sql"_s});
    QCOMPARE(
        observer.scalar(u"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"_s).toInt(), 0);
    database.close();
}

void TestDatabase::serializationFailureIsRetried()
{
    auto database = newDatabase();
    int attempts = 0;
    const auto result = database->runAndWait([&] {
        return database->transaction<int>([&](SqlSession &session) -> Result<int> {
            ++attempts;
            if (attempts == 1
                && !session.execText(u"DO $$ BEGIN RAISE EXCEPTION 'conflict' USING "
                                     u"ERRCODE = '40001'; END $$"_s))
                return session.error();
            return attempts;
        });
    });
    QVERIFY(result.ok());
    QCOMPARE(*result, 2);
}

void TestDatabase::persistentLockFailureBecomes503()
{
    auto database = newDatabase();
    int attempts = 0;
    const auto result = database->runAndWait([&] {
        return database->transaction<int>([&](SqlSession &session) -> Result<int> {
            ++attempts;
            if (!session.execText(u"DO $$ BEGIN RAISE EXCEPTION 'locked' USING "
                                  u"ERRCODE = '55P03'; END $$"_s))
                return session.error();
            return 0;
        });
    });
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::ServiceUnavailable);
    QCOMPARE(attempts, 3);
}

void TestDatabase::brokenSqlIsReportedNotRetried()
{
    auto database = newDatabase();
    int attempts = 0;
    const auto result = database->runAndWait([&] {
        return database->session<int>([&](SqlSession &session) -> Result<int> {
            ++attempts;
            if (!session.execText(u"SELECT * FROM no_such_table"_s))
                return session.error();
            return 0;
        });
    });
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::Internal);
    QVERIFY(!result.error().message.contains(u"no_such_table"));
    QCOMPARE(attempts, 1);
}

void TestDatabase::failedUnitRollsBack()
{
    auto database = newDatabase();
    const auto result = database->runAndWait([&] {
        return database->transaction<int>([](SqlSession &session) -> Result<int> {
            session.execText(u"CREATE TABLE rolled_back (x int)"_s);
            return Error(ErrorCode::SoldOut);
        });
    });
    QCOMPARE(result.error().code, ErrorCode::SoldOut);
    Fixtures fixtures(m_cluster.settings());
    QCOMPARE(fixtures.scalar(u"SELECT to_regclass('rolled_back') IS NULL"_s).toBool(), true);
}

void TestDatabase::keepChangesCommitsDespiteTheError()
{
    auto database = newDatabase();
    const auto result = database->runAndWait([&] {
        return database->transaction<int>([](SqlSession &session) -> Result<int> {
            session.execText(u"CREATE TABLE kept (x int)"_s);
            session.keepChanges();
            return Error(ErrorCode::Unauthorized);
        });
    });
    QCOMPARE(result.error().code, ErrorCode::Unauthorized);
    Fixtures fixtures(m_cluster.settings());
    QCOMPARE(fixtures.scalar(u"SELECT to_regclass('kept') IS NOT NULL"_s).toBool(), true);
}

void TestDatabase::reconnectsAfterTheServerRestarts()
{
    auto database = newDatabase();
    const auto selectOne = [&] {
        return database->runAndWait([&] {
            return database->session<int>([](SqlSession &session) -> Result<int> {
                QSqlQuery &query = session.query(u"SELECT 1"_s);
                if (!session.exec(query) || !query.next())
                    return session.error();
                return query.value(0).toInt();
            });
        });
    };
    QCOMPARE(selectOne().value(), 1);
    QVERIFY2(m_cluster.restart(), qPrintable(m_cluster.error()));
    // The pooled connection died with the server; the unit reconnects and runs again.
    const auto after = selectOne();
    QVERIFY2(after.ok(), qPrintable(after.ok() ? QString() : after.error().message));
    QCOMPARE(*after, 1);
}

Result<int> TestDatabase::selectOne(Database &database, qint64 *elapsedMs)
{
    QElapsedTimer clock;
    clock.start();
    auto result = database.runAndWait([&] {
        return database.session<int>([](SqlSession &session) -> Result<int> {
            QSqlQuery &query = session.query(u"SELECT 1"_s);
            if (!session.exec(query) || !query.next())
                return session.error();
            return query.value(0).toInt();
        });
    });
    if (elapsedMs)
        *elapsedMs = clock.elapsed();
    return result;
}

void TestDatabase::stoppedServerOpensTheBreaker()
{
    auto database = newDatabase();
    QCOMPARE(selectOne(*database).value(), 1);
    m_cluster.stop();
    const auto restart = qScopeGuard([this] { QVERIFY(m_cluster.start()); });

    // Three refused connections in a row open it (a unit tries up to three times here).
    qint64 elapsed = 0;
    for (int unit = 0; unit < 2 && database->breaker().state() != CircuitBreaker::State::Open;
         ++unit) {
        auto failed = selectOne(*database, &elapsed);
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().code, ErrorCode::ServiceUnavailable);
        QVERIFY2(elapsed < 3000, qPrintable(QString::number(elapsed)));
    }
    // From now on nobody even tries to connect.
    QCOMPARE(database->breaker().state(), CircuitBreaker::State::Open);
    QCOMPARE(database->breaker().timesOpened(), 1);
    const qint64 attempts = database->connectAttempts();
    for (int i = 0; i < 50; ++i) {
        auto refused = selectOne(*database, &elapsed);
        QCOMPARE(refused.error().code, ErrorCode::ServiceUnavailable);
        QVERIFY2(elapsed < 100, qPrintable(QString::number(elapsed)));
    }
    QVERIFY(database->breaker().refusals() >= 50);
    // At most one probe per cool-down (1 s), however many callers.
    QVERIFY(database->connectAttempts() - attempts <= 1);

    QVERIFY(m_cluster.start());
    QElapsedTimer resumed;
    resumed.start();
    QTRY_VERIFY_WITH_TIMEOUT(selectOne(*database).ok(), 5000);
    qInfo("answering again %lld ms after the server's return", resumed.elapsed());
    QCOMPARE(database->breaker().state(), CircuitBreaker::State::Closed);
    QCOMPARE(database->breaker().timesOpened(), 1);
}

void TestDatabase::hungServerIsNoticedAndLeftBehind()
{
    auto database = newDatabase();
    // An open connection: its statement would wait for the frozen server for ever.
    QCOMPARE(selectOne(*database).value(), 1);
    QVERIFY(m_cluster.freeze(TestCluster::Freeze::Everything));
    const auto thaw = qScopeGuard([this] { m_cluster.thaw(); });

    qint64 elapsed = 0;
    auto hung = selectOne(*database, &elapsed);
    QVERIFY(!hung.ok());
    QCOMPARE(hung.error().code, ErrorCode::ServiceUnavailable);
    QVERIFY2(elapsed < 3000, qPrintable(QString::number(elapsed)));
    QCOMPARE(database->hangsSeen(), 1);
    QCOMPARE(database->breaker().state(), CircuitBreaker::State::Open);
    auto refused = selectOne(*database, &elapsed);
    QCOMPARE(refused.error().code, ErrorCode::ServiceUnavailable);
    QVERIFY2(elapsed < 100, qPrintable(QString::number(elapsed)));

    m_cluster.thaw();
    QElapsedTimer resumed;
    resumed.start();
    QTRY_VERIFY_WITH_TIMEOUT(selectOne(*database).ok(), 5000);
    qInfo("answering again %lld ms after the server woke", resumed.elapsed());
    QCOMPARE(database->breaker().state(), CircuitBreaker::State::Closed);
}

void TestDatabase::lockWaitIsNotTakenForAHang()
{
    auto database = newDatabase();
    Fixtures holder(m_cluster.settings());
    QVERIFY(holder.scalar(u"SELECT pg_advisory_lock(4242)"_s).isValid());
    // Waits for the lock far longer than the watchdog's patience, on a server that answers.
    QFuture<Result<int>> waiting = QtConcurrent::run([&database] {
        return database->runAndWait([&database] {
            return database->transaction<int>([](SqlSession &session) -> Result<int> {
                if (!session.execText(u"SELECT pg_advisory_xact_lock(4242)"_s))
                    return session.error();
                return 1;
            });
        });
    });
    QTest::qWait(2500);
    QVERIFY(!waiting.isFinished());
    holder.scalar(u"SELECT pg_advisory_unlock(4242)"_s);
    const Result<int> result = waiting.result();
    QVERIFY(result.ok());
    QCOMPARE(database->hangsSeen(), 0);
    QCOMPARE(database->breaker().state(), CircuitBreaker::State::Closed);
}

void TestDatabase::countsConnectionsInUseAndIdle()
{
    auto database = newDatabase();
    QCOMPARE(database->connectionsInUse(), 0);
    QCOMPARE(database->connectionsIdle(), 0);
    constexpr int units = 3;
    QSemaphore started;
    QSemaphore release;
    for (int i = 0; i < units; ++i) {
        database->pool().start([&] {
            const auto done = database->session<int>([&](SqlSession &session) -> Result<int> {
                if (!session.execText(u"SELECT 1"_s))
                    return session.error();
                started.release();
                release.acquire();
                return 1;
            });
            Q_UNUSED(done);
        });
    }
    QVERIFY(started.tryAcquire(units, 10000));
    QCOMPARE(database->connectionsInUse(), units);
    QCOMPARE(database->connectionsIdle(), 0);
    release.release(units);
    QTRY_COMPARE(database->connectionsInUse(), 0);
    QCOMPARE(database->connectionsIdle(), units);
    database->close();
    QCOMPARE(database->connectionsIdle(), 0);
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
