#include "http/livehub.h"
#include "timescale.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

//! A client that completes the WebSocket handshake and then never reads again.
class StalledClient
{
public:
    explicit StalledClient(quint16 port)
    {
        m_socket.setReadBufferSize(1024);
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_socket.waitForConnected(5000);
        m_socket.write("GET /api/live HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\n"
                       "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                       "Sec-WebSocket-Version: 13\r\n\r\n");
        m_socket.flush();
    }

private:
    QTcpSocket m_socket;
};

} // namespace

//! The live feed's fan-out: slow and dead clients go, the others do not wait for them.
class TestLiveHub final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void everyClientGetsEveryMessage();
    void slowClientIsDroppedOthersKeepUp();
    void burstOfChangesKeepsHealthyClients();
    void changesOfOneEventAreMergedInABurst();
    void feedStatusReachesClients();
    void silentClientIsDroppedAfterUnansweredPings();
    void wrongPathIsClosed();
    void oversizedMessageClosesWith1009();
    void clientsHearWhenTheServerGoes();
    void closingSaysGoingAwayToEveryoneAtOnce();

private:
    void makeHub(LiveHub::Limits limits);
    bool waitForClients(int count);

    std::unique_ptr<QWebSocketServer> m_server;
    std::unique_ptr<LiveHub> m_hub;
};

void TestLiveHub::init()
{
    m_server = std::make_unique<QWebSocketServer>(u"test"_s, QWebSocketServer::NonSecureMode);
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

void TestLiveHub::cleanup()
{
    m_hub.reset();
    m_server.reset();
}

void TestLiveHub::makeHub(LiveHub::Limits limits)
{
    m_hub = std::make_unique<LiveHub>(limits);
    connect(m_server.get(), &QWebSocketServer::newConnection, m_hub.get(), [this] {
        while (m_server->hasPendingConnections())
            m_hub->accept(std::unique_ptr<QWebSocket>(m_server->nextPendingConnection()));
    });
}

bool TestLiveHub::waitForClients(int count)
{
    return QTest::qWaitFor([&] { return m_hub->clientCount() == count; }, 5000);
}

void TestLiveHub::everyClientGetsEveryMessage()
{
    makeHub({});
    QWebSocket first;
    QWebSocket second;
    QStringList received;
    for (QWebSocket *client : {&first, &second}) {
        connect(client, &QWebSocket::textMessageReceived, client,
                [&received](const QString &text) { received.append(text); });
        client->open(QUrl(u"ws://127.0.0.1:%1/api/live"_s.arg(m_server->serverPort())));
    }
    QVERIFY(waitForClients(2));
    m_hub->broadcast(LiveMessage{u"e1"_s, 4, 5, {}});
    QTRY_COMPARE(received.size(), 2);
    QCOMPARE(received.first(),
             u"{\"eventId\":\"e1\",\"remainingTickets\":4,\"totalTickets\":5,"
             u"\"type\":\"event.updated\"}"_s);
}

void TestLiveHub::slowClientIsDroppedOthersKeepUp()
{
    // The healthy client reads only while the test waits: on a slow build (sanitizers) its
    // backlog needs longer to drain, so the stall limit grows with the time scale.
    makeHub({64 * 1024, 1h, 300ms * testTimeScale(), 16 * 1024 * 1024});
    StalledClient stalled(m_server->serverPort());
    QWebSocket healthy;
    int healthyCount = 0;
    connect(&healthy, &QWebSocket::textMessageReceived, &healthy,
            [&healthyCount](const QString &) { ++healthyCount; });
    healthy.open(QUrl(u"ws://127.0.0.1:%1/api/live"_s.arg(m_server->serverPort())));
    QVERIFY(waitForClients(2));

    // Far more than the kernel's socket buffers hold: the stalled client's backlog must grow.
    int sent = 0;
    for (int batch = 0; batch < 400 && m_hub->clientCount() == 2; ++batch) {
        for (int i = 0; i < 500; ++i, ++sent)
            m_hub->broadcast(LiveMessage{u"event-"_s + QString::number(sent), i, 500, {}});
        QTest::qWait(1);
    }
    QCOMPARE(m_hub->clientCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(healthyCount, sent, 10000 * testTimeScale());
}

void TestLiveHub::burstOfChangesKeepsHealthyClients()
{
    makeHub({});
    QWebSocket client;
    int received = 0;
    connect(&client, &QWebSocket::textMessageReceived, &client,
            [&received](const QString &) { ++received; });
    client.open(QUrl(u"ws://127.0.0.1:%1/api/live"_s.arg(m_server->serverPort())));
    QVERIFY(waitForClients(1));
    // One transaction changing 30 000 events: megabytes at once, to a client reading well.
    for (int i = 0; i < 30000; ++i)
        m_hub->broadcast(LiveMessage{u"event-"_s + QString::number(i), 1, 2, {}});
    QTRY_COMPARE_WITH_TIMEOUT(received, 30000, 20000);
    QCOMPARE(m_hub->clientCount(), 1);
}

void TestLiveHub::changesOfOneEventAreMergedInABurst()
{
    makeHub({});
    QWebSocket client;
    QStringList received;
    connect(&client, &QWebSocket::textMessageReceived, &client,
            [&received](const QString &text) { received.append(text); });
    client.open(QUrl(u"ws://127.0.0.1:%1/api/live"_s.arg(m_server->serverPort())));
    QVERIFY(waitForClients(1));
    for (int remaining = 100; remaining > 0; --remaining)
        m_hub->broadcast(LiveMessage{u"hot"_s, remaining, 100, {}});
    QTRY_COMPARE(received.size(), 1);
    QTest::qWait(100);
    QCOMPARE(received.size(), 1);
    QVERIFY2(received.first().contains(u"\"remainingTickets\":1,"_s), qPrintable(received.first()));
}

void TestLiveHub::feedStatusReachesClients()
{
    makeHub({});
    QWebSocket early;
    QStringList earlyReceived;
    connect(&early, &QWebSocket::textMessageReceived, &early,
            [&earlyReceived](const QString &text) { earlyReceived.append(text); });
    early.open(QUrl(u"ws://127.0.0.1:%1/api/live"_s.arg(m_server->serverPort())));
    QVERIFY(waitForClients(1));
    m_hub->setFeedLive(false);
    QTRY_COMPARE(earlyReceived, QStringList{u"{\"live\":false,\"type\":\"feed.status\"}"_s});
    // A client arriving while changes are not followed is told at once.
    QWebSocket late;
    QStringList lateReceived;
    connect(&late, &QWebSocket::textMessageReceived, &late,
            [&lateReceived](const QString &text) { lateReceived.append(text); });
    late.open(QUrl(u"ws://127.0.0.1:%1/api/live"_s.arg(m_server->serverPort())));
    QTRY_COMPARE(lateReceived.size(), 1);
    m_hub->setFeedLive(true);
    QTRY_COMPARE(earlyReceived.size(), 2);
    QCOMPARE(earlyReceived.last(), u"{\"live\":true,\"type\":\"feed.status\"}"_s);
}

void TestLiveHub::silentClientIsDroppedAfterUnansweredPings()
{
    makeHub({256 * 1024, 100ms, 10s, 16 * 1024 * 1024});
    StalledClient silent(m_server->serverPort());
    QWebSocket answering; // QWebSocket answers pings by itself
    answering.open(QUrl(u"ws://127.0.0.1:%1/api/live"_s.arg(m_server->serverPort())));
    QVERIFY(waitForClients(2));
    QVERIFY(waitForClients(1));
    QTest::qWait(500);
    QCOMPARE(m_hub->clientCount(), 1);
    QCOMPARE(answering.state(), QAbstractSocket::ConnectedState);
}

void TestLiveHub::wrongPathIsClosed()
{
    makeHub({});
    QWebSocket client;
    QSignalSpy disconnected(&client, &QWebSocket::disconnected);
    client.open(QUrl(u"ws://127.0.0.1:%1/somewhere"_s.arg(m_server->serverPort())));
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(m_hub->clientCount(), 0);
}

void TestLiveHub::oversizedMessageClosesWith1009()
{
    makeHub({});
    QWebSocket client;
    client.open(QUrl(u"ws://127.0.0.1:%1/api/live"_s.arg(m_server->serverPort())));
    QVERIFY(waitForClients(1));
    QSignalSpy closed(&client, &QWebSocket::disconnected);
    client.sendTextMessage(QString(4 * 1024, u'x')); // at the limit: fine
    QTest::qWait(200);
    QCOMPARE(client.state(), QAbstractSocket::ConnectedState);
    client.sendTextMessage(QString(4 * 1024 + 1, u'x'));
    QVERIFY(closed.wait(5000));
    QCOMPARE(client.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    QVERIFY(waitForClients(0));
}

void TestLiveHub::clientsHearWhenTheServerGoes()
{
    makeHub({});
    QWebSocket client;
    client.open(QUrl(u"ws://127.0.0.1:%1/api/live"_s.arg(m_server->serverPort())));
    QVERIFY(waitForClients(1));
    QSignalSpy closed(&client, &QWebSocket::disconnected);
    m_hub.reset();
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(client.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
}

void TestLiveHub::closingSaysGoingAwayToEveryoneAtOnce()
{
    makeHub({});
    QWebSocket early;
    early.open(QUrl(u"ws://127.0.0.1:%1/api/live"_s.arg(m_server->serverPort())));
    QVERIFY(waitForClients(1));
    QSignalSpy earlyClosed(&early, &QWebSocket::disconnected);
    QElapsedTimer clock;
    clock.start();
    m_hub->closeAll(); // the hub itself stays, as while the server drains
    QTRY_COMPARE(earlyClosed.size(), 1);
    QCOMPARE(early.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QVERIFY(waitForClients(0));
    QVERIFY2(clock.elapsed() < LiveHub::CloseTimeout.count(), "closed without waiting");

    // One that comes in meanwhile is told the same at once.
    QWebSocket late;
    QSignalSpy lateClosed(&late, &QWebSocket::disconnected);
    late.open(QUrl(u"ws://127.0.0.1:%1/api/live"_s.arg(m_server->serverPort())));
    QTRY_COMPARE(lateClosed.size(), 1);
    QCOMPARE(late.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QCOMPARE(m_hub->clientCount(), 0);
}

QTEST_GUILESS_MAIN(TestLiveHub)
#include "tst_livehub.moc"
