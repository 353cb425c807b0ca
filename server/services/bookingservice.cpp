#include "bookingservice.h"

#include "storage/bookingrepository.h"
#include "storage/database.h"
#include "storage/eventrepository.h"
#include "storage/userrepository.h"

#include <QThread>

BookingService::BookingService(Database &database, const EventRepository &events,
                               const BookingRepository &bookings, const UserRepository &users,
                               std::chrono::milliseconds paymentDelay)
    : m_database(database)
    , m_events(events)
    , m_bookings(bookings)
    , m_users(users)
    , m_paymentDelay(paymentDelay)
{ }

Result<BookingConfirmation> BookingService::book(const QString &userId,
                                                 const QString &eventId) const
{
    using Outcome = Result<BookingConfirmation>;
    return m_database.transaction<BookingConfirmation>([&](SqlSession &session) -> Outcome {
        auto event = m_events.lock(session, eventId);
        if (!event)
            return event.error();
        if (!event->has_value())
            return Error(ErrorCode::EventNotFound);
        auto user = m_users.find(session, userId);
        if (!user)
            return user.error();
        if (!user->has_value())
            return Error(ErrorCode::Unauthorized);
        auto alreadyBooked = m_bookings.hasActive(session, userId, eventId);
        if (!alreadyBooked)
            return alreadyBooked.error();
        if (*alreadyBooked)
            return Error(ErrorCode::AlreadyBooked);
        if ((*event)->remainingTickets <= 0)
            return Error(ErrorCode::SoldOut);

        // The seed's simulated payment, inside the lock: a later issue replaces this with
        // short-lived holds.
        if (m_paymentDelay.count() > 0)
            QThread::msleep(m_paymentDelay.count());

        auto remaining = m_events.adjustRemaining(session, eventId, -1);
        if (!remaining)
            return remaining.error();
        auto booking = m_bookings.insert(session, userId, eventId);
        if (!booking)
            return booking.error();
        if (!booking->has_value())
            return Error(ErrorCode::AlreadyBooked);
        return BookingConfirmation{**booking, (*event)->title, remaining->remaining,
                                   remaining->updatedAt};
    });
}

Result<QList<Booking>> BookingService::list(const QString &userId) const
{
    return m_database.session<QList<Booking>>(
        [&](SqlSession &session) { return m_bookings.listForUser(session, userId); });
}

Result<Booking> BookingService::cancel(const QString &userId, const QString &bookingId) const
{
    return m_database.transaction<Booking>([&](SqlSession &session) -> Result<Booking> {
        auto found = m_bookings.find(session, bookingId);
        if (!found)
            return found.error();
        if (!found->has_value())
            return Error(ErrorCode::BookingNotFound);
        if ((*found)->userId != userId)
            return Error(ErrorCode::Forbidden,
                         QStringLiteral("You can only cancel your own bookings"));
        // Lock the event before the booking: the same order as book(), so the two never
        // deadlock.
        const QString eventId = (*found)->eventId;
        if (auto event = m_events.lock(session, eventId); !event)
            return event.error();
        auto booking = m_bookings.lock(session, bookingId);
        if (!booking)
            return booking.error();
        if (!booking->has_value())
            return Error(ErrorCode::BookingNotFound);
        if ((*booking)->status == BookingStatus::Cancelled)
            return Error(ErrorCode::AlreadyCancelled);
        auto cancelled = m_bookings.markCancelled(session, bookingId);
        if (!cancelled)
            return cancelled.error();
        if (auto remaining = m_events.adjustRemaining(session, eventId, +1); !remaining)
            return remaining.error();
        return cancelled;
    });
}
