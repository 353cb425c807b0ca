#include "eventspage.h"

#include "errortext.h"
#include "eventdetailspanel.h"
#include "icons.h"
#include "models/bookinglist.h"
#include "models/eventbrowser.h"
#include "paginationbar.h"
#include "statepanel.h"
#include "ticketbardelegate.h"

#include <QHeaderView>
#include <QKeySequence>
#include <QLineEdit>
#include <QProgressBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

EventsPage::EventsPage(ApiClient &api, EventBrowser &browser, const BookingList &bookings,
                       QWidget *parent)
    : QWidget(parent)
    , m_browser(browser)
    , m_bookings(bookings)
    , m_search(new QLineEdit(this))
    , m_busy(new QProgressBar(this))
    , m_stack(new QStackedWidget(this))
    , m_table(new QTableView(m_stack))
    , m_state(new StatePanel(m_stack))
    , m_details(new EventDetailsPanel(api, this))
    , m_pagination(new PaginationBar(this))
{
    setObjectName(u"eventsPage"_s);
    m_search->setObjectName(u"searchField"_s);
    m_search->setPlaceholderText(
        tr("Search events by title (%1)")
            .arg(QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText)));
    m_search->setAccessibleName(tr("Search events"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaxLength(100);
    m_search->addAction(Icons::get(Icons::Search), QLineEdit::LeadingPosition);
    // Ask the server once the user pauses, not at every key.
    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(300);
    connect(m_search, &QLineEdit::textChanged, &m_searchDelay, qOverload<>(&QTimer::start));
    connect(&m_searchDelay, &QTimer::timeout, this,
            [this] { m_browser.setSearch(m_search->text()); });

    m_busy->setObjectName(u"eventsBusy"_s);
    m_busy->setAccessibleName(tr("Loading events"));
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setFixedHeight(3);
    // Its place stays reserved, so that the table does not jump when it comes and goes.
    QSizePolicy busyPolicy = m_busy->sizePolicy();
    busyPolicy.setRetainSizeWhenHidden(true);
    m_busy->setSizePolicy(busyPolicy);
    m_busy->hide();
    // Quick answers do not flash it.
    m_busyDelay.setSingleShot(true);
    m_busyDelay.setInterval(200);
    connect(&m_busyDelay, &QTimer::timeout, m_busy, &QWidget::show);

    m_table->setObjectName(u"eventsTable"_s);
    m_table->setModel(browser.model());
    m_table->setItemDelegateForColumn(EventTableModel::Tickets, new TicketBarDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(EventTableModel::Title, QHeaderView::Stretch);
    header->setSectionResizeMode(EventTableModel::Venue, QHeaderView::Stretch);
    header->setSectionResizeMode(EventTableModel::Date, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(EventTableModel::Price, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(EventTableModel::Tickets, QHeaderView::ResizeToContents);
    header->setSortIndicator(EventTableModel::Date, Qt::AscendingOrder);
    header->setSortIndicatorShown(true);
    m_table->setSortingEnabled(true);
    connect(header, &QHeaderView::sortIndicatorChanged, this, [this](int column) {
        if (!EventTableModel::isSortable(column))
            restoreSortIndicator();
    });
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_state);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_stack);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    // The busy bar sits right under the search box, as in a browser's address bar.
    auto *top = new QVBoxLayout;
    top->setSpacing(0);
    top->addWidget(m_search);
    top->addWidget(m_busy);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_pagination);

    connect(&browser, &EventBrowser::stateChanged, this, &EventsPage::onStateChanged);
    connect(&browser, &EventBrowser::pagingChanged, this, &EventsPage::onPagingChanged);
    connect(&browser, &EventBrowser::ticketsChanged, this, [this](const QString &eventId) {
        if (eventId != m_details->eventId())
            return;
        const int row = m_browser.model()->rowOf(eventId);
        if (const Event *event = m_browser.model()->eventAt(row))
            m_details->setTickets(event->remainingTickets, event->totalTickets);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &EventsPage::onSelectionChanged);
    connect(m_state, &StatePanel::retryRequested, &browser, &EventBrowser::reload);
    connect(m_pagination, &PaginationBar::pageRequested, &browser, &EventBrowser::setPage);
    connect(m_pagination, &PaginationBar::pageSizeChanged, &browser, &EventBrowser::setPageSize);
    // The table shows what a booking answer told at once, before the live feed says so.
    connect(m_details, &EventDetailsPanel::ticketsLearned, &browser, &EventBrowser::updateTickets);
    connect(m_details, &EventDetailsPanel::ticketsOutdated, &browser, &EventBrowser::refreshEvent);
    connect(m_details, &EventDetailsPanel::booked, this, &EventsPage::booked);
    connect(m_details, &EventDetailsPanel::bookingsOutdated, this, &EventsPage::bookingsOutdated);
    connect(m_details, &EventDetailsPanel::noticeForAnotherEvent, this, &EventsPage::notice);
    // What the user has booked decides the Book button too.
    connect(&bookings, &BookingList::stateChanged, this, &EventsPage::updateBookedByUser);
    connect(&bookings, &BookingList::cancelled, this, &EventsPage::updateBookedByUser);
    onStateChanged();
    onPagingChanged();
}

void EventsPage::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void EventsPage::restoreSortIndicator()
{
    const EventQuery &query = m_browser.query();
    const int column = query.sortBy == EventQuery::SortField::Title ? EventTableModel::Title
        : query.sortBy == EventQuery::SortField::Price              ? EventTableModel::Price
                                                                    : EventTableModel::Date;
    const QSignalBlocker blocker(m_table->horizontalHeader());
    m_table->horizontalHeader()->setSortIndicator(
        column,
        query.sortOrder == EventQuery::SortOrder::Ascending ? Qt::AscendingOrder
                                                            : Qt::DescendingOrder);
}

void EventsPage::onStateChanged()
{
    switch (m_browser.state()) {
    case EventBrowser::State::Idle:
    case EventBrowser::State::Loading:
        // Keep showing the rows already there; an empty table shows the busy panel.
        if (m_browser.model()->rowCount() == 0) {
            m_state->showLoading(tr("Loading events…"));
            m_stack->setCurrentWidget(m_state);
        } else if (!m_busy->isVisible() && !m_busyDelay.isActive()) {
            m_busyDelay.start();
        }
        m_table->setEnabled(false);
        break;
    case EventBrowser::State::Ready: {
        m_table->setEnabled(true);
        m_stack->setCurrentWidget(m_table);
        // Keep the selection on the same event across reloads.
        const int row = m_browser.model()->rowOf(m_selectedId);
        if (row >= 0)
            m_table->selectRow(row);
        else
            m_details->setEvent(std::nullopt);
        break;
    }
    case EventBrowser::State::Empty:
        m_table->setEnabled(true);
        m_state->showEmpty(m_browser.query().search.isEmpty()
                               ? tr("There are no events yet.")
                               : tr("No event title contains “%1”.").arg(m_browser.query().search));
        m_stack->setCurrentWidget(m_state);
        m_details->setEvent(std::nullopt);
        break;
    case EventBrowser::State::Failed:
        m_table->setEnabled(true);
        m_state->showError(ErrorText::describe(m_browser.lastError()));
        m_stack->setCurrentWidget(m_state);
        break;
    }
    const bool loading = m_browser.state() == EventBrowser::State::Loading;
    if (!loading) {
        m_busyDelay.stop();
        m_busy->hide();
    }
    m_pagination->setBusy(loading);
}

void EventsPage::onPagingChanged()
{
    const EventQuery &query = m_browser.query();
    m_pagination->setPage(query.page, m_browser.totalPages(), m_browser.totalEvents());
    m_pagination->setPageSize(query.limit);
    restoreSortIndicator();
}

void EventsPage::onSelectionChanged()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const Event *event = rows.isEmpty() ? nullptr : m_browser.model()->eventAt(rows.first().row());
    if (!event) {
        if (m_browser.state() == EventBrowser::State::Ready)
            m_details->setEvent(std::nullopt);
        return;
    }
    m_selectedId = event->id;
    const bool otherEvent = event->id != m_details->eventId();
    m_details->setEvent(*event);
    if (otherEvent) // the best known now, even while the list loads
        m_details->setBookedByUser(m_bookings.hasActiveBooking(event->id));
    updateBookedByUser();
}

void EventsPage::updateBookedByUser()
{
    // While the list loads it may lack a booking just made, which the panel knows already.
    const BookingList::State state = m_bookings.state();
    if (state == BookingList::State::Loading || state == BookingList::State::Failed)
        return;
    m_details->setBookedByUser(m_bookings.hasActiveBooking(m_details->eventId()));
}
