#pragma once

#include "common/booking.h"

#include <QTimer>
#include <QWidget>

class ApiClient;
class BookingList;
class EventBrowser;
class EventDetailsPanel;
class PaginationBar;
class QLineEdit;
class QProgressBar;
class QStackedWidget;
class QTableView;
class StatePanel;

//! The events: a search box, the table (sortable by date, price and title), the pages, and
//! the selected event's details beside it.
class EventsPage final : public QWidget
{
    Q_OBJECT

public:
    EventsPage(ApiClient &api, EventBrowser &browser, const BookingList &bookings,
               QWidget *parent = nullptr);

    void focusSearch();

Q_SIGNALS:
    void booked(const Booking &booking);
    //! What the user holds may differ from the bookings list: load it again.
    void bookingsOutdated();
    //! A message for the status bar.
    void notice(const QString &text);

private:
    void onStateChanged();
    void onPagingChanged();
    void onSelectionChanged();
    void restoreSortIndicator();
    void updateBookedByUser();

    EventBrowser &m_browser;
    const BookingList &m_bookings;
    QLineEdit *m_search;
    QTimer m_searchDelay;
    //! A reload that takes a moment shows a thin busy bar over the rows it will replace.
    QProgressBar *m_busy;
    QTimer m_busyDelay;
    QStackedWidget *m_stack;
    QTableView *m_table;
    StatePanel *m_state;
    EventDetailsPanel *m_details;
    PaginationBar *m_pagination;
    QString m_selectedId;
};
