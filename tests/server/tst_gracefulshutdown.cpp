#include "fixtures.h"
#include "rawconnection.h"
#include "serverprocess.h"
#include "testclient.h"
#include "testcluster.h"
#include "testserver.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

#include <csignal>

using namespace Qt::StringLiterals;

//! booking-server stopped by SIGTERM or SIGINT while it works: it refuses new connections at
//! once, answers what it had accepted, tells its live clients it is going (1001), and exits
//! as soon as the last answer is out, within SHUTDOWN_GRACE at most.
class TestGracefulShutdown final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void bookingsInFlightAreAnsweredAndTheServerExitsPromptly_data();
    void bookingsInFlightAreAnsweredAndTheServerExitsPromptly();
    void afterTheSignalNewConnectionsAreRefusedAndKeptAliveOnesAnswered503();
    void theGraceBoundsTheWait();

private:
    QProcessEnvironment environment(std::chrono::milliseconds paymentDelay) const;
    //! Registers a new user and returns the access token.
    QString newBuyer(TestClient &client);
    QNetworkReply *startBooking(TestClient &client, const QString &token, const QString &eventId);

    TestCluster m_cluster;
    std::unique_ptr<Fixtures> m_fixtures;
    int m_buyers = 0;
};

void TestGracefulShutdown::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.error()));
    m_fixtures = std::make_unique<Fixtures>(m_cluster.settings());
    QCOMPARE(ServerProcess::run({u"migrate"_s}, environment({})).exitCode, 0);
}

void TestGracefulShutdown::cleanupTestCase()
{
    m_fixtures.reset();
    m_cluster.stop();
}

QProcessEnvironment TestGracefulShutdown::environment(std::chrono::milliseconds paymentDelay) const
{
    ServerProcess clean;
    QProcessEnvironment environment = clean.environment();
    environment.insert(u"DATABASE_URL"_s, m_cluster.url());
    environment.insert(u"ACCESS_TOKEN_SECRET"_s, TestServer::AccessSecret);
    environment.insert(u"REFRESH_TOKEN_SECRET"_s, TestServer::RefreshSecret);
    environment.insert(u"PAYMENT_DELAY_MS"_s, QString::number(paymentDelay.count()));
    return environment;
}

QString TestGracefulShutdown::newBuyer(TestClient &client)
{
    const int buyer = ++m_buyers;
    return client.signIn(u"leaving-%1@example.com"_s.arg(buyer), u"Password123"_s,
                         u"Buyer %1"_s.arg(buyer));
}

QNetworkReply *TestGracefulShutdown::startBooking(TestClient &client, const QString &token,
                                                  const QString &eventId)
{
    return client.start("POST"_ba, u"/api/bookings"_s,
                        QJsonDocument(QJsonObject{{"eventId"_L1, eventId}}).toJson(),
                        TestClient::bearer(token));
}

void TestGracefulShutdown::bookingsInFlightAreAnsweredAndTheServerExitsPromptly_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

void TestGracefulShutdown::bookingsInFlightAreAnsweredAndTheServerExitsPromptly()
{
    QFETCH(int, signalNumber);
    const QString eventId = m_fixtures->createEvent(
        u"Last orders (%1)"_s.arg(QString::fromLatin1(QTest::currentDataTag())), 20);
    ServerProcess server;
    server.environment() = environment(std::chrono::milliseconds(2000));
    QVERIFY2(server.start(), qPrintable(server.output()));
    const QUrl base(u"http://127.0.0.1:%1"_s.arg(server.port()));

    QWebSocket live;
    QSignalSpy liveConnected(&live, &QWebSocket::connected);
    QSignalSpy liveClosed(&live, &QWebSocket::disconnected);
    live.open(QUrl(u"ws://127.0.0.1:%1/api/live"_s.arg(server.port())));
    QVERIFY(liveConnected.wait(10000));

    // Five buyers, each on connections of their own.
    std::vector<std::unique_ptr<TestClient>> buyers;
    QStringList tokens;
    for (int i = 0; i < 5; ++i) {
        buyers.push_back(std::make_unique<TestClient>(base));
        tokens.append(newBuyer(*buyers.back()));
        QVERIFY(!tokens.last().isEmpty());
    }
    QElapsedTimer sinceSent;
    sinceSent.start();
    std::vector<QNetworkReply *> bookings;
    for (int i = 0; i < 5; ++i)
        bookings.push_back(startBooking(*buyers[size_t(i)], tokens[i], eventId));
    // 0.7 s into their 2 s payments.
    QTest::qWait(int(std::max<qint64>(0, 700 - sinceSent.elapsed())));
    server.signal(signalNumber);
    QElapsedTimer sinceSignal;
    sinceSignal.start();

    for (QNetworkReply *booking : bookings) {
        const HttpResult answer = TestClient::finish(booking, 10000);
        QCOMPARE(answer.status, 201);
        QCOMPARE(answer.object()["booking"_L1]["status"_L1].toString(), u"CONFIRMED"_s);
    }
    const qint64 answeredAfter = sinceSignal.elapsed();
    QVERIFY2(server.waitForExit(10000), "the server still runs 10 s after the signal");
    const qint64 exitedAfter = sinceSignal.elapsed();
    qInfo("%s: the last booking answered %lld ms, the process exited %lld ms after the signal",
          QTest::currentDataTag(), answeredAfter, exitedAfter);
    QCOMPARE(server.exitCode(), 0);
    QVERIFY2(exitedAfter < 5000, qPrintable(u"exited %1 ms after the signal"_s.arg(exitedAfter)));
    // Well before the grace of 10 s: it left once the last answer was out.
    QVERIFY2(exitedAfter - answeredAfter < 2000,
             qPrintable(u"exited %1 ms after the last answer"_s.arg(exitedAfter - answeredAfter)));

    QTRY_COMPARE(liveClosed.size(), 1);
    QCOMPARE(live.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QCOMPARE(m_fixtures->bookingsWithStatus(eventId, u"CONFIRMED"_s), 5);
    QCOMPARE(m_fixtures->remainingTickets(eventId), 15);
}

void TestGracefulShutdown::afterTheSignalNewConnectionsAreRefusedAndKeptAliveOnesAnswered503()
{
    const QString eventId = m_fixtures->createEvent(u"Closing time"_s, 5);
    ServerProcess server;
    server.environment() = environment(std::chrono::milliseconds(2000));
    QVERIFY2(server.start(), qPrintable(server.output()));
    TestClient buyer(QUrl(u"http://127.0.0.1:%1"_s.arg(server.port())));
    const QString token = newBuyer(buyer);

    // A kept-alive connection that has been used once.
    RawConnection keptAlive(server.port());
    const QByteArray list = "GET /api/events HTTP/1.1\r\nHost: x\r\n\r\n"_ba;
    keptAlive.send(list);
    QVERIFY(keptAlive.readResponse().startsWith("HTTP/1.1 200"));

    QNetworkReply *booking = startBooking(buyer, token, eventId);
    QTest::qWait(500);
    server.signal(SIGTERM);
    QVERIFY(server.waitForOutput(u"shutting down"_s));

    // The booking still pays (and so the server still runs), yet nobody new gets in.
    QTcpSocket late;
    QSignalSpy failed(&late, &QAbstractSocket::errorOccurred);
    late.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(failed.wait(2000) || !failed.isEmpty());
    QCOMPARE(late.error(), QAbstractSocket::ConnectionRefusedError);
    QVERIFY(server.isRunning());

    // A request on a connection accepted before: 503, and the connection closes after it.
    const int before = keptAlive.received().size();
    keptAlive.send(list);
    QVERIFY(keptAlive.waitForClose(2000));
    const QByteArray refusal = keptAlive.received().mid(before);
    QVERIFY2(refusal.startsWith("HTTP/1.1 503"), refusal.constData());
    QVERIFY2(refusal.contains("\r\nConnection: close\r\n"), refusal.constData());
    QVERIFY2(refusal.contains("\r\nRetry-After: "), refusal.constData());
    QVERIFY(server.isRunning());

    QCOMPARE(TestClient::finish(booking, 10000).status, 201);
    QVERIFY(server.waitForExit(5000));
    QCOMPARE(server.exitCode(), 0);
}

void TestGracefulShutdown::theGraceBoundsTheWait()
{
    const QString eventId = m_fixtures->createEvent(u"Too slow to wait for"_s, 5);
    ServerProcess server;
    server.environment() = environment(std::chrono::milliseconds(30000));
    server.environment().insert(u"SHUTDOWN_GRACE"_s, u"1s"_s);
    QVERIFY2(server.start(), qPrintable(server.output()));
    TestClient buyer(QUrl(u"http://127.0.0.1:%1"_s.arg(server.port())));
    const QString token = newBuyer(buyer);
    QNetworkReply *booking = startBooking(buyer, token, eventId);
    QTRY_COMPARE(m_fixtures->bookingsWithStatus(eventId, u"PENDING"_s), 1);

    server.signal(SIGTERM);
    QElapsedTimer sinceSignal;
    sinceSignal.start();
    QVERIFY(server.waitForExit(10000));
    const qint64 exitedAfter = sinceSignal.elapsed();
    qInfo("with a 1 s grace and a 30 s payment, the process exited %lld ms after the signal",
          exitedAfter);
    QVERIFY2(exitedAfter >= 1000, qPrintable(u"%1 ms"_s.arg(exitedAfter)));
    QVERIFY2(exitedAfter < 4000, qPrintable(u"%1 ms"_s.arg(exitedAfter)));
    QCOMPARE(server.exitCode(), 0);
    QVERIFY2(server.output().contains(u"not answered"_s), qPrintable(server.output()));
    // The buyer hears nothing more; the hold stays until it expires, as after a crash.
    QCOMPARE(TestClient::finish(booking, 5000).status, 0);
    QCOMPARE(m_fixtures->bookingsWithStatus(eventId, u"PENDING"_s), 1);
}

QTEST_GUILESS_MAIN(TestGracefulShutdown)
#include "tst_gracefulshutdown.moc"
