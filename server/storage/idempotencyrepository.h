#pragma once

#include "common/result.h"

#include <QDateTime>

class SqlSession;

//! A final answer kept for replay: status, the headers worth repeating, body.
struct StoredResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
};

//! One Idempotency-Key of one user.
struct IdempotencyRecord
{
    QByteArray requestHash;
    //! Set once the first request has its final answer.
    std::optional<StoredResponse> response;
    //! While there is no response: until when the first request may still be running.
    QDateTime lockedUntil;
    QDateTime expiresAt;
};

//! SQL of the idempotency_keys table.
class IdempotencyRepository
{
public:
    //! Records a new key as in flight for the request `owner`; false when the user has used
    //! it before.
    Result<bool> insert(SqlSession &session, const QString &userId, const QString &key,
                        const QString &owner, const QByteArray &requestHash,
                        const QDateTime &lockedUntil, const QDateTime &expiresAt) const;
    //! SELECT ... FOR UPDATE.
    Result<std::optional<IdempotencyRecord>> lock(SqlSession &session, const QString &userId,
                                                  const QString &key) const;
    //! Starts the key afresh for a new request `owner` (the old one expired or died).
    Result<void> restart(SqlSession &session, const QString &userId, const QString &key,
                         const QString &owner, const QByteArray &requestHash,
                         const QDateTime &lockedUntil, const QDateTime &expiresAt) const;
    //! Keeps the answer, if `owner` still holds the key.
    Result<void> storeResponse(SqlSession &session, const QString &userId, const QString &key,
                               const QString &owner, const StoredResponse &response) const;
    //! Frees the key, if `owner` still holds it.
    Result<void> remove(SqlSession &session, const QString &userId, const QString &key,
                        const QString &owner) const;
    //! Deletes up to `limit` keys that expired before `now`; how many.
    Result<int> deleteExpired(SqlSession &session, const QDateTime &now, int limit) const;
};
