#include "clienttestcase.h"
#include "models/bookinglist.h"
#include "models/eventbrowser.h"
#include "ui/desktopapp.h"
#include "ui/mainwindow.h"
#include "ui/messagebox.h"

#include <QLabel>
#include <QPushButton>
#include <QTableView>

using namespace Qt::StringLiterals;

//! My bookings through the widgets: the list and cancelling with confirmation.
class TestBookingsPage final : public ClientTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startClientServer(); }
    void cleanupTestCase() { stopServer(); }
    void init();
    void cleanup() { m_app.reset(); }

    void listsMyBookings();
    void cancelAsksThenUpdatesBothPages();
    void declinedCancelChangesNothing();
    void emptyListSaysSo();

private:
    QTableView *table() { return find<QTableView>(m_app->mainWindow(), u"bookingsTable"_s); }
    void selectRow(int row);

    std::unique_ptr<DesktopApp> m_app;
    QString m_summit;
};

void TestBookingsPage::init()
{
    resetData();
    m_summit = fixtures().eventIdByTitle(u"Business Summit"_s);
    const QString token = client().signIn(u"john.doe@example.com"_s);
    QCOMPARE(client().post(u"/api/bookings"_s, {{"eventId"_L1, m_summit}}, token).status, 201);
    m_app = openApp();
    signIn(*m_app);
    m_app->mainWindow()->showBookingsPage();
    QTRY_COMPARE(m_app->bookings().state(), BookingList::State::Ready);
}

void TestBookingsPage::selectRow(int row)
{
    table()->selectRow(row);
    QTRY_COMPARE(table()->selectionModel()->selectedRows().size(), 1);
}

void TestBookingsPage::listsMyBookings()
{
    QCOMPARE(table()->model()->rowCount(), 1);
    QCOMPARE(table()->model()->index(0, BookingTableModel::EventTitle).data().toString(),
             u"Business Summit"_s);
    QCOMPARE(table()->model()->index(0, BookingTableModel::Status).data().toString(),
             u"Confirmed"_s);
}

void TestBookingsPage::cancelAsksThenUpdatesBothPages()
{
    QVERIFY(waitForEventRow(*m_app, u"Business Summit"_s) >= 0);
    // Without the live feed: the page updates from the cancellation itself.
    m_app->liveFeed().stop();
    selectRow(0);
    auto *cancel = find<QPushButton>(m_app->mainWindow(), u"cancelBookingButton"_s);
    QVERIFY(cancel->isEnabled());
    MessageBox::setNextAnswer(true);
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(MessageBox::lastQuestion().contains(u"Business Summit"));
    QTRY_COMPARE(table()->model()->index(0, BookingTableModel::Status).data().toString(),
                 u"Cancelled"_s);
    QVERIFY(!cancel->isEnabled());
    QCOMPARE(find<QLabel>(m_app->mainWindow(), u"bookingsMessage"_s)->text(),
             u"Booking cancelled: “Business Summit”. The ticket is available again."_s);
    // The events page shows the ticket back.
    const int row = m_app->events().model()->rowOf(m_summit);
    QTRY_COMPARE(m_app->events().model()->eventAt(row)->remainingTickets, 50);
    QCOMPARE(fixtures().activeBookings(m_summit), 0);
}

void TestBookingsPage::declinedCancelChangesNothing()
{
    selectRow(0);
    MessageBox::setNextAnswer(false);
    QTest::mouseClick(find<QPushButton>(m_app->mainWindow(), u"cancelBookingButton"_s),
                      Qt::LeftButton);
    QTest::qWait(300);
    QCOMPARE(table()->model()->index(0, BookingTableModel::Status).data().toString(),
             u"Confirmed"_s);
    QCOMPARE(fixtures().activeBookings(m_summit), 1);
}

void TestBookingsPage::emptyListSaysSo()
{
    fixtures().scalar(u"DELETE FROM bookings"_s);
    m_app->bookings().reload();
    auto *page = find<QWidget>(m_app->mainWindow(), u"bookingsPage"_s);
    auto *state = find<QLabel>(page, u"stateText"_s);
    QTRY_VERIFY(state->isVisible());
    QCOMPARE(state->text(), u"You have no bookings yet. Book a ticket on the Events page."_s);
}

QTEST_MAIN(TestBookingsPage)
#include "tst_bookingspage.moc"
