#pragma once

#include "common/booking.h"
#include "common/result.h"

#include <chrono>

class BookingRepository;
class Database;
class EventRepository;
class UserRepository;

//! Booking and cancelling tickets. Blocks on the database: call it on the worker pool.
//!
//! A booking is one short READ COMMITTED transaction that locks the event row (FOR UPDATE),
//! checks the rules, runs the simulated payment while holding the lock (as the seed does),
//! then takes the ticket and records the booking. The row lock serialises buyers of one event,
//! so every waiter sees the count its predecessor left: exactly as many bookings succeed as
//! there are tickets, and SOLD_OUT is only ever the truth.
class BookingService
{
public:
    BookingService(Database &database, const EventRepository &events,
                   const BookingRepository &bookings, const UserRepository &users,
                   std::chrono::milliseconds paymentDelay);

    //! EVENT_NOT_FOUND, ALREADY_BOOKED (the user holds an active booking), SOLD_OUT;
    //! UNAUTHORIZED when the token's user no longer exists (e.g. after a reset).
    Result<BookingConfirmation> book(const QString &userId, const QString &eventId) const;
    //! Every booking of the user, newest first, with event summaries.
    Result<QList<Booking>> list(const QString &userId) const;
    //! Cancels and gives the ticket back. BOOKING_NOT_FOUND, FORBIDDEN (someone else's),
    //! ALREADY_CANCELLED.
    Result<Booking> cancel(const QString &userId, const QString &bookingId) const;

private:
    Database &m_database;
    const EventRepository &m_events;
    const BookingRepository &m_bookings;
    const UserRepository &m_users;
    std::chrono::milliseconds m_paymentDelay;
};
