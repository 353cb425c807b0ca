#pragma once

#include "common/event.h"

#include <QAbstractTableModel>
#include <QLocale>

//! One page of events for a table: title, date, venue, price, tickets. Dates and prices are
//! shown in the user's locale. Sorting is the server's job: sort() only asks for it.
class EventTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Title, Date, Venue, Price, Tickets, ColumnCount };
    enum Role {
        EventIdRole = Qt::UserRole + 1,
        RemainingTicketsRole,
        TotalTicketsRole,
    };

    explicit EventTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    //! Asks for server-side sorting by date, price or title (sortRequested); other columns
    //! cannot be sorted.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    void setEvents(const QList<Event> &events);
    const Event *eventAt(int row) const;
    int rowOf(const QString &eventId) const;
    //! The ticket count of one event changed at `version` (its updatedAt; invalid when
    //! unknown). A count older than the one shown is ignored: answers can arrive out of
    //! order. False when the event is not shown.
    bool updateTickets(const QString &eventId, int remaining, int total,
                       const QDateTime &version = {});

    //! Whether `column` can be sorted by the server.
    static bool isSortable(int column);
    void setLocale(const QLocale &locale);

Q_SIGNALS:
    void sortRequested(int column, Qt::SortOrder order);

private:
    QList<Event> m_events;
    QLocale m_locale;
};
