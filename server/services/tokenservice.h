#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QDateTime>

#include <chrono>

class Clock;

//! What a valid access token says: who is calling.
struct AccessClaims
{
    QString userId;
    QString email;
};

//! What a valid refresh token says: whose session (family) it belongs to and which one it is.
struct RefreshClaims
{
    QString userId;
    QString tokenId;
    QString familyId;
    QDateTime expiresAt;
};

//! HS256 JSON Web Tokens through libjwt. Access tokens carry sub, email, iat, exp; refresh
//! tokens sub, jti, fam, iat, exp. Verification accepts HS256 only and checks expiry against
//! the Clock.
class TokenService
{
public:
    struct Settings
    {
        QByteArray accessSecret;
        QByteArray refreshSecret;
        std::chrono::seconds accessLifetime{15 * 60};
        std::chrono::seconds refreshLifetime{7 * 24 * 3600};
    };

    struct IssuedRefreshToken
    {
        QString token;
        RefreshClaims claims;
    };

    TokenService(Settings settings, const Clock &clock);

    Result<QString> issueAccessToken(const QString &userId, const QString &email) const;
    Result<IssuedRefreshToken> issueRefreshToken(const QString &userId,
                                                 const QString &familyId) const;

    //! UNAUTHORIZED for anything but an unexpired HS256 access token signed with our secret.
    Result<AccessClaims> verifyAccessToken(const QString &token) const;
    Result<RefreshClaims> verifyRefreshToken(const QString &token) const;

    //! SHA-256 of a token: what the database stores instead of the token.
    static QByteArray fingerprint(const QString &token);

private:
    const Settings m_settings;
    const Clock &m_clock;
};
