#include "http/requestframer.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Verdict = RequestFramer::Verdict;

namespace {

RequestFramer::Limits smallLimits()
{
    return {256, 1000};
}

//! Feeds `input` in pieces of `step` bytes; sums the progress.
RequestFramer::Progress feedAll(RequestFramer &framer, const QByteArray &input, int step)
{
    RequestFramer::Progress total;
    for (qsizetype at = 0; at < input.size() && total.verdict == Verdict::Continue; at += step) {
        const auto progress = framer.feed(
            QByteArrayView(input).sliced(at, std::min<qsizetype>(step, input.size() - at)));
        total.verdict = progress.verdict;
        total.requestsCompleted += progress.requestsCompleted;
        total.expectContinue = total.expectContinue || progress.expectContinue;
        total.upgraded = total.upgraded || progress.upgraded;
    }
    return total;
}

} // namespace

class TestRequestFramer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void frames_data();
    void frames();
    void closeFollowsTheRequest();
    void partialRequestIsInProgress();
};

void TestRequestFramer::frames_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("verdict");
    QTest::addColumn<int>("completed");
    QTest::addColumn<bool>("expectContinue");
    QTest::addColumn<bool>("upgraded");

    const auto row = [](const char *name, const QByteArray &input, Verdict verdict, int completed,
                        bool expectContinue = false, bool upgraded = false) {
        QTest::newRow(name) << input << int(verdict) << completed << expectContinue << upgraded;
    };
    row("get without body", "GET / HTTP/1.1\r\nHost: x\r\n\r\n"_ba, Verdict::Continue, 1);
    row("post with a body", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"_ba,
        Verdict::Continue, 1);
    row("post with an incomplete body",
        "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\nhello"_ba, Verdict::Continue, 0);
    row("body at the limit",
        "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n"_ba + QByteArray(1000, 'x'),
        Verdict::Continue, 1);
    row("announced body over the limit",
        "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n"_ba, Verdict::BodyTooLarge, 0);
    row("header case does not matter",
        "POST /a HTTP/1.1\r\nHost: x\r\ncOnTeNt-LeNgTh: 2000\r\n\r\n"_ba, Verdict::BodyTooLarge, 0);
    row("chunked body",
        "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"_ba,
        Verdict::Continue, 1);
    row("chunked body with trailer",
        "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2;x=y\r\nhi\r\n0\r\nX-T: 1\r\n\r\n"_ba,
        Verdict::Continue, 1);
    row("chunked body over the limit",
        "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n"_ba
            + QByteArray(1000, 'x') + "\r\n1\r\n"_ba,
        Verdict::BodyTooLarge, 0);
    row("bad chunk size",
        "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"_ba,
        Verdict::Malformed, 0);
    row("head over the limit",
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: "_ba + QByteArray(300, 'a') + "\r\n\r\n"_ba,
        Verdict::HeadTooLarge, 0);
    {
        // A bare line end just past the limit: too large, however the bytes were split
        // (fuzz_requestframer found the whole-buffer read calling it malformed).
        const QByteArray start = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: "_ba;
        row("bare line end just past the limit",
            start + QByteArray(257 - start.size(), 'a') + "\n\r\n\r\n"_ba, Verdict::HeadTooLarge,
            0);
    }
    row("endless head", "GET / HTTP/1.1\r\nHost: x\r\nX-Big: "_ba + QByteArray(300, 'a'),
        Verdict::HeadTooLarge, 0);
    row("length and chunked together",
        "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("two different lengths",
        "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("negative length", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("not http", "HELLO\r\n\r\n"_ba, Verdict::Malformed, 0);
    row("expect continue",
        "POST /a HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"_ba,
        Verdict::Continue, 0, true);
    row("expect continue without a body",
        "GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n"_ba, Verdict::Continue, 1,
        false);
    row("two pipelined requests",
        "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n"_ba,
        Verdict::Continue, 2);
    row("empty lines before a request", "\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"_ba,
        Verdict::Continue, 1);
    const QByteArray handshake = "Host: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                                 "Sec-WebSocket-Version: 13\r\n"
                                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"_ba;
    row("websocket upgrade", "GET /api/live HTTP/1.1\r\n"_ba + handshake + "\x81\x85"_ba,
        Verdict::Continue, 0, false, true);
    row("websocket upgrade with a query", "GET /api/live?x=1 HTTP/1.1\r\n"_ba + handshake,
        Verdict::Continue, 0, false, true);
    // RFC 9112, strictly: whatever QHttpServer's lenient parser could read otherwise.
    row("websocket upgrade elsewhere", "GET /api/events HTTP/1.1\r\n"_ba + handshake,
        Verdict::Malformed, 0);
    row("websocket upgrade by POST", "POST /api/live HTTP/1.1\r\n"_ba + handshake,
        Verdict::Malformed, 0);
    row("websocket handshake without a key",
        "GET /api/live HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("websocket handshake with a bad key",
        "GET /api/live HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: short\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("other upgrade",
        "GET / HTTP/1.1\r\nHost: x\r\nConnection: upgrade\r\nUpgrade: h2c\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("upgrade header alone", "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("connect", "CONNECT x:443 HTTP/1.1\r\nHost: x\r\n\r\n"_ba, Verdict::Malformed, 0);
    row("bare lf line ends", "GET / HTTP/1.1\nHost: x\n\n"_ba, Verdict::Malformed, 0);
    row("bare lf in one header", "GET / HTTP/1.1\r\nHost: x\nX: y\r\n\r\n"_ba, Verdict::Malformed,
        0);
    row("bare cr", "GET / HTTP/1.1\r\nHost: x\rX: y\r\n\r\n"_ba, Verdict::Malformed, 0);
    row("bare lf before a request", "\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"_ba, Verdict::Malformed,
        0);
    row("space before the colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n"_ba, Verdict::Malformed, 0);
    row("header name not a token", "GET / HTTP/1.1\r\nHost: x\r\nX(y): 1\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("empty header name", "GET / HTTP/1.1\r\nHost: x\r\n: 1\r\n\r\n"_ba, Verdict::Malformed, 0);
    row("obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n 2\r\n\r\n"_ba, Verdict::Malformed, 0);
    row("control character in a value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\x01\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("nul in a value",
        "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1"_ba + QByteArray(1, '\0') + "\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("no host", "GET / HTTP/1.1\r\n\r\n"_ba, Verdict::Malformed, 0);
    row("two hosts", "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n"_ba, Verdict::Malformed, 0);
    row("http/1.0 without host", "GET / HTTP/1.0\r\n\r\n"_ba, Verdict::Continue, 1);
    row("http/1.0 chunked", "POST /a HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("http/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"_ba, Verdict::Malformed, 0);
    row("lower-case version", "GET / http/1.1\r\nHost: x\r\n\r\n"_ba, Verdict::Malformed, 0);
    row("two spaces in the request line", "GET  / HTTP/1.1\r\nHost: x\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("gzip transfer coding",
        "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("two transfer-encoding fields",
        "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("two equal lengths",
        "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nhi"_ba,
        Verdict::Malformed, 0);
    row("length with a sign", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: +2\r\n\r\nhi"_ba,
        Verdict::Malformed, 0);
    row("length list", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2, 2\r\n\r\nhi"_ba,
        Verdict::Malformed, 0);
    const QByteArray chunkedHead
        = "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"_ba;
    row("chunk size ended by a bare lf", chunkedHead + "5\nhello\r\n0\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("chunk data ended by a bare lf", chunkedHead + "5\r\nhello\n0\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("chunk size with 0x", chunkedHead + "0x5\r\nhello\r\n0\r\n\r\n"_ba, Verdict::Malformed, 0);
    row("chunk size with a sign", chunkedHead + "+5\r\nhello\r\n0\r\n\r\n"_ba, Verdict::Malformed,
        0);
    row("chunk size with a leading space", chunkedHead + " 5\r\nhello\r\n0\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("chunk size too long", chunkedHead + "0000000000000005\r\nhello\r\n0\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("long chunk extension",
        chunkedHead + "5;"_ba + QByteArray(300, 'a') + "\r\nhello\r\n0\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("chunk extension with a control character",
        chunkedHead + "5;a=\x01\r\nhello\r\n0\r\n\r\n"_ba, Verdict::Malformed, 0);
    row("malformed trailer", chunkedHead + "0\r\nno colon\r\n\r\n"_ba, Verdict::Malformed, 0);
    // Only a line's first bytes up to its limit are looked at, whatever arrives beyond them.
    row("trailer over the limit, a bare cr beyond it",
        chunkedHead + "0\r\nX-T: "_ba + QByteArray(300, 'a') + "\rb\r\n\r\n"_ba,
        Verdict::HeadTooLarge, 0);
    // 317 chunks leave 231 bytes of the framing budget: the budget runs out inside the
    // trailer, before the trailer's own limit of 256.
    row("framing budget spent inside a long trailer",
        chunkedHead + QByteArray("1;"_ba + QByteArray(200, 'e') + "\r\nx\r\n").repeated(317)
            + "0\r\nX-T: "_ba + QByteArray(300, 'a') + "\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("chunk framing beyond its budget",
        chunkedHead + QByteArray("1;"_ba + QByteArray(200, 'e') + "\r\nx\r\n").repeated(400),
        Verdict::Malformed, 0);
}

void TestRequestFramer::frames()
{
    QFETCH(QByteArray, input);
    QFETCH(int, verdict);
    QFETCH(int, completed);
    QFETCH(bool, expectContinue);
    QFETCH(bool, upgraded);

    // The same bytes must frame the same whether they come at once or byte by byte.
    for (int step : {int(input.size()), 7, 1}) {
        RequestFramer framer(smallLimits());
        const auto progress = feedAll(framer, input, std::max(step, 1));
        QCOMPARE(int(progress.verdict), verdict);
        QCOMPARE(progress.requestsCompleted, completed);
        QCOMPARE(progress.expectContinue, expectContinue);
        QCOMPARE(progress.upgraded, upgraded);
    }
}

void TestRequestFramer::closeFollowsTheRequest()
{
    RequestFramer framer(smallLimits());
    framer.feed("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                "GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                "GET /c HTTP/1.0\r\n\r\n"
                "GET /d HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    QCOMPARE(framer.takeCloseAfterResponse(), false);
    QCOMPARE(framer.takeCloseAfterResponse(), true);
    QCOMPARE(framer.takeCloseAfterResponse(), true);
    QCOMPARE(framer.takeCloseAfterResponse(), false);
    QCOMPARE(framer.takeCloseAfterResponse(), false); // nothing left
}

void TestRequestFramer::partialRequestIsInProgress()
{
    RequestFramer framer(smallLimits());
    QVERIFY(!framer.inRequest());
    framer.feed("GET / HT");
    QVERIFY(framer.inRequest());
    QVERIFY(framer.inHead());
    framer.feed("TP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n");
    QVERIFY(framer.inBody());
    framer.feed("{}");
    QVERIFY(!framer.inRequest());
    QCOMPARE(framer.headsStarted(), 1u);
}

QTEST_GUILESS_MAIN(TestRequestFramer)
#include "tst_requestframer.moc"
