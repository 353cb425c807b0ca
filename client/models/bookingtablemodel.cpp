#include "bookingtablemodel.h"

#include <QBrush>
#include <QPalette>

BookingTableModel::BookingTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int BookingTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_bookings.size());
}

int BookingTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BookingTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Booking &booking = m_bookings.at(index.row());
    const bool active = BookingStatuses::isActive(booking.status);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case EventTitle:
            return booking.event ? booking.event->title : booking.eventId;
        case EventDate:
            return booking.event
                ? m_locale.toString(booking.event->date.toLocalTime(), QLocale::ShortFormat)
                : QString();
        case Venue:
            return booking.event ? booking.event->venue : QString();
        case Status:
            return statusText(booking.status);
        case BookedAt:
            return m_locale.toString(booking.createdAt.toLocalTime(), QLocale::ShortFormat);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == Status && booking.status == BookingStatus::Pending
            && booking.expiresAt.isValid())
            return tr("The ticket is held while the payment runs, until %1.")
                .arg(m_locale.toString(booking.expiresAt.toLocalTime(), QLocale::ShortFormat));
        break;
    case Qt::ForegroundRole:
        // Bookings that ended stay listed, dimmed.
        if (!active)
            return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
        break;
    case BookingIdRole:
        return booking.id;
    case IsActiveRole:
        return active;
    }
    return {};
}

QString BookingTableModel::statusText(BookingStatus status)
{
    switch (status) {
    case BookingStatus::Pending:
        return tr("Paying…");
    case BookingStatus::Confirmed:
        return tr("Confirmed");
    case BookingStatus::Cancelled:
        return tr("Cancelled");
    case BookingStatus::Expired:
        return tr("Expired");
    case BookingStatus::Failed:
        return tr("Payment declined");
    }
    return {};
}

QVariant BookingTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case EventTitle:
        return tr("Event");
    case EventDate:
        return tr("Date");
    case Venue:
        return tr("Venue");
    case Status:
        return tr("Status");
    case BookedAt:
        return tr("Booked on");
    }
    return {};
}

void BookingTableModel::setBookings(const QList<Booking> &bookings)
{
    beginResetModel();
    m_bookings = bookings;
    endResetModel();
}

const Booking *BookingTableModel::bookingAt(int row) const
{
    return row >= 0 && row < m_bookings.size() ? &m_bookings.at(row) : nullptr;
}

Booking BookingTableModel::updateBooking(const Booking &booking)
{
    for (int row = 0; row < m_bookings.size(); ++row) {
        if (m_bookings.at(row).id != booking.id)
            continue;
        const std::optional<EventSummary> event = m_bookings.at(row).event;
        m_bookings[row] = booking;
        if (!m_bookings[row].event)
            m_bookings[row].event = event;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return m_bookings.at(row);
    }
    return booking;
}

void BookingTableModel::setLocale(const QLocale &locale)
{
    beginResetModel();
    m_locale = locale;
    endResetModel();
}
