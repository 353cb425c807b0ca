#include "common/eventquery.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestEventQuery final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void valid_data();
    void valid();
    void invalid_data();
    void invalid();
    void everyViolationIsListed();
    void queryStringsAreFormEncoded_data();
    void queryStringsAreFormEncoded();
    void roundTripsThroughTheUrl_data();
    void roundTripsThroughTheUrl();
};

void TestEventQuery::defaults()
{
    const auto query = EventQuery::fromUrlQuery(QUrlQuery());
    QVERIFY(query.ok());
    QCOMPARE(query->page, 1);
    QCOMPARE(query->limit, 10);
    QCOMPARE(query->search, QString());
    QCOMPARE(query->sortBy, EventQuery::SortField::Date);
    QCOMPARE(query->sortOrder, EventQuery::SortOrder::Ascending);
    QCOMPARE(query->offset(), 0);
}

void TestEventQuery::valid_data()
{
    QTest::addColumn<QString>("queryString");
    QTest::addColumn<int>("page");
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("sortBy");
    QTest::addColumn<int>("sortOrder");

    QTest::newRow("page and limit") << u"page=3&limit=20"_s << 3 << 20 << 0 << 0;
    QTest::newRow("limit 50 is the maximum") << u"limit=50"_s << 1 << 50 << 0 << 0;
    QTest::newRow("limit 1 is the minimum") << u"limit=1"_s << 1 << 1 << 0 << 0;
    QTest::newRow("sort by price descending")
        << u"sortBy=price&sortOrder=desc"_s << 1 << 10 << 1 << 1;
    QTest::newRow("sort by title") << u"sortBy=title"_s << 1 << 10 << 2 << 0;
    QTest::newRow("unknown parameters are ignored") << u"foo=bar&page=2"_s << 2 << 10 << 0 << 0;
}

void TestEventQuery::valid()
{
    QFETCH(QString, queryString);
    QFETCH(int, page);
    QFETCH(int, limit);
    QFETCH(int, sortBy);
    QFETCH(int, sortOrder);
    const auto query = EventQuery::fromUrlQuery(QUrlQuery(queryString));
    QVERIFY2(query.ok(), qPrintable(query.ok() ? QString() : query.error().message));
    QCOMPARE(query->page, page);
    QCOMPARE(query->limit, limit);
    QCOMPARE(int(query->sortBy), sortBy);
    QCOMPARE(int(query->sortOrder), sortOrder);
    QCOMPARE(query->offset(), qint64(page - 1) * limit);
}

void TestEventQuery::invalid_data()
{
    QTest::addColumn<QString>("queryString");
    QTest::addColumn<QString>("message");

    QTest::newRow("limit 51 is refused, not clamped")
        << u"limit=51"_s << u"limit must not be greater than 50"_s;
    QTest::newRow("limit 0 is refused") << u"limit=0"_s << u"limit must not be less than 1"_s;
    QTest::newRow("page 0 is refused") << u"page=0"_s << u"page must not be less than 1"_s;
    QTest::newRow("negative page is refused")
        << u"page=-1"_s << u"page must be an integer number"_s;
    QTest::newRow("fractional page is refused")
        << u"page=1.5"_s << u"page must be an integer number"_s;
    QTest::newRow("text page is refused") << u"page=abc"_s << u"page must be an integer number"_s;
    QTest::newRow("empty limit is refused") << u"limit="_s << u"limit must be an integer number"_s;
    QTest::newRow("huge page is refused")
        << u"page=99999999999999"_s << u"page must be an integer number"_s;
    QTest::newRow("unknown sort field is refused")
        << u"sortBy=venue"_s << u"sortBy must be one of the following values: date, price, title"_s;
    QTest::newRow("unknown sort order is refused")
        << u"sortOrder=up"_s << u"sortOrder must be one of the following values: asc, desc"_s;
    QTest::newRow("search over 100 characters is refused")
        << (u"search="_s + QString(101, u'x'))
        << u"search must be shorter than or equal to 100 characters"_s;
    QTest::newRow("repeated page is refused")
        << u"page=1&page=2"_s << u"page must be given only once"_s;
}

void TestEventQuery::invalid()
{
    QFETCH(QString, queryString);
    QFETCH(QString, message);
    const auto query = EventQuery::fromUrlQuery(QUrlQuery(queryString));
    QVERIFY(!query.ok());
    QCOMPARE(query.error().code, ErrorCode::ValidationFailed);
    QCOMPARE(query.error().details, QStringList{message});
    QCOMPARE(query.error().message, message);
}

void TestEventQuery::everyViolationIsListed()
{
    const auto query = EventQuery::fromUrlQuery(QUrlQuery(u"page=0&limit=99&sortBy=x"_s));
    QVERIFY(!query.ok());
    QCOMPARE(query.error().details.size(), 3);
}

void TestEventQuery::queryStringsAreFormEncoded_data()
{
    QTest::addColumn<QString>("queryString");
    QTest::addColumn<QString>("search");
    QTest::newRow("plus is a space") << u"search=Tech+Conference"_s << u"Tech Conference"_s;
    QTest::newRow("%20 is a space") << u"search=Tech%20Conference"_s << u"Tech Conference"_s;
    QTest::newRow("%2B is a plus") << u"search=C%2B%2B"_s << u"C++"_s;
    QTest::newRow("%25 is a percent sign") << u"search=100%25"_s << u"100%"_s;
    QTest::newRow("UTF-8 is decoded") << u"search=Caf%C3%A9"_s << u"Café"_s;
}

void TestEventQuery::queryStringsAreFormEncoded()
{
    QFETCH(QString, queryString);
    QFETCH(QString, search);
    const auto query = EventQuery::fromQueryString(queryString);
    QVERIFY(query.ok());
    QCOMPARE(query->search, search);
}

void TestEventQuery::roundTripsThroughTheUrl_data()
{
    QTest::addColumn<QString>("search");
    QTest::newRow("plain words") << u"tech conference"_s;
    QTest::newRow("plus and ampersand") << u"C++ & Qt"_s;
    QTest::newRow("percent and underscore") << u"100% _off_"_s;
    QTest::newRow("umlauts") << u"Kölner Märkte"_s;
}

void TestEventQuery::roundTripsThroughTheUrl()
{
    QFETCH(QString, search);
    EventQuery original;
    original.page = 4;
    original.limit = 20;
    original.search = search;
    original.sortBy = EventQuery::SortField::Price;
    original.sortOrder = EventQuery::SortOrder::Descending;
    QUrl url(u"http://localhost/api/events"_s);
    url.setQuery(original.toUrlQuery());
    // What the server parses from the request target it receives.
    const auto parsed = EventQuery::fromUrlQuery(QUrlQuery(QUrl(url.toString(QUrl::FullyEncoded))));
    QVERIFY(parsed.ok());
    QCOMPARE(*parsed, original);
}

QTEST_GUILESS_MAIN(TestEventQuery)
#include "tst_eventquery.moc"
