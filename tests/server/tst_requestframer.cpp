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
    row("post with a body", "POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"_ba,
        Verdict::Continue, 1);
    row("post with an incomplete body", "POST /a HTTP/1.1\r\nContent-Length: 9\r\n\r\nhello"_ba,
        Verdict::Continue, 0);
    row("body at the limit",
        "POST /a HTTP/1.1\r\nContent-Length: 1000\r\n\r\n"_ba + QByteArray(1000, 'x'),
        Verdict::Continue, 1);
    row("announced body over the limit", "POST /a HTTP/1.1\r\nContent-Length: 1001\r\n\r\n"_ba,
        Verdict::BodyTooLarge, 0);
    row("header case does not matter", "POST /a HTTP/1.1\r\ncOnTeNt-LeNgTh: 2000\r\n\r\n"_ba,
        Verdict::BodyTooLarge, 0);
    row("chunked body",
        "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"_ba,
        Verdict::Continue, 1);
    row("chunked body with trailer",
        "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2;x=y\r\nhi\r\n0\r\nX-T: 1\r\n\r\n"_ba,
        Verdict::Continue, 1);
    row("chunked body over the limit",
        "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n"_ba + QByteArray(1000, 'x')
            + "\r\n1\r\n"_ba,
        Verdict::BodyTooLarge, 0);
    row("bad chunk size", "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"_ba,
        Verdict::Malformed, 0);
    row("head over the limit",
        "GET / HTTP/1.1\r\nX-Big: "_ba + QByteArray(300, 'a') + "\r\n\r\n"_ba,
        Verdict::HeadTooLarge, 0);
    row("endless head", "GET / HTTP/1.1\r\nX-Big: "_ba + QByteArray(300, 'a'),
        Verdict::HeadTooLarge, 0);
    row("length and chunked together",
        "POST /a HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"_ba,
        Verdict::Malformed, 0);
    row("two different lengths",
        "POST /a HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"_ba, Verdict::Malformed,
        0);
    row("negative length", "POST /a HTTP/1.1\r\nContent-Length: -5\r\n\r\n"_ba, Verdict::Malformed,
        0);
    row("not http", "HELLO\r\n\r\n"_ba, Verdict::Malformed, 0);
    row("expect continue",
        "POST /a HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"_ba,
        Verdict::Continue, 0, true);
    row("expect continue without a body", "GET / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n"_ba,
        Verdict::Continue, 1, false);
    row("two pipelined requests", "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n"_ba,
        Verdict::Continue, 2);
    row("empty lines before a request", "\r\n\r\nGET / HTTP/1.1\r\n\r\n"_ba, Verdict::Continue, 1);
    row("websocket upgrade",
        "GET /api/live HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n\x81\x85"_ba,
        Verdict::Continue, 0, false, true);
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
    framer.feed("GET /a HTTP/1.1\r\n\r\n"
                "GET /b HTTP/1.1\r\nConnection: close\r\n\r\n"
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
    framer.feed("TP/1.1\r\n\r\n");
    QVERIFY(!framer.inRequest());
}

QTEST_GUILESS_MAIN(TestRequestFramer)
#include "tst_requestframer.moc"
