#include "tokenservice.h"

#include "clock.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <algorithm>
#include <cstdlib>
#include <jwt.h>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

struct JwtDeleter
{
    void operator()(jwt_t *jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

struct FreeDeleter
{
    void operator()(char *text) const { std::free(text); }
};

Error unauthorized(const QString &why)
{
    return Error(ErrorCode::Unauthorized, why);
}

//! Signs a token holding `grants` (strings) and `numbers` (integers) with HS256.
Result<QString> sign(const QByteArray &secret, const QList<QPair<QByteArray, QString>> &grants,
                     const QList<QPair<QByteArray, qint64>> &numbers)
{
    jwt_t *raw = nullptr;
    if (jwt_new(&raw) != 0)
        return Error(ErrorCode::Internal, u"cannot create a token"_s);
    JwtPtr jwt(raw);
    for (const auto &[name, value] : grants) {
        if (jwt_add_grant(jwt.get(), name.constData(), value.toUtf8().constData()) != 0)
            return Error(ErrorCode::Internal, u"cannot add a token claim"_s);
    }
    for (const auto &[name, value] : numbers) {
        if (jwt_add_grant_int(jwt.get(), name.constData(), long(value)) != 0)
            return Error(ErrorCode::Internal, u"cannot add a token claim"_s);
    }
    if (jwt_set_alg(jwt.get(), JWT_ALG_HS256,
                    reinterpret_cast<const unsigned char *>(secret.constData()), int(secret.size()))
        != 0)
        return Error(ErrorCode::Internal, u"cannot set the token algorithm"_s);
    std::unique_ptr<char, FreeDeleter> encoded(jwt_encode_str(jwt.get()));
    if (!encoded)
        return Error(ErrorCode::Internal, u"cannot sign a token"_s);
    return QString::fromLatin1(encoded.get());
}

//! The header must name HS256 before any signature check: `alg: none`, HS512, RS256 and
//! every other algorithm are refused outright, whatever the library would do with them.
bool headerIsHs256(const QByteArray &token)
{
    const qsizetype dot = token.indexOf('.');
    if (dot <= 0)
        return false;
    const auto decoded = QByteArray::fromBase64Encoding(
        token.first(dot), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    const QJsonObject header = QJsonDocument::fromJson(*decoded).object();
    return header.value("alg"_L1).toString() == u"HS256";
}

//! Only the characters of base64url parts and their dots. libjwt reads a C string: without
//! this, "<token>\0<anything>" would pass as <token>.
bool hasTokenCharacters(const QString &token)
{
    return std::all_of(token.begin(), token.end(), [](QChar c) {
        return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9')
            || c == u'-' || c == u'_' || c == u'.';
    });
}

Result<JwtPtr> decode(const QString &token, const QByteArray &secret)
{
    const QByteArray bytes = token.toLatin1();
    if (token.isEmpty() || !hasTokenCharacters(token) || bytes.count('.') != 2
        || !headerIsHs256(bytes))
        return unauthorized(u"malformed token"_s);
    jwt_t *raw = nullptr;
    if (jwt_decode(&raw, bytes.constData(),
                   reinterpret_cast<const unsigned char *>(secret.constData()), int(secret.size()))
        != 0)
        return unauthorized(u"invalid token signature"_s);
    JwtPtr jwt(raw);
    if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256)
        return unauthorized(u"unexpected token algorithm"_s);
    return jwt;
}

QString stringClaim(jwt_t *jwt, const char *name)
{
    const char *value = jwt_get_grant(jwt, name);
    return value ? QString::fromUtf8(value) : QString();
}

std::optional<qint64> numberClaim(jwt_t *jwt, const char *name)
{
    errno = 0;
    const long value = jwt_get_grant_int(jwt, name);
    if (errno != 0)
        return std::nullopt;
    return qint64(value);
}

} // namespace

TokenService::TokenService(Settings settings, const Clock &clock)
    : m_settings(std::move(settings))
    , m_clock(clock)
{ }

Result<QString> TokenService::issueAccessToken(const QString &userId, const QString &email) const
{
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    return sign(m_settings.accessSecret, {{"sub", userId}, {"email", email}},
                {{"iat", now}, {"exp", now + m_settings.accessLifetime.count()}});
}

Result<TokenService::IssuedRefreshToken>
TokenService::issueRefreshToken(const QString &userId, const QString &familyId) const
{
    const QDateTime now = m_clock.now();
    RefreshClaims claims{userId, QUuid::createUuid().toString(QUuid::WithoutBraces), familyId,
                         now.addSecs(m_settings.refreshLifetime.count())};
    auto token
        = sign(m_settings.refreshSecret,
               {{"sub", claims.userId}, {"jti", claims.tokenId}, {"fam", claims.familyId}},
               {{"iat", now.toSecsSinceEpoch()}, {"exp", claims.expiresAt.toSecsSinceEpoch()}});
    if (!token)
        return token.error();
    return IssuedRefreshToken{std::move(token).value(), claims};
}

Result<AccessClaims> TokenService::verifyAccessToken(const QString &token) const
{
    auto jwt = decode(token, m_settings.accessSecret);
    if (!jwt)
        return jwt.error();
    const auto expires = numberClaim(jwt->get(), "exp");
    AccessClaims claims{stringClaim(jwt->get(), "sub"), stringClaim(jwt->get(), "email")};
    // A refresh token is never an access token, even if both secrets were set equal.
    if (claims.userId.isEmpty() || claims.email.isEmpty() || !expires
        || jwt_get_grant(jwt->get(), "fam") != nullptr)
        return unauthorized(u"not an access token"_s);
    if (*expires <= m_clock.now().toSecsSinceEpoch())
        return unauthorized(u"token expired"_s);
    return claims;
}

Result<RefreshClaims> TokenService::verifyRefreshToken(const QString &token) const
{
    auto jwt = decode(token, m_settings.refreshSecret);
    if (!jwt)
        return jwt.error();
    const auto expires = numberClaim(jwt->get(), "exp");
    RefreshClaims claims{stringClaim(jwt->get(), "sub"),
                         stringClaim(jwt->get(), "jti"),
                         stringClaim(jwt->get(), "fam"),
                         {}};
    if (claims.userId.isEmpty() || claims.tokenId.isEmpty() || claims.familyId.isEmpty()
        || !expires)
        return unauthorized(u"not a refresh token"_s);
    claims.expiresAt = QDateTime::fromSecsSinceEpoch(*expires, Qt::UTC);
    // An expiry past QDateTime's range (e.g. 2^63 - 1) makes no date: never a valid claim.
    if (!claims.expiresAt.isValid())
        return unauthorized(u"not a refresh token"_s);
    if (*expires <= m_clock.now().toSecsSinceEpoch())
        return unauthorized(u"token expired"_s);
    return claims;
}

QByteArray TokenService::fingerprint(const QString &token)
{
    return QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256);
}
