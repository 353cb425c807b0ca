#include "refreshtokenrepository.h"

#include "sqlsession.h"
#include "sqltime.h"

using namespace Qt::StringLiterals;

Result<void> RefreshTokenRepository::insert(SqlSession &session,
                                            const RefreshTokenRecord &token) const
{
    QSqlQuery &query = session.query(
        u"INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, expires_at) "
        u"VALUES (?, ?, ?, ?, ?)"_s);
    query.bindValue(0, token.id);
    query.bindValue(1, token.familyId);
    query.bindValue(2, token.userId);
    query.bindValue(3, token.tokenHash);
    query.bindValue(4, token.expiresAt);
    if (!session.exec(query))
        return session.error();
    return {};
}

Result<void> RefreshTokenRepository::lockFamily(SqlSession &session, const QString &familyId) const
{
    QSqlQuery &query = session.query(u"SELECT pg_advisory_xact_lock(hashtextextended(?, 0))"_s);
    query.bindValue(0, familyId);
    if (!session.exec(query))
        return session.error();
    return {};
}

Result<std::optional<RefreshTokenRecord>> RefreshTokenRepository::lock(SqlSession &session,
                                                                       const QString &id) const
{
    QSqlQuery &query = session.query(
        u"SELECT id, family_id, user_id, token_hash, "_s + SqlTime::epochMillis(u"expires_at"_s)
        + u", used_at IS NOT NULL, "
          u"revoked_at IS NOT NULL FROM refresh_tokens WHERE id = ? FOR UPDATE"_s);
    query.bindValue(0, id);
    if (!session.exec(query))
        return session.error();
    if (!query.next())
        return std::optional<RefreshTokenRecord>();
    return std::optional<RefreshTokenRecord>({
        query.value(0).toString(),
        query.value(1).toString(),
        query.value(2).toString(),
        query.value(3).toByteArray(),
        SqlTime::fromEpochMillis(query.value(4)),
        query.value(5).toBool(),
        query.value(6).toBool(),
    });
}

Result<void> RefreshTokenRepository::markUsed(SqlSession &session, const QString &id) const
{
    QSqlQuery &query = session.query(u"UPDATE refresh_tokens SET used_at = now() WHERE id = ?"_s);
    query.bindValue(0, id);
    if (!session.exec(query))
        return session.error();
    return {};
}

Result<void> RefreshTokenRepository::revokeFamily(SqlSession &session,
                                                  const QString &familyId) const
{
    QSqlQuery &query = session.query(u"UPDATE refresh_tokens SET revoked_at = now() "
                                     u"WHERE family_id = ? AND revoked_at IS NULL"_s);
    query.bindValue(0, familyId);
    if (!session.exec(query))
        return session.error();
    return {};
}

Result<int> RefreshTokenRepository::deleteExpired(SqlSession &session, const QDateTime &now,
                                                  int limit) const
{
    // Bounded, so that a large backlog never holds one long transaction; the expiry index
    // finds the rows.
    QSqlQuery &query
        = session.query(u"DELETE FROM refresh_tokens WHERE id IN (SELECT id FROM refresh_tokens "
                        u"WHERE expires_at < "_s
                        + SqlTime::parameter() + u" LIMIT ?)"_s);
    query.bindValue(0, SqlTime::toParameter(now));
    query.bindValue(1, limit);
    if (!session.exec(query))
        return session.error();
    return query.numRowsAffected();
}
