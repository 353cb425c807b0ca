#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QSet>
#include <QStringList>

#include <functional>
#include <list>
#include <memory>
#include <optional>

//! A response body kept for reuse, with its entity tag.
struct CachedBody
{
    QByteArray body;
    //! A strong entity tag of the body, quoted as in the ETag header.
    QByteArray etag;

    static CachedBody of(QByteArray body);
};

//! The answers of the event routes (pages of the listing and single events), kept in memory
//! so that a refresh in an on-sale rush costs no database round trip.
//!
//! Freshness comes from the change feed every instance follows: an event's change drops every
//! answer that shows it, a change of the catalogue (an event added, removed or edited) drops
//! everything. While the feed is not listening the cache is disabled: it finds nothing and
//! keeps nothing, so a missed change can never be served. An answer loaded while a change it
//! shows arrived is handed to its request but not kept.
//!
//! One caller at a time loads a missing key; the others that want it meanwhile wait for that
//! answer instead of asking the database too. Bounded in entries and bytes; the least recently
//! used go first. Thread-safe.
class EventCache
{
public:
    struct Limits
    {
        //! 0 disables the cache for good.
        qsizetype maxEntries = 2000;
        qsizetype maxBytes = 16 * 1024 * 1024;
    };
    enum class Kind { Page, Event };
    static constexpr int KindCount = 2;

    struct Statistics
    {
        qint64 hits[KindCount] = {};
        qint64 misses[KindCount] = {};
        //! Answers dropped for room.
        qint64 evictions = 0;
        //! Answers dropped because what they show changed.
        qint64 invalidations = 0;
        qsizetype entries = 0;
        qsizetype bytes = 0;
    };

    //! What loading a key gives: the body, and the events it shows.
    struct Loaded
    {
        QByteArray body;
        QStringList eventIds;
    };
    using Loader = std::function<Result<Loaded>()>;

    explicit EventCache(Limits limits);
    ~EventCache();

    //! Off by default: turned on once the change feed listens, off (and emptied) when it stops.
    void setEnabled(bool enabled);
    bool isEnabled() const;

    //! The answer kept under `key`, counted as a hit; never waits.
    std::optional<CachedBody> find(Kind kind, const QByteArray &key);
    //! The answer under `key`: kept, or loaded by `load` (or by whoever loads it already) and
    //! kept if nothing it shows changed meanwhile. Blocks: call it on the worker pool.
    Result<CachedBody> get(Kind kind, const QByteArray &key, const Loader &load);

    //! The event's tickets changed: every answer showing it goes.
    void eventChanged(const QString &eventId);
    //! Events were added, removed or edited: everything goes.
    void catalogChanged();

    Statistics statistics() const;
    const Limits &limits() const { return m_limits; }

private:
    struct Entry
    {
        CachedBody value;
        QStringList eventIds;
        qsizetype bytes = 0;
        std::list<QByteArray>::iterator recency;
    };
    struct Flight;

    Result<CachedBody> load(Kind kind, const QByteArray &key, const Loader &load,
                            QMutexLocker<QMutex> &lock);
    bool isFresh(const Flight &flight, const QStringList &eventIds) const;
    void store(const QByteArray &key, const CachedBody &value, const QStringList &eventIds);
    void remove(QHash<QByteArray, Entry>::iterator entry);
    void clear();

    const Limits m_limits;
    mutable QMutex m_mutex;
    bool m_enabled = false;
    QHash<QByteArray, Entry> m_entries;
    //! Most recently used first.
    std::list<QByteArray> m_recency;
    QHash<QString, QSet<QByteArray>> m_keysByEvent;
    QHash<QByteArray, std::shared_ptr<Flight>> m_flights;
    //! Counts changes. While loads run, the last change of each event and of everything, to
    //! tell whether an answer they got is still current.
    quint64 m_sequence = 0;
    quint64 m_lastCatalogChange = 0;
    QHash<QString, quint64> m_lastEventChange;
    Statistics m_statistics;
};
