#pragma once

class BookingEngine;
class BookingService;
class ChangeListener;
class Database;
class EventCache;
class PrometheusText;

//! The server's families beyond the HTTP side's: bookings by outcome, holds, the database pool,
//! the event cache and the process. Read on the HTTP thread at each scrape.
namespace ServerMetrics {

struct Sources
{
    const BookingEngine &engine;
    const BookingService &bookings;
    const Database &database;
    //! Null while shutting down.
    const ChangeListener *listener;
    const EventCache &eventCache;
};

void write(PrometheusText &out, const Sources &sources);

} // namespace ServerMetrics
