#include "services/eventcache.h"

#include <QSemaphore>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace Qt::StringLiterals;

namespace {

const QString Concert = u"11111111-1111-4111-8111-111111111111"_s;
const QString Summit = u"22222222-2222-4222-8222-222222222222"_s;
const QString Festival = u"33333333-3333-4333-8333-333333333333"_s;

//! A loader that counts its calls and answers `body`, showing `ids`.
struct CountingLoader
{
    QByteArray body;
    QStringList ids;
    std::shared_ptr<std::atomic<int>> calls = std::make_shared<std::atomic<int>>(0);

    EventCache::Loader loader() const
    {
        return [*this]() -> Result<EventCache::Loaded> {
            ++*calls;
            return EventCache::Loaded{body, ids};
        };
    }
};

} // namespace

//! The event cache alone: what it keeps, what drops it, its bounds, and one load per key.
class TestEventCache final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsNothingUntilEnabled();
    void keepsAnswersOnceEnabled();
    void etagFollowsTheBody();
    void anEventsChangeDropsWhatShowsIt();
    void aCatalogueChangeDropsEverything();
    void disablingEmptiesIt();
    void answerLoadedAcrossAChangeIsNotKept();
    void unrelatedChangeDuringALoadDoesNotMatter();
    void leastRecentlyUsedGoesFirst();
    void staysWithinItsBytes();
    void errorsAreNotKept();
    void concurrentMissesLoadOnce();
    void waitersDoNotTakeAnAnswerAChangeOvertook();
};

void TestEventCache::keepsNothingUntilEnabled()
{
    EventCache cache({});
    const CountingLoader page{"[1]"_ba, {Concert}};
    QVERIFY(cache.get(EventCache::Kind::Page, "k"_ba, page.loader()).ok());
    QVERIFY(cache.get(EventCache::Kind::Page, "k"_ba, page.loader()).ok());
    QCOMPARE(page.calls->load(), 2);
    QVERIFY(!cache.find(EventCache::Kind::Page, "k"_ba));
    QCOMPARE(cache.statistics().entries, 0);
    QCOMPARE(cache.statistics().misses[int(EventCache::Kind::Page)], 2);

    // No room, no cache: enabling it changes nothing.
    EventCache none({0, 1024});
    none.setEnabled(true);
    QVERIFY(!none.isEnabled());
}

void TestEventCache::keepsAnswersOnceEnabled()
{
    EventCache cache(EventCache::Limits{});
    cache.setEnabled(true);
    const CountingLoader page{"[1]"_ba, {Concert}};
    const auto first = cache.get(EventCache::Kind::Page, "k"_ba, page.loader());
    const auto second = cache.get(EventCache::Kind::Page, "k"_ba, page.loader());
    QCOMPARE(page.calls->load(), 1);
    QCOMPARE(second->body, "[1]"_ba);
    QCOMPARE(second->etag, first->etag);
    const auto found = cache.find(EventCache::Kind::Event, "k"_ba);
    QVERIFY(found);
    QCOMPARE(found->body, "[1]"_ba);
    const EventCache::Statistics statistics = cache.statistics();
    QCOMPARE(statistics.misses[int(EventCache::Kind::Page)], 1);
    QCOMPARE(statistics.hits[int(EventCache::Kind::Page)], 1);
    QCOMPARE(statistics.hits[int(EventCache::Kind::Event)], 1);
    QCOMPARE(statistics.entries, 1);
    QVERIFY(statistics.bytes > 3);
}

void TestEventCache::etagFollowsTheBody()
{
    const CachedBody one = CachedBody::of("{\"remainingTickets\":2}"_ba);
    QCOMPARE(CachedBody::of("{\"remainingTickets\":2}"_ba).etag, one.etag);
    QVERIFY(CachedBody::of("{\"remainingTickets\":1}"_ba).etag != one.etag);
    // A strong tag, quoted, of header-safe characters.
    QVERIFY(one.etag.startsWith('"') && one.etag.endsWith('"') && one.etag.size() > 20);
    for (char c : one.etag.sliced(1, one.etag.size() - 2))
        QVERIFY(QByteArray("-_").contains(c) || QChar::fromLatin1(c).isLetterOrNumber());
}

void TestEventCache::anEventsChangeDropsWhatShowsIt()
{
    EventCache cache(EventCache::Limits{});
    cache.setEnabled(true);
    const CountingLoader both{"[concert,summit]"_ba, {Concert, Summit}};
    const CountingLoader festival{"[festival]"_ba, {Festival}};
    const CountingLoader concert{"concert"_ba, {Concert}};
    QVERIFY(cache.get(EventCache::Kind::Page, "page1"_ba, both.loader()).ok());
    QVERIFY(cache.get(EventCache::Kind::Page, "page2"_ba, festival.loader()).ok());
    QVERIFY(cache.get(EventCache::Kind::Event, "concert"_ba, concert.loader()).ok());

    cache.eventChanged(Concert);
    QVERIFY(!cache.find(EventCache::Kind::Page, "page1"_ba));
    QVERIFY(!cache.find(EventCache::Kind::Event, "concert"_ba));
    QVERIFY(cache.find(EventCache::Kind::Page, "page2"_ba));
    QCOMPARE(cache.statistics().invalidations, 2);
    QCOMPARE(cache.statistics().entries, 1);

    // Loaded again after the change, and kept again.
    QVERIFY(cache.get(EventCache::Kind::Page, "page1"_ba, both.loader()).ok());
    QCOMPARE(both.calls->load(), 2);
    QVERIFY(cache.find(EventCache::Kind::Page, "page1"_ba));
    // A change of an event no answer shows drops nothing.
    cache.eventChanged(u"44444444-4444-4444-8444-444444444444"_s);
    QCOMPARE(cache.statistics().entries, 2);
}

void TestEventCache::aCatalogueChangeDropsEverything()
{
    EventCache cache(EventCache::Limits{});
    cache.setEnabled(true);
    QVERIFY(
        cache.get(EventCache::Kind::Page, "page1"_ba, CountingLoader{"a"_ba, {Concert}}.loader())
            .ok());
    QVERIFY(
        cache.get(EventCache::Kind::Page, "empty"_ba, CountingLoader{"[]"_ba, {}}.loader()).ok());
    cache.catalogChanged();
    QCOMPARE(cache.statistics().entries, 0);
    QCOMPARE(cache.statistics().bytes, 0);
    // An empty page shows no event, and still goes: a new event may belong on it.
    QVERIFY(!cache.find(EventCache::Kind::Page, "empty"_ba));
}

void TestEventCache::disablingEmptiesIt()
{
    EventCache cache(EventCache::Limits{});
    cache.setEnabled(true);
    const CountingLoader page{"a"_ba, {Concert}};
    QVERIFY(cache.get(EventCache::Kind::Page, "k"_ba, page.loader()).ok());
    cache.setEnabled(false);
    QVERIFY(!cache.isEnabled());
    QCOMPARE(cache.statistics().entries, 0);
    QVERIFY(cache.get(EventCache::Kind::Page, "k"_ba, page.loader()).ok());
    QCOMPARE(cache.statistics().entries, 0);
    cache.setEnabled(true);
    QVERIFY(cache.get(EventCache::Kind::Page, "k"_ba, page.loader()).ok());
    QCOMPARE(page.calls->load(), 3);
    QCOMPARE(cache.statistics().entries, 1);
}

void TestEventCache::answerLoadedAcrossAChangeIsNotKept()
{
    EventCache cache(EventCache::Limits{});
    cache.setEnabled(true);
    // The database answered, then the booking's notification arrived before the answer was
    // stored: the answer may predate the booking.
    const auto loaded = cache.get(EventCache::Kind::Page, "k"_ba, [&] {
        cache.eventChanged(Concert);
        return Result<EventCache::Loaded>(EventCache::Loaded{"old"_ba, {Concert, Summit}});
    });
    QCOMPARE(loaded->body, "old"_ba);
    QVERIFY(!cache.find(EventCache::Kind::Page, "k"_ba));

    // The same for a catalogue change and for the feed being lost meanwhile.
    QVERIFY(cache
                .get(EventCache::Kind::Page, "k"_ba,
                     [&] {
                         cache.catalogChanged();
                         return Result<EventCache::Loaded>(EventCache::Loaded{"old"_ba, {}});
                     })
                .ok());
    QVERIFY(!cache.find(EventCache::Kind::Page, "k"_ba));
    QVERIFY(cache
                .get(EventCache::Kind::Page, "k"_ba,
                     [&] {
                         cache.setEnabled(false);
                         cache.setEnabled(true);
                         return Result<EventCache::Loaded>(EventCache::Loaded{"old"_ba, {}});
                     })
                .ok());
    QVERIFY(!cache.find(EventCache::Kind::Page, "k"_ba));
}

void TestEventCache::unrelatedChangeDuringALoadDoesNotMatter()
{
    EventCache cache(EventCache::Limits{});
    cache.setEnabled(true);
    QVERIFY(cache
                .get(EventCache::Kind::Page, "k"_ba,
                     [&] {
                         cache.eventChanged(Festival);
                         return Result<EventCache::Loaded>(
                             EventCache::Loaded{"fresh"_ba, {Concert, Summit}});
                     })
                .ok());
    QVERIFY(cache.find(EventCache::Kind::Page, "k"_ba));
}

void TestEventCache::leastRecentlyUsedGoesFirst()
{
    EventCache cache({3, 1024 * 1024});
    cache.setEnabled(true);
    for (const QByteArray &key : {"a"_ba, "b"_ba, "c"_ba})
        QVERIFY(
            cache.get(EventCache::Kind::Page, key, CountingLoader{key, {Concert}}.loader()).ok());
    QVERIFY(cache.find(EventCache::Kind::Page, "a"_ba)); // "b" is now the oldest
    QVERIFY(
        cache.get(EventCache::Kind::Page, "d"_ba, CountingLoader{"d"_ba, {Summit}}.loader()).ok());
    QCOMPARE(cache.statistics().entries, 3);
    QCOMPARE(cache.statistics().evictions, 1);
    QVERIFY(!cache.find(EventCache::Kind::Page, "b"_ba));
    for (const QByteArray &key : {"a"_ba, "c"_ba, "d"_ba})
        QVERIFY2(cache.find(EventCache::Kind::Page, key), key.constData());
    // The evicted answer left the index too: its event's change finds nothing of it.
    cache.eventChanged(Concert);
    QCOMPARE(cache.statistics().entries, 1);
}

void TestEventCache::staysWithinItsBytes()
{
    const qsizetype limit = 8 * 1024;
    EventCache cache({1000, limit});
    cache.setEnabled(true);
    for (int i = 0; i < 50; ++i) {
        const QByteArray key = "page"_ba + QByteArray::number(i);
        QVERIFY(cache
                    .get(EventCache::Kind::Page, key,
                         CountingLoader{QByteArray(1000, 'x'), {Concert}}.loader())
                    .ok());
        QVERIFY(cache.statistics().bytes <= limit);
    }
    QVERIFY(cache.statistics().entries >= 4);
    QVERIFY(cache.statistics().entries < 8);
    // Larger than the whole cache: answered, never kept.
    const auto huge = cache.get(EventCache::Kind::Page, "huge"_ba,
                                CountingLoader{QByteArray(limit, 'x'), {Concert}}.loader());
    QCOMPARE(huge->body.size(), limit);
    QVERIFY(!cache.find(EventCache::Kind::Page, "huge"_ba));
    QVERIFY(cache.statistics().entries >= 4);
}

void TestEventCache::errorsAreNotKept()
{
    EventCache cache(EventCache::Limits{});
    cache.setEnabled(true);
    int calls = 0;
    const EventCache::Loader failing = [&]() -> Result<EventCache::Loaded> {
        ++calls;
        return Error(ErrorCode::ServiceUnavailable);
    };
    QCOMPARE(cache.get(EventCache::Kind::Event, "k"_ba, failing).error().code,
             ErrorCode::ServiceUnavailable);
    QVERIFY(!cache.get(EventCache::Kind::Event, "k"_ba, failing).ok());
    QCOMPARE(calls, 2);
    QCOMPARE(cache.statistics().entries, 0);
}

void TestEventCache::concurrentMissesLoadOnce()
{
    EventCache cache(EventCache::Limits{});
    cache.setEnabled(true);
    QSemaphore started;
    QSemaphore release;
    std::atomic<int> loads = 0;
    const EventCache::Loader slow = [&]() -> Result<EventCache::Loaded> {
        ++loads;
        started.release();
        release.acquire();
        return EventCache::Loaded{"page"_ba, {Concert}};
    };
    constexpr int Readers = 8;
    std::atomic<int> answered = 0;
    QList<QThread *> readers;
    for (int i = 0; i < Readers; ++i) {
        readers.append(QThread::create([&] {
            if (cache.get(EventCache::Kind::Page, "k"_ba, slow)->body == "page"_ba)
                ++answered;
        }));
        readers.last()->start();
    }
    QVERIFY(started.tryAcquire(1, 5000));
    // Give the others time to arrive and find the load under way.
    QTest::qWait(100);
    release.release(Readers);
    for (QThread *reader : std::as_const(readers)) {
        QVERIFY(reader->wait(5000));
        delete reader;
    }
    QCOMPARE(answered.load(), Readers);
    QCOMPARE(loads.load(), 1);
    QCOMPARE(cache.statistics().misses[int(EventCache::Kind::Page)], 1);
    QCOMPARE(cache.statistics().hits[int(EventCache::Kind::Page)], Readers - 1);
}

void TestEventCache::waitersDoNotTakeAnAnswerAChangeOvertook()
{
    EventCache cache(EventCache::Limits{});
    cache.setEnabled(true);
    QSemaphore firstStarted;
    QSemaphore releaseFirst;
    std::atomic<int> loads = 0;
    const EventCache::Loader loader = [&]() -> Result<EventCache::Loaded> {
        const int call = ++loads;
        if (call == 1) {
            firstStarted.release();
            releaseFirst.acquire();
            return EventCache::Loaded{"before the booking"_ba, {Concert}};
        }
        return EventCache::Loaded{"after the booking"_ba, {Concert}};
    };
    QByteArray firstAnswer;
    QByteArray waiterAnswer;
    QThread *first = QThread::create(
        [&] { firstAnswer = cache.get(EventCache::Kind::Page, "k"_ba, loader)->body; });
    first->start();
    QVERIFY(firstStarted.tryAcquire(1, 5000));
    // A booking's notification arrives, then a reader who must see it.
    cache.eventChanged(Concert);
    QThread *waiter = QThread::create(
        [&] { waiterAnswer = cache.get(EventCache::Kind::Page, "k"_ba, loader)->body; });
    waiter->start();
    QTest::qWait(100);
    releaseFirst.release();
    QVERIFY(first->wait(5000));
    QVERIFY(waiter->wait(5000));
    delete first;
    delete waiter;
    QCOMPARE(firstAnswer, "before the booking"_ba);
    QCOMPARE(waiterAnswer, "after the booking"_ba);
    QCOMPARE(loads.load(), 2);
    QCOMPARE(cache.find(EventCache::Kind::Page, "k"_ba)->body, "after the booking"_ba);
}

QTEST_GUILESS_MAIN(TestEventCache)
#include "tst_eventcache.moc"
