#pragma once

#include "common/booking.h"
#include "common/result.h"
#include "holdreleaser.h"

#include <atomic>
#include <functional>

class BookingRepository;
class Database;
class EventRepository;

//! Reading and cancelling a user's bookings (booking itself is BookingEngine's). Blocks on the
//! database: call it on the worker pool.
class BookingService
{
public:
    //! `ticketsChanged` is told (on the calling thread) when a cancellation has given a ticket
    //! back, before the canceller hears of it.
    BookingService(Database &database, const EventRepository &events,
                   const BookingRepository &bookings,
                   std::function<void(const QString &eventId)> ticketsChanged = {});

    //! Every booking of the user, newest first, with event summaries.
    Result<QList<Booking>> list(const QString &userId) const;
    //! One booking of the user, with its event summary. BOOKING_NOT_FOUND, FORBIDDEN (someone
    //! else's).
    Result<Booking> find(const QString &userId, const QString &bookingId) const;
    //! Cancels an active booking (a PENDING hold too) and gives the ticket back, once.
    //! BOOKING_NOT_FOUND, FORBIDDEN (someone else's), ALREADY_CANCELLED (no longer active).
    Result<Booking> cancel(const QString &userId, const QString &bookingId) const;

    //! Bookings cancelled through this service since it started (for metrics).
    qint64 cancelled() const { return m_cancelled.load(std::memory_order_relaxed); }

private:
    Database &m_database;
    const BookingRepository &m_bookings;
    HoldReleaser m_releaser;
    std::function<void(const QString &eventId)> m_ticketsChanged;
    mutable std::atomic<qint64> m_cancelled = 0;
};
