#pragma once

#include "common/event.h"
#include "common/eventquery.h"
#include "common/result.h"
#include "eventcache.h"

class Database;
class EventRepository;

//! Reading events, as the bodies of their answers: from the cache when it has them, else from
//! the database (then kept). Blocks on the database: call it on the worker pool, except the
//! cached* lookups, which never wait.
class EventService
{
public:
    EventService(Database &database, const EventRepository &events, EventCache &cache);

    //! A page of the listing, as JSON.
    Result<CachedBody> page(const EventQuery &query) const;
    //! One event, as JSON; EVENT_NOT_FOUND when there is no such event. `eventId` is
    //! canonical (Validation::canonicalUuid).
    Result<CachedBody> event(const QString &eventId) const;

    //! The same when the cache has it and the database is reachable; nullopt otherwise.
    std::optional<CachedBody> cachedPage(const EventQuery &query) const;
    std::optional<CachedBody> cachedEvent(const QString &eventId) const;

    static QByteArray pageKey(const EventQuery &query);
    static QByteArray eventKey(const QString &eventId);

private:
    Result<CachedBody> answer(EventCache::Kind kind, const QByteArray &key,
                              const EventCache::Loader &load) const;
    Result<EventCache::Loaded> loadPage(const EventQuery &query) const;
    Result<EventCache::Loaded> loadEvent(const QString &eventId) const;
    //! While the database is refused (its circuit breaker is open), answers come from it, so
    //! that they say it is unavailable rather than what was kept.
    bool mayUseCache() const;

    Database &m_database;
    const EventRepository &m_events;
    EventCache &m_cache;
};
