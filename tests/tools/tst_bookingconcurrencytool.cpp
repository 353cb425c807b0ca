#include "fixtures.h"
#include "serverprocess.h"
#include "testclient.h"
#include "testcluster.h"
#include "testserver.h"

#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

//! tools/booking-concurrency against the real booking-server process.
class TestBookingConcurrencyTool final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void passesAndPrintsTheSeedReport();
    void canRunAgain();
    void failsWhenOthersHoldTheTickets();
    void failsWhenNoServerAnswers();

private:
    struct Outcome
    {
        int exitCode = -1;
        QString output;
    };
    Outcome runTool(const QUrl &apiBase);

    TestCluster m_cluster;
    std::unique_ptr<ServerProcess> m_server;
};

void TestBookingConcurrencyTool::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.error()));
    m_server = std::make_unique<ServerProcess>();
    m_server->useCluster(m_cluster);
    m_server->environment().insert(u"PAYMENT_DELAY_MS"_s, u"300"_s);
    QVERIFY2(m_server->start({u"--seed"_s}), qPrintable(m_server->output()));
}

void TestBookingConcurrencyTool::cleanupTestCase()
{
    if (m_server)
        QCOMPARE(m_server->terminate(), 0);
    m_cluster.stop();
}

TestBookingConcurrencyTool::Outcome TestBookingConcurrencyTool::runTool(const QUrl &apiBase)
{
    QProcess tool;
    tool.setProcessChannelMode(QProcess::MergedChannels);
    tool.start(ServerProcess::tool(u"booking-concurrency"_s), {u"--url"_s, apiBase.toString()});
    tool.waitForFinished(120000);
    return {tool.exitStatus() == QProcess::NormalExit ? tool.exitCode() : -1,
            QString::fromLocal8Bit(tool.readAll())};
}

void TestBookingConcurrencyTool::passesAndPrintsTheSeedReport()
{
    const Outcome outcome = runTool(m_server->apiBase());
    QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.output));
    // The seed README's "Expected Output", line by line (only the time varies).
    QStringList lines = outcome.output.split(u'\n');
    QCOMPARE(lines.value(0), u"=== Concurrency Test ==="_s);
    QCOMPARE(lines.value(1), u"Event: \"Limited Concert\" (2 tickets available)"_s);
    QCOMPARE(lines.value(2), u"Sending 10 simultaneous booking requests..."_s);
    QCOMPARE(lines.value(3), u"Results:"_s);
    QCOMPARE(lines.value(4), u" Successful bookings: 2"_s);
    QCOMPARE(lines.value(5), u" Rejected (no tickets): 8"_s);
    QVERIFY2(QRegularExpression(u"^  Total time: \\d+ms$"_s).match(lines.value(6)).hasMatch(),
             qPrintable(lines.value(6)));
    QCOMPARE(lines.value(7), QString());
    QCOMPARE(lines.value(8), u"Final remaining tickets: 0"_s);
    QCOMPARE(lines.value(9), QString());
    QCOMPARE(lines.value(10), u" TEST PASSED: No overselling detected"_s);
    QCOMPARE(lines.value(11), u" Exactly 2 bookings succeeded"_s);
    QCOMPARE(lines.value(12), u" 8 bookings were rejected due to no tickets"_s);
    QCOMPARE(lines.value(13), u" Event shows 0 remaining tickets"_s);
}

void TestBookingConcurrencyTool::canRunAgain()
{
    // The server's address without /api will do too.
    const Outcome outcome = runTool(QUrl(u"http://127.0.0.1:%1"_s.arg(m_server->port())));
    QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.output));
    QVERIFY(outcome.output.contains(u"TEST PASSED"));
}

void TestBookingConcurrencyTool::failsWhenOthersHoldTheTickets()
{
    Fixtures fixtures(m_cluster.settings());
    const QString concert = fixtures.eventIdByTitle(u"Limited Concert"_s);
    // Free the tool's tickets, then let two other users take both.
    fixtures.scalar(u"UPDATE bookings SET status = 'CANCELLED' WHERE event_id = ?"_s, {concert});
    fixtures.scalar(u"UPDATE events SET remaining_tickets = 2 WHERE id = ? RETURNING id"_s,
                    {concert});
    TestClient client(QUrl(u"http://127.0.0.1:%1"_s.arg(m_server->port())));
    for (const QString &email : {u"john.doe@example.com"_s, u"jane.smith@example.com"_s}) {
        const QString token = client.signIn(email);
        QCOMPARE(client.post(u"/api/bookings"_s, {{"eventId"_L1, concert}}, token).status, 201);
    }
    const Outcome outcome = runTool(m_server->apiBase());
    QCOMPARE(outcome.exitCode, 1);
    QVERIFY2(outcome.output.contains(u"TEST FAILED"), qPrintable(outcome.output));
    QVERIFY(outcome.output.contains(u"seed --reset"));
}

void TestBookingConcurrencyTool::failsWhenNoServerAnswers()
{
    const Outcome outcome = runTool(QUrl(u"http://127.0.0.1:1/api"_s));
    QCOMPARE(outcome.exitCode, 1);
    QVERIFY2(outcome.output.contains(u"TEST FAILED: cannot sign in"), qPrintable(outcome.output));
}

QTEST_GUILESS_MAIN(TestBookingConcurrencyTool)
#include "tst_bookingconcurrencytool.moc"
