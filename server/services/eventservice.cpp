#include "eventservice.h"

#include "storage/database.h"
#include "storage/eventrepository.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

EventService::EventService(Database &database, const EventRepository &events, EventCache &cache)
    : m_database(database)
    , m_events(events)
    , m_cache(cache)
{ }

QByteArray EventService::pageKey(const EventQuery &query)
{
    return "page?"_ba + query.toUrlQuery().toString(QUrl::FullyEncoded).toUtf8();
}

QByteArray EventService::eventKey(const QString &eventId)
{
    return "event/"_ba + eventId.toLatin1();
}

Result<CachedBody> EventService::page(const EventQuery &query) const
{
    return answer(EventCache::Kind::Page, pageKey(query), [&] { return loadPage(query); });
}

Result<CachedBody> EventService::event(const QString &eventId) const
{
    return answer(EventCache::Kind::Event, eventKey(eventId), [&] { return loadEvent(eventId); });
}

Result<CachedBody> EventService::answer(EventCache::Kind kind, const QByteArray &key,
                                        const EventCache::Loader &load) const
{
    if (mayUseCache())
        return m_cache.get(kind, key, load);
    auto loaded = load();
    if (!loaded)
        return loaded.error();
    return CachedBody::of(std::move(loaded->body));
}

std::optional<CachedBody> EventService::cachedPage(const EventQuery &query) const
{
    if (!mayUseCache())
        return std::nullopt;
    return m_cache.find(EventCache::Kind::Page, pageKey(query));
}

std::optional<CachedBody> EventService::cachedEvent(const QString &eventId) const
{
    if (!mayUseCache())
        return std::nullopt;
    return m_cache.find(EventCache::Kind::Event, eventKey(eventId));
}

Result<EventCache::Loaded> EventService::loadPage(const EventQuery &query) const
{
    auto page = m_database.session<EventPage>(
        [&](SqlSession &session) { return m_events.list(session, query); });
    if (!page)
        return page.error();
    EventCache::Loaded loaded{QJsonDocument(page->toJson()).toJson(QJsonDocument::Compact), {}};
    loaded.eventIds.reserve(page->events.size());
    for (const Event &event : std::as_const(page->events))
        loaded.eventIds.append(event.id);
    return loaded;
}

Result<EventCache::Loaded> EventService::loadEvent(const QString &eventId) const
{
    auto event = m_database.session<std::optional<Event>>(
        [&](SqlSession &session) { return m_events.find(session, eventId); });
    if (!event)
        return event.error();
    if (!event->has_value())
        return Error(ErrorCode::EventNotFound);
    return EventCache::Loaded{QJsonDocument((*event)->toJson()).toJson(QJsonDocument::Compact),
                              {(*event)->id}};
}

bool EventService::mayUseCache() const
{
    return m_database.breaker().state() == CircuitBreaker::State::Closed;
}
