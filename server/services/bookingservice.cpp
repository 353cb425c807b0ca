#include "bookingservice.h"

#include "storage/bookingrepository.h"
#include "storage/database.h"

using namespace Qt::StringLiterals;

namespace {

Error notYours(const QString &what)
{
    return Error(ErrorCode::Forbidden, u"You can only %1 your own bookings"_s.arg(what));
}

} // namespace

BookingService::BookingService(Database &database, const EventRepository &events,
                               const BookingRepository &bookings,
                               std::function<void(const QString &eventId)> ticketsChanged)
    : m_database(database)
    , m_bookings(bookings)
    , m_releaser(events, bookings)
    , m_ticketsChanged(std::move(ticketsChanged))
{ }

Result<QList<Booking>> BookingService::list(const QString &userId) const
{
    return m_database.session<QList<Booking>>(
        [&](SqlSession &session) { return m_bookings.listForUser(session, userId); });
}

Result<Booking> BookingService::find(const QString &userId, const QString &bookingId) const
{
    return m_database.session<Booking>([&](SqlSession &session) -> Result<Booking> {
        auto found = m_bookings.findWithEvent(session, bookingId);
        if (!found)
            return found.error();
        if (!found->has_value())
            return Error(ErrorCode::BookingNotFound);
        if ((*found)->userId != userId)
            return notYours(u"see"_s);
        return **found;
    });
}

Result<Booking> BookingService::cancel(const QString &userId, const QString &bookingId) const
{
    auto result = m_database.transaction<Booking>([&](SqlSession &session) -> Result<Booking> {
        // The booking first, then its event (in giveBack): the order of every transaction
        // that locks both.
        auto booking = m_bookings.lock(session, bookingId);
        if (!booking)
            return booking.error();
        if (!booking->has_value())
            return Error(ErrorCode::BookingNotFound);
        if ((*booking)->userId != userId)
            return notYours(u"cancel"_s);
        // Expired and failed bookings hold no ticket either: the contract's one answer, whose
        // message seed clients look for.
        if (!BookingStatuses::isActive((*booking)->status))
            return Error(ErrorCode::AlreadyCancelled);
        auto cancelled = m_bookings.markCancelled(session, bookingId);
        if (!cancelled)
            return cancelled.error();
        // Nothing moved: it ended meanwhile (the lock above makes that rare). Its ticket went
        // back when it ended, never a second time here.
        if (!cancelled->has_value())
            return Error(ErrorCode::AlreadyCancelled);
        if (auto returned = m_releaser.giveBack(session, {**cancelled}); !returned)
            return returned.error();
        return **cancelled;
    });
    if (result) {
        m_cancelled.fetch_add(1, std::memory_order_relaxed);
        if (m_ticketsChanged)
            m_ticketsChanged(result->eventId);
    }
    return result;
}
