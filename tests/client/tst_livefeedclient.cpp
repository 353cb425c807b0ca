#include "api/livefeed.h"
#include "apitestcase.h"

#include <QCryptographicHash>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

//! A peer that goes quiet, as a connection does across sleep or a network change: it takes
//! connections and, if asked, completes the WebSocket handshake, then never says a word.
class SilentPeer
{
public:
    explicit SilentPeer(bool answerHandshake)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this, answerHandshake] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            ++m_connections;
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, answerHandshake] {
                const QByteArray request = socket->readAll();
                const qsizetype keyAt = request.indexOf("Sec-WebSocket-Key: ");
                if (!answerHandshake || keyAt < 0 || socket->property("open").toBool())
                    return; // pings included: never answered
                const QByteArray key = request.mid(keyAt + 19, 24);
                const QByteArray accept
                    = QCryptographicHash::hash(
                          QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
                          QCryptographicHash::Sha1)
                          .toBase64();
                socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                              "Connection: Upgrade\r\nSec-WebSocket-Accept: "
                              + accept + "\r\n\r\n");
                socket->setProperty("open", true);
            });
        });
    }
    QUrl url() const { return QUrl(u"ws://127.0.0.1:%1/api/live"_s.arg(m_server.serverPort())); }
    int connections() const { return m_connections; }

private:
    QTcpServer m_server;
    int m_connections = 0;
};

} // namespace

//! The desktop client's live feed notices a connection that has gone quiet by itself.
class TestLiveFeedClient final : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startServer(); }
    void cleanupTestCase() { stopServer(); }

    void quietPeerAfterTheHandshakeIsDropped();
    void unansweredHandshakeIsDropped();
    void healthyConnectionStaysLive();
};

void TestLiveFeedClient::quietPeerAfterTheHandshakeIsDropped()
{
    SilentPeer peer(true);
    LiveFeed feed;
    feed.setKeepAliveInterval(300ms);
    feed.start(peer.url());
    QTRY_COMPARE(feed.state(), LiveFeed::State::Live);
    // Unanswered pings: it gives up within two intervals and tries again.
    QTRY_COMPARE_WITH_TIMEOUT(feed.state(), LiveFeed::State::Reconnecting, 2000);
    QTRY_COMPARE_WITH_TIMEOUT(peer.connections(), 2, 3000);
}

void TestLiveFeedClient::unansweredHandshakeIsDropped()
{
    SilentPeer peer(false);
    LiveFeed feed;
    feed.setKeepAliveInterval(300ms);
    feed.start(peer.url());
    QTRY_COMPARE(peer.connections(), 1);
    QCOMPARE(feed.state(), LiveFeed::State::Connecting);
    QTRY_COMPARE_WITH_TIMEOUT(feed.state(), LiveFeed::State::Reconnecting, 2000);
    QTRY_COMPARE_WITH_TIMEOUT(peer.connections(), 2, 3000);
}

void TestLiveFeedClient::healthyConnectionStaysLive()
{
    LiveFeed feed;
    feed.setKeepAliveInterval(200ms);
    QSignalSpy states(&feed, &LiveFeed::stateChanged);
    QUrl url = server().url(u"/api/live"_s);
    url.setScheme(u"ws"_s);
    feed.start(url);
    QTRY_COMPARE(feed.state(), LiveFeed::State::Live);
    states.clear();
    QTest::qWait(1500); // several pings, each answered
    QCOMPARE(feed.state(), LiveFeed::State::Live);
    QCOMPARE(states.size(), 0);
}

QTEST_GUILESS_MAIN(TestLiveFeedClient)
#include "tst_livefeedclient.moc"
