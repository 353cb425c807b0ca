#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTimer>

#include <chrono>
#include <functional>

class Clock;
class Database;
class IdempotencyRepository;

//! Idempotency-Key: a request sent again with the same key (after a lost answer, say) gets
//! the first answer instead of running again. Keys are per user, kept in the database so
//! that every instance sees them, and pruned after `retention`. Asynchronous: the database
//! work runs on the pool and the answers come back on this object's thread.
class IdempotencyService final : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        std::chrono::seconds retention{std::chrono::hours(24)};
        //! How long a first request may run before a retry may take its key over (the
        //! instance running it is then presumed dead).
        std::chrono::milliseconds inFlightLease{std::chrono::minutes(11)};
        //! How often expired keys are deleted (0: only when asked).
        std::chrono::milliseconds pruneInterval{std::chrono::minutes(10)};
    };

    //! A final answer kept for replay: status, the headers worth repeating, body. (The
    //! repository keeps it as its own StoredResponse: this layer's users do not see storage.)
    struct Response
    {
        int status = 0;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
    };

    //! What to do with a request that carries a key.
    struct Claim
    {
        enum class Kind {
            Proceed, //!< the key is ours now: run the request, then complete() or abandon()
            Replay, //!< the first request's answer, in `response`
            InFlight, //!< the first request is still running
            Reused, //!< the key was used for another request
        };
        Kind kind = Kind::Proceed;
        Response response;
        //! Proceed: this request's hold on the key, for complete() or abandon().
        QString owner;
    };

    IdempotencyService(Database &database, const IdempotencyRepository &keys, const Clock &clock,
                       Settings settings, QObject *parent = nullptr);

    void claim(const QString &userId, const QString &key, const QByteArray &requestHash,
               std::function<void(Result<Claim>)> done);
    //! Keeps the final answer of a claimed key for replay (unless the key was taken over
    //! meanwhile).
    void complete(const QString &userId, const QString &key, const QString &owner,
                  const Response &response, std::function<void(Result<void>)> done);
    //! Frees a claimed key whose request had no final answer (5xx, 429), for a retry.
    void abandon(const QString &userId, const QString &key, const QString &owner,
                 std::function<void(Result<void>)> done);
    //! Deletes every expired key; how many.
    void pruneExpired(std::function<void(Result<int>)> done = {});
    //! No more periodic pruning (the server is shutting down).
    void stopPruning() { m_pruneTimer.stop(); }

    static constexpr int MaxKeyLength = 255;
    //! 1 to 255 visible ASCII characters.
    static bool isValidKey(QByteArrayView key);

private:
    Result<Claim> claimNow(const QString &userId, const QString &key, const QByteArray &requestHash,
                           const QDateTime &now) const;

    Database &m_database;
    const IdempotencyRepository &m_keys;
    const Clock &m_clock;
    const Settings m_settings;
    QTimer m_pruneTimer;
};
