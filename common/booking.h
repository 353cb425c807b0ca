#pragma once

#include "result.h"

#include <QDateTime>
#include <QJsonObject>

//! A booking's life: PENDING while its ticket is held and the payment runs, then CONFIRMED, or
//! FAILED (payment declined) or EXPIRED (the hold ran out first); CANCELLED by its owner. The
//! active ones, which hold a ticket, are PENDING and CONFIRMED.
enum class BookingStatus { Pending, Confirmed, Cancelled, Expired, Failed };

namespace BookingStatuses {
QString name(BookingStatus status);
std::optional<BookingStatus> fromName(QStringView name);
//! Whether a booking in `status` holds a ticket (PENDING or CONFIRMED).
bool isActive(BookingStatus status);
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
    //! When a PENDING hold gives its ticket back unless confirmed (beyond the seed: sent as
    //! `expiresAt` while the booking is PENDING).
    QDateTime expiresAt;
    //! Filled in by the bookings listing only.
    std::optional<EventSummary> event;

    //! {id, eventId, userId, status, createdAt, updatedAt} plus `expiresAt` while PENDING and
    //! `event` when present.
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
