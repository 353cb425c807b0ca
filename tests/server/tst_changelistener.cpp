#include "fixtures.h"
#include "storage/changelistener.h"
#include "storage/database.h"
#include "storage/migrator.h"
#include "testcluster.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

//! The LISTEN connection on a real cluster: a lost connection is noticed, and what changed
//! meanwhile is replayed; a replay that fails is counted and tried again, never dropped.
class TestChangeListener final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void failedReplayIsCountedAndTriedAgain();

private:
    TestCluster m_cluster;
    std::unique_ptr<Fixtures> m_admin;
};

void TestChangeListener::initTestCase()
{
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.error()));
    Database owner(m_cluster.settings(), Database::Options{1, 3});
    QVERIFY(Migrator(owner).migrate().ok());
    owner.close();
    m_admin = std::make_unique<Fixtures>(m_cluster.settings());
}

void TestChangeListener::cleanupTestCase()
{
    m_admin.reset();
    m_cluster.stop();
}

void TestChangeListener::failedReplayIsCountedAndTriedAgain()
{
    // A role of its own, whose right to read the events the test takes away and gives back.
    m_admin->scalar(u"CREATE ROLE replay_probe LOGIN PASSWORD 'replay-probe-password'"_s);
    m_admin->scalar(u"GRANT SELECT ON events TO replay_probe"_s);
    const QString eventId = m_admin->createEvent(u"Changed while nobody listened"_s, 10);
    QVERIFY(!eventId.isEmpty());
    ConnectionSettings settings = m_cluster.settings();
    settings.user = u"replay_probe"_s;
    settings.password = u"replay-probe-password"_s;

    ChangeListener listener(settings, std::chrono::milliseconds(100));
    QSignalSpy listening(&listener, &ChangeListener::listeningChanged);
    QSignalSpy changed(&listener, &ChangeListener::eventChanged);
    listener.start();
    QVERIFY(listening.wait(10000));
    QCOMPARE(listening.takeFirst().at(0).toBool(), true);
    QCOMPARE(listener.replayFailures(), 0u);

    // The connection is lost, and the replay after the reconnection will be refused.
    m_admin->scalar(u"REVOKE SELECT ON events FROM replay_probe"_s);
    m_admin->scalar(
        u"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'replay_probe'"_s);
    QTRY_COMPARE_WITH_TIMEOUT(listening.size(), 1, 10000);
    QCOMPARE(listening.takeFirst().at(0).toBool(), false);
    m_admin->scalar(u"UPDATE events SET remaining_tickets = 7 WHERE id = ?"_s, {eventId});

    QTRY_VERIFY_WITH_TIMEOUT(listener.replayFailures() >= 1, 10000);
    // Not listening while what was missed has not been replayed.
    QTest::qWait(300);
    QVERIFY(listening.isEmpty());

    // Once the replay can run, it does: the missed change arrives and the feed is live again.
    const quint64 failures = listener.replayFailures();
    changed.clear();
    m_admin->scalar(u"GRANT SELECT ON events TO replay_probe"_s);
    QTRY_COMPARE_WITH_TIMEOUT(listening.size(), 1, 10000);
    QCOMPARE(listening.takeFirst().at(0).toBool(), true);
    const auto replayed = std::find_if(changed.cbegin(), changed.cend(), [&](const auto &args) {
        const auto change = args.at(0).template value<LiveMessage>();
        return change.eventId == eventId && change.remainingTickets == 7;
    });
    QVERIFY(replayed != changed.cend());
    QVERIFY(listener.replayFailures() >= failures);
    listener.stop();
}

QTEST_GUILESS_MAIN(TestChangeListener)
#include "tst_changelistener.moc"
