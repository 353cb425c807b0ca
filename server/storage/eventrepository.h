#pragma once

#include "common/event.h"
#include "common/eventquery.h"
#include "common/result.h"

class SqlSession;

//! SQL of the events table.
class EventRepository
{
public:
    Result<EventPage> list(SqlSession &session, const EventQuery &query) const;
    Result<std::optional<Event>> find(SqlSession &session, const QString &id) const;
    //! SELECT ... FOR UPDATE: the row stays locked until the transaction ends.
    Result<std::optional<Event>> lock(SqlSession &session, const QString &id) const;
    struct TicketCount
    {
        int remaining = 0;
        QDateTime updatedAt; //!< when it changed: orders the changes of one event
    };
    //! Adds `delta` (-1 to sell, +1 to give back) and returns the new remaining count.
    Result<TicketCount> adjustRemaining(SqlSession &session, const QString &id, int delta) const;
    Result<Event> insert(SqlSession &session, const Event &event) const;
    Result<qint64> count(SqlSession &session) const;
};
