#pragma once

#include "common/error.h"
#include "common/eventquery.h"
#include "common/livemessage.h"
#include "eventtablemodel.h"

#include <QObject>

class ApiClient;

//! Browsing the events: the query (page, page size, search, sort), loading pages into an
//! EventTableModel, and keeping the shown ticket counts current (live feed, own bookings).
//! An answer that arrives after a newer request was made is ignored.
class EventBrowser final : public QObject
{
    Q_OBJECT

public:
    enum class State { Idle, Loading, Ready, Empty, Failed };
    Q_ENUM(State)

    explicit EventBrowser(ApiClient &api, QObject *parent = nullptr);

    EventTableModel *model() { return &m_model; }
    const EventQuery &query() const { return m_query; }
    State state() const { return m_state; }
    Error lastError() const { return m_lastError; }
    int totalPages() const { return m_totalPages; }
    qint64 totalEvents() const { return m_totalEvents; }

    void reload();
    //! Back to the first page of the default query with nothing shown, as for a new user.
    void clear();
    //! A new search starts again at page 1.
    void setSearch(const QString &text);
    void setSort(EventQuery::SortField field, EventQuery::SortOrder order);
    void setPage(int page);
    void setPageSize(int limit);

    //! A change from the live feed.
    void applyLiveUpdate(const LiveMessage &message);
    //! A change this client knows first (its own booking), as of `version`.
    void updateTickets(const QString &eventId, int remaining, const QDateTime &version);
    //! Fetches one event again (e.g. after a cancellation) and updates its row.
    void refreshEvent(const QString &eventId);

Q_SIGNALS:
    void stateChanged(EventBrowser::State state);
    //! The query or the page count changed.
    void pagingChanged();
    //! The ticket count of a shown event changed.
    void ticketsChanged(const QString &eventId);

private:
    void setState(State state);
    void load();
    void show(const EventPage &page);

    ApiClient &m_api;
    EventTableModel m_model;
    EventQuery m_query;
    State m_state = State::Idle;
    Error m_lastError{ErrorCode::NetworkError};
    int m_totalPages = 0;
    qint64 m_totalEvents = 0;
    quint64 m_generation = 0;
    //! The ETag of the page shown, and the query it answered: a reload of the same page asks
    //! with If-None-Match, and a 304 keeps what is shown.
    QByteArray m_etag;
    EventQuery m_etagQuery;
};
