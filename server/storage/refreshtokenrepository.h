#pragma once

#include "common/result.h"

#include <QDateTime>

class SqlSession;

//! One issued refresh token, identified by its `jti`. Only a hash of the token is stored.
struct RefreshTokenRecord
{
    QString id;
    QString familyId;
    QString userId;
    QByteArray tokenHash;
    QDateTime expiresAt;
    bool used = false;
    bool revoked = false;
};

//! SQL of the refresh_tokens table.
class RefreshTokenRepository
{
public:
    Result<void> insert(SqlSession &session, const RefreshTokenRecord &token) const;
    //! Serialises the transactions of one login session (family) until commit: a refresh
    //! then never issues a token while another transaction revokes the family.
    Result<void> lockFamily(SqlSession &session, const QString &familyId) const;
    //! SELECT ... FOR UPDATE, so that two refreshes with one token cannot both succeed.
    Result<std::optional<RefreshTokenRecord>> lock(SqlSession &session, const QString &id) const;
    Result<void> markUsed(SqlSession &session, const QString &id) const;
    Result<void> revokeFamily(SqlSession &session, const QString &familyId) const;
    //! Deletes at most `limit` tokens that expired before `now`; how many. An expired token is
    //! refused by its signature's `exp` already, so its row serves nothing any more.
    Result<int> deleteExpired(SqlSession &session, const QDateTime &now, int limit) const;
};
