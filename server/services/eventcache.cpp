#include "eventcache.h"

#include <QCryptographicHash>
#include <QWaitCondition>

namespace {

//! What an entry costs beyond its body and key: the hash node, the list node, the ids.
constexpr qsizetype EntryOverhead = 160;
constexpr qsizetype IdCost = 96;

} // namespace

CachedBody CachedBody::of(QByteArray body)
{
    const QByteArray digest
        = QCryptographicHash::hash(body, QCryptographicHash::Sha1)
              .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return {std::move(body), '"' + digest + '"'};
}

struct EventCache::Flight
{
    quint64 startedAt = 0;
    bool done = false;
    //! Nothing it shows changed while it loaded: waiters may answer with it.
    bool fresh = false;
    std::optional<Result<CachedBody>> result;
    QWaitCondition finished;
};

EventCache::EventCache(Limits limits)
    : m_limits(limits)
{ }

EventCache::~EventCache() = default;

void EventCache::setEnabled(bool enabled)
{
    const QMutexLocker lock(&m_mutex);
    if (m_enabled == enabled)
        return;
    m_enabled = enabled && m_limits.maxEntries > 0;
    // Loads under way may have read before a change that nobody told: not kept.
    m_lastCatalogChange = ++m_sequence;
    clear();
}

bool EventCache::isEnabled() const
{
    const QMutexLocker lock(&m_mutex);
    return m_enabled;
}

std::optional<CachedBody> EventCache::find(Kind kind, const QByteArray &key)
{
    const QMutexLocker lock(&m_mutex);
    const auto entry = m_entries.find(key);
    if (entry == m_entries.end())
        return std::nullopt;
    m_recency.splice(m_recency.begin(), m_recency, entry->recency);
    ++m_statistics.hits[int(kind)];
    return entry->value;
}

Result<CachedBody> EventCache::get(Kind kind, const QByteArray &key, const Loader &load)
{
    QMutexLocker lock(&m_mutex);
    for (;;) {
        if (const auto entry = m_entries.find(key); entry != m_entries.end()) {
            m_recency.splice(m_recency.begin(), m_recency, entry->recency);
            ++m_statistics.hits[int(kind)];
            return entry->value;
        }
        if (!m_enabled) {
            ++m_statistics.misses[int(kind)];
            lock.unlock();
            auto loaded = load();
            if (!loaded)
                return loaded.error();
            return CachedBody::of(std::move(loaded->body));
        }
        const std::shared_ptr<Flight> flight = m_flights.value(key);
        if (!flight)
            return this->load(kind, key, load, lock);
        while (!flight->done)
            flight->finished.wait(&m_mutex);
        // An error is everyone's; an answer that may have missed a change is not: look again
        // (and load afresh if it was not kept).
        if (flight->result && (!*flight->result || flight->fresh)) {
            ++m_statistics.hits[int(kind)];
            return *flight->result;
        }
    }
}

Result<CachedBody> EventCache::load(Kind kind, const QByteArray &key, const Loader &load,
                                    QMutexLocker<QMutex> &lock)
{
    ++m_statistics.misses[int(kind)];
    const auto flight = std::make_shared<Flight>();
    flight->startedAt = m_sequence;
    m_flights.insert(key, flight);
    lock.unlock();

    auto loaded = load();
    Result<CachedBody> result = loaded ? Result<CachedBody>(CachedBody::of(std::move(loaded->body)))
                                       : Result<CachedBody>(loaded.error());

    lock.relock();
    flight->fresh = loaded && m_enabled && isFresh(*flight, loaded->eventIds);
    if (flight->fresh)
        store(key, *result, loaded->eventIds);
    flight->result = result;
    flight->done = true;
    flight->finished.wakeAll();
    m_flights.remove(key);
    if (m_flights.isEmpty())
        m_lastEventChange.clear();
    return result;
}

bool EventCache::isFresh(const Flight &flight, const QStringList &eventIds) const
{
    if (m_lastCatalogChange > flight.startedAt)
        return false;
    return std::none_of(eventIds.cbegin(), eventIds.cend(), [&](const QString &id) {
        return m_lastEventChange.value(id) > flight.startedAt;
    });
}

void EventCache::store(const QByteArray &key, const CachedBody &value, const QStringList &eventIds)
{
    const qsizetype bytes = value.body.size() + value.etag.size() + 2 * key.size() + EntryOverhead
        + IdCost * eventIds.size();
    if (bytes > m_limits.maxBytes)
        return;
    m_recency.push_front(key);
    m_entries.insert(key, {value, eventIds, bytes, m_recency.begin()});
    for (const QString &id : eventIds)
        m_keysByEvent[id].insert(key);
    m_statistics.bytes += bytes;
    ++m_statistics.entries;
    while (m_statistics.entries > m_limits.maxEntries || m_statistics.bytes > m_limits.maxBytes) {
        remove(m_entries.find(m_recency.back()));
        ++m_statistics.evictions;
    }
}

void EventCache::remove(QHash<QByteArray, Entry>::iterator entry)
{
    for (const QString &id : std::as_const(entry->eventIds)) {
        const auto keys = m_keysByEvent.find(id);
        keys->remove(entry.key());
        if (keys->isEmpty())
            m_keysByEvent.erase(keys);
    }
    m_recency.erase(entry->recency);
    m_statistics.bytes -= entry->bytes;
    --m_statistics.entries;
    m_entries.erase(entry);
}

void EventCache::clear()
{
    m_statistics.invalidations += m_entries.size();
    m_entries.clear();
    m_recency.clear();
    m_keysByEvent.clear();
    m_statistics.entries = 0;
    m_statistics.bytes = 0;
}

void EventCache::eventChanged(const QString &eventId)
{
    const QMutexLocker lock(&m_mutex);
    ++m_sequence;
    if (!m_flights.isEmpty())
        m_lastEventChange.insert(eventId, m_sequence);
    const auto keys = m_keysByEvent.constFind(eventId);
    if (keys == m_keysByEvent.cend())
        return;
    // remove() edits the index: go through a copy.
    const QSet<QByteArray> showing = *keys;
    for (const QByteArray &key : showing) {
        remove(m_entries.find(key));
        ++m_statistics.invalidations;
    }
}

void EventCache::catalogChanged()
{
    const QMutexLocker lock(&m_mutex);
    m_lastCatalogChange = ++m_sequence;
    clear();
}

EventCache::Statistics EventCache::statistics() const
{
    const QMutexLocker lock(&m_mutex);
    return m_statistics;
}
