#pragma once

#include "bookingtablemodel.h"
#include "common/error.h"

#include <QObject>

class ApiClient;

//! The signed-in user's bookings: loading them into a BookingTableModel and cancelling one.
class BookingList final : public QObject
{
    Q_OBJECT

public:
    enum class State { Idle, Loading, Ready, Empty, Failed };
    Q_ENUM(State)

    explicit BookingList(ApiClient &api, QObject *parent = nullptr);

    BookingTableModel *model() { return &m_model; }
    State state() const { return m_state; }
    Error lastError() const { return m_lastError; }

    void reload();
    void clear();
    //! Whether the list holds an active (held or confirmed) booking of `eventId`.
    bool hasActiveBooking(const QString &eventId) const;
    //! Cancels the booking; cancelled() or cancelFailed() follows.
    void cancel(const QString &bookingId);

Q_SIGNALS:
    void stateChanged(BookingList::State state);
    void cancelled(const Booking &booking);
    void cancelFailed(const Error &error);

private:
    void setState(State state);

    ApiClient &m_api;
    BookingTableModel m_model;
    State m_state = State::Idle;
    Error m_lastError{ErrorCode::NetworkError};
    quint64 m_generation = 0;
};
