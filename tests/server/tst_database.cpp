#include "fixtures.h"
#include "storage/database.h"
#include "storage/migrator.h"
#include "testcluster.h"

#include <QFuture>
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
    void serializationFailureIsRetried();
    void persistentLockFailureBecomes503();
    void brokenSqlIsReportedNotRetried();
    void failedUnitRollsBack();
    void keepChangesCommitsDespiteTheError();
    void reconnectsAfterTheServerRestarts();

private:
    std::unique_ptr<Database> newDatabase() const;

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

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
