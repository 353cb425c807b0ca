#pragma once

#include "common/event.h"
#include "models/bookingflow.h"

#include <QWidget>

class ApiClient;
class QFrame;
class QLabel;
class QProgressBar;
class QPushButton;

//! The selected event in full, with its Book button. It shows a BookingFlow: the ticket being
//! reserved, then held while the payment runs ("Paying…"), then the result in place: booked,
//! declined, expired, sold out, already booked, or what went wrong. A booking cannot be sent
//! twice.
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
    void booked(const Booking &booking);
    //! The server says the user holds a booking this app did not know of: load them again.
    void bookingsOutdated();
    //! The result of a booking whose event is no longer shown, for the status bar.
    void noticeForAnotherEvent(const QString &text);
    //! A booking answer told the event's count as of `version`.
    void ticketsLearned(const QString &eventId, int remaining, const QDateTime &version);
    //! A booking answer says the shown count is out of date (sold out): load it again.
    void ticketsOutdated(const QString &eventId);

private:
    enum class Outcome { None, Success, Refused, Failed, Pending };

    void book();
    //! Shows the booking's progress, and its result beside its event or in the status bar.
    void showFlow(BookingFlow::State state);
    void showOutcome(Outcome outcome, const QString &text);
    void updateTicketsText();
    void updateBookButton();

    BookingFlow m_flow;
    std::optional<Event> m_event;
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
