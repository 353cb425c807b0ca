#include "eventservice.h"

#include "storage/database.h"
#include "storage/eventrepository.h"

EventService::EventService(Database &database, const EventRepository &events)
    : m_database(database)
    , m_events(events)
{ }

Result<EventPage> EventService::list(const EventQuery &query) const
{
    return m_database.session<EventPage>(
        [&](SqlSession &session) { return m_events.list(session, query); });
}

Result<Event> EventService::find(const QString &eventId) const
{
    auto event = m_database.session<std::optional<Event>>(
        [&](SqlSession &session) { return m_events.find(session, eventId); });
    if (!event)
        return event.error();
    if (!event->has_value())
        return Error(ErrorCode::EventNotFound);
    return **event;
}
