#include "common/booking.h"
#include "common/event.h"
#include "common/isotime.h"
#include "common/money.h"
#include "common/user.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QDateTime at(const QString &iso)
{
    return IsoTime::parse(iso);
}

Event sampleEvent()
{
    Event event;
    event.id = u"3f2b1c4e-8d9a-4b7c-9e1f-0a2b3c4d5e6f"_s;
    event.title = u"Limited Concert"_s;
    event.description = u"Two seats"_s;
    event.date = at(u"2026-03-14T19:30:00.000Z"_s);
    event.venue = u"The Blue Room"_s;
    event.totalTickets = 2;
    event.remainingTickets = 1;
    event.priceCents = 9999;
    event.createdAt = at(u"2026-01-01T08:00:00.123Z"_s);
    event.updatedAt = at(u"2026-01-02T08:00:00.456Z"_s);
    return event;
}

} // namespace

class TestDomainJson final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void timestampsAreUtcWithMilliseconds();
    void timestampsFormatAcrossTheCalendar_data();
    void timestampsFormatAcrossTheCalendar();
    void timestampsWithoutZoneAreRefused();
    void priceIsANumberWithTwoDecimals();
    void decimalTextParses_data();
    void decimalTextParses();
    void eventHasTheContractFields();
    void eventRoundTrips();
    void eventWithAMissingFieldIsRefused();
    void eventWithAHugeCountIsRefused_data();
    void eventWithAHugeCountIsRefused();
    void eventPageCountsPages();
    void confirmationHasTheSeedShape();
    void bookingListEntryCarriesItsEvent();
    void authResultRoundTrips();
};

void TestDomainJson::timestampsAreUtcWithMilliseconds()
{
    const QDateTime berlin
        = QDateTime::fromString(u"2026-03-14T20:30:00.5+01:00"_s, Qt::ISODateWithMs);
    QCOMPARE(IsoTime::format(berlin), u"2026-03-14T19:30:00.500Z"_s);
}

void TestDomainJson::timestampsFormatAcrossTheCalendar_data()
{
    QTest::addColumn<QString>("iso");
    for (const QString &iso : {u"1970-01-01T00:00:00.000Z"_s, u"1969-12-31T23:59:59.999Z"_s,
                               u"2000-02-29T12:34:56.789Z"_s, u"2026-12-31T23:59:59.001Z"_s,
                               u"2099-07-04T00:00:00.010Z"_s, u"1900-03-01T05:06:07.000Z"_s})
        QTest::newRow(qPrintable(iso)) << iso;
}

void TestDomainJson::timestampsFormatAcrossTheCalendar()
{
    QFETCH(QString, iso);
    const QDateTime time = QDateTime::fromString(iso, Qt::ISODateWithMs);
    QVERIFY(time.isValid());
    QCOMPARE(IsoTime::format(time), iso);
    QCOMPARE(IsoTime::format(time), time.toUTC().toString(u"yyyy-MM-ddTHH:mm:ss.zzz'Z'"_s));
}

void TestDomainJson::timestampsWithoutZoneAreRefused()
{
    QVERIFY(!IsoTime::parse(u"2026-03-14T19:30:00"_s).isValid());
    QVERIFY(!IsoTime::parse(u"yesterday"_s).isValid());
    QVERIFY(IsoTime::parse(u"2026-03-14T19:30:00.000Z"_s).isValid());
}

void TestDomainJson::priceIsANumberWithTwoDecimals()
{
    const QByteArray json = QJsonDocument(sampleEvent().toJson()).toJson(QJsonDocument::Compact);
    QVERIFY2(json.contains("\"price\":99.99"), json.constData());
    QCOMPARE(Money::toDecimal(9999), u"99.99"_s);
    QCOMPARE(Money::toDecimal(5), u"0.05"_s);
    QCOMPARE(Money::fromJsonNumber(0.29), 29);
}

void TestDomainJson::decimalTextParses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("cents"); // -1: refused
    QTest::newRow("two decimals") << u"49.99"_s << qint64(4999);
    QTest::newRow("one decimal") << u"49.9"_s << qint64(4990);
    QTest::newRow("whole") << u"15"_s << qint64(1500);
    QTest::newRow("zero") << u"0.00"_s << qint64(0);
    QTest::newRow("three decimals are refused") << u"1.005"_s << qint64(-1);
    QTest::newRow("text is refused") << u"abc"_s << qint64(-1);
}

void TestDomainJson::decimalTextParses()
{
    QFETCH(QString, text);
    QFETCH(qint64, cents);
    const auto parsed = Money::parseDecimal(text);
    QCOMPARE(parsed.has_value(), cents >= 0);
    if (parsed)
        QCOMPARE(*parsed, cents);
}

void TestDomainJson::eventHasTheContractFields()
{
    const QJsonObject json = sampleEvent().toJson();
    QStringList keys = json.keys();
    keys.sort();
    QCOMPARE(keys,
             (QStringList{u"createdAt"_s, u"date"_s, u"description"_s, u"id"_s, u"price"_s,
                          u"remainingTickets"_s, u"title"_s, u"totalTickets"_s, u"updatedAt"_s,
                          u"venue"_s}));
    QCOMPARE(json.value("date"_L1).toString(), u"2026-03-14T19:30:00.000Z"_s);
    QCOMPARE(json.value("remainingTickets"_L1).toInt(), 1);
}

void TestDomainJson::eventRoundTrips()
{
    const Event original = sampleEvent();
    const auto parsed = Event::fromJson(original.toJson());
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->toJson(), original.toJson());
}

void TestDomainJson::eventWithAMissingFieldIsRefused()
{
    QJsonObject json = sampleEvent().toJson();
    json.remove("totalTickets"_L1);
    const auto parsed = Event::fromJson(json);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().code, ErrorCode::InvalidResponse);
}

void TestDomainJson::eventWithAHugeCountIsRefused_data()
{
    QTest::addColumn<double>("count");
    QTest::newRow("far beyond qint64 (found by fuzz_jsonbody)") << 1e300;
    QTest::newRow("just beyond qint64") << 9223372036854775808.0;
    QTest::newRow("beyond the exact integers of a double") << 9007199254740994.0;
    QTest::newRow("far below qint64") << -1e300;
}

void TestDomainJson::eventWithAHugeCountIsRefused()
{
    QFETCH(double, count);
    QJsonObject json = sampleEvent().toJson();
    json.insert("totalTickets"_L1, count);
    const auto parsed = Event::fromJson(json);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().code, ErrorCode::InvalidResponse);

    // The largest exact integer still reads.
    QJsonObject page{
        {"data"_L1, QJsonArray()},
        {"meta"_L1,
         QJsonObject{{"total"_L1, 9007199254740992.0}, {"page"_L1, 1}, {"limit"_L1, 10}}}};
    const auto parsedPage = EventPage::fromJson(page);
    QVERIFY(parsedPage.ok());
    QCOMPARE(parsedPage->total, Q_INT64_C(9007199254740992));
}

void TestDomainJson::eventPageCountsPages()
{
    EventPage page;
    page.limit = 10;
    page.total = 0;
    QCOMPARE(page.totalPages(), 0);
    page.total = 10;
    QCOMPARE(page.totalPages(), 1);
    page.total = 11;
    QCOMPARE(page.totalPages(), 2);
    page.events = {sampleEvent()};
    const auto parsed = EventPage::fromJson(page.toJson());
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->total, 11);
    QCOMPARE(parsed->events.size(), 1);
}

void TestDomainJson::confirmationHasTheSeedShape()
{
    Booking booking;
    booking.id = u"b1"_s;
    booking.eventId = u"e1"_s;
    booking.userId = u"u1"_s;
    booking.createdAt = booking.updatedAt = at(u"2026-01-01T00:00:00.000Z"_s);
    const QJsonObject json = BookingConfirmation{booking, u"Limited Concert"_s, 0, {}}.toJson();
    QStringList bookingKeys = json.value("booking"_L1).toObject().keys();
    bookingKeys.sort();
    QCOMPARE(bookingKeys,
             (QStringList{u"createdAt"_s, u"eventId"_s, u"id"_s, u"status"_s, u"userId"_s}));
    QCOMPARE(json.value("booking"_L1).toObject().value("status"_L1).toString(), u"CONFIRMED"_s);
    QCOMPARE(json.value("event"_L1).toObject(),
             (QJsonObject{{"id"_L1, u"e1"_s},
                          {"title"_L1, u"Limited Concert"_s},
                          {"remainingTickets"_L1, 0}}));
    const auto parsed = BookingConfirmation::fromJson(json);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->remainingTickets, 0);
}

void TestDomainJson::bookingListEntryCarriesItsEvent()
{
    Booking booking;
    booking.id = u"b1"_s;
    booking.eventId = u"e1"_s;
    booking.userId = u"u1"_s;
    booking.status = BookingStatus::Cancelled;
    booking.createdAt = booking.updatedAt = at(u"2026-01-01T00:00:00.000Z"_s);
    booking.event = EventSummary{u"e1"_s, u"Food Festival"_s, at(u"2026-05-01T12:00:00.000Z"_s),
                                 u"Harbour"_s, 1500};
    const QJsonObject json = booking.toJson();
    QCOMPARE(json.value("status"_L1).toString(), u"CANCELLED"_s);
    QCOMPARE(json.value("event"_L1).toObject().value("price"_L1).toDouble(), 15.0);
    const auto parsed = Booking::fromJson(json);
    QVERIFY(parsed.ok());
    QVERIFY(parsed->event.has_value());
    QCOMPARE(parsed->event->title, u"Food Festival"_s);
    QCOMPARE(parsed->status, BookingStatus::Cancelled);
}

void TestDomainJson::authResultRoundTrips()
{
    const AuthResult original{
        User{u"u1"_s, u"a@b.de"_s, u"Ann"_s, at(u"2026-01-01T00:00:00.000Z"_s)}, u"access"_s,
        u"refresh"_s};
    const auto parsed = AuthResult::fromJson(original.toJson());
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->toJson(), original.toJson());
    QVERIFY(!AuthResult::fromJson(QJsonObject{{"user"_L1, 1}}).ok());
}

QTEST_GUILESS_MAIN(TestDomainJson)
#include "tst_domainjson.moc"
