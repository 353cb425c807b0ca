#include "eventtablemodel.h"

EventTableModel::EventTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int EventTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Event &event = m_events.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Title:
            return event.title;
        case Date:
            return m_locale.toString(event.date.toLocalTime(), QLocale::ShortFormat);
        case Venue:
            return event.venue;
        case Price:
            return m_locale.toCurrencyString(double(event.priceCents) / 100.0);
        case Tickets:
            //: remaining tickets / total tickets, e.g. "12 / 50"
            return tr("%1 / %2").arg(m_locale.toString(event.remainingTickets),
                                     m_locale.toString(event.totalTickets));
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == Tickets) {
            return event.remainingTickets == 0
                ? tr("Sold out")
                : tr("%n ticket(s) left", nullptr, event.remainingTickets);
        }
        if (index.column() == Date)
            return m_locale.toString(event.date.toLocalTime(), QLocale::LongFormat);
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Price || index.column() == Tickets)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case EventIdRole:
        return event.id;
    case RemainingTicketsRole:
        return event.remainingTickets;
    case TotalTicketsRole:
        return event.totalTickets;
    }
    return {};
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Title:
        return tr("Event");
    case Date:
        return tr("Date");
    case Venue:
        return tr("Venue");
    case Price:
        return tr("Price");
    case Tickets:
        return tr("Tickets left");
    }
    return {};
}

bool EventTableModel::isSortable(int column)
{
    return column == Title || column == Date || column == Price;
}

void EventTableModel::sort(int column, Qt::SortOrder order)
{
    if (isSortable(column))
        Q_EMIT sortRequested(column, order);
}

void EventTableModel::setEvents(const QList<Event> &events)
{
    beginResetModel();
    m_events = events;
    endResetModel();
}

const Event *EventTableModel::eventAt(int row) const
{
    return row >= 0 && row < m_events.size() ? &m_events.at(row) : nullptr;
}

int EventTableModel::rowOf(const QString &eventId) const
{
    for (int row = 0; row < m_events.size(); ++row) {
        if (m_events.at(row).id == eventId)
            return row;
    }
    return -1;
}

bool EventTableModel::updateTickets(const QString &eventId, int remaining, int total,
                                    const QDateTime &version)
{
    const int row = rowOf(eventId);
    if (row < 0)
        return false;
    Event &event = m_events[row];
    if (version.isValid() && event.updatedAt.isValid() && version < event.updatedAt)
        return true; // stale: a newer count is shown already
    if (version.isValid())
        event.updatedAt = version;
    if (event.remainingTickets == remaining && event.totalTickets == total)
        return true;
    event.remainingTickets = remaining;
    event.totalTickets = total;
    Q_EMIT dataChanged(index(row, Tickets), index(row, Tickets));
    return true;
}

void EventTableModel::setLocale(const QLocale &locale)
{
    beginResetModel();
    m_locale = locale;
    endResetModel();
}
