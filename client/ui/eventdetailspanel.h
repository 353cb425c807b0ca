#pragma once

#include "common/booking.h"
#include "common/event.h"

#include <QWidget>

class ApiClient;
class QFrame;
class QLabel;
class QProgressBar;
class QPushButton;

//! The selected event in full, with its Book button. Booking shows progress while the
//! payment runs, cannot be sent twice, and ends with its result in place: booked, sold out,
//! already booked, or what went wrong.
class EventDetailsPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit EventDetailsPanel(ApiClient &api, QWidget *parent = nullptr);

    //! The event to show; nullopt shows a hint to pick one.
    void setEvent(const std::optional<Event> &event);
    //! The shown event's ticket count changed (live feed, another booking).
    void setTickets(int remaining, int total);
    //! Whether the user holds a booking of the shown event already.
    void setBookedByUser(bool booked);
    QString eventId() const { return m_event ? m_event->id : QString(); }

Q_SIGNALS:
    void booked(const BookingConfirmation &confirmation);
    //! The server says the user holds a booking this app did not know of: load them again.
    void bookingsOutdated();
    //! The result of a booking whose event is no longer shown, for the status bar.
    void noticeForAnotherEvent(const QString &text);
    //! A booking answer told the event's count as of `version`.
    void ticketsLearned(const QString &eventId, int remaining, const QDateTime &version);
    //! A booking answer says the shown count is out of date (sold out): load it again.
    void ticketsOutdated(const QString &eventId);

private:
    enum class Outcome { None, Success, Refused, Failed };

    void book();
    void showOutcome(Outcome outcome, const QString &text);
    void updateTicketsText();
    void updateBookButton();

    ApiClient &m_api;
    std::optional<Event> m_event;
    bool m_booking = false;
    bool m_bookedByUser = false;
    QLabel *m_placeholder;
    QWidget *m_content;
    QLabel *m_title;
    QLabel *m_when;
    QLabel *m_venue;
    QLabel *m_price;
    QLabel *m_tickets;
    QLabel *m_description;
    QPushButton *m_bookButton;
    QProgressBar *m_progress;
    QFrame *m_outcome;
    QLabel *m_outcomeIcon;
    QLabel *m_outcomeText;
};
