#pragma once

#include "api/livefeed.h"

#include <QMainWindow>

class ApiClient;
class BookingList;
class BookingsPage;
class EventBrowser;
class EventsPage;
class QLabel;
class QTabWidget;

//! The signed-in window: the Events and My bookings pages, the live status, sign out.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(ApiClient &api, EventBrowser &events, BookingList &bookings,
               QWidget *parent = nullptr);

    void setLiveState(LiveFeed::State state);
    void showEventsPage();
    void showBookingsPage();

Q_SIGNALS:
    void signOutRequested();

private:
    void refreshCurrentPage();

    ApiClient &m_api;
    EventBrowser &m_events;
    BookingList &m_bookings;
    QTabWidget *m_pages;
    EventsPage *m_eventsPage;
    BookingsPage *m_bookingsPage;
    QLabel *m_userLabel;
    QLabel *m_liveIcon;
    QLabel *m_liveLabel;
};
