#include "http/livehub.h"
#include "timescale.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>

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

//! The live feed's fan-out: each message serialized once, slow and dead clients go, the others
//! do not wait for them. The sockets are upgraded as QHttpServer does it (a QTcpServer's
//! connection handed to QWebSocketServer::handleConnection), so the hub gets the connection
//! under each WebSocket, as in the server.
class TestLiveHub final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void everyClientGetsEveryMessage();
    void fanOutSerializesEachMessageOnce();
    void framesOfEveryLengthArriveWhole_data();
    void framesOfEveryLengthArriveWhole();
    void socketWithoutItsConnectionIsRefused();
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
    QUrl liveUrl(const QString &path = u"/api/live"_s) const
    {
        return QUrl(u"ws://127.0.0.1:%1%2"_s.arg(m_tcpServer->serverPort()).arg(path));
    }

    std::unique_ptr<QTcpServer> m_tcpServer;
    std::unique_ptr<QWebSocketServer> m_server;
    //! The accepted connections by their peer's port, until they are upgraded.
    QHash<quint16, QTcpSocket *> m_connections;
    //! Hand the hub no connection (as if it could not be found).
    bool m_withoutConnections = false;
    std::unique_ptr<LiveHub> m_hub;
};

void TestLiveHub::init()
{
    m_tcpServer = std::make_unique<QTcpServer>();
    m_server = std::make_unique<QWebSocketServer>(u"test"_s, QWebSocketServer::NonSecureMode);
    m_withoutConnections = false;
    m_connections.clear();
    QVERIFY(m_tcpServer->listen(QHostAddress::LocalHost, 0));
    connect(m_tcpServer.get(), &QTcpServer::newConnection, m_server.get(), [this] {
        while (QTcpSocket *connection = m_tcpServer->nextPendingConnection()) {
            m_connections.insert(connection->peerPort(), connection);
            m_server->handleConnection(connection);
        }
    });
}

void TestLiveHub::cleanup()
{
    m_hub.reset();
    m_server.reset();
    m_tcpServer.reset();
}

void TestLiveHub::makeHub(LiveHub::Limits limits)
{
    m_hub = std::make_unique<LiveHub>(limits);
    connect(m_server.get(), &QWebSocketServer::newConnection, m_hub.get(), [this] {
        while (m_server->hasPendingConnections()) {
            std::unique_ptr<QWebSocket> socket(m_server->nextPendingConnection());
            QTcpSocket *connection = m_connections.take(socket->peerPort());
            m_hub->accept(std::move(socket), m_withoutConnections ? nullptr : connection);
        }
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
        client->open(liveUrl());
    }
    QVERIFY(waitForClients(2));
    m_hub->broadcast(LiveMessage{u"e1"_s, 4, 5, {}});
    QTRY_COMPARE(received.size(), 2);
    QCOMPARE(received.first(),
             u"{\"eventId\":\"e1\",\"remainingTickets\":4,\"totalTickets\":5,"
             u"\"type\":\"event.updated\"}"_s);
    QCOMPARE(received.last(), received.first());
}

void TestLiveHub::fanOutSerializesEachMessageOnce()
{
    makeHub({});
    constexpr int Clients = 20;
    std::vector<std::unique_ptr<QWebSocket>> clients;
    QHash<QWebSocket *, QStringList> received;
    for (int i = 0; i < Clients; ++i) {
        auto client = std::make_unique<QWebSocket>();
        QWebSocket *raw = client.get();
        connect(raw, &QWebSocket::textMessageReceived, raw,
                [&received, raw](const QString &text) { received[raw].append(text); });
        raw->open(liveUrl());
        clients.push_back(std::move(client));
    }
    QVERIFY(waitForClients(Clients));
    const LiveHub::Counters before = m_hub->counters();
    m_hub->broadcast(LiveMessage{u"a"_s, 9, 10, {}});
    m_hub->broadcast(LiveMessage{u"b"_s, 19, 20, {}});
    m_hub->broadcast(LiveMessage{u"c"_s, 29, 30, {}});
    QTRY_VERIFY(std::all_of(clients.cbegin(), clients.cend(), [&](const auto &client) {
        return received[client.get()].size() == 3;
    }));
    // Three messages built, whatever the number of clients; the same three frames written to
    // each of them.
    QCOMPARE(m_hub->counters().messagesSerialized - before.messagesSerialized, 3u);
    QCOMPARE(m_hub->counters().framesSent - before.framesSent, quint64(3 * Clients));
    const QStringList first = received[clients.front().get()];
    QVERIFY(first.at(1).contains(u"\"eventId\":\"b\""_s));
    for (const auto &client : clients)
        QCOMPARE(received[client.get()], first);
}

void TestLiveHub::framesOfEveryLengthArriveWhole_data()
{
    // The frame's length field has three forms (RFC 6455, 5.2): 7 bits, 16 bits, 64 bits.
    QTest::addColumn<int>("idLength");
    QTest::newRow("a short message") << 10;
    QTest::newRow("126 bytes and more") << 200;
    QTest::newRow("64 KiB and more") << 70000;
}

void TestLiveHub::framesOfEveryLengthArriveWhole()
{
    QFETCH(int, idLength);
    makeHub({});
    QWebSocket client;
    client.setMaxAllowedIncomingMessageSize(1024 * 1024);
    QStringList received;
    connect(&client, &QWebSocket::textMessageReceived, &client,
            [&received](const QString &text) { received.append(text); });
    client.open(liveUrl());
    QVERIFY(waitForClients(1));
    const QString eventId(idLength, u'é'); // two bytes each in UTF-8
    m_hub->broadcast(LiveMessage{eventId, 1, 2, {}});
    m_hub->broadcast(LiveMessage{u"next"_s, 3, 4, {}});
    QTRY_COMPARE(received.size(), 2);
    QCOMPARE(LiveMessage::fromJson(QJsonDocument::fromJson(received.first().toUtf8()).object())
                 .value()
                 .eventId,
             eventId);
    QVERIFY(received.last().contains(u"\"eventId\":\"next\""_s));
}

void TestLiveHub::socketWithoutItsConnectionIsRefused()
{
    makeHub({});
    m_withoutConnections = true;
    QWebSocket client;
    QSignalSpy disconnected(&client, &QWebSocket::disconnected);
    QTest::ignoreMessage(QtWarningMsg, "refusing a live client whose connection is unknown");
    client.open(liveUrl());
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(client.closeCode(), QWebSocketProtocol::CloseCodeBadOperation);
    QCOMPARE(m_hub->clientCount(), 0);
}

void TestLiveHub::slowClientIsDroppedOthersKeepUp()
{
    // The healthy client reads only while the test waits: on a slow build (sanitizers) its
    // backlog needs longer to drain, so the stall limit grows with the time scale.
    makeHub({64 * 1024, 1h, 300ms * testTimeScale(), 16 * 1024 * 1024});
    StalledClient stalled(m_tcpServer->serverPort());
    QWebSocket healthy;
    int healthyCount = 0;
    connect(&healthy, &QWebSocket::textMessageReceived, &healthy,
            [&healthyCount](const QString &) { ++healthyCount; });
    healthy.open(liveUrl());
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
    client.open(liveUrl());
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
    client.open(liveUrl());
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
    early.open(liveUrl());
    QVERIFY(waitForClients(1));
    m_hub->setFeedLive(false);
    QTRY_COMPARE(earlyReceived, QStringList{u"{\"live\":false,\"type\":\"feed.status\"}"_s});
    // A client arriving while changes are not followed is told at once.
    QWebSocket late;
    QStringList lateReceived;
    connect(&late, &QWebSocket::textMessageReceived, &late,
            [&lateReceived](const QString &text) { lateReceived.append(text); });
    late.open(liveUrl());
    QTRY_COMPARE(lateReceived.size(), 1);
    m_hub->setFeedLive(true);
    QTRY_COMPARE(earlyReceived.size(), 2);
    QCOMPARE(earlyReceived.last(), u"{\"live\":true,\"type\":\"feed.status\"}"_s);
}

void TestLiveHub::silentClientIsDroppedAfterUnansweredPings()
{
    makeHub({256 * 1024, 100ms, 10s, 16 * 1024 * 1024});
    StalledClient silent(m_tcpServer->serverPort());
    QWebSocket answering; // QWebSocket answers pings by itself
    answering.open(liveUrl());
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
    client.open(liveUrl(u"/somewhere"_s));
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(m_hub->clientCount(), 0);
}

void TestLiveHub::oversizedMessageClosesWith1009()
{
    makeHub({});
    QWebSocket client;
    client.open(liveUrl());
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
    client.open(liveUrl());
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
    early.open(liveUrl());
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
    late.open(liveUrl());
    QTRY_COMPARE(lateClosed.size(), 1);
    QCOMPARE(late.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QCOMPARE(m_hub->clientCount(), 0);
}

QTEST_GUILESS_MAIN(TestLiveHub)
#include "tst_livehub.moc"
