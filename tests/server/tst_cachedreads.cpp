#include "testclient.h"
#include "twoinstances.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

//! The event cache of each instance, across two server processes on one database: what one
//! instance changes, the other's kept answers show within the notification delay; a lost
//! change feed or a lost database never lets a kept answer pass for current.
class TestCachedReads final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void bookingThroughOneInstanceShowsInTheOthersListing();
    void changesMadeWhileTheFeedWasLostAreNotServedStale();
    void databaseDownIsServiceUnavailableEvenWhenKept();

private:
    //! A counter or gauge of the instance's /metrics.
    static double metric(TestClient &client, const QString &sample);
    static int remainingIn(const HttpResult &listing, const QString &eventId);

    TwoInstances m_instances;
};

void TestCachedReads::initTestCase()
{
    QVERIFY2(m_instances.start(), qPrintable(m_instances.error()));
}

void TestCachedReads::cleanupTestCase()
{
    m_instances.stop();
}

double TestCachedReads::metric(TestClient &client, const QString &sample)
{
    const QString text = QString::fromUtf8(client.get(u"/metrics"_s).body);
    const QRegularExpression line(u"^"_s + QRegularExpression::escape(sample) + u" (\\S+)$"_s,
                                  QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = line.match(text);
    return match.hasMatch() ? match.captured(1).toDouble() : -1;
}

int TestCachedReads::remainingIn(const HttpResult &listing, const QString &eventId)
{
    for (const QJsonValue &event : listing.object()["data"_L1].toArray()) {
        if (event["id"_L1].toString() == eventId)
            return event["remainingTickets"_L1].toInt();
    }
    return -1;
}

void TestCachedReads::bookingThroughOneInstanceShowsInTheOthersListing()
{
    const QString summit = m_instances.fixtures().eventIdByTitle(u"Business Summit"_s);
    const int before = m_instances.fixtures().remainingTickets(summit);
    TestClient second(m_instances.second().apiBase().resolved(QUrl(u"/"_s)));
    // The second instance keeps the listing and the event...
    QCOMPARE(remainingIn(second.get(u"/api/events"_s), summit), before);
    QCOMPARE(second.get(u"/api/events/"_s + summit).object()["remainingTickets"_L1].toInt(),
             before);
    const double hits = metric(second, u"event_cache_hits_total{kind=\"page\"}"_s);
    QCOMPARE(remainingIn(second.get(u"/api/events"_s), summit), before);
    QCOMPARE(metric(second, u"event_cache_hits_total{kind=\"page\"}"_s), hits + 1);

    // ...and a booking made through the first shows in it within a second.
    TestClient first(m_instances.first().apiBase().resolved(QUrl(u"/"_s)));
    const QString token = first.signIn(u"john.doe@example.com"_s);
    QCOMPARE(first.post(u"/api/bookings"_s, {{"eventId"_L1, summit}}, token).status, 201);
    QElapsedTimer clock;
    clock.start();
    int shown = before;
    while (shown != before - 1 && clock.elapsed() < 1000)
        shown = remainingIn(second.get(u"/api/events"_s), summit);
    const qint64 delay = clock.elapsed();
    QCOMPARE(shown, before - 1);
    qInfo() << "the other instance's listing showed the booking after" << delay << "ms";
    QTRY_COMPARE_WITH_TIMEOUT(
        second.get(u"/api/events/"_s + summit).object()["remainingTickets"_L1].toInt(), before - 1,
        1000);
    // Its answers are kept again afterwards.
    const double missesAfter = metric(second, u"event_cache_misses_total{kind=\"page\"}"_s);
    second.get(u"/api/events"_s);
    QCOMPARE(metric(second, u"event_cache_misses_total{kind=\"page\"}"_s), missesAfter);
}

void TestCachedReads::changesMadeWhileTheFeedWasLostAreNotServedStale()
{
    const QString festival = m_instances.fixtures().eventIdByTitle(u"Food Festival"_s);
    TestClient second(m_instances.second().apiBase().resolved(QUrl(u"/"_s)));
    const int before = remainingIn(second.get(u"/api/events"_s), festival);
    QVERIFY(before > 10);
    QCOMPARE(metric(second, u"event_cache_enabled"_s), 1.0);

    // Every server connection is cut, the LISTENs with them; a change commits before they are
    // back.
    m_instances.fixtures().scalar(
        u"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        u"WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"_s);
    m_instances.fixtures().scalar(u"UPDATE events SET remaining_tickets = remaining_tickets - 7 "
                                  u"WHERE id = ?"_s,
                                  {festival});
    QTRY_COMPARE_WITH_TIMEOUT(remainingIn(second.get(u"/api/events"_s), festival), before - 7,
                              5000);
    // Listening again, and keeping answers again.
    QTRY_COMPARE_WITH_TIMEOUT(metric(second, u"event_cache_enabled"_s), 1.0, 5000);
    QCOMPARE(remainingIn(second.get(u"/api/events"_s), festival), before - 7);
}

void TestCachedReads::databaseDownIsServiceUnavailableEvenWhenKept()
{
    TestClient second(m_instances.second().apiBase().resolved(QUrl(u"/"_s)));
    const QString path = u"/api/events?limit=3"_s;
    QCOMPARE(second.get(path).status, 200);
    QCOMPARE(second.get(path).status, 200);

    m_instances.cluster().stop();
    QElapsedTimer clock;
    clock.start();
    HttpResult result = second.get(path);
    while (result.status == 200 && clock.elapsed() < 5000)
        result = second.get(path);
    qInfo() << "kept answers stopped" << clock.elapsed() << "ms after the database did";
    QCOMPARE(result.status, 503);
    QVERIFY(clock.elapsed() < 3000);
    QCOMPARE(result.errorCode(), u"SERVICE_UNAVAILABLE"_s);
    QVERIFY(!result.header("Retry-After").isEmpty());
    // And never a kept answer again while it is down.
    for (int i = 0; i < 20; ++i)
        QCOMPARE(second.get(path).status, 503);

    QVERIFY2(m_instances.cluster().start(), qPrintable(m_instances.cluster().error()));
    clock.restart();
    QTRY_COMPARE_WITH_TIMEOUT(second.get(path).status, 200, 5000);
    qInfo() << "answers came back" << clock.elapsed() << "ms after the database";
}

QTEST_GUILESS_MAIN(TestCachedReads)
#include "tst_cachedreads.moc"
