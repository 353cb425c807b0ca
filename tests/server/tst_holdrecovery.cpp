#include "fixtures.h"
#include "serverprocess.h"
#include "testclient.h"
#include "testcluster.h"
#include "testserver.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

//! A server killed with SIGKILL while its buyers pay loses no ticket: once the holds expire,
//! any running instance, or the same one started again, gives them back.
class TestHoldRecovery final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void restartedInstanceReleasesItsOwnHolds();
    void anotherInstanceReleasesTheHoldsOfAKilledOne();

private:
    QProcessEnvironment environment() const;
    //! Starts a server process whose payments outlast nothing: 2 s payments, 3 s holds.
    bool startDying(ServerProcess &server);
    //! Books through `server` with every seed user (async, so the holds exist at once).
    QStringList holdTickets(const ServerProcess &server);
    void checkInvariant();

    TestCluster m_cluster;
    std::unique_ptr<Fixtures> m_fixtures;
    QString m_summit;
};

void TestHoldRecovery::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.error()));
    m_fixtures = std::make_unique<Fixtures>(m_cluster.settings());
}

void TestHoldRecovery::cleanupTestCase()
{
    m_fixtures.reset();
    m_cluster.stop();
}

void TestHoldRecovery::init()
{
    QCOMPARE(ServerProcess::run({u"seed"_s, u"--reset"_s}, environment()).exitCode, 0);
    m_summit = m_fixtures->eventIdByTitle(u"Business Summit"_s);
}

QProcessEnvironment TestHoldRecovery::environment() const
{
    QProcessEnvironment environment = ServerProcess().environment();
    environment.insert(u"DATABASE_URL"_s, m_cluster.url());
    environment.insert(u"ACCESS_TOKEN_SECRET"_s, TestServer::AccessSecret);
    environment.insert(u"REFRESH_TOKEN_SECRET"_s, TestServer::RefreshSecret);
    environment.insert(u"AUTH_RATE_LIMIT"_s, u"0"_s);
    environment.insert(u"PAYMENT_DELAY_MS"_s, u"2000"_s);
    environment.insert(u"HOLD_TTL"_s, u"3s"_s);
    return environment;
}

bool TestHoldRecovery::startDying(ServerProcess &server)
{
    server.environment() = environment();
    return server.start();
}

QStringList TestHoldRecovery::holdTickets(const ServerProcess &server)
{
    TestClient client(QUrl(u"http://127.0.0.1:%1"_s.arg(server.port())));
    QStringList ids;
    for (const QString &email :
         {u"john.doe@example.com"_s, u"jane.smith@example.com"_s, u"mike.wilson@example.com"_s}) {
        const QString token = client.signIn(email);
        const HttpResult held = client.send(
            "POST"_ba, u"/api/bookings"_s,
            QJsonDocument(QJsonObject{{"eventId"_L1, m_summit}}).toJson(),
            TestClient::bearer(token)
                + QList<QPair<QByteArray, QByteArray>>{{"Prefer"_ba, "respond-async"_ba}});
        if (held.status != 202)
            return {};
        ids.append(held.object()["booking"_L1]["id"_L1].toString());
    }
    return ids;
}

void TestHoldRecovery::checkInvariant()
{
    QCOMPARE(m_fixtures->remainingTickets(m_summit) + m_fixtures->activeBookings(m_summit),
             m_fixtures->totalTickets(m_summit));
}

void TestHoldRecovery::restartedInstanceReleasesItsOwnHolds()
{
    ServerProcess server;
    QVERIFY2(startDying(server), qPrintable(server.output()));
    const QStringList held = holdTickets(server);
    QCOMPARE(held.size(), 3);
    server.kill();
    // Killed mid-payment: the tickets are held by nobody now.
    for (const QString &id : held)
        QCOMPARE(m_fixtures->bookingStatus(id), u"PENDING"_s);
    QCOMPARE(m_fixtures->remainingTickets(m_summit), 47);
    checkInvariant();

    ServerProcess again;
    QVERIFY2(startDying(again), qPrintable(again.output()));
    QTRY_COMPARE_WITH_TIMEOUT(m_fixtures->remainingTickets(m_summit), 50, 15000);
    for (const QString &id : held)
        QCOMPARE(m_fixtures->bookingStatus(id), u"EXPIRED"_s);
    checkInvariant();
    QCOMPARE(again.terminate(), 0);
}

void TestHoldRecovery::anotherInstanceReleasesTheHoldsOfAKilledOne()
{
    TestServer survivor(m_cluster);
    survivor.config().holdTtl = 3s;
    QVERIFY2(survivor.start(ServerApp::Seeding::Never), qPrintable(survivor.error()));
    ServerProcess server;
    QVERIFY2(startDying(server), qPrintable(server.output()));
    const QStringList held = holdTickets(server);
    QCOMPARE(held.size(), 3);
    server.kill();
    QCOMPARE(m_fixtures->bookingsWithStatus(m_summit, u"PENDING"_s), 3);
    QTRY_COMPARE_WITH_TIMEOUT(m_fixtures->remainingTickets(m_summit), 50, 15000);
    QCOMPARE(m_fixtures->bookingsWithStatus(m_summit, u"EXPIRED"_s), 3);
    checkInvariant();
    // The released tickets sell again.
    TestClient client(survivor.url());
    const QString token = client.signIn(u"john.doe@example.com"_s);
    QCOMPARE(client.post(u"/api/bookings"_s, {{"eventId"_L1, m_summit}}, token).status, 201);
    checkInvariant();
}

QTEST_GUILESS_MAIN(TestHoldRecovery)
#include "tst_holdrecovery.moc"
