#include "bookingflow.h"

#include "api/apiclient.h"

#include <QUuid>

namespace {

//! Reserving again after a lost answer or a busy server, with the same Idempotency-Key.
constexpr int maxReserveAttempts = 3;
//! How long to wait between looks at a held booking: soon at first (payments are quick),
//! then once a second.
std::chrono::milliseconds pollDelay(int poll)
{
    constexpr std::array delays{250, 250, 500, 750};
    return std::chrono::milliseconds(poll < int(delays.size()) ? delays[poll] : 1000);
}
//! Failed looks in a row before the flow gives up (the booking is in My bookings anyway).
constexpr int maxPollFailures = 5;

} // namespace

BookingFlow::BookingFlow(ApiClient &api, QObject *parent)
    : QObject(parent)
    , m_api(api)
{
    m_retryTimer.setSingleShot(true);
    m_pollTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &BookingFlow::reserve);
    connect(&m_pollTimer, &QTimer::timeout, this, &BookingFlow::poll);
}

void BookingFlow::start(const QString &eventId, const QString &eventTitle)
{
    if (isRunning())
        return;
    ++m_generation;
    m_eventId = eventId;
    m_eventTitle = eventTitle;
    m_idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_booking.reset();
    m_error = Error(ErrorCode::Internal);
    m_reserveAttempts = 0;
    m_polls = 0;
    m_pollFailures = 0;
    setState(State::Reserving);
    reserve();
}

void BookingFlow::reserve()
{
    ++m_reserveAttempts;
    const quint64 generation = m_generation;
    m_api.book(
        m_eventId, this,
        [this, generation](Result<BookingConfirmation> result) {
            if (generation == m_generation)
                reserved(result);
        },
        BookingOptions{m_idempotencyKey, true});
}

bool BookingFlow::reserveAgainLater()
{
    if (m_reserveAttempts >= maxReserveAttempts)
        return false;
    m_retryTimer.start(std::chrono::milliseconds(500 * m_reserveAttempts));
    return true;
}

void BookingFlow::reserved(const Result<BookingConfirmation> &result)
{
    if (!result) {
        switch (result.error().code) {
        case ErrorCode::SoldOut:
            return finish(State::SoldOut, result.error());
        case ErrorCode::AlreadyBooked:
            return finish(State::AlreadyBooked, result.error());
        case ErrorCode::PaymentFailed:
            return finish(State::Declined, result.error());
        case ErrorCode::HoldExpired:
            return finish(State::Expired, result.error());
        case ErrorCode::NetworkError:
        case ErrorCode::ServiceUnavailable:
        case ErrorCode::IdempotencyInFlight:
            // The same key again: if the first request got through, its answer comes back.
            if (reserveAgainLater())
                return;
            break;
        default:
            break;
        }
        return finish(State::Failed, result.error());
    }
    m_booking = result->booking;
    Q_EMIT ticketsLearned(m_eventId, result->remainingTickets, result->eventUpdatedAt);
    if (result->booking.status == BookingStatus::Pending) {
        setState(State::Paying);
        m_pollTimer.start(pollDelay(m_polls));
        return;
    }
    // A server that answers after the payment (the seed's way) says CONFIRMED at once.
    finish(result->booking.status == BookingStatus::Confirmed ? State::Confirmed : State::Failed);
}

void BookingFlow::poll()
{
    const quint64 generation = m_generation;
    m_api.fetchBooking(m_booking->id, this, [this, generation](Result<Booking> result) {
        if (generation == m_generation)
            polled(result);
    });
}

void BookingFlow::polled(const Result<Booking> &result)
{
    if (!result) {
        if (++m_pollFailures >= maxPollFailures)
            return finish(State::Failed, result.error());
        m_pollTimer.start(pollDelay(++m_polls));
        return;
    }
    m_pollFailures = 0;
    m_booking = *result;
    switch (result->status) {
    case BookingStatus::Pending:
        m_pollTimer.start(pollDelay(++m_polls));
        return;
    case BookingStatus::Confirmed:
        return finish(State::Confirmed);
    case BookingStatus::Failed:
        return finish(State::Declined, Error(ErrorCode::PaymentFailed));
    case BookingStatus::Expired:
    case BookingStatus::Cancelled:
        return finish(State::Expired, Error(ErrorCode::HoldExpired));
    }
}

void BookingFlow::finish(State state, const Error &error)
{
    m_retryTimer.stop();
    m_pollTimer.stop();
    m_error = error;
    setState(state);
}

void BookingFlow::setState(State state)
{
    m_state = state;
    Q_EMIT stateChanged(state);
}
