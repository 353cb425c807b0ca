#include "holdreleaser.h"

#include "storage/bookingrepository.h"
#include "storage/eventrepository.h"

#include <QMap>

HoldReleaser::HoldReleaser(const EventRepository &events, const BookingRepository &bookings)
    : m_events(events)
    , m_bookings(bookings)
{ }

Result<QList<Booking>> HoldReleaser::release(SqlSession &session, const QStringList &ids,
                                             BookingStatus status) const
{
    QHash<QString, BookingStatus> endings;
    for (const QString &id : ids)
        endings.insert(id, status);
    return release(session, endings);
}

Result<QList<Booking>> HoldReleaser::release(SqlSession &session,
                                             const QHash<QString, BookingStatus> &endings) const
{
    if (endings.isEmpty())
        return QList<Booking>();
    auto released = m_bookings.releaseHolds(session, endings);
    if (!released)
        return released;
    if (auto returned = giveBack(session, *released); !returned)
        return returned.error();
    return released;
}

Result<void> HoldReleaser::giveBack(SqlSession &session, const QList<Booking> &bookings) const
{
    // Sorted by event id: two transactions giving back to the same events lock them in the
    // same order.
    QMap<QString, int> ticketsPerEvent;
    for (const Booking &booking : bookings)
        ++ticketsPerEvent[booking.eventId];
    for (auto it = ticketsPerEvent.cbegin(); it != ticketsPerEvent.cend(); ++it) {
        if (auto count = m_events.adjustRemaining(session, it.key(), it.value()); !count)
            return count.error();
    }
    return {};
}
