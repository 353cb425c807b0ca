#include "apitestcase.h"
#include "rawconnection.h"

#include <QElapsedTimer>
#include <QJsonDocument>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

QByteArray bookingRequest(const QString &token, const QString &eventId)
{
    const QByteArray body = "{\"eventId\":\"" + eventId.toLatin1() + "\"}";
    return "POST /api/bookings HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
           "Authorization: Bearer "_ba
        + token.toLatin1() + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n"
        + body;
}

} // namespace

class TestConnectionGuard final : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase() { stopServer(); }
    void init() { resetData(); }

    void keepAliveServesSeveralRequests();
    void pipelinedRequestsAreAnsweredInOrder();
    void pipelinedBurstStillIdlesOut();
    void closeAfterAPipelinedBurst();
    void splitHeadAfterAPipelinedBurst();
    void otherUpgradesAreRefused();
    void largePipelinedBurstIsAnsweredCompletely();
    void refusalWaitsForTheAnswersOwed();
    void halfAWebSocketHandshakeIsAnswered();
    void announcedOversizedBodyIsRefusedAtOnce();
    void oversizedChunkedBodyIsRefused();
    void oversizedHeadersAreRefused();
    void bodyOfExactlyOneMebibyteIsRead();
    void expectContinueDoesNotStall();
    void connectionCloseIsHonoured_data();
    void connectionCloseIsHonoured();
    void smugglingFramingIsRefused();
    void idleConnectionIsClosed();
    void stalledRequestTimesOut();
    void slowAnswerIsNotCutOff();
    void clientVanishingMidBookingHarmsNothing();
    void connectionsBeyondTheCapAreRefused();
    void strictFramingIsEnforced_data();
    void strictFramingIsEnforced();
    void tricklingHeadMeetsItsDeadline();
    void tricklingBodyMeetsItsMinimumRate();
    void oneAddressCannotLockOutAnother();
    void refusalsCarryTheCorsHeaders();
    void manyPipelinedSlowAnswersAreAllAnswered();
};

void TestConnectionGuard::initTestCase()
{
    startServer([](Config &config) {
        config.idleTimeout = 600ms;
        config.headTimeout = 600ms;
        config.maxConnections = 6;
        config.maxConnectionsPerAddress = 4;
        config.paymentDelay = 1200ms;
    });
}

void TestConnectionGuard::keepAliveServesSeveralRequests()
{
    RawConnection connection(server().port());
    for (int i = 0; i < 3; ++i) {
        const qsizetype before = connection.received().size();
        connection.send("GET / HTTP/1.1\r\nHost: test\r\n\r\n"_ba);
        const QByteArray all = connection.readResponse();
        QVERIFY(all.mid(before).startsWith("HTTP/1.1 200 OK"));
        QVERIFY(all.endsWith("{\"status\":\"ok\"}"));
        QVERIFY(connection.isConnected());
    }
}

void TestConnectionGuard::pipelinedRequestsAreAnsweredInOrder()
{
    RawConnection connection(server().port());
    const QByteArray login = "{\"email\":\"john.doe@example.com\",\"password\":\"Password123\"}";
    // The login is slow (bcrypt on the pool), the two others are instant: order must hold.
    connection.send("POST /api/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                    "Content-Length: "_ba
                    + QByteArray::number(login.size()) + "\r\n\r\n" + login
                    + "GET / HTTP/1.1\r\nHost: t\r\n\r\n"
                      "GET /api/events?limit=1 HTTP/1.1\r\nHost: t\r\n\r\n");
    const QList<QByteArray> responses = connection.readResponses(3);
    QCOMPARE(responses.size(), 3);
    QVERIFY2(responses[0].contains("\"accessToken\""), responses[0].constData());
    QVERIFY2(responses[1].endsWith("{\"status\":\"ok\"}"), responses[1].constData());
    QVERIFY2(responses[2].contains("\"meta\""), responses[2].constData());
}

void TestConnectionGuard::pipelinedBurstStillIdlesOut()
{
    RawConnection connection(server().port());
    connection.send("GET / HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n"_ba);
    QCOMPARE(connection.readResponses(2).size(), 2);
    // Every request was answered, so the connection is idle and goes (600 ms).
    QVERIFY(connection.waitForClose(2000));
}

void TestConnectionGuard::closeAfterAPipelinedBurst()
{
    RawConnection connection(server().port());
    connection.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n"
                    "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"_ba);
    QVERIFY(connection.waitForClose(400));
    const QList<QByteArray> responses = connection.readResponses(2, 100);
    QCOMPARE(responses.size(), 2);
    QVERIFY(!responses[0].contains("Connection: close"));
    QVERIFY(responses[1].contains("Connection: close"));
}

void TestConnectionGuard::splitHeadAfterAPipelinedBurst()
{
    RawConnection connection(server().port());
    connection.send("GET / HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n"_ba);
    QCOMPARE(connection.readResponses(2).size(), 2);
    connection.send("POST /api/auth/login HTTP/1.1\r\nHost: t\r\nContent-"_ba);
    QTest::qWait(50);
    connection.send("Length: 2\r\n\r\n{}"_ba);
    const QList<QByteArray> responses = connection.readResponses(3);
    QCOMPARE(responses.size(), 3);
    QVERIFY2(responses[2].startsWith("HTTP/1.1 400"), responses[2].constData());
    QVERIFY(responses[2].contains("VALIDATION_FAILED"));
}

void TestConnectionGuard::otherUpgradesAreRefused()
{
    // QHttpServer stops reading HTTP after any upgrade: none but the live feed's gets through,
    // and nothing after it is passed on uninspected.
    RawConnection connection(server().port());
    connection.send("GET / HTTP/1.1\r\nHost: t\r\nConnection: upgrade\r\nUpgrade: h2c\r\n\r\n"
                    "POST /api/auth/login HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n{}"_ba);
    QVERIFY(connection.waitForClose(2000));
    QVERIFY2(connection.received().startsWith("HTTP/1.1 400"), connection.received().constData());
    QCOMPARE(connection.received().count("HTTP/1.1 "), 1);
}

void TestConnectionGuard::largePipelinedBurstIsAnsweredCompletely()
{
    RawConnection connection(server().port());
    QByteArray burst;
    for (int i = 0; i < 2000; ++i)
        burst += "GET / HTTP/1.1\r\nHost: t\r\n\r\n";
    connection.send(burst);
    QCOMPARE(connection.readResponses(2000, 30000).size(), 2000);
}

void TestConnectionGuard::refusalWaitsForTheAnswersOwed()
{
    const QString token = client().signIn(u"john.doe@example.com"_s);
    RawConnection connection(server().port());
    // A booking (paying for 1.2 s) and, behind it, a request that must be refused.
    connection.send(
        bookingRequest(token, fixtures().eventIdByTitle(u"Business Summit"_s))
        + "POST /api/auth/login HTTP/1.1\r\nHost: t\r\nContent-Length: 5000000\r\n\r\n"_ba);
    const QList<QByteArray> responses = connection.readResponses(2, 10000);
    QCOMPARE(responses.size(), 2);
    QVERIFY2(responses[0].startsWith("HTTP/1.1 201"), responses[0].constData());
    QVERIFY2(responses[1].startsWith("HTTP/1.1 413"), responses[1].constData());
    QVERIFY(connection.waitForClose(2000));
}

void TestConnectionGuard::halfAWebSocketHandshakeIsAnswered()
{
    // Upgrade without Connection: upgrade is no handshake: it gets an answer, not silence (and
    // not a pass to QHttpServer, which would stop reading HTTP).
    RawConnection connection(server().port());
    connection.send(
        "GET /api/live HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\n"
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"_ba);
    const QList<QByteArray> responses = connection.readResponses(1, 3000);
    QCOMPARE(responses.size(), 1);
    QVERIFY2(responses[0].startsWith("HTTP/1.1 400"), responses[0].constData());
    QVERIFY(connection.waitForClose(400));
}

void TestConnectionGuard::announcedOversizedBodyIsRefusedAtOnce()
{
    RawConnection connection(server().port());
    // Announce 2 MiB, send none of it: the answer must not wait for the body.
    connection.send(
        "POST /api/auth/login HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        "Content-Length: 2097152\r\n\r\n"_ba);
    const QByteArray response = connection.readResponse(3000);
    QVERIFY2(response.startsWith("HTTP/1.1 413 Payload Too Large"), response.constData());
    QVERIFY(response.contains("\"code\":\"PAYLOAD_TOO_LARGE\""));
    QVERIFY(response.contains("\"statusCode\":413"));
    QVERIFY(connection.waitForClose(400));
}

void TestConnectionGuard::oversizedChunkedBodyIsRefused()
{
    RawConnection connection(server().port());
    connection.send(
        "POST /api/auth/login HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"_ba);
    const QByteArray chunk(64 * 1024, 'x');
    for (int i = 0; i < 17 && connection.isConnected(); ++i)
        connection.send(QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n");
    const QByteArray response = connection.readResponse(3000);
    QVERIFY2(response.startsWith("HTTP/1.1 413"), response.left(200).constData());
    QVERIFY(connection.waitForClose());
    // The server is fine afterwards.
    QCOMPARE(client().get(u"/"_s).status, 200);
}

void TestConnectionGuard::oversizedHeadersAreRefused()
{
    RawConnection connection(server().port());
    connection.send("GET / HTTP/1.1\r\nHost: test\r\nX-Padding: "_ba + QByteArray(20 * 1024, 'p')
                    + "\r\n\r\n"_ba);
    const QByteArray response = connection.readResponse(3000);
    QVERIFY2(response.startsWith("HTTP/1.1 431"), response.left(200).constData());
    QVERIFY(response.contains("\"code\":\"HEADERS_TOO_LARGE\""));
    QVERIFY(connection.waitForClose());
}

void TestConnectionGuard::bodyOfExactlyOneMebibyteIsRead()
{
    // A large but allowed body reaches the route (which then finds it is not JSON).
    const HttpResult result
        = client().send("POST"_ba, u"/api/auth/login"_s, QByteArray(1024 * 1024, 'x'));
    QCOMPARE(result.status, 400);
    QCOMPARE(result.errorCode(), u"INVALID_JSON"_s);
}

void TestConnectionGuard::expectContinueDoesNotStall()
{
    RawConnection connection(server().port());
    QElapsedTimer timer;
    timer.start();
    const QByteArray body = "{\"email\":\"john.doe@example.com\",\"password\":\"Password123\"}";
    connection.send(
        "POST /api/auth/login HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        "Expect: 100-continue\r\nContent-Length: "_ba
        + QByteArray::number(body.size()) + "\r\n\r\n");
    const QByteArray interim = connection.readUntil("\r\n\r\n", 3000);
    QVERIFY2(interim.startsWith("HTTP/1.1 100 Continue\r\n\r\n"), interim.constData());
    // Curl and others wait a whole second for this before sending anyway.
    QVERIFY2(timer.elapsed() < 900, qPrintable(QString::number(timer.elapsed())));
    connection.send(body);
    const QByteArray response = connection.readUntil("\"refreshToken\"", 5000);
    QVERIFY(response.contains("HTTP/1.1 200 OK"));
}

void TestConnectionGuard::connectionCloseIsHonoured_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("connection close")
        << "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"_ba;
    QTest::newRow("http 1.0") << "GET / HTTP/1.0\r\n\r\n"_ba;
}

void TestConnectionGuard::connectionCloseIsHonoured()
{
    QFETCH(QByteArray, request);
    RawConnection connection(server().port());
    connection.send(request);
    // Well before the idle timeout (600 ms) could be the reason.
    QVERIFY(connection.waitForClose(400));
    QVERIFY(connection.received().startsWith("HTTP/1.1 200 OK"));
    QVERIFY(connection.received().contains("Connection: close\r\n"));
}

void TestConnectionGuard::smugglingFramingIsRefused()
{
    RawConnection connection(server().port());
    connection.send("POST /api/auth/login HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"_ba);
    const QByteArray response = connection.readResponse(3000);
    QVERIFY2(response.startsWith("HTTP/1.1 400"), response.constData());
    QVERIFY(connection.waitForClose(400));
}

void TestConnectionGuard::idleConnectionIsClosed()
{
    RawConnection connection(server().port());
    connection.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n"_ba);
    connection.readResponse();
    QVERIFY(connection.isConnected());
    QVERIFY(connection.waitForClose(3000));
}

void TestConnectionGuard::stalledRequestTimesOut()
{
    RawConnection connection(server().port());
    connection.send("POST /api/auth/login HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n{"_ba);
    QVERIFY(connection.waitForClose(3000));
    QVERIFY2(connection.received().startsWith("HTTP/1.1 408"), connection.received().constData());
}

void TestConnectionGuard::slowAnswerIsNotCutOff()
{
    // The booking's payment takes twice the idle timeout; its connection must stay open.
    const QString token = client().signIn(u"john.doe@example.com"_s);
    RawConnection connection(server().port());
    connection.send(bookingRequest(token, fixtures().eventIdByTitle(u"Business Summit"_s)));
    const QByteArray response = connection.readResponse(5000);
    QVERIFY2(response.startsWith("HTTP/1.1 201 Created"), response.constData());
}

void TestConnectionGuard::clientVanishingMidBookingHarmsNothing()
{
    const QString token = client().signIn(u"john.doe@example.com"_s);
    const QString concert = fixtures().eventIdByTitle(u"Limited Concert"_s);
    {
        RawConnection connection(server().port());
        connection.send(bookingRequest(token, concert));
        QTest::qWait(200); // the booking is now inside its transaction, paying
        connection.abort();
    }
    // The booking completes on its own; the server neither crashes nor loses count.
    QTRY_COMPARE_WITH_TIMEOUT(fixtures().activeBookings(concert), 1, 5000);
    QCOMPARE(fixtures().remainingTickets(concert), 1);
    QCOMPARE(client().get(u"/api/bookings"_s, token).array().size(), 1);
    QCOMPARE(client().get(u"/api/health"_s).status, 200);
}

void TestConnectionGuard::connectionsBeyondTheCapAreRefused()
{
    QTest::qWait(800); // let earlier connections idle out
    std::vector<std::unique_ptr<RawConnection>> open;
    for (int i = 0; i < 6; ++i)
        open.push_back(std::make_unique<RawConnection>(server().port()));
    QTest::qWait(50);
    RawConnection extra(server().port());
    QVERIFY(extra.waitForClose(3000));
    QVERIFY2(extra.received().startsWith("HTTP/1.1 503"), extra.received().constData());
    QVERIFY(extra.received().contains("SERVICE_UNAVAILABLE"));
    open.clear();
    QTRY_COMPARE_WITH_TIMEOUT(client().get(u"/"_s).status, 200, 3000);
}

void TestConnectionGuard::strictFramingIsEnforced_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");

    const QByteArray chunked
        = "POST /api/auth/login HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"_ba;
    const QByteArray handshake = "Connection: Upgrade\r\nUpgrade: websocket\r\n"
                                 "Sec-WebSocket-Version: 13\r\n"
                                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"_ba;
    const auto row = [](const char *name, const QByteArray &request, int status) {
        QTest::newRow(name) << request << status;
    };
    row("bare lf", "GET / HTTP/1.1\nHost: t\n\n"_ba, 400);
    row("bare lf after the request line", "GET / HTTP/1.1\nHost: t\r\n\r\n"_ba, 400);
    row("bare cr", "GET / HTTP/1.1\r\nHost: t\rX: 1\r\n\r\n"_ba, 400);
    row("space before the colon", "GET / HTTP/1.1\r\nHost : t\r\n\r\n"_ba, 400);
    row("header name not a token", "GET / HTTP/1.1\r\nHost: t\r\nX@Y: 1\r\n\r\n"_ba, 400);
    row("obs-fold", "GET / HTTP/1.1\r\nHost: t\r\nX-A: 1\r\n\t2\r\n\r\n"_ba, 400);
    row("control character", "GET / HTTP/1.1\r\nHost: t\r\nX-A: \x7f\r\n\r\n"_ba, 400);
    row("length with chunked",
        "POST /api/auth/login HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n"
        "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"_ba,
        400);
    row("gzip coding",
        "POST /api/auth/login HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n"_ba, 400);
    row("two lengths",
        "POST /api/auth/login HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n"
        "Content-Length: 2\r\n\r\n{}"_ba,
        400);
    row("chunk size ended by a bare lf", chunked + "2\n{}\r\n0\r\n\r\n"_ba, 400);
    row("chunk data ended by a bare lf", chunked + "2\r\n{}\n0\r\n\r\n"_ba, 400);
    row("chunk size 0x", chunked + "0x2\r\n{}\r\n0\r\n\r\n"_ba, 400);
    row("long chunk extension", chunked + "2;"_ba + QByteArray(1000, 'e') + "\r\n{}\r\n"_ba, 400);
    row("no host", "GET / HTTP/1.1\r\n\r\n"_ba, 400);
    row("two hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"_ba, 400);
    row("http/2", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"_ba, 400);
    row("connect", "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n"_ba, 400);
    row("websocket elsewhere", "GET /api/events HTTP/1.1\r\nHost: t\r\n"_ba + handshake, 400);
    row("h2c upgrade",
        "GET / HTTP/1.1\r\nHost: t\r\nConnection: upgrade\r\nUpgrade: h2c\r\n\r\n"_ba, 400);
    row("http/1.0 without host", "GET / HTTP/1.0\r\n\r\n"_ba, 200);
    row("chunked with extension and trailer", chunked + "2;a=b\r\n{}\r\n0\r\nX-T: 1\r\n\r\n"_ba,
        400 /* validation of {} */);
}

void TestConnectionGuard::strictFramingIsEnforced()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    RawConnection connection(server().port());
    connection.send(request);
    const QByteArray response = connection.readResponse(3000);
    QVERIFY2(response.startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(status))),
             response.left(300).constData());
    if (request.startsWith("POST /api/auth/login") && status == 400
        && !response.contains("Malformed HTTP request")) {
        // Well framed: the route read it and found the body wanting.
        QVERIFY(response.contains("VALIDATION_FAILED"));
        return;
    }
    if (status == 400) {
        // The contract's error body, and the connection closes: nothing after it is read.
        QVERIFY2(response.contains("\"statusCode\":400"), response.constData());
        QVERIFY(response.contains("Malformed HTTP request"));
        QVERIFY(response.contains("Connection: close"));
        QVERIFY(connection.waitForClose(1000));
    }
    // The server is fine afterwards.
    QCOMPARE(client().get(u"/"_s).status, 200);
}

void TestConnectionGuard::tricklingHeadMeetsItsDeadline()
{
    // One byte every 100 ms: every byte would restart an idle timer; the head's deadline
    // (600 ms here, 10 s by default) does not move.
    RawConnection connection(server().port());
    QElapsedTimer timer;
    timer.start();
    const QByteArray head = "GET / HTTP/1.1\r\nHost: t\r\nX-Slow: "_ba + QByteArray(200, 's');
    for (qsizetype i = 0;
         i < head.size() && connection.received().isEmpty() && timer.elapsed() < 5000; ++i) {
        connection.send(head.sliced(i, 1));
        connection.readUntil("\r\n\r\n", 100); // reads what came meanwhile
    }
    QVERIFY(connection.waitForClose(1000));
    QVERIFY2(timer.elapsed() < 2000, QByteArray::number(timer.elapsed()).constData());
    QVERIFY2(connection.received().startsWith("HTTP/1.1 408"), connection.received().constData());
    QVERIFY(connection.received().contains("\"code\":\"REQUEST_TIMEOUT\""));
}

void TestConnectionGuard::tricklingBodyMeetsItsMinimumRate()
{
    // 10 bytes every 100 ms is 100 B/s, under the 1 KiB/s minimum: refused after the grace.
    RawConnection connection(server().port());
    connection.send(
        "POST /api/auth/login HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n"_ba);
    QElapsedTimer timer;
    timer.start();
    while (connection.received().isEmpty() && timer.elapsed() < 5000) {
        connection.send(QByteArray(10, 'x'));
        connection.readUntil("\r\n\r\n", 100);
    }
    QVERIFY2(timer.elapsed() < 2500, QByteArray::number(timer.elapsed()).constData());
    QVERIFY2(connection.received().startsWith("HTTP/1.1 408"), connection.received().constData());

    // A body at a good pace is read however long it takes overall.
    RawConnection steady(server().port());
    steady.send("POST /api/auth/login HTTP/1.1\r\nHost: t\r\nContent-Length: 4000\r\n\r\n"_ba);
    for (int i = 0; i < 10; ++i) {
        steady.send(QByteArray(400, 'x'));
        QTest::qWait(100);
    }
    const QByteArray response = steady.readResponse(3000);
    QVERIFY2(response.startsWith("HTTP/1.1 400"), response.constData());
    QVERIFY(response.contains("INVALID_JSON"));
}

void TestConnectionGuard::oneAddressCannotLockOutAnother()
{
    QTest::qWait(800); // let earlier connections idle out
    const QHostAddress greedy(u"127.0.0.2"_s);
    std::vector<std::unique_ptr<RawConnection>> open;
    for (int i = 0; i < 4; ++i)
        open.push_back(std::make_unique<RawConnection>(server().port(), greedy));
    QTest::qWait(50);
    RawConnection fifth(server().port(), greedy);
    QVERIFY(fifth.waitForClose(3000));
    QVERIFY2(fifth.received().startsWith("HTTP/1.1 503"), fifth.received().constData());
    QVERIFY(fifth.received().contains("Retry-After: 1"));
    QVERIFY(fifth.received().contains("from your address"));
    // Another address still gets in.
    RawConnection other(server().port(), QHostAddress(u"127.0.0.3"_s));
    other.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n"_ba);
    QVERIFY2(other.readResponse(3000).startsWith("HTTP/1.1 200"), other.received().constData());
}

void TestConnectionGuard::refusalsCarryTheCorsHeaders()
{
    const QByteArray origin = "http://localhost:3000"_ba;
    const QList<QByteArray> requests{
        "GET / HTTP/1.1\r\nHost: t\r\nOrigin: "_ba + origin + "\r\nX : 1\r\n\r\n"_ba,
        "POST /api/auth/login HTTP/1.1\r\nHost: t\r\nOrigin: "_ba + origin
            + "\r\nContent-Length: 5000000\r\n\r\n"_ba,
        "GET / HTTP/1.1\r\nHost: t\r\nOrigin: "_ba + origin + "\r\nX-Slow: 1\r\n"_ba};
    for (const QByteArray &request : requests) {
        RawConnection connection(server().port());
        connection.send(request);
        QVERIFY(connection.waitForClose(3000));
        const QByteArray response = connection.received();
        QVERIFY2(response.contains(QByteArray("Access-Control-Allow-Origin: " + origin)),
                 response.constData());
        QVERIFY(!response.contains("Access-Control-Allow-Credentials"));
        QVERIFY(response.contains("\"statusCode\":"));
    }
}

void TestConnectionGuard::manyPipelinedSlowAnswersAreAllAnswered()
{
    // More requests than may be pending at once, each answered late (the bookings pay for
    // 1.2 s): reading pauses and resumes, and every one is answered in order.
    const QString token = client().signIn(u"john.doe@example.com"_s);
    const QString concert = fixtures().eventIdByTitle(u"Business Summit"_s);
    RawConnection connection(server().port());
    QByteArray burst;
    for (int i = 0; i < 40; ++i)
        burst += bookingRequest(token, concert);
    connection.send(burst);
    const QList<QByteArray> responses = connection.readResponses(40, 15000);
    QCOMPARE(responses.size(), 40);
    QVERIFY2(responses[0].startsWith("HTTP/1.1 201"), responses[0].constData());
    for (qsizetype i = 1; i < responses.size(); ++i)
        QVERIFY2(responses[i].startsWith("HTTP/1.1 409"), responses[i].constData());
}

QTEST_GUILESS_MAIN(TestConnectionGuard)
#include "tst_connectionguard.moc"
