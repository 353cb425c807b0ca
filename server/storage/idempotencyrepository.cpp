#include "idempotencyrepository.h"

#include "sqlsession.h"
#include "sqltime.h"

using namespace Qt::StringLiterals;

namespace {

//! Stored headers are "Name: value" lines.
QString headersText(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QByteArray text;
    for (const auto &[name, value] : headers)
        text += name + ": "_ba + value + '\n';
    return QString::fromLatin1(text);
}

QList<QPair<QByteArray, QByteArray>> parseHeaders(const QString &text)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    for (const QString &line : text.split(u'\n', Qt::SkipEmptyParts)) {
        const qsizetype colon = line.indexOf(u':');
        if (colon > 0)
            headers.append({line.left(colon).toLatin1(), line.mid(colon + 1).trimmed().toLatin1()});
    }
    return headers;
}

Result<void> execute(SqlSession &session, QSqlQuery &query)
{
    if (!session.exec(query))
        return session.error();
    return {};
}

} // namespace

Result<bool> IdempotencyRepository::insert(SqlSession &session, const QString &userId,
                                           const QString &key, const QString &owner,
                                           const QByteArray &requestHash,
                                           const QDateTime &lockedUntil,
                                           const QDateTime &expiresAt) const
{
    QSqlQuery &query = session.query(
        u"INSERT INTO idempotency_keys (user_id, key, owner, request_hash, locked_until, "
        u"expires_at) VALUES (?, ?, ?, ?, "_s
        + SqlTime::parameter() + u", "_s + SqlTime::parameter()
        + u") ON CONFLICT (user_id, key) DO NOTHING RETURNING 1"_s);
    query.bindValue(0, userId);
    query.bindValue(1, key);
    query.bindValue(2, owner);
    query.bindValue(3, requestHash);
    query.bindValue(4, SqlTime::toParameter(lockedUntil));
    query.bindValue(5, SqlTime::toParameter(expiresAt));
    if (!session.exec(query))
        return session.error();
    return query.next();
}

Result<std::optional<IdempotencyRecord>>
IdempotencyRepository::lock(SqlSession &session, const QString &userId, const QString &key) const
{
    QSqlQuery &query = session.query(
        u"SELECT request_hash, response_status, response_headers, response_body, "_s
        + SqlTime::epochMillis(u"locked_until"_s) + u", "_s + SqlTime::epochMillis(u"expires_at"_s)
        + u" FROM idempotency_keys WHERE user_id = ? AND key = ? FOR UPDATE"_s);
    query.bindValue(0, userId);
    query.bindValue(1, key);
    if (!session.exec(query))
        return session.error();
    if (!query.next())
        return std::optional<IdempotencyRecord>();
    IdempotencyRecord record;
    record.requestHash = query.value(0).toByteArray();
    if (!query.isNull(1)) {
        record.response
            = StoredResponse{query.value(1).toInt(), parseHeaders(query.value(2).toString()),
                             query.value(3).toByteArray()};
    }
    record.lockedUntil = SqlTime::fromEpochMillis(query.value(4));
    record.expiresAt = SqlTime::fromEpochMillis(query.value(5));
    return std::optional<IdempotencyRecord>(std::move(record));
}

Result<void> IdempotencyRepository::restart(SqlSession &session, const QString &userId,
                                            const QString &key, const QString &owner,
                                            const QByteArray &requestHash,
                                            const QDateTime &lockedUntil,
                                            const QDateTime &expiresAt) const
{
    QSqlQuery &query = session.query(
        u"UPDATE idempotency_keys SET owner = ?, request_hash = ?, response_status = NULL, "
        u"response_headers = NULL, response_body = NULL, locked_until = "_s
        + SqlTime::parameter() + u", expires_at = "_s + SqlTime::parameter()
        + u", created_at = now() WHERE user_id = ? AND key = ?"_s);
    query.bindValue(0, owner);
    query.bindValue(1, requestHash);
    query.bindValue(2, SqlTime::toParameter(lockedUntil));
    query.bindValue(3, SqlTime::toParameter(expiresAt));
    query.bindValue(4, userId);
    query.bindValue(5, key);
    return execute(session, query);
}

Result<void> IdempotencyRepository::storeResponse(SqlSession &session, const QString &userId,
                                                  const QString &key, const QString &owner,
                                                  const StoredResponse &response) const
{
    QSqlQuery &query
        = session.query(u"UPDATE idempotency_keys SET response_status = ?, response_headers = ?, "
                        u"response_body = ? WHERE user_id = ? AND key = ? AND owner = ?"_s);
    query.bindValue(0, response.status);
    query.bindValue(1, headersText(response.headers));
    query.bindValue(2, response.body);
    query.bindValue(3, userId);
    query.bindValue(4, key);
    query.bindValue(5, owner);
    return execute(session, query);
}

Result<void> IdempotencyRepository::remove(SqlSession &session, const QString &userId,
                                           const QString &key, const QString &owner) const
{
    QSqlQuery &query = session.query(
        u"DELETE FROM idempotency_keys WHERE user_id = ? AND key = ? AND owner = ?"_s);
    query.bindValue(0, userId);
    query.bindValue(1, key);
    query.bindValue(2, owner);
    return execute(session, query);
}

Result<int> IdempotencyRepository::deleteExpired(SqlSession &session, const QDateTime &now,
                                                 int limit) const
{
    QSqlQuery &query = session.query(
        u"DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys "
        u"WHERE expires_at <= "_s
        + SqlTime::parameter() + u" LIMIT ?)"_s);
    query.bindValue(0, SqlTime::toParameter(now));
    query.bindValue(1, limit);
    if (!session.exec(query))
        return session.error();
    return query.numRowsAffected();
}
