#include "fixtures.h"
#include "serverprocess.h"
#include "storage/migrator.h"
#include "testclient.h"
#include "testcluster.h"
#include "testserver.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

//! booking-server as a user runs it: its command line, its start-up errors, its own database.
class TestServerCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void helpAndVersion();
    void unknownCommandIsRefused();
    void badConfigurationStopsWithOneLine_data();
    void badConfigurationStopsWithOneLine();
    void unreachableDatabaseStopsWithOneLine();
    void portInUseStopsWithOneLine();
    void externalDatabaseNeedsSecrets();
    void migrateIsIdempotent();
    void seedAddsWhatIsMissingAndResetStartsOver();
    void dotEnvIsRead();
    void servesOnItsOwnDatabaseAndStopsItOnSigterm();
    void sigtermAnswersTheBookingsInFlight();
    void seedIfEmptyLeavesDataAlone();
    void healthAnswersForARunningServer();

private:
    QProcessEnvironment externalDatabase() const;

    TestCluster m_cluster;
    std::unique_ptr<Fixtures> m_fixtures;
};

void TestServerCli::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.error()));
    m_fixtures = std::make_unique<Fixtures>(m_cluster.settings());
}

void TestServerCli::cleanupTestCase()
{
    m_fixtures.reset();
    m_cluster.stop();
}

QProcessEnvironment TestServerCli::externalDatabase() const
{
    ServerProcess clean;
    QProcessEnvironment environment = clean.environment();
    environment.insert(u"DATABASE_URL"_s, m_cluster.url());
    environment.insert(u"ACCESS_TOKEN_SECRET"_s, TestServer::AccessSecret);
    environment.insert(u"REFRESH_TOKEN_SECRET"_s, TestServer::RefreshSecret);
    return environment;
}

void TestServerCli::helpAndVersion()
{
    const auto help = ServerProcess::run({u"--help"_s}, externalDatabase());
    QCOMPARE(help.exitCode, 0);
    for (const QString &word : {u"serve"_s, u"migrate"_s, u"seed"_s, u"--port"_s, u"--data-dir"_s,
                                u"--seed"_s, u"--reset"_s, u"DATABASE_URL"_s})
        QVERIFY2(help.out.contains(word), qPrintable(word));
    const auto version = ServerProcess::run({u"--version"_s}, externalDatabase());
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith(u"booking-server 1."));
}

void TestServerCli::unknownCommandIsRefused()
{
    const auto result = ServerProcess::run({u"dance"_s}, externalDatabase());
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.err.trimmed(), u"booking-server: unknown command 'dance' (try --help)"_s);
}

void TestServerCli::badConfigurationStopsWithOneLine_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::newRow("port") << u"APP_PORT"_s << u"http"_s;
    QTest::newRow("bcrypt cost") << u"BCRYPT_COST"_s << u"4"_s;
    QTest::newRow("token time") << u"ACCESS_TOKEN_TIME"_s << u"soon"_s;
    QTest::newRow("database url") << u"DATABASE_URL"_s << u"postgres://user:pw@host"_s;
    QTest::newRow("pool size") << u"DB_POOL_SIZE"_s << u"-3"_s;
}

void TestServerCli::badConfigurationStopsWithOneLine()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QProcessEnvironment environment = externalDatabase();
    environment.insert(name, value);
    const auto result = ServerProcess::run({u"serve"_s}, environment);
    QCOMPARE(result.exitCode, 2);
    const QString line = result.err.trimmed();
    QVERIFY2(!line.contains(u'\n'), qPrintable(result.err));
    QVERIFY2(line.startsWith(u"booking-server: "_s + name), qPrintable(line));
    QVERIFY(!line.contains(u"pw@"));
}

void TestServerCli::unreachableDatabaseStopsWithOneLine()
{
    QProcessEnvironment environment = externalDatabase();
    QTcpServer closed;
    closed.listen(QHostAddress::LocalHost, 0);
    const quint16 port = closed.serverPort();
    closed.close();
    environment.insert(u"DATABASE_URL"_s,
                       u"postgresql://booking:secret-pw@127.0.0.1:%1/booking"_s.arg(port));
    const auto result = ServerProcess::run({u"serve"_s}, environment);
    QCOMPARE(result.exitCode, 1);
    const QString line = result.err.trimmed();
    QVERIFY2(!line.contains(u'\n'), qPrintable(result.err));
    QVERIFY2(line.startsWith(u"booking-server: cannot connect to the database at "
                             u"booking@127.0.0.1:"_s),
             qPrintable(line));
    QVERIFY(!line.contains(u"secret-pw"));
}

void TestServerCli::portInUseStopsWithOneLine()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::Any, 0));
    const auto result = ServerProcess::run(
        {u"serve"_s, u"--port"_s, QString::number(occupant.serverPort())}, externalDatabase());
    QCOMPARE(result.exitCode, 1);
    const QString errors = result.err.trimmed();
    QVERIFY2(!errors.contains(u'\n'), qPrintable(errors));
    QVERIFY2(errors.startsWith(u"booking-server: cannot listen on "), qPrintable(errors));
    QVERIFY2(errors.contains(QString::number(occupant.serverPort())), qPrintable(errors));
}

void TestServerCli::externalDatabaseNeedsSecrets()
{
    QProcessEnvironment environment = externalDatabase();
    environment.remove(u"ACCESS_TOKEN_SECRET"_s);
    const auto result = ServerProcess::run({u"serve"_s}, environment);
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(u"ACCESS_TOKEN_SECRET"), qPrintable(result.err));
}

void TestServerCli::migrateIsIdempotent()
{
    m_fixtures->scalar(u"DROP TABLE IF EXISTS refresh_tokens, bookings, events, users, "
                       u"schema_migrations"_s);
    m_fixtures->scalar(u"DROP FUNCTION IF EXISTS notify_event_change()"_s);
    const auto first = ServerProcess::run({u"migrate"_s}, externalDatabase());
    QCOMPARE(first.exitCode, 0);
    QVERIFY2(first.out.contains(u"applied migrations: "_s + Migrator::available().join(u", "_s)),
             qPrintable(first.out));
    const auto second = ServerProcess::run({u"migrate"_s}, externalDatabase());
    QCOMPARE(second.exitCode, 0);
    QVERIFY2(second.out.contains(u"up to date"), qPrintable(second.out));
    QCOMPARE(m_fixtures->scalar(u"SELECT count(*) FROM schema_migrations"_s).toInt(),
             int(Migrator::available().size()));
    // Nothing was seeded by migrate.
    QCOMPARE(m_fixtures->scalar(u"SELECT count(*) FROM events"_s).toInt(), 0);
}

void TestServerCli::seedAddsWhatIsMissingAndResetStartsOver()
{
    QCOMPARE(ServerProcess::run({u"seed"_s}, externalDatabase()).exitCode, 0);
    QCOMPARE(m_fixtures->scalar(u"SELECT count(*) FROM users"_s).toInt(), 3);
    QCOMPARE(m_fixtures->scalar(u"SELECT count(*) FROM events"_s).toInt(), 5);
    QCOMPARE(
        m_fixtures->scalar(u"SELECT total_tickets FROM events WHERE title = 'Limited Concert'"_s)
            .toInt(),
        2);
    // Idempotent: nothing doubles.
    const auto again = ServerProcess::run({u"seed"_s}, externalDatabase());
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(again.out.contains(u"seeded 0 users and 0 events"), qPrintable(again.out));
    QCOMPARE(m_fixtures->scalar(u"SELECT count(*) FROM events"_s).toInt(), 5);
    // --reset wipes what was there.
    m_fixtures->createEvent(u"Extra"_s, 3);
    m_fixtures->scalar(
        u"UPDATE events SET remaining_tickets = 0 WHERE title = 'Limited Concert'"_s);
    QCOMPARE(ServerProcess::run({u"seed"_s, u"--reset"_s}, externalDatabase()).exitCode, 0);
    QCOMPARE(m_fixtures->scalar(u"SELECT count(*) FROM events"_s).toInt(), 5);
    QCOMPARE(m_fixtures
                 ->scalar(u"SELECT remaining_tickets FROM events "
                          u"WHERE title = 'Limited Concert'"_s)
                 .toInt(),
             2);
    QCOMPARE(ServerProcess::run({u"migrate"_s, u"--reset"_s}, externalDatabase()).exitCode, 2);
}

void TestServerCli::dotEnvIsRead()
{
    QTemporaryDir directory;
    QFile dotEnv(directory.filePath(u".env"_s));
    QVERIFY(dotEnv.open(QIODevice::WriteOnly));
    dotEnv.write("BCRYPT_COST=7\n");
    dotEnv.close();
    QProcess process;
    process.setWorkingDirectory(directory.path());
    process.setProcessEnvironment(externalDatabase());
    process.start(ServerProcess::executable(), {u"migrate"_s});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(QString::fromLocal8Bit(process.readAllStandardError()).contains(u"BCRYPT_COST"));
}

void TestServerCli::servesOnItsOwnDatabaseAndStopsItOnSigterm()
{
    QTemporaryDir dataDirectory(u"/tmp/booking-cli-XXXXXX"_s);
    QFile::setPermissions(dataDirectory.path(),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ExeOther);
    ServerProcess server;
    server.environment().insert(u"PAYMENT_DELAY_MS"_s, u"0"_s);
    QVERIFY2(server.start({u"--data-dir"_s, dataDirectory.path()}), qPrintable(server.output()));
    QVERIFY2(server.output().contains(u"Swagger UI: http://localhost:"),
             qPrintable(server.output()));
    QVERIFY(server.output().contains(u"seeded 3 users and 5 events"));

    TestClient client(QUrl(u"http://127.0.0.1:%1"_s.arg(server.port())));
    QCOMPARE(client.get(u"/api/events"_s).object()["meta"_L1]["total"_L1].toInt(), 5);
    const QString token = client.signIn(u"jane.smith@example.com"_s);
    QVERIFY(!token.isEmpty());
    const QString pidFile = dataDirectory.filePath(u"pgdata/postmaster.pid"_s);
    QVERIFY(QFile::exists(pidFile));
    // Its database is its alone, and another program on it is told so in plain words.
    const auto intruder = ServerProcess::run(
        {u"seed"_s, u"--reset"_s, u"--data-dir"_s, dataDirectory.path()}, server.environment());
    QCOMPARE(intruder.exitCode, 1);
    QVERIFY2(intruder.err.contains(u"is in use by another booking-server"),
             qPrintable(intruder.err));
    QCOMPARE(client.get(u"/api/events"_s).status, 200);

    QCOMPARE(server.terminate(), 0);
    // The embedded PostgreSQL went with it.
    QVERIFY(!QFile::exists(pidFile));

    // A second start reuses the data and the token secret: the old token still works, and
    // nothing is seeded twice.
    ServerProcess again;
    QVERIFY2(again.start({u"--data-dir"_s, dataDirectory.path()}), qPrintable(again.output()));
    QVERIFY(!again.output().contains(u"seeded"));
    TestClient secondClient(QUrl(u"http://127.0.0.1:%1"_s.arg(again.port())));
    QCOMPARE(secondClient.get(u"/api/auth/me"_s, token).status, 200);
    QCOMPARE(again.terminate(), 0);
}

void TestServerCli::sigtermAnswersTheBookingsInFlight()
{
    QCOMPARE(ServerProcess::run({u"seed"_s, u"--reset"_s}, externalDatabase()).exitCode, 0);
    ServerProcess server;
    server.environment() = externalDatabase();
    server.environment().insert(u"PAYMENT_DELAY_MS"_s, u"600"_s);
    QVERIFY2(server.start(), qPrintable(server.output()));
    const QString summit = m_fixtures->eventIdByTitle(u"Business Summit"_s);

    std::vector<std::unique_ptr<TestClient>> buyers;
    std::vector<QNetworkReply *> bookings;
    for (const QString &email :
         {u"john.doe@example.com"_s, u"jane.smith@example.com"_s, u"mike.wilson@example.com"_s}) {
        auto buyer
            = std::make_unique<TestClient>(QUrl(u"http://127.0.0.1:%1"_s.arg(server.port())));
        const QString token = buyer->signIn(email);
        bookings.push_back(buyer->start("POST"_ba, u"/api/bookings"_s,
                                        QJsonDocument(QJsonObject{{"eventId"_L1, summit}}).toJson(),
                                        TestClient::bearer(token)));
        buyers.push_back(std::move(buyer));
    }
    QTest::qWait(300); // every booking holds its ticket and is paying
    ::kill(pid_t(server.pid()), SIGTERM);
    // Every booking that was accepted is completed and answered before the server goes.
    for (QNetworkReply *booking : bookings)
        QCOMPARE(TestClient::finish(booking, 30000).status, 201);
    QCOMPARE(server.terminate(), 0);
    QCOMPARE(m_fixtures->activeBookings(summit), 3);
}

void TestServerCli::seedIfEmptyLeavesDataAlone()
{
    // As the Docker stack's one-shot service does at every start.
    QCOMPARE(ServerProcess::run({u"seed"_s, u"--reset"_s}, externalDatabase()).exitCode, 0);
    m_fixtures->scalar(u"DELETE FROM events WHERE title = 'Food Festival'"_s);
    const auto kept = ServerProcess::run({u"seed"_s, u"--if-empty"_s}, externalDatabase());
    QCOMPARE(kept.exitCode, 0);
    QCOMPARE(m_fixtures->scalar(u"SELECT count(*) FROM events"_s).toInt(), 4);
    m_fixtures->scalar(u"TRUNCATE idempotency_keys, bookings, refresh_tokens, events, users"_s);
    const auto seeded = ServerProcess::run({u"seed"_s, u"--if-empty"_s}, externalDatabase());
    QCOMPARE(seeded.exitCode, 0);
    QVERIFY2(seeded.out.contains(u"seeded 3 users and 5 events"_s), qPrintable(seeded.out));
    const auto both
        = ServerProcess::run({u"seed"_s, u"--if-empty"_s, u"--reset"_s}, externalDatabase());
    QCOMPARE(both.exitCode, 2);
}

void TestServerCli::healthAnswersForARunningServer()
{
    ServerProcess server;
    server.environment() = externalDatabase();
    QVERIFY2(server.start(), qPrintable(server.output()));
    const auto up = ServerProcess::run({u"health"_s, u"--port"_s, QString::number(server.port())},
                                       externalDatabase());
    QCOMPARE(up.exitCode, 0);
    QCOMPARE(up.out.trimmed(), u"{\"database\":\"up\",\"status\":\"ok\"}"_s);
    QCOMPARE(server.terminate(), 0);
    const auto down = ServerProcess::run({u"health"_s, u"--port"_s, QString::number(server.port())},
                                         externalDatabase());
    QCOMPARE(down.exitCode, 1);
    QVERIFY2(down.err.startsWith(u"booking-server: no answer on port"_s), qPrintable(down.err));
}

QTEST_GUILESS_MAIN(TestServerCli)
#include "tst_servercli.moc"
