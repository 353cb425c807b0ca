#pragma once

#include "storage/connectionsettings.h"

#include <QString>

//! Direct database access for tests: set up events and check invariants behind the API's back.
class Fixtures
{
public:
    explicit Fixtures(const ConnectionSettings &settings);
    ~Fixtures();

    //! A new event with `tickets` tickets; returns its id (empty on failure).
    QString createEvent(const QString &title, int tickets,
                        const QString &price = QStringLiteral("10.00"));
    QString eventIdByTitle(const QString &title);
    int remainingTickets(const QString &eventId);
    int totalTickets(const QString &eventId);
    //! PENDING and CONFIRMED bookings: those that hold a ticket.
    int activeBookings(const QString &eventId);
    //! "PENDING", "CONFIRMED"...; empty for an unknown booking.
    QString bookingStatus(const QString &bookingId);
    int bookingsWithStatus(const QString &eventId, const QString &status);
    //! Runs a statement; the first column of the first row, or an invalid QVariant.
    QVariant scalar(const QString &sql, const QVariantList &values = {});

private:
    QString m_connectionName;
};
