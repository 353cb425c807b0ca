#include "eventdetailspanel.h"

#include "api/apiclient.h"
#include "errortext.h"
#include "icons.h"

#include <QFormLayout>
#include <QFrame>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTime>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

EventDetailsPanel::EventDetailsPanel(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_flow(api)
    , m_placeholder(new QLabel(tr("Select an event to see its details and book a ticket."), this))
    , m_content(new QWidget(this))
    , m_title(new QLabel(m_content))
    , m_when(new QLabel(m_content))
    , m_venue(new QLabel(m_content))
    , m_price(new QLabel(m_content))
    , m_tickets(new QLabel(m_content))
    , m_description(new QLabel(m_content))
    , m_bookButton(new QPushButton(Icons::get(Icons::Book), tr("Book a ticket"), m_content))
    , m_progress(new QProgressBar(m_content))
    , m_outcome(new QFrame(m_content))
    , m_outcomeIcon(new QLabel(m_outcome))
    , m_outcomeText(new QLabel(m_outcome))
{
    setMinimumWidth(280);
    m_placeholder->setWordWrap(true);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);

    m_title->setObjectName(u"eventTitle"_s);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_tickets->setObjectName(u"eventTickets"_s);
    m_description->setWordWrap(true);
    m_description->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_bookButton->setObjectName(u"bookButton"_s);
    m_bookButton->setDefault(true);
    m_progress->setObjectName(u"bookingProgress"_s);
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_outcome->setObjectName(u"bookingOutcome"_s);
    m_outcome->setFrameShape(QFrame::StyledPanel);
    m_outcomeText->setObjectName(u"bookingOutcomeText"_s);
    m_outcomeText->setWordWrap(true);
    m_outcomeText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *outcomeLayout = new QHBoxLayout(m_outcome);
    outcomeLayout->addWidget(m_outcomeIcon, 0, Qt::AlignTop);
    outcomeLayout->addWidget(m_outcomeText, 1);
    m_outcome->hide();

    auto *facts = new QFormLayout;
    facts->addRow(tr("When:"), m_when);
    facts->addRow(tr("Where:"), m_venue);
    facts->addRow(tr("Price:"), m_price);
    facts->addRow(tr("Tickets:"), m_tickets);

    auto *content = new QVBoxLayout(m_content);
    content->setContentsMargins(0, 0, 0, 0);
    content->addWidget(m_title);
    content->addLayout(facts);
    content->addSpacing(6);
    content->addWidget(m_bookButton);
    content->addWidget(m_progress);
    content->addWidget(m_outcome);
    content->addSpacing(6);
    content->addWidget(m_description);
    content->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_placeholder, 1);
    layout->addWidget(m_content, 1);
    m_bookButton->setMinimumHeight(m_bookButton->sizeHint().height() + 8);
    connect(m_bookButton, &QPushButton::clicked, this, &EventDetailsPanel::book);
    connect(&m_flow, &BookingFlow::stateChanged, this, &EventDetailsPanel::showFlow);
    connect(&m_flow, &BookingFlow::ticketsLearned, this, &EventDetailsPanel::ticketsLearned);
    setEvent(std::nullopt);
}

void EventDetailsPanel::setEvent(const std::optional<Event> &event)
{
    const bool sameEvent = event && m_event && event->id == m_event->id;
    m_event = event;
    m_placeholder->setVisible(!event);
    m_content->setVisible(event.has_value());
    if (!event)
        return;
    const QLocale locale;
    m_title->setText(event->title);
    m_when->setText(locale.toString(event->date.toLocalTime(), QLocale::LongFormat));
    m_venue->setText(event->venue);
    m_price->setText(locale.toCurrencyString(double(event->priceCents) / 100.0));
    m_description->setText(event->description);
    updateTicketsText();
    // A booking under way shows beside its own event only.
    const bool flowShown = m_flow.isRunning() && m_flow.eventId() == event->id;
    m_progress->setVisible(flowShown);
    if (flowShown)
        showFlow(m_flow.state());
    else if (!sameEvent)
        m_outcome->hide();
    updateBookButton();
}

void EventDetailsPanel::setTickets(int remaining, int total)
{
    if (!m_event)
        return;
    m_event->remainingTickets = remaining;
    m_event->totalTickets = total;
    updateTicketsText();
    updateBookButton();
}

void EventDetailsPanel::setBookedByUser(bool booked)
{
    m_bookedByUser = booked;
    updateBookButton();
}

void EventDetailsPanel::updateTicketsText()
{
    const QLocale locale;
    m_tickets->setText(m_event->remainingTickets == 0
                           ? tr("Sold out (%1 in all)").arg(locale.toString(m_event->totalTickets))
                           : tr("%1 of %2 left")
                                 .arg(locale.toString(m_event->remainingTickets),
                                      locale.toString(m_event->totalTickets)));
}

void EventDetailsPanel::updateBookButton()
{
    const bool soldOut = m_event && m_event->remainingTickets == 0;
    const bool running = m_flow.isRunning();
    m_bookButton->setEnabled(m_event && !running && !soldOut && !m_bookedByUser);
    if (m_flow.state() == BookingFlow::State::Reserving)
        m_bookButton->setText(tr("Booking…"));
    else if (m_flow.state() == BookingFlow::State::Paying)
        m_bookButton->setText(tr("Paying…"));
    else if (m_bookedByUser)
        m_bookButton->setText(tr("You have booked this event"));
    else
        m_bookButton->setText(soldOut ? tr("Sold out") : tr("Book a ticket"));
}

void EventDetailsPanel::book()
{
    if (!m_event || m_flow.isRunning())
        return; // a second click while the first is under way does nothing
    m_flow.start(m_event->id, m_event->title);
}

void EventDetailsPanel::showFlow(BookingFlow::State state)
{
    using State = BookingFlow::State;
    const QString eventId = m_flow.eventId();
    const QString title = m_flow.eventTitle();
    const bool stillShown = m_event && m_event->id == eventId;
    Outcome outcome = Outcome::Failed;
    QString text;
    switch (state) {
    case State::Idle:
        return;
    case State::Reserving:
        m_progress->setVisible(stillShown);
        if (stillShown)
            m_outcome->hide();
        updateBookButton();
        return;
    case State::Paying:
        m_progress->setVisible(stillShown);
        if (stillShown) {
            const QDateTime until = m_flow.booking()->expiresAt.toLocalTime();
            showOutcome(Outcome::Pending,
                        until.isValid()
                            ? tr("Your ticket is held until %1 while the payment "
                                 "runs.")
                                  .arg(QLocale().toString(until.time(), QLocale::ShortFormat))
                            : tr("Your ticket is held while the payment runs."));
        }
        // My bookings shows the held ticket.
        Q_EMIT bookingsOutdated();
        updateBookButton();
        return;
    case State::Confirmed:
        outcome = Outcome::Success;
        text = tr("Booked: one ticket for “%1”. Your booking reference is %2.")
                   .arg(title, m_flow.booking()->id.left(8).toUpper());
        if (stillShown)
            m_bookedByUser = true;
        Q_EMIT booked(*m_flow.booking());
        break;
    case State::SoldOut:
        outcome = Outcome::Refused;
        text = ErrorText::describe(m_flow.error());
        Q_EMIT ticketsOutdated(eventId);
        break;
    case State::AlreadyBooked:
        outcome = Outcome::Refused;
        text = ErrorText::describe(m_flow.error());
        if (stillShown)
            m_bookedByUser = true;
        Q_EMIT bookingsOutdated();
        break;
    case State::Declined:
    case State::Expired:
        text = ErrorText::describe(
            Error(state == State::Declined ? ErrorCode::PaymentFailed : ErrorCode::HoldExpired));
        // The booking stays listed with its ending; the ticket is back on sale.
        Q_EMIT bookingsOutdated();
        Q_EMIT ticketsOutdated(eventId);
        break;
    case State::Failed:
        text = ErrorText::describe(m_flow.error());
        break;
    }
    m_progress->hide();
    // The result belongs beside its event; if the user has moved on, it goes elsewhere.
    if (stillShown)
        showOutcome(outcome, text);
    else if (outcome == Outcome::Success)
        Q_EMIT noticeForAnotherEvent(text);
    else
        Q_EMIT noticeForAnotherEvent(tr("“%1”: %2").arg(title, text));
    updateBookButton();
}

void EventDetailsPanel::showOutcome(Outcome outcome, const QString &text)
{
    const QColor colour = outcome == Outcome::Success ? QColor(0xe8, 0xf5, 0xe9)
        : outcome == Outcome::Pending                 ? QColor(0xe3, 0xf2, 0xfd)
        : outcome == Outcome::Refused                 ? QColor(0xff, 0xf3, 0xe0)
                                                      : QColor(0xff, 0xeb, 0xee);
    m_outcome->setStyleSheet(
        u"#bookingOutcome { background: %1; border-radius: 4px; }"_s.arg(colour.name()));
    const Icons::Name icon = outcome == Outcome::Success ? Icons::Success
        : outcome == Outcome::Pending                    ? Icons::Pending
                                                         : Icons::Warning;
    m_outcomeIcon->setPixmap(Icons::get(icon).pixmap(24));
    m_outcomeText->setText(text);
    m_outcome->setProperty("outcome", int(outcome));
    m_outcome->setVisible(outcome != Outcome::None);
}
