#include "models/bookingtablemodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

Booking makeBooking(const QString &id, BookingStatus status)
{
    Booking booking;
    booking.id = id;
    booking.eventId = u"e"_s;
    booking.userId = u"u"_s;
    booking.status = status;
    booking.createdAt = booking.updatedAt = QDateTime(QDate(2026, 1, 2), QTime(10, 0), Qt::UTC);
    booking.event
        = EventSummary{u"e"_s, u"Food Festival"_s,
                       QDateTime(QDate(2026, 5, 1), QTime(12, 0), Qt::UTC), u"Harbour"_s, 1500};
    return booking;
}

} // namespace

class TestBookingTableModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void passesTheModelTester();
    void showsEventAndStatus();
    void everyStatusHasItsLabel_data();
    void everyStatusHasItsLabel();
    void cancellationUpdatesTheRow();
};

void TestBookingTableModel::passesTheModelTester()
{
    BookingTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setBookings({makeBooking(u"1"_s, BookingStatus::Confirmed),
                       makeBooking(u"2"_s, BookingStatus::Cancelled)});
    Booking cancelled = makeBooking(u"1"_s, BookingStatus::Cancelled);
    cancelled.event.reset();
    model.updateBooking(cancelled);
    model.setBookings({});
}

void TestBookingTableModel::showsEventAndStatus()
{
    BookingTableModel model;
    model.setBookings({makeBooking(u"1"_s, BookingStatus::Confirmed),
                       makeBooking(u"2"_s, BookingStatus::Cancelled)});
    QCOMPARE(model.index(0, BookingTableModel::EventTitle).data().toString(), u"Food Festival"_s);
    QCOMPARE(model.index(0, BookingTableModel::Venue).data().toString(), u"Harbour"_s);
    QCOMPARE(model.index(0, BookingTableModel::Status).data().toString(), u"Confirmed"_s);
    QCOMPARE(model.index(1, BookingTableModel::Status).data().toString(), u"Cancelled"_s);
    QCOMPARE(model.index(1, 0).data(BookingTableModel::IsActiveRole).toBool(), false);
    QVERIFY(model.index(1, 0).data(Qt::ForegroundRole).isValid());
}

void TestBookingTableModel::everyStatusHasItsLabel_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("label");
    QTest::addColumn<bool>("active");
    QTest::newRow("held while paying") << int(BookingStatus::Pending) << u"Paying…"_s << true;
    QTest::newRow("confirmed") << int(BookingStatus::Confirmed) << u"Confirmed"_s << true;
    QTest::newRow("cancelled") << int(BookingStatus::Cancelled) << u"Cancelled"_s << false;
    QTest::newRow("expired") << int(BookingStatus::Expired) << u"Expired"_s << false;
    QTest::newRow("declined") << int(BookingStatus::Failed) << u"Payment declined"_s << false;
}

void TestBookingTableModel::everyStatusHasItsLabel()
{
    QFETCH(int, status);
    QFETCH(QString, label);
    QFETCH(bool, active);
    BookingTableModel model;
    Booking booking = makeBooking(u"1"_s, BookingStatus(status));
    booking.expiresAt = booking.createdAt.addSecs(600);
    model.setBookings({booking});
    const QModelIndex cell = model.index(0, BookingTableModel::Status);
    QCOMPARE(cell.data().toString(), label);
    QCOMPARE(cell.data(BookingTableModel::IsActiveRole).toBool(), active);
    // Bookings that ended are dimmed; a held one says until when.
    QCOMPARE(cell.data(Qt::ForegroundRole).isValid(), !active);
    QCOMPARE(cell.data(Qt::ToolTipRole).isValid(), BookingStatus(status) == BookingStatus::Pending);
}

void TestBookingTableModel::cancellationUpdatesTheRow()
{
    BookingTableModel model;
    model.setBookings({makeBooking(u"1"_s, BookingStatus::Confirmed)});
    Booking cancelled = makeBooking(u"1"_s, BookingStatus::Cancelled);
    cancelled.event.reset(); // the server's cancel answer carries no event: keep the old one
    model.updateBooking(cancelled);
    QCOMPARE(model.bookingAt(0)->status, BookingStatus::Cancelled);
    QCOMPARE(model.index(0, BookingTableModel::EventTitle).data().toString(), u"Food Festival"_s);
}

QTEST_GUILESS_MAIN(TestBookingTableModel)
#include "tst_bookingtablemodel.moc"
