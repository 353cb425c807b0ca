#include "eventbrowser.h"

#include "api/apiclient.h"

EventBrowser::EventBrowser(ApiClient &api, QObject *parent)
    : QObject(parent)
    , m_api(api)
{
    connect(&m_model, &EventTableModel::sortRequested, this,
            [this](int column, Qt::SortOrder order) {
                const auto field = column == EventTableModel::Title ? EventQuery::SortField::Title
                    : column == EventTableModel::Price              ? EventQuery::SortField::Price
                                                                    : EventQuery::SortField::Date;
                setSort(field,
                        order == Qt::AscendingOrder ? EventQuery::SortOrder::Ascending
                                                    : EventQuery::SortOrder::Descending);
            });
}

void EventBrowser::reload()
{
    load();
}

void EventBrowser::clear()
{
    ++m_generation; // answers still on their way are for the previous user
    m_query = EventQuery();
    m_etag.clear();
    m_model.setEvents({});
    m_totalPages = 0;
    m_totalEvents = 0;
    setState(State::Idle);
    Q_EMIT pagingChanged();
}

void EventBrowser::setSearch(const QString &text)
{
    const QString search = text.trimmed().left(EventQuery::MaxSearchLength);
    if (search == m_query.search)
        return;
    m_query.search = search;
    m_query.page = 1;
    load();
}

void EventBrowser::setSort(EventQuery::SortField field, EventQuery::SortOrder order)
{
    if (m_query.sortBy == field && m_query.sortOrder == order)
        return;
    m_query.sortBy = field;
    m_query.sortOrder = order;
    m_query.page = 1;
    load();
}

void EventBrowser::setPage(int page)
{
    page = std::max(1, m_totalPages > 0 ? std::min(page, m_totalPages) : page);
    if (page == m_query.page && m_state != State::Failed)
        return;
    m_query.page = page;
    load();
}

void EventBrowser::setPageSize(int limit)
{
    limit = std::clamp(limit, 1, EventQuery::MaxLimit);
    if (limit == m_query.limit)
        return;
    // Keep the first event of the current page in view.
    const qint64 firstShown = m_query.offset();
    m_query.limit = limit;
    m_query.page = int(firstShown / limit) + 1;
    load();
}

void EventBrowser::load()
{
    const quint64 generation = ++m_generation;
    // Only a page on screen may be confirmed by a 304: not after a failure, nor another page.
    const bool shown = m_state == State::Ready || m_state == State::Empty;
    const QByteArray known = shown && m_etagQuery == m_query ? m_etag : QByteArray();
    setState(State::Loading);
    Q_EMIT pagingChanged();
    m_api.revalidateEvents(m_query, known, this,
                           [this, generation](Result<ApiClient::Revalidated> answer) {
                               if (generation != m_generation)
                                   return; // a newer request is on its way
                               if (!answer) {
                                   m_lastError = answer.error();
                                   setState(State::Failed);
                                   return;
                               }
                               if (!answer->page) {
                                   // Not modified: what is shown is current.
                                   Q_EMIT pagingChanged();
                                   setState(m_model.rowCount() == 0 ? State::Empty : State::Ready);
                                   return;
                               }
                               m_etag = answer->etag;
                               m_etagQuery = m_query;
                               show(*answer->page);
                           });
}

void EventBrowser::show(const EventPage &page)
{
    m_totalEvents = page.total;
    m_totalPages = page.totalPages();
    m_model.setEvents(page.events);
    Q_EMIT pagingChanged();
    if (page.events.isEmpty() && m_query.page > 1 && m_totalPages > 0) {
        // The page is gone (fewer events than before): show the last one there is.
        setPage(m_totalPages);
        return;
    }
    setState(page.events.isEmpty() ? State::Empty : State::Ready);
}

void EventBrowser::applyLiveUpdate(const LiveMessage &message)
{
    if (m_model.updateTickets(message.eventId, message.remainingTickets, message.totalTickets,
                              message.updatedAt))
        Q_EMIT ticketsChanged(message.eventId);
}

void EventBrowser::updateTickets(const QString &eventId, int remaining, const QDateTime &version)
{
    const int row = m_model.rowOf(eventId);
    if (row < 0)
        return;
    if (m_model.updateTickets(eventId, remaining, m_model.eventAt(row)->totalTickets, version))
        Q_EMIT ticketsChanged(eventId);
}

void EventBrowser::refreshEvent(const QString &eventId)
{
    m_api.fetchEvent(eventId, this, [this](Result<Event> event) {
        if (event
            && m_model.updateTickets(event->id, event->remainingTickets, event->totalTickets,
                                     event->updatedAt))
            Q_EMIT ticketsChanged(event->id);
    });
}

void EventBrowser::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}
