#include "bookingspage.h"

#include "errortext.h"
#include "icons.h"
#include "messagebox.h"
#include "models/bookinglist.h"
#include "statepanel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

BookingsPage::BookingsPage(BookingList &list, QWidget *parent)
    : QWidget(parent)
    , m_list(list)
    , m_stack(new QStackedWidget(this))
    , m_table(new QTableView(m_stack))
    , m_state(new StatePanel(m_stack))
    , m_cancel(new QPushButton(Icons::get(Icons::Cancel), tr("Cancel booking…"), this))
    , m_message(new QLabel(this))
{
    setObjectName(u"bookingsPage"_s);
    m_table->setObjectName(u"bookingsTable"_s);
    m_table->setModel(list.model());
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(BookingTableModel::EventTitle,
                                                      QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(BookingTableModel::Venue,
                                                      QHeaderView::Stretch);
    for (int column : {int(BookingTableModel::EventDate), int(BookingTableModel::Status),
                       int(BookingTableModel::BookedAt)})
        m_table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_state);
    m_cancel->setObjectName(u"cancelBookingButton"_s);
    m_message->setObjectName(u"bookingsMessage"_s);
    m_message->setWordWrap(true);

    auto *actions = new QHBoxLayout;
    actions->addWidget(m_message, 1);
    actions->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_stack, 1);
    layout->addLayout(actions);

    connect(&list, &BookingList::stateChanged, this, &BookingsPage::onStateChanged);
    connect(m_state, &StatePanel::retryRequested, &list, &BookingList::reload);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &BookingsPage::updateCancelButton);
    connect(list.model(), &QAbstractItemModel::dataChanged, this,
            &BookingsPage::updateCancelButton);
    connect(m_cancel, &QPushButton::clicked, this, &BookingsPage::cancelSelected);
    connect(&list, &BookingList::cancelled, this, [this](const Booking &booking) {
        m_message->setText(tr("Booking cancelled: “%1”. The ticket is available again.")
                               .arg(booking.event ? booking.event->title : booking.eventId));
        updateCancelButton();
    });
    connect(&list, &BookingList::cancelFailed, this, [this](const Error &error) {
        m_message->setText(ErrorText::describe(error));
        m_list.reload();
    });
    onStateChanged();
}

void BookingsPage::onStateChanged()
{
    switch (m_list.state()) {
    case BookingList::State::Idle:
    case BookingList::State::Loading:
        if (m_list.model()->rowCount() == 0) {
            m_state->showLoading(tr("Loading your bookings…"));
            m_stack->setCurrentWidget(m_state);
        }
        break;
    case BookingList::State::Ready:
        m_stack->setCurrentWidget(m_table);
        break;
    case BookingList::State::Empty:
        m_state->showEmpty(tr("You have no bookings yet. Book a ticket on the Events page."));
        m_stack->setCurrentWidget(m_state);
        break;
    case BookingList::State::Failed:
        m_state->showError(ErrorText::describe(m_list.lastError()));
        m_stack->setCurrentWidget(m_state);
        break;
    }
    updateCancelButton();
}

void BookingsPage::updateCancelButton()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const Booking *booking
        = rows.isEmpty() ? nullptr : m_list.model()->bookingAt(rows.first().row());
    m_cancel->setEnabled(booking && BookingStatuses::isActive(booking->status));
}

void BookingsPage::cancelSelected()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const Booking *booking
        = rows.isEmpty() ? nullptr : m_list.model()->bookingAt(rows.first().row());
    if (!booking || !BookingStatuses::isActive(booking->status))
        return;
    const QString title = booking->event ? booking->event->title : booking->eventId;
    const QString id = booking->id;
    if (!MessageBox::confirm(
            this, tr("Cancel booking"),
            tr("Cancel your booking for “%1”? The ticket goes back on sale.").arg(title),
            tr("Cancel booking"), tr("Keep booking")))
        return;
    m_cancel->setEnabled(false);
    m_message->setText(tr("Cancelling…"));
    m_list.cancel(id);
}
