#pragma once

#include "common/booking.h"

#include <QAbstractTableModel>
#include <QLocale>

//! The user's bookings for a table: event, its date and venue, status, when booked.
class BookingTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { EventTitle, EventDate, Venue, Status, BookedAt, ColumnCount };
    enum Role { BookingIdRole = Qt::UserRole + 1, IsActiveRole };

    explicit BookingTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setBookings(const QList<Booking> &bookings);
    const Booking *bookingAt(int row) const;
    //! Replaces the booking with the same id (after a cancellation), keeping its event summary
    //! when the new one has none; returns the booking as it is now.
    Booking updateBooking(const Booking &booking);
    void setLocale(const QLocale &locale);
    //! The status as the user reads it, e.g. "Confirmed", "Payment declined".
    static QString statusText(BookingStatus status);

private:
    QList<Booking> m_bookings;
    QLocale m_locale;
};
