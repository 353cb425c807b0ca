#include "app/config.h"
#include "fixtures.h"
#include "serverprocess.h"
#include "testcluster.h"
#include "testserver.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

//! What a server shows beyond this machine: it listens on loopback unless told otherwise, the
//! demo users (whose password the README publishes) appear only where asked for, and a server
//! that others can reach warns about them.
class TestExposure final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void listenAddressDefaultsToLoopbackWithTheEmbeddedDatabase_data();
    void listenAddressDefaultsToLoopbackWithTheEmbeddedDatabase();
    void embeddedServerListensOnLoopbackOnly();
    void serveSeedsNoDemoUsersIntoAnExternalDatabase();
    void demoUsersOnAReachableServerAreWarnedAbout_data();
    void demoUsersOnAReachableServerAreWarnedAbout();

private:
    QProcessEnvironment externalDatabase() const;

    TestCluster m_cluster;
    std::unique_ptr<Fixtures> m_fixtures;
};

void TestExposure::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.error()));
    m_fixtures = std::make_unique<Fixtures>(m_cluster.settings());
}

void TestExposure::cleanupTestCase()
{
    m_fixtures.reset();
    m_cluster.stop();
}

QProcessEnvironment TestExposure::externalDatabase() const
{
    QProcessEnvironment environment = ServerProcess().environment();
    environment.insert(u"DATABASE_URL"_s, m_cluster.url());
    environment.insert(u"DATABASE_OWNER_URL"_s, m_cluster.url());
    environment.insert(u"ACCESS_TOKEN_SECRET"_s, TestServer::AccessSecret);
    environment.insert(u"REFRESH_TOKEN_SECRET"_s, TestServer::RefreshSecret);
    return environment;
}

void TestExposure::listenAddressDefaultsToLoopbackWithTheEmbeddedDatabase_data()
{
    QTest::addColumn<QString>("databaseUrl");
    QTest::addColumn<QString>("appHost");
    QTest::addColumn<QString>("expected");
    const QString external = u"postgresql://booking:pw@db.example.com:5432/booking"_s;
    QTest::newRow("embedded database") << QString() << QString() << u"127.0.0.1"_s;
    QTest::newRow("external database") << external << QString() << u"0.0.0.0"_s;
    QTest::newRow("embedded, told otherwise") << QString() << u"0.0.0.0"_s << u"0.0.0.0"_s;
    QTest::newRow("external, told otherwise") << external << u"127.0.0.1"_s << u"127.0.0.1"_s;
}

void TestExposure::listenAddressDefaultsToLoopbackWithTheEmbeddedDatabase()
{
    QFETCH(QString, databaseUrl);
    QFETCH(QString, appHost);
    QFETCH(QString, expected);
    QHash<QString, QString> environment;
    if (!databaseUrl.isEmpty())
        environment.insert(u"DATABASE_URL"_s, databaseUrl);
    if (!appHost.isEmpty())
        environment.insert(u"APP_HOST"_s, appHost);
    const auto config = Config::fromEnvironment(environment, {});
    QVERIFY(config.ok());
    QCOMPARE(config->host.toString(), expected);
    // A .env's APP_HOST counts as saying otherwise too.
    if (!appHost.isEmpty()) {
        environment.remove(u"APP_HOST"_s);
        QCOMPARE(Config::fromEnvironment(environment, {{u"APP_HOST"_s, appHost}})->host.toString(),
                 expected);
    }
}

void TestExposure::embeddedServerListensOnLoopbackOnly()
{
    QTemporaryDir data(u"/tmp/booking-exposure-XXXXXX"_s);
    ServerProcess server;
    QVERIFY2(server.start({u"--data-dir"_s, data.path()}), qPrintable(server.output()));
    QVERIFY2(server.output().contains(u"listening on 127.0.0.1:"_s), qPrintable(server.output()));
    // Its demo users are seeded, and nobody else can reach them: no warning.
    QVERIFY(server.output().contains(u"seeded 3 users"_s));
    QVERIFY2(!server.output().contains(u"demo users"_s), qPrintable(server.output()));
    QCOMPARE(server.terminate(), 0);
}

void TestExposure::serveSeedsNoDemoUsersIntoAnExternalDatabase()
{
    m_fixtures->scalar(u"DROP SCHEMA public CASCADE"_s);
    m_fixtures->scalar(u"CREATE SCHEMA public"_s);
    ServerProcess server;
    server.environment() = externalDatabase();
    QVERIFY2(server.start(), qPrintable(server.output()));
    QVERIFY2(server.output().contains(u"applied migration"_s), qPrintable(server.output()));
    QVERIFY(!server.output().contains(u"seeded"_s));
    QCOMPARE(m_fixtures->scalar(u"SELECT count(*) FROM users"_s).toInt(), 0);
    QCOMPARE(m_fixtures->scalar(u"SELECT count(*) FROM events"_s).toInt(), 0);
    QCOMPARE(server.terminate(), 0);
}

void TestExposure::demoUsersOnAReachableServerAreWarnedAbout_data()
{
    QTest::addColumn<QString>("appHost");
    QTest::addColumn<bool>("passwordChanged");
    QTest::addColumn<bool>("warned");
    QTest::newRow("every address, published password") << u"0.0.0.0"_s << false << true;
    QTest::newRow("loopback, published password") << u"127.0.0.1"_s << false << false;
    QTest::newRow("every address, passwords changed") << u"0.0.0.0"_s << true << false;
}

void TestExposure::demoUsersOnAReachableServerAreWarnedAbout()
{
    QFETCH(QString, appHost);
    QFETCH(bool, passwordChanged);
    QFETCH(bool, warned);
    QCOMPARE(ServerProcess::run({u"seed"_s, u"--reset"_s}, externalDatabase()).exitCode, 0);
    if (passwordChanged)
        m_fixtures->scalar(u"UPDATE users SET password_hash = "
                           u"'$2b$10$abcdefghijklmnopqrstuuKJ0vG8ZqKx2oK6l0Q7J1vIu3v0W6H2e'"_s);
    ServerProcess server;
    server.environment() = externalDatabase();
    server.environment().insert(u"APP_HOST"_s, appHost);
    QVERIFY2(server.start(), qPrintable(server.output()));
    const bool said = server.output().contains(u"demo users with the published password"_s);
    QVERIFY2(said == warned, qPrintable(server.output()));
    if (warned)
        QVERIFY(server.output().contains(u"john.doe@example.com"_s));
    QCOMPARE(server.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestExposure)
#include "tst_exposure.moc"
