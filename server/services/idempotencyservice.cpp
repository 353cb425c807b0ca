#include "idempotencyservice.h"

#include "clock.h"
#include "storage/database.h"
#include "storage/idempotencyrepository.h"

#include <QLoggingCategory>
#include <QUuid>

Q_LOGGING_CATEGORY(lcIdempotency, "booking.server.idempotency", QtInfoMsg)

namespace {

constexpr int pruneChunk = 1000;

StoredResponse toRecord(const IdempotencyService::Response &response)
{
    return {response.status, response.headers, response.body};
}

IdempotencyService::Response fromRecord(const StoredResponse &stored)
{
    return {stored.status, stored.headers, stored.body};
}

} // namespace

IdempotencyService::IdempotencyService(Database &database, const IdempotencyRepository &keys,
                                       const Clock &clock, Settings settings, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_keys(keys)
    , m_clock(clock)
    , m_settings(settings)
{
    if (m_settings.pruneInterval.count() > 0) {
        m_pruneTimer.setInterval(m_settings.pruneInterval);
        connect(&m_pruneTimer, &QTimer::timeout, this, [this] { pruneExpired(); });
        m_pruneTimer.start();
    }
}

bool IdempotencyService::isValidKey(QByteArrayView key)
{
    return !key.isEmpty() && key.size() <= MaxKeyLength
        && std::all_of(key.begin(), key.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

void IdempotencyService::claim(const QString &userId, const QString &key,
                               const QByteArray &requestHash,
                               std::function<void(Result<Claim>)> done)
{
    const QDateTime now = m_clock.now();
    m_database.async<Result<Claim>>(
        this, [=, this] { return claimNow(userId, key, requestHash, now); }, std::move(done));
}

Result<IdempotencyService::Claim> IdempotencyService::claimNow(const QString &userId,
                                                               const QString &key,
                                                               const QByteArray &requestHash,
                                                               const QDateTime &now) const
{
    const QDateTime lockedUntil = now.addMSecs(m_settings.inFlightLease.count());
    const QDateTime expiresAt = now.addSecs(m_settings.retention.count());
    const QString owner = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const Claim proceed{Claim::Kind::Proceed, {}, owner};
    return m_database.transaction<Claim>([&](SqlSession &session) -> Result<Claim> {
        std::optional<IdempotencyRecord> existing;
        // Twice at most: a key deleted between the two statements (its request failed and
        // freed it) is inserted anew.
        for (int attempt = 0; attempt < 2 && !existing; ++attempt) {
            auto inserted
                = m_keys.insert(session, userId, key, owner, requestHash, lockedUntil, expiresAt);
            if (!inserted)
                return inserted.error();
            if (*inserted)
                return proceed;
            auto record = m_keys.lock(session, userId, key);
            if (!record)
                return record.error();
            existing = *record;
        }
        if (!existing)
            return Error(ErrorCode::ServiceUnavailable);
        const bool expired = existing->expiresAt <= now;
        const bool abandoned = !existing->response && existing->lockedUntil <= now;
        if (expired || (abandoned && existing->requestHash == requestHash)) {
            if (auto restarted
                = m_keys.restart(session, userId, key, owner, requestHash, lockedUntil, expiresAt);
                !restarted)
                return restarted.error();
            return proceed;
        }
        if (existing->requestHash != requestHash)
            return Claim{Claim::Kind::Reused, {}, {}};
        if (!existing->response)
            return Claim{Claim::Kind::InFlight, {}, {}};
        return Claim{Claim::Kind::Replay, fromRecord(*existing->response), {}};
    });
}

void IdempotencyService::complete(const QString &userId, const QString &key, const QString &owner,
                                  const Response &response, std::function<void(Result<void>)> done)
{
    m_database.async<Result<void>>(
        this,
        [=, this] {
            return m_database.session<void>([&](SqlSession &session) {
                return m_keys.storeResponse(session, userId, key, owner, toRecord(response));
            });
        },
        std::move(done));
}

void IdempotencyService::abandon(const QString &userId, const QString &key, const QString &owner,
                                 std::function<void(Result<void>)> done)
{
    m_database.async<Result<void>>(
        this,
        [=, this] {
            return m_database.session<void>(
                [&](SqlSession &session) { return m_keys.remove(session, userId, key, owner); });
        },
        std::move(done));
}

void IdempotencyService::pruneExpired(std::function<void(Result<int>)> done)
{
    const QDateTime now = m_clock.now();
    m_database.async<Result<int>>(
        this,
        [this, now]() -> Result<int> {
            int deleted = 0;
            for (;;) {
                auto chunk = m_database.session<int>([&](SqlSession &session) {
                    return m_keys.deleteExpired(session, now, pruneChunk);
                });
                if (!chunk)
                    return chunk.error();
                deleted += *chunk;
                if (*chunk < pruneChunk)
                    return deleted;
            }
        },
        [done](Result<int> deleted) {
            if (deleted && *deleted > 0)
                qCInfo(lcIdempotency) << "pruned" << *deleted << "expired idempotency keys";
            if (done)
                done(deleted);
        });
}
