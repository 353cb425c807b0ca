#include "models/eventtablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

Event makeEvent(const QString &id, const QString &title, int remaining, int total, qint64 cents)
{
    Event event;
    event.id = id;
    event.title = title;
    event.venue = u"Hall"_s;
    event.date = QDateTime(QDate(2026, 3, 14), QTime(19, 30), Qt::UTC);
    event.remainingTickets = remaining;
    event.totalTickets = total;
    event.priceCents = cents;
    return event;
}

} // namespace

class TestEventTableModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void passesTheModelTester();
    void showsDatesAndPricesInTheLocale();
    void ticketsCarryRawCounts();
    void liveUpdateChangesOneCell();
    void olderCountsNeverReplaceNewerOnes();
    void sortingAsksTheServer();
};

void TestEventTableModel::passesTheModelTester()
{
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEvents(
        {makeEvent(u"a"_s, u"One"_s, 1, 2, 100), makeEvent(u"b"_s, u"Two"_s, 0, 5, 250)});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(EventTableModel::ColumnCount));
    model.updateTickets(u"b"_s, 3, 5);
    model.setEvents({});
    QCOMPARE(model.rowCount(), 0);
}

void TestEventTableModel::showsDatesAndPricesInTheLocale()
{
    EventTableModel model;
    model.setLocale(QLocale(QLocale::German, QLocale::Germany));
    model.setEvents({makeEvent(u"a"_s, u"Konzert"_s, 1, 2, 4999)});
    const QString price = model.index(0, EventTableModel::Price).data().toString();
    QVERIFY2(price.contains(u"49,99") && price.contains(u"€"), qPrintable(price));
    model.setLocale(QLocale(QLocale::English, QLocale::UnitedStates));
    QCOMPARE(model.index(0, EventTableModel::Price).data().toString(), u"$49.99"_s);
    const QString date = model.index(0, EventTableModel::Date).data().toString();
    QVERIFY2(date.contains(u"3/14/26") || date.contains(u"3/14/2026"), qPrintable(date));
}

void TestEventTableModel::ticketsCarryRawCounts()
{
    EventTableModel model;
    model.setEvents({makeEvent(u"a"_s, u"One"_s, 12, 50, 100)});
    const QModelIndex tickets = model.index(0, EventTableModel::Tickets);
    QCOMPARE(tickets.data(EventTableModel::RemainingTicketsRole).toInt(), 12);
    QCOMPARE(tickets.data(EventTableModel::TotalTicketsRole).toInt(), 50);
    QCOMPARE(tickets.data().toString(), u"12 / 50"_s);
    QCOMPARE(model.index(0, 0).data(EventTableModel::EventIdRole).toString(), u"a"_s);
}

void TestEventTableModel::liveUpdateChangesOneCell()
{
    EventTableModel model;
    model.setEvents(
        {makeEvent(u"a"_s, u"One"_s, 2, 2, 100), makeEvent(u"b"_s, u"Two"_s, 5, 5, 100)});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(model.updateTickets(u"b"_s, 4, 5));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex(), model.index(1, EventTableModel::Tickets));
    QCOMPARE(model.eventAt(1)->remainingTickets, 4);
    QVERIFY(!model.updateTickets(u"elsewhere"_s, 1, 1));
    QCOMPARE(changed.size(), 1);
}

void TestEventTableModel::olderCountsNeverReplaceNewerOnes()
{
    EventTableModel model;
    Event event = makeEvent(u"a"_s, u"One"_s, 5, 5, 100);
    const QDateTime loaded(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
    event.updatedAt = loaded;
    model.setEvents({event});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // A booking answer carries the count after it; the live message for an earlier booking
    // arrives later but is older.
    QVERIFY(model.updateTickets(u"a"_s, 3, 5, loaded.addMSecs(20)));
    QVERIFY(model.updateTickets(u"a"_s, 4, 5, loaded.addMSecs(10)));
    QCOMPARE(model.eventAt(0)->remainingTickets, 3);
    QCOMPARE(changed.size(), 1);

    // A newer count wins, and so does a count that carries no version (a full reload).
    QVERIFY(model.updateTickets(u"a"_s, 2, 5, loaded.addMSecs(30)));
    QCOMPARE(model.eventAt(0)->remainingTickets, 2);
    QVERIFY(model.updateTickets(u"a"_s, 1, 5));
    QCOMPARE(model.eventAt(0)->remainingTickets, 1);
    QCOMPARE(changed.size(), 3);
}

void TestEventTableModel::sortingAsksTheServer()
{
    EventTableModel model;
    QSignalSpy requested(&model, &EventTableModel::sortRequested);
    model.sort(EventTableModel::Price, Qt::DescendingOrder);
    model.sort(EventTableModel::Venue, Qt::AscendingOrder); // not sortable: ignored
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.first().at(0).toInt(), int(EventTableModel::Price));
}

QTEST_GUILESS_MAIN(TestEventTableModel)
#include "tst_eventtablemodel.moc"
