#include "servermetrics.h"

#include "http/prometheustext.h"
#include "processmetrics.h"
#include "services/bookingengine.h"
#include "services/bookingservice.h"
#include "services/eventcache.h"
#include "storage/changelistener.h"
#include "storage/database.h"

using namespace Qt::StringLiterals;

namespace {

void writeEventCache(PrometheusText &out, const EventCache &cache)
{
    const EventCache::Statistics statistics = cache.statistics();
    const QByteArray kinds[EventCache::KindCount] = {"page"_ba, "event"_ba};
    out.family("event_cache_hits_total", "counter",
               "Answers of the event routes served from memory (kind: a page of the listing, or "
               "one event).");
    for (int kind = 0; kind < EventCache::KindCount; ++kind)
        out.sample("event_cache_hits_total", {{"kind"_ba, kinds[kind]}},
                   double(statistics.hits[kind]));
    out.family("event_cache_misses_total", "counter",
               "Answers of the event routes that had to be read from the database.");
    for (int kind = 0; kind < EventCache::KindCount; ++kind)
        out.sample("event_cache_misses_total", {{"kind"_ba, kinds[kind]}},
                   double(statistics.misses[kind]));
    out.family("event_cache_entries", "gauge", "Answers kept in the event cache.");
    out.sample("event_cache_entries", double(statistics.entries));
    out.family("event_cache_bytes", "gauge", "Memory the kept answers take, approximately.");
    out.sample("event_cache_bytes", double(statistics.bytes));
    out.family("event_cache_evictions_total", "counter",
               "Kept answers dropped to stay within EVENT_CACHE_ENTRIES and EVENT_CACHE_MB.");
    out.sample("event_cache_evictions_total", double(statistics.evictions));
    out.family("event_cache_invalidations_total", "counter",
               "Kept answers dropped because what they show changed (or the change feed was "
               "lost).");
    out.sample("event_cache_invalidations_total", double(statistics.invalidations));
    out.family("event_cache_enabled", "gauge",
               "1 while the cache is in use: the change feed listens and the cache has room.");
    out.sample("event_cache_enabled", cache.isEnabled() ? 1 : 0);
}

} // namespace

namespace ServerMetrics {

void write(PrometheusText &out, const Sources &sources)
{
    const BookingEngine::Statistics &engine = sources.engine.statistics();
    out.family("bookings_total", "counter",
               "Booking attempts ended in this instance, by outcome (expired: holds that ran out "
               "before their payment settled, or that the sweeper released).");
    const QList<std::pair<QByteArray, qint64>> outcomes{
        {"confirmed"_ba, engine.confirmed},          {"sold_out"_ba, engine.soldOut},
        {"already_booked"_ba, engine.alreadyBooked}, {"payment_failed"_ba, engine.declined},
        {"expired"_ba, engine.lost + engine.swept},  {"cancelled"_ba, sources.bookings.cancelled()},
    };
    for (const auto &[outcome, count] : outcomes)
        out.sample("bookings_total", {{"outcome"_ba, outcome}}, double(count));
    out.family("booking_holds_active", "gauge",
               "Tickets this instance holds while their payment runs.");
    out.sample("booking_holds_active", double(engine.activeHolds));
    out.family("booking_requests_in_flight", "gauge",
               "Booking requests accepted by this instance and not final yet.");
    out.sample("booking_requests_in_flight", double(sources.engine.inFlight()));
    out.family("db_pool_connections", "gauge",
               "Connections of this instance's database pool, running work (in_use) or open "
               "and waiting for it (idle).");
    out.sample("db_pool_connections", {{"state"_ba, "in_use"_ba}},
               double(sources.database.connectionsInUse()));
    out.sample("db_pool_connections", {{"state"_ba, "idle"_ba}},
               double(sources.database.connectionsIdle()));
    const CircuitBreaker &breaker = sources.database.breaker();
    out.family("db_circuit_breaker_open", "gauge",
               "1 while the database is considered unreachable and its work fails fast (a probe "
               "a second tries to reconnect).");
    out.sample("db_circuit_breaker_open", breaker.state() == CircuitBreaker::State::Closed ? 0 : 1);
    out.family("db_circuit_breaker_opened_total", "counter",
               "Times the database was found unreachable.");
    out.sample("db_circuit_breaker_opened_total", double(breaker.timesOpened()));
    out.family("db_connect_attempts_total", "counter", "Connections the pool tried to open.");
    out.sample("db_connect_attempts_total", double(sources.database.connectAttempts()));
    out.family("live_replay_failures_total", "counter",
               "Replays of the changes missed while the change listener was disconnected that "
               "failed (each is logged and tried again).");
    out.sample("live_replay_failures_total",
               sources.listener ? double(sources.listener->replayFailures()) : 0);
    writeEventCache(out, sources.eventCache);
    ProcessMetrics::write(out);
}

} // namespace ServerMetrics
