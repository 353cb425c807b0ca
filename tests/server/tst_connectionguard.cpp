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
    void otherUpgradeHeadersKeepTheGuard();
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
};

void TestConnectionGuard::initTestCase()
{
    startServer([](Config &config) {
        config.idleTimeout = 600ms;
        config.maxConnections = 6;
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

void TestConnectionGuard::otherUpgradeHeadersKeepTheGuard()
{
    RawConnection connection(server().port());
    connection.send("GET / HTTP/1.1\r\nHost: t\r\nConnection: upgrade\r\nUpgrade: h2c\r\n\r\n"_ba);
    QCOMPARE(connection.readResponses(1).size(), 1);
    connection.send(
        "POST /api/auth/login HTTP/1.1\r\nHost: t\r\nContent-Length: 3000000\r\n\r\n"_ba);
    const QList<QByteArray> responses = connection.readResponses(2, 3000);
    QCOMPARE(responses.size(), 2);
    QVERIFY2(responses[1].startsWith("HTTP/1.1 413"), responses[1].constData());
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
    // Upgrade without Connection: upgrade is no handshake: it gets an answer, not silence.
    RawConnection connection(server().port());
    connection.send(
        "GET /api/live HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\n"
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"_ba);
    const QList<QByteArray> responses = connection.readResponses(1, 3000);
    QCOMPARE(responses.size(), 1);
    QVERIFY2(responses[0].startsWith("HTTP/1.1 426"), responses[0].constData());
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
    QVERIFY2(response.startsWith("HTTP/1.1 413"), response.left(200).constData());
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

QTEST_GUILESS_MAIN(TestConnectionGuard)
#include "tst_connectionguard.moc"
