#pragma once

#include "common/booking.h"
#include "common/result.h"

class BookingRepository;
class EventRepository;
class SqlSession;

//! Gives tickets back, inside the caller's transaction: the one place where a booking stops
//! holding a ticket and its event gets it back, so the two always change together.
class HoldReleaser
{
public:
    HoldReleaser(const EventRepository &events, const BookingRepository &bookings);

    //! Moves each booking of `endings` that is still PENDING to its status there (FAILED,
    //! EXPIRED) and gives their tickets back; returns the released bookings. Booking rows are
    //! locked in one statement, before any event row.
    Result<QList<Booking>> release(SqlSession &session,
                                   const QHash<QString, BookingStatus> &endings) const;
    //! The same with one ending for all.
    Result<QList<Booking>> release(SqlSession &session, const QStringList &ids,
                                   BookingStatus status) const;
    //! One ticket back to the event of each booking (which no longer holds it), events locked
    //! in a fixed order.
    Result<void> giveBack(SqlSession &session, const QList<Booking> &bookings) const;

private:
    const EventRepository &m_events;
    const BookingRepository &m_bookings;
};
