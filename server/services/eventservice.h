#pragma once

#include "common/event.h"
#include "common/eventquery.h"
#include "common/result.h"

class Database;
class EventRepository;

//! Reading events. Blocks on the database: call it on the worker pool.
class EventService
{
public:
    EventService(Database &database, const EventRepository &events);

    Result<EventPage> list(const EventQuery &query) const;
    //! EVENT_NOT_FOUND when there is no such event.
    Result<Event> find(const QString &eventId) const;

private:
    Database &m_database;
    const EventRepository &m_events;
};
