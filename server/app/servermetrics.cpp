#include "servermetrics.h"

#include "http/prometheustext.h"
#include "processmetrics.h"
#include "services/bookingengine.h"
#include "services/bookingservice.h"
#include "storage/changelistener.h"
#include "storage/database.h"

using namespace Qt::StringLiterals;

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
    ProcessMetrics::write(out);
}

} // namespace ServerMetrics
