#include "apitestcase.h"
#include "rawconnection.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

QByteArray handshake(const QByteArray &extraHeaders = {})
{
    return "GET /api/live HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"_ba
        + extraHeaders + "\r\n"_ba;
}

//! Opens the live feed from `from`; the status line of the answer.
QByteArray openLive(RawConnection &connection, const QByteArray &extraHeaders = {})
{
    connection.send(handshake(extraHeaders));
    return connection.readUntil("\r\n\r\n", 3000).split('\r').constFirst();
}

} // namespace

//! The live feed's front door on the real server: origins, caps of its own, and requests keep
//! their room however many live clients there are.
class TestLiveGuard final : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase() { stopServer(); }

    void originIsChecked_data();
    void originIsChecked();
    void liveClientsHaveCapsPerAddress();
    void liveClientsLeaveRoomForRequests();
};

void TestLiveGuard::initTestCase()
{
    startServer([](Config &config) {
        config.allowedOrigins = {"https://partner.example"_ba};
        config.maxConnections = 4;
        config.maxConnectionsPerAddress = 4;
        config.maxLiveClients = 6;
        config.maxLiveClientsPerAddress = 2;
    });
}

void TestLiveGuard::originIsChecked_data()
{
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QByteArray>("status");
    QTest::newRow("no origin (desktop, scripts)") << QByteArray() << "HTTP/1.1 101"_ba;
    QTest::newRow("the front end") << "Origin: http://localhost:3000\r\n"_ba
                                   << "HTTP/1.1 101"_ba;
    QTest::newRow("an allowed origin") << "Origin: https://partner.example\r\n"_ba
                                       << "HTTP/1.1 101"_ba;
    QTest::newRow("a foreign origin") << "Origin: https://evil.example\r\n"_ba
                                      << "HTTP/1.1 403"_ba;
    QTest::newRow("the front end's host on another port") << "Origin: http://localhost:3001\r\n"_ba
                                                          << "HTTP/1.1 403"_ba;
    QTest::newRow("null origin") << "Origin: null\r\n"_ba
                                 << "HTTP/1.1 403"_ba;
}

void TestLiveGuard::originIsChecked()
{
    QFETCH(QByteArray, headers);
    QFETCH(QByteArray, status);
    RawConnection connection(server().port(), QHostAddress(u"127.0.1.1"_s));
    QCOMPARE(openLive(connection, headers).left(12), status);
    if (status.endsWith("403")) {
        QVERIFY(connection.waitForClose(1000));
        QVERIFY(connection.received().contains("\"code\":\"FORBIDDEN\""));
    }
}

void TestLiveGuard::liveClientsHaveCapsPerAddress()
{
    const QHostAddress busy(u"127.0.2.1"_s);
    RawConnection first(server().port(), busy);
    RawConnection second(server().port(), busy);
    QCOMPARE(openLive(first).left(12), "HTTP/1.1 101"_ba);
    QCOMPARE(openLive(second).left(12), "HTTP/1.1 101"_ba);
    RawConnection third(server().port(), busy);
    QCOMPARE(openLive(third).left(12), "HTTP/1.1 503"_ba);
    QVERIFY(third.received().contains("Retry-After: 1"));
    // Another address is not held back by the busy one.
    RawConnection other(server().port(), QHostAddress(u"127.0.2.2"_s));
    QCOMPARE(openLive(other).left(12), "HTTP/1.1 101"_ba);
    // A client that leaves gives its place back.
    first.abort();
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            RawConnection again(server().port(), busy);
            return openLive(again).startsWith("HTTP/1.1 101");
        }(),
        3000);
}

void TestLiveGuard::liveClientsLeaveRoomForRequests()
{
    // Six live clients, more than the four request connections allowed: requests still get in.
    std::vector<std::unique_ptr<RawConnection>> live;
    for (int i = 0; i < 6; ++i) {
        live.push_back(std::make_unique<RawConnection>(server().port(),
                                                       QHostAddress(u"127.0.3.%1"_s.arg(i + 1))));
        const QByteArray status = openLive(*live.back()).left(12);
        if (status != "HTTP/1.1 101") {
            // Earlier test functions' clients may still hold places for a moment.
            live.pop_back();
            QTest::qWait(100);
            --i;
            continue;
        }
    }
    RawConnection seventh(server().port(), QHostAddress(u"127.0.3.99"_s));
    QCOMPARE(openLive(seventh).left(12), "HTTP/1.1 503"_ba);
    QCOMPARE(client().get(u"/"_s).status, 200);
    QCOMPARE(client().get(u"/api/events"_s).status, 200);
}

QTEST_GUILESS_MAIN(TestLiveGuard)
#include "tst_liveguard.moc"
