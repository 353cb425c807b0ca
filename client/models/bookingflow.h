#pragma once

#include "common/booking.h"
#include "common/error.h"

#include <QObject>
#include <QTimer>

class ApiClient;

//! One booking from the desktop app, from the click to its outcome. The server holds a ticket
//! first (Reserving), runs the payment while the ticket is held (Paying), and ends in one of
//! the outcomes. The request asks to be answered once the ticket is held (Prefer:
//! respond-async), then follows the booking until it is no longer PENDING. It carries an
//! Idempotency-Key, so a request repeated after a lost answer never books twice.
class BookingFlow final : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Idle,
        Reserving,
        Paying,
        Confirmed,
        Declined, //!< the payment was declined; the ticket went back
        Expired, //!< the hold ended (expired or cancelled) before the payment did
        SoldOut,
        AlreadyBooked,
        Failed, //!< anything else: error() says what
    };
    Q_ENUM(State)

    explicit BookingFlow(ApiClient &api, QObject *parent = nullptr);

    //! Books one ticket of the event. Ignored while a booking runs.
    void start(const QString &eventId, const QString &eventTitle);

    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Reserving || m_state == State::Paying; }
    QString eventId() const { return m_eventId; }
    QString eventTitle() const { return m_eventTitle; }
    //! The booking, once the server holds its ticket.
    const std::optional<Booking> &booking() const { return m_booking; }
    //! Why it failed (State::Failed, and the server's refusals).
    const Error &error() const { return m_error; }

Q_SIGNALS:
    void stateChanged(BookingFlow::State state);
    //! The booking answer told the event's count as of `version`.
    void ticketsLearned(const QString &eventId, int remaining, const QDateTime &version);

private:
    void reserve();
    void reserved(const Result<BookingConfirmation> &result);
    void poll();
    void polled(const Result<Booking> &result);
    void finish(State state, const Error &error = Error(ErrorCode::Internal));
    void setState(State state);
    //! Sends the request again after a moment, with the same key; false when out of tries.
    bool reserveAgainLater();

    ApiClient &m_api;
    State m_state = State::Idle;
    QString m_eventId;
    QString m_eventTitle;
    QString m_idempotencyKey;
    std::optional<Booking> m_booking;
    Error m_error{ErrorCode::Internal};
    QTimer m_retryTimer;
    QTimer m_pollTimer;
    int m_reserveAttempts = 0;
    int m_polls = 0;
    int m_pollFailures = 0;
    //! Answers of an earlier booking (the flow restarted) are ignored.
    quint64 m_generation = 0;
};
