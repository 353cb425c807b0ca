#pragma once

#include "result.h"

#include <QDateTime>
#include <QJsonObject>

enum class BookingStatus { Confirmed, Cancelled };

namespace BookingStatuses {
QString name(BookingStatus status);
std::optional<BookingStatus> fromName(QStringView name);
} // namespace BookingStatuses

//! The part of an event a booking listing shows beside each booking.
struct EventSummary
{
    QString id;
    QString title;
    QDateTime date;
    QString venue;
    qint64 priceCents = 0;
};

//! A user's booking of one ticket of one event.
struct Booking
{
    QString id;
    QString eventId;
    QString userId;
    BookingStatus status = BookingStatus::Confirmed;
    QDateTime createdAt;
    QDateTime updatedAt;
    //! Filled in by the bookings listing only.
    std::optional<EventSummary> event;

    //! {id, eventId, userId, status, createdAt, updatedAt} plus `event` when present.
    QJsonObject toJson() const;
    static Result<Booking> fromJson(const QJsonObject &json);
};

//! The answer to a successful booking: the new booking and the event's new ticket count.
struct BookingConfirmation
{
    Booking booking;
    QString eventTitle;
    int remainingTickets = 0;
    //! When the count changed (beyond the seed: `event.updatedAt`), to order it among the
    //! counts a client learns from the live feed.
    QDateTime eventUpdatedAt;

    QJsonObject toJson() const;
    static Result<BookingConfirmation> fromJson(const QJsonObject &json);
};
