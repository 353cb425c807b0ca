#include "apitestcase.h"
#include "common/validation.h"
#include "services/eventcache.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QRegularExpression>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

class TestEventsApi final : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startServer(); }
    void cleanupTestCase() { stopServer(); }
    void init() { resetData(); }

    void listsTheSeedEvents();
    void eventsHaveTheContractShape();
    void pagesNeitherOverlapNorSkip_data();
    void pagesNeitherOverlapNorSkip();
    void pagePastTheEndIsEmpty();
    void searchIsCaseInsensitiveOnTheTitle();
    void searchMatchesWildcardsLiterally_data();
    void plusInTheQueryIsASpace();
    void searchMatchesWildcardsLiterally();
    void sorts_data();
    void sorts();
    void badQueriesAreRefused_data();
    void badQueriesAreRefused();
    void eventById();
    void unknownEventIsNotFound();
    void malformedIdIsABadRequest_data();
    void malformedIdIsABadRequest();
    void answersCarryAnEtagToRevalidate();
    void conditionalGet_data();
    void conditionalGet();
    void keptAnswersFollowBookings();
    void keptAnswersFollowEditsOfTheCatalogue();
};

namespace {

QStringList titles(const QJsonArray &events)
{
    QStringList result;
    for (const QJsonValue &event : events)
        result.append(event["title"_L1].toString());
    return result;
}

} // namespace

void TestEventsApi::listsTheSeedEvents()
{
    const HttpResult result = client().get(u"/api/events"_s);
    QCOMPARE(result.status, 200);
    QVERIFY(result.header("Content-Type").startsWith("application/json"));
    const QJsonObject body = result.object();
    QCOMPARE(body["data"_L1].toArray().size(), 5);
    QCOMPARE(
        body["meta"_L1].toObject(),
        (QJsonObject{{"total"_L1, 5}, {"page"_L1, 1}, {"limit"_L1, 10}, {"totalPages"_L1, 1}}));
    const QStringList seeded = titles(body["data"_L1].toArray());
    for (const QString &title : {u"Limited Concert"_s, u"Tech Conference 2025"_s,
                                 u"Business Summit"_s, u"Art Exhibition"_s, u"Food Festival"_s})
        QVERIFY2(seeded.contains(title), qPrintable(title));
}

void TestEventsApi::eventsHaveTheContractShape()
{
    const QJsonObject body = client().get(u"/api/events?search=Limited"_s).object();
    const QJsonObject event = body["data"_L1].toArray().first().toObject();
    QCOMPARE(event["title"_L1].toString(), u"Limited Concert"_s);
    QCOMPARE(event["totalTickets"_L1].toInt(), 2);
    QCOMPARE(event["remainingTickets"_L1].toInt(), 2);
    QVERIFY(event["price"_L1].isDouble());
    for (const char *field : {"date", "createdAt", "updatedAt"}) {
        const QString text = event[QLatin1StringView(field)].toString();
        QVERIFY2(QRegularExpression(u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"_s)
                     .match(text)
                     .hasMatch(),
                 qPrintable(text));
    }
    // Seed dates are upcoming.
    QVERIFY(QDateTime::fromString(event["date"_L1].toString(), Qt::ISODateWithMs)
            > QDateTime::currentDateTimeUtc());
    QVERIFY(Validation::isUuid(event["id"_L1].toString()));
}

void TestEventsApi::pagesNeitherOverlapNorSkip_data()
{
    QTest::addColumn<QString>("sortBy");
    QTest::newRow("by date") << u"date"_s;
    QTest::newRow("by price, many ties") << u"price"_s;
    QTest::newRow("by title") << u"title"_s;
}

void TestEventsApi::pagesNeitherOverlapNorSkip()
{
    QFETCH(QString, sortBy);
    // Twelve more events with the same price: only the id can order them.
    for (int i = 0; i < 12; ++i)
        QVERIFY(!fixtures().createEvent(u"Tie %1"_s.arg(i % 3), 5, u"10.00"_s).isEmpty());
    for (const QString &order : {u"asc"_s, u"desc"_s}) {
        QStringList seen;
        for (int page = 1; page <= 4; ++page) {
            const QJsonObject body
                = client()
                      .get(u"/api/events?limit=5&page=%1&sortBy=%2&sortOrder=%3"_s.arg(page).arg(
                          sortBy, order))
                      .object();
            QCOMPARE(body["meta"_L1]["totalPages"_L1].toInt(), 4);
            for (const QJsonValue &event : body["data"_L1].toArray())
                seen.append(event["id"_L1].toString());
        }
        QCOMPARE(seen.size(), 17);
        QCOMPARE(QSet<QString>(seen.begin(), seen.end()).size(), 17);
    }
}

void TestEventsApi::pagePastTheEndIsEmpty()
{
    const QJsonObject body = client().get(u"/api/events?page=9&limit=2"_s).object();
    QCOMPARE(body["data"_L1].toArray().size(), 0);
    QCOMPARE(body["meta"_L1]["total"_L1].toInt(), 5);
    QCOMPARE(body["meta"_L1]["totalPages"_L1].toInt(), 3);
    QCOMPARE(body["meta"_L1]["page"_L1].toInt(), 9);
}

void TestEventsApi::searchIsCaseInsensitiveOnTheTitle()
{
    const QJsonObject body = client().get(u"/api/events?search=cOnCeRt"_s).object();
    QCOMPARE(titles(body["data"_L1].toArray()), QStringList{u"Limited Concert"_s});
    QCOMPARE(body["meta"_L1]["total"_L1].toInt(), 1);
    // The description mentions "race-condition", the title does not.
    QCOMPARE(client().get(u"/api/events?search=race"_s).object()["meta"_L1]["total"_L1].toInt(), 0);
}

void TestEventsApi::searchMatchesWildcardsLiterally_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("percent matches a percent sign") << u"100%"_s << QStringList{u"100% Jazz"_s};
    QTest::newRow("a lone percent is not match-all") << u"%"_s << QStringList{u"100% Jazz"_s};
    QTest::newRow("underscore matches an underscore") << u"a_b"_s << QStringList{u"a_b night"_s};
    QTest::newRow("backslash matches a backslash") << u"\\"_s << QStringList{u"back\\slash"_s};
    QTest::newRow("quotes cannot break out") << u"' OR '1'='1"_s << QStringList{};
}

void TestEventsApi::searchMatchesWildcardsLiterally()
{
    QFETCH(QString, search);
    QFETCH(QStringList, expected);
    for (const QString &title : {u"100% Jazz"_s, u"a_b night"_s, u"axb night"_s, u"back\\slash"_s})
        QVERIFY(!fixtures().createEvent(title, 1).isEmpty());
    QUrlQuery query;
    query.addQueryItem(u"search"_s, QString::fromLatin1(QUrl::toPercentEncoding(search)));
    const HttpResult result = client().get(u"/api/events?"_s + query.toString(QUrl::FullyEncoded));
    QCOMPARE(result.status, 200);
    QCOMPARE(titles(result.object()["data"_L1].toArray()), expected);
}

void TestEventsApi::plusInTheQueryIsASpace()
{
    // Query strings are form-encoded, as browsers and HTML forms send them.
    const QJsonObject spaced = client().get(u"/api/events?search=Tech+Conference"_s).object();
    QCOMPARE(titles(spaced["data"_L1].toArray()), QStringList{u"Tech Conference 2025"_s});
    QVERIFY(!fixtures().createEvent(u"C++ Night"_s, 1).isEmpty());
    const QJsonObject plus = client().get(u"/api/events?search=C%2B%2B"_s).object();
    QCOMPARE(titles(plus["data"_L1].toArray()), QStringList{u"C++ Night"_s});
    QCOMPARE(client().get(u"/api/events?search=C++"_s).object()["meta"_L1]["total"_L1].toInt(), 0);
}

void TestEventsApi::sorts_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("date ascending is the default")
        << QString()
        << QStringList{u"Art Exhibition"_s, u"Limited Concert"_s, u"Business Summit"_s,
                       u"Tech Conference 2025"_s, u"Food Festival"_s};
    QTest::newRow("date descending")
        << u"sortOrder=desc"_s
        << QStringList{u"Food Festival"_s, u"Tech Conference 2025"_s, u"Business Summit"_s,
                       u"Limited Concert"_s, u"Art Exhibition"_s};
    QTest::newRow("price ascending")
        << u"sortBy=price"_s
        << QStringList{u"Food Festival"_s, u"Art Exhibition"_s, u"Limited Concert"_s,
                       u"Tech Conference 2025"_s, u"Business Summit"_s};
    QTest::newRow("title descending")
        << u"sortBy=title&sortOrder=desc"_s
        << QStringList{u"Tech Conference 2025"_s, u"Limited Concert"_s, u"Food Festival"_s,
                       u"Business Summit"_s, u"Art Exhibition"_s};
}

void TestEventsApi::sorts()
{
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    const HttpResult result = client().get(u"/api/events?"_s + query);
    QCOMPARE(result.status, 200);
    QCOMPARE(titles(result.object()["data"_L1].toArray()), expected);
}

void TestEventsApi::badQueriesAreRefused_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("detail");
    QTest::newRow("limit 51") << u"limit=51"_s << u"limit must not be greater than 50"_s;
    QTest::newRow("limit 0") << u"limit=0"_s << u"limit must not be less than 1"_s;
    QTest::newRow("page 0") << u"page=0"_s << u"page must not be less than 1"_s;
    QTest::newRow("page text") << u"page=two"_s << u"page must be an integer number"_s;
    QTest::newRow("sort field")
        << u"sortBy=venue"_s << u"sortBy must be one of the following values: date, price, title"_s;
    QTest::newRow("sort order") << u"sortOrder=DESC"_s
                                << u"sortOrder must be one of the following values: asc, desc"_s;
    QTest::newRow("NUL in search")
        << u"search=a%00b"_s << u"search must not contain NUL characters"_s;
    QTest::newRow("long search") << (u"search="_s + QString(101, u'q'))
                                 << u"search must be shorter than or equal to 100 characters"_s;
}

void TestEventsApi::badQueriesAreRefused()
{
    QFETCH(QString, query);
    QFETCH(QString, detail);
    const HttpResult result = client().get(u"/api/events?"_s + query);
    QCOMPARE(result.status, 400);
    QCOMPARE(result.errorCode(), u"VALIDATION_FAILED"_s);
    QCOMPARE(result.object()["statusCode"_L1].toInt(), 400);
    QCOMPARE(result.object()["error"_L1].toString(), u"Bad Request"_s);
    QCOMPARE(result.object()["details"_L1].toArray(), QJsonArray{detail});
    QVERIFY(result.object()["message"_L1].toString().contains(detail));
}

void TestEventsApi::eventById()
{
    const QString id = fixtures().eventIdByTitle(u"Business Summit"_s);
    const HttpResult result = client().get(u"/api/events/"_s + id);
    QCOMPARE(result.status, 200);
    QCOMPARE(result.object()["id"_L1].toString(), id);
    QCOMPARE(result.object()["title"_L1].toString(), u"Business Summit"_s);
    QCOMPARE(result.object()["totalTickets"_L1].toInt(), 50);
    QCOMPARE(result.object()["price"_L1].toDouble(), 499.5);
    // Upper-case ids name the same event.
    QCOMPARE(client().get(u"/api/events/"_s + id.toUpper()).object()["id"_L1].toString(), id);
}

void TestEventsApi::unknownEventIsNotFound()
{
    const HttpResult result = client().get(u"/api/events/00000000-0000-4000-8000-000000000000"_s);
    QCOMPARE(result.status, 404);
    QCOMPARE(result.errorCode(), u"EVENT_NOT_FOUND"_s);
    QCOMPARE(result.object()["message"_L1].toString(), u"Event not found"_s);
}

void TestEventsApi::malformedIdIsABadRequest_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("number") << u"42"_s;
    QTest::newRow("almost a uuid") << u"00000000-0000-4000-8000-00000000000"_s;
    QTest::newRow("sql") << u"1%27%20OR%201=1"_s;
    QTest::newRow("uuid with a trailing newline") << u"00000000-0000-4000-8000-000000000000%0A"_s;
    QTest::newRow("uuid with a NUL") << u"00000000-0000-4000-8000-000000000000%00"_s;
}

void TestEventsApi::malformedIdIsABadRequest()
{
    QFETCH(QString, id);
    const HttpResult result = client().get(u"/api/events/"_s + id);
    QCOMPARE(result.status, 400);
    QCOMPARE(result.errorCode(), u"VALIDATION_FAILED"_s);
    QCOMPARE(result.object()["details"_L1].toArray(), QJsonArray{u"id must be a UUID"_s});
}

void TestEventsApi::answersCarryAnEtagToRevalidate()
{
    const QString summit = u"/api/events/"_s + fixtures().eventIdByTitle(u"Business Summit"_s);
    for (const QString &path : {u"/api/events"_s, u"/api/events?page=2&limit=2"_s, summit}) {
        const HttpResult first = client().get(path);
        QCOMPARE(first.status, 200);
        QVERIFY2(first.header("ETag").startsWith('"'), qPrintable(path));
        // Clients may keep it, but must ask before they use it again.
        QCOMPARE(first.header("Cache-Control"), "no-cache"_ba);
        QCOMPARE(client().get(path).header("ETag"), first.header("ETag"));
    }
    QVERIFY(client().get(u"/api/events"_s).header("ETag")
            != client().get(u"/api/events?page=2&limit=2"_s).header("ETag"));
    // Errors are not for keeping.
    QCOMPARE(client().get(u"/api/events?page=0"_s).header("Cache-Control"), "no-store"_ba);
}

void TestEventsApi::conditionalGet_data()
{
    QTest::addColumn<bool>("single");
    QTest::addColumn<QByteArray>("ifNoneMatch"); // %1 is the current tag
    QTest::addColumn<int>("status");
    for (const bool single : {false, true}) {
        const char *kind = single ? "event" : "page";
        QTest::addRow("%s: its tag", kind) << single << "%1"_ba << 304;
        QTest::addRow("%s: weak", kind) << single << "W/%1"_ba << 304;
        QTest::addRow("%s: in a list", kind) << single << "\"old\", %1 ,\"other\""_ba << 304;
        QTest::addRow("%s: any", kind) << single << "*"_ba << 304;
        QTest::addRow("%s: another tag", kind) << single << "\"0123456789\""_ba << 200;
        QTest::addRow("%s: unquoted", kind) << single << "%1u"_ba << 200;
        QTest::addRow("%s: empty list", kind) << single << ", ,"_ba << 200;
    }
}

void TestEventsApi::conditionalGet()
{
    QFETCH(bool, single);
    QFETCH(QByteArray, ifNoneMatch);
    QFETCH(int, status);
    const QString path = single ? u"/api/events/"_s + fixtures().eventIdByTitle(u"Food Festival"_s)
                                : u"/api/events?sortBy=price"_s;
    const HttpResult plain = client().get(path);
    const QByteArray etag = plain.header("ETag");
    QVERIFY(!etag.isEmpty());
    ifNoneMatch.replace("%1", etag);
    // Asked twice: once filling the cache, once from it.
    for (int round = 0; round < 2; ++round) {
        const HttpResult result
            = client().send("GET"_ba, path, {}, {{"If-None-Match"_ba, ifNoneMatch}});
        QCOMPARE(result.status, status);
        QCOMPARE(result.header("ETag"), etag);
        QCOMPARE(result.header("Cache-Control"), "no-cache"_ba);
        if (status == 304)
            QVERIFY(result.body.isEmpty());
        else
            QCOMPARE(result.body, plain.body);
    }
}

void TestEventsApi::keptAnswersFollowBookings()
{
    const QString concert = fixtures().eventIdByTitle(u"Limited Concert"_s);
    const QString listing = u"/api/events?search=concert"_s;
    const HttpResult before = client().get(listing);
    const QByteArray eventBefore = client().get(u"/api/events/"_s + concert).header("ETag");
    const EventCache &cache = server().app().eventCache();
    const qint64 hits = cache.statistics().hits[int(EventCache::Kind::Page)];
    QCOMPARE(client().get(listing).body, before.body);
    QCOMPARE(cache.statistics().hits[int(EventCache::Kind::Page)], hits + 1);

    const QString token = client().signIn(u"john.doe@example.com"_s);
    QCOMPARE(client().post(u"/api/bookings"_s, {{"eventId"_L1, concert}}, token).status, 201);
    QElapsedTimer clock;
    clock.start();
    const auto remaining = [&] {
        return client().get(listing).object()["data"_L1][0]["remainingTickets"_L1].toInt();
    };
    QTRY_COMPARE_WITH_TIMEOUT(remaining(), 1, 1000);
    qInfo() << "the listing showed the booking" << clock.elapsed() << "ms after its 201";
    QVERIFY(client().get(listing).header("ETag") != before.header("ETag"));
    const HttpResult event = client().get(u"/api/events/"_s + concert);
    QCOMPARE(event.object()["remainingTickets"_L1].toInt(), 1);
    QVERIFY(event.header("ETag") != eventBefore);
    // A tag the client kept from before the booking gets the new answer, not 304.
    QCOMPARE(
        client().send("GET"_ba, listing, {}, {{"If-None-Match"_ba, before.header("ETag")}}).status,
        200);
}

void TestEventsApi::keptAnswersFollowEditsOfTheCatalogue()
{
    const QString summit = fixtures().eventIdByTitle(u"Business Summit"_s);
    const auto listed = [&] {
        return titles(client().get(u"/api/events"_s).object()["data"_L1].toArray());
    };
    QCOMPARE(listed().size(), 5);
    QCOMPARE(listed().size(), 5);

    // Edited, removed and added behind the server's back, as an operator might.
    fixtures().scalar(u"UPDATE events SET title = 'Business Summit 2027' WHERE id = ?"_s, {summit});
    QTRY_VERIFY_WITH_TIMEOUT(listed().contains(u"Business Summit 2027"_s), 1000);
    QTRY_COMPARE_WITH_TIMEOUT(
        client().get(u"/api/events/"_s + summit).object()["title"_L1].toString(),
        u"Business Summit 2027"_s, 1000);
    fixtures().scalar(u"DELETE FROM events WHERE id = ?"_s, {summit});
    QTRY_COMPARE_WITH_TIMEOUT(listed().size(), 4, 1000);
    QTRY_COMPARE_WITH_TIMEOUT(client().get(u"/api/events/"_s + summit).status, 404, 1000);
    fixtures().scalar(u"INSERT INTO events (title, date, venue, total_tickets, "
                      u"remaining_tickets, price) VALUES ('Jazz Night', now() + interval '9 "
                      u"days', 'Harbour Hall', 80, 80, 35)"_s);
    QTRY_VERIFY_WITH_TIMEOUT(listed().contains(u"Jazz Night"_s), 1000);
    QCOMPARE(client().get(u"/api/events"_s).object()["meta"_L1]["total"_L1].toInt(), 5);
}

QTEST_GUILESS_MAIN(TestEventsApi)
#include "tst_eventsapi.moc"
