#include "api/livefeed.h"
#include "clienttestcase.h"
#include "models/eventbrowser.h"
#include "ui/desktopapp.h"
#include "ui/mainwindow.h"

#include <QLabel>
#include <QTableView>

using namespace Qt::StringLiterals;

//! Live ticket counts in the desktop app: pushed by the server, shown at once.
class TestLiveGui final : public ClientTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startClientServer(); }
    void cleanupTestCase() { stopServer(); }
    void init() { resetData(); }

    void anotherClientsBookingUpdatesTheTable();
    void detailsFollowTheLiveCount();
    void reconnectsAfterTheServerComesBack();
    void statusFollowsTheServersOwnFeed();

private:
    QString liveStatus(DesktopApp &app)
    {
        return find<QLabel>(app.mainWindow(), u"liveStatus"_s)->text();
    }
    //! Another user books `title` through the API; the app's row must show `tickets` soon.
    void expectBookingElsewhereToShow(DesktopApp &app, const QString &title,
                                      const QString &tickets);
};

void TestLiveGui::expectBookingElsewhereToShow(DesktopApp &app, const QString &title,
                                               const QString &tickets)
{
    const int row = waitForEventRow(app, title);
    QVERIFY(row >= 0);
    const QString token = client().signIn(u"jane.smith@example.com"_s);
    QCOMPARE(
        client()
            .post(u"/api/bookings"_s, {{"eventId"_L1, fixtures().eventIdByTitle(title)}}, token)
            .status,
        201);
    auto *table = find<QTableView>(app.mainWindow(), u"eventsTable"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        table->model()->index(row, EventTableModel::Tickets).data().toString(), tickets, 3000);
}

void TestLiveGui::anotherClientsBookingUpdatesTheTable()
{
    auto first = openApp();
    signIn(*first, u"john.doe@example.com"_s);
    auto second = openApp();
    signIn(*second, u"jane.smith@example.com"_s);
    QTRY_COMPARE(liveStatus(*first), u"Live"_s);
    const int row = waitForEventRow(*first, u"Food Festival"_s);
    QVERIFY(row >= 0);

    // The second desktop client books through its own widgets.
    selectEvent(*second, u"Food Festival"_s);
    QTest::mouseClick(find<QWidget>(second->mainWindow(), u"bookButton"_s), Qt::LeftButton);

    auto *table = find<QTableView>(first->mainWindow(), u"eventsTable"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        table->model()->index(row, EventTableModel::Tickets).data().toString(), u"199 / 200"_s,
        3000);
}

void TestLiveGui::detailsFollowTheLiveCount()
{
    auto app = openApp();
    signIn(*app);
    QTRY_COMPARE(liveStatus(*app), u"Live"_s);
    selectEvent(*app, u"Limited Concert"_s);
    const QString concert = fixtures().eventIdByTitle(u"Limited Concert"_s);
    for (const QString &email : {u"jane.smith@example.com"_s, u"mike.wilson@example.com"_s}) {
        const QString token = client().signIn(email);
        QCOMPARE(client().post(u"/api/bookings"_s, {{"eventId"_L1, concert}}, token).status, 201);
    }
    QTRY_COMPARE_WITH_TIMEOUT(find<QLabel>(app->mainWindow(), u"eventTickets"_s)->text(),
                              u"Sold out (2 in all)"_s, 3000);
    QVERIFY(!find<QWidget>(app->mainWindow(), u"bookButton"_s)->isEnabled());
}

void TestLiveGui::reconnectsAfterTheServerComesBack()
{
    auto app = openApp();
    signIn(*app);
    QTRY_COMPARE(liveStatus(*app), u"Live"_s);
    QVERIFY(server().restart());
    QTRY_COMPARE_WITH_TIMEOUT(liveStatus(*app), u"Reconnecting…"_s, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(liveStatus(*app), u"Live"_s, 10000);
    // And it carries updates again.
    expectBookingElsewhereToShow(*app, u"Art Exhibition"_s, u"29 / 30"_s);
}

void TestLiveGui::statusFollowsTheServersOwnFeed()
{
    auto app = openApp();
    signIn(*app);
    QTRY_COMPARE(liveStatus(*app), u"Live"_s);
    // The socket stays up, but the server cannot follow changes without its database.
    cluster().stop();
    QTRY_COMPARE_WITH_TIMEOUT(liveStatus(*app), u"Reconnecting…"_s, 10000);
    QVERIFY2(cluster().start(), qPrintable(cluster().error()));
    reopenFixtures();
    QTRY_COMPARE_WITH_TIMEOUT(liveStatus(*app), u"Live"_s, 15000);
    QCOMPARE(app->liveFeed().state(), LiveFeed::State::Live);
    // Changes arrive again.
    expectBookingElsewhereToShow(*app, u"Business Summit"_s, u"49 / 50"_s);
}

QTEST_MAIN(TestLiveGui)
#include "tst_livegui.moc"
