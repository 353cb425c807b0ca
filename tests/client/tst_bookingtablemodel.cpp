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
