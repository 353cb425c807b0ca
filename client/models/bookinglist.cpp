#include "bookinglist.h"

#include "api/apiclient.h"

BookingList::BookingList(ApiClient &api, QObject *parent)
    : QObject(parent)
    , m_api(api)
{ }

void BookingList::reload()
{
    const quint64 generation = ++m_generation;
    setState(State::Loading);
    m_api.fetchBookings(this, [this, generation](Result<QList<Booking>> bookings) {
        if (generation != m_generation)
            return;
        if (!bookings) {
            m_lastError = bookings.error();
            setState(State::Failed);
            return;
        }
        m_model.setBookings(*bookings);
        setState(bookings->isEmpty() ? State::Empty : State::Ready);
    });
}

bool BookingList::hasActiveBooking(const QString &eventId) const
{
    for (int row = 0; row < m_model.rowCount(); ++row) {
        const Booking *booking = m_model.bookingAt(row);
        if (booking->eventId == eventId && BookingStatuses::isActive(booking->status))
            return true;
    }
    return false;
}

void BookingList::clear()
{
    ++m_generation;
    m_model.setBookings({});
    setState(State::Idle);
}

void BookingList::cancel(const QString &bookingId)
{
    m_api.cancelBooking(bookingId, this, [this](Result<Booking> booking) {
        if (!booking) {
            Q_EMIT cancelFailed(booking.error());
            return;
        }
        Q_EMIT cancelled(m_model.updateBooking(*booking));
    });
}

void BookingList::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}
