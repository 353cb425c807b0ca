#include "authservice.h"

#include "common/validation.h"
#include "passwordhasher.h"
#include "storage/database.h"
#include "storage/refreshtokenrepository.h"
#include "storage/userrepository.h"

#include <QUuid>

#include <openssl/crypto.h>

using namespace Qt::StringLiterals;

namespace {

Error sessionRefused()
{
    return Error(ErrorCode::Unauthorized, u"Invalid or expired refresh token"_s);
}

bool sameFingerprint(const QByteArray &a, const QByteArray &b)
{
    return a.size() == b.size()
        && CRYPTO_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

} // namespace

AuthService::AuthService(Database &database, const UserRepository &users,
                         const RefreshTokenRepository &refreshTokens, const PasswordHasher &hasher,
                         const TokenService &tokens)
    : m_database(database)
    , m_users(users)
    , m_refreshTokens(refreshTokens)
    , m_hasher(hasher)
    , m_tokens(tokens)
{ }

Result<AuthResult> AuthService::issueSession(SqlSession &session, const User &user,
                                             const QString &familyId) const
{
    auto access = m_tokens.issueAccessToken(user.id, user.email);
    if (!access)
        return access.error();
    auto refresh = m_tokens.issueRefreshToken(user.id, familyId);
    if (!refresh)
        return refresh.error();
    const RefreshTokenRecord record{refresh->claims.tokenId, familyId, user.id,
                                    TokenService::fingerprint(refresh->token),
                                    refresh->claims.expiresAt};
    if (auto stored = m_refreshTokens.insert(session, record); !stored)
        return stored.error();
    return AuthResult{user, std::move(access).value(), refresh->token};
}

Result<AuthResult> AuthService::registerUser(const RegisterRequest &request) const
{
    const QString email = Validation::normalizeEmail(request.email);
    // Hash before the transaction: bcrypt is slow and needs no lock.
    auto hash = m_hasher.hash(request.password);
    if (!hash)
        return hash.error();
    return m_database.runAndWait([&] {
        return m_database.transaction<AuthResult>([&](SqlSession &session) -> Result<AuthResult> {
            auto user
                = m_users.insert(session, email, Validation::normalizeName(request.name), *hash);
            if (!user)
                return user.error();
            if (!user->has_value())
                return Error(ErrorCode::EmailTaken);
            const QString family = QUuid::createUuid().toString(QUuid::WithoutBraces);
            return issueSession(session, **user, family);
        });
    });
}

Result<AuthResult> AuthService::login(const LoginRequest &request) const
{
    const QString email = Validation::normalizeEmail(request.email);
    auto found = m_database.runAndWait([&] {
        return m_database.session<std::optional<UserCredentials>>(
            [&](SqlSession &session) { return m_users.findByEmail(session, email); });
    });
    if (!found)
        return found.error();
    if (!found->has_value()) {
        m_hasher.verifyAgainstDummy(request.password);
        return Error(ErrorCode::InvalidCredentials);
    }
    const UserCredentials &credentials = **found;
    if (!m_hasher.verify(request.password, credentials.passwordHash))
        return Error(ErrorCode::InvalidCredentials);
    return m_database.runAndWait([&] {
        return m_database.transaction<AuthResult>([&](SqlSession &session) {
            return issueSession(session, credentials.user,
                                QUuid::createUuid().toString(QUuid::WithoutBraces));
        });
    });
}

Result<AuthResult> AuthService::refresh(const QString &refreshToken) const
{
    auto claims = m_tokens.verifyRefreshToken(refreshToken);
    if (!claims)
        return sessionRefused();
    return m_database.transaction<AuthResult>([&](SqlSession &session) -> Result<AuthResult> {
        if (auto locked = m_refreshTokens.lockFamily(session, claims->familyId); !locked)
            return locked.error();
        auto stored = m_refreshTokens.lock(session, claims->tokenId);
        if (!stored)
            return stored.error();
        if (!stored->has_value())
            return sessionRefused();
        const RefreshTokenRecord &record = **stored;
        if (!sameFingerprint(record.tokenHash, TokenService::fingerprint(refreshToken))
            || record.userId != claims->userId || record.familyId != claims->familyId
            || record.revoked)
            return sessionRefused();
        if (record.used) {
            // Replay of a rotated token: whoever holds the family may be an attacker. End
            // the session for everyone, and keep that even though the request fails.
            if (auto revoked = m_refreshTokens.revokeFamily(session, record.familyId); !revoked)
                return revoked.error();
            session.keepChanges();
            return sessionRefused();
        }
        if (auto used = m_refreshTokens.markUsed(session, record.id); !used)
            return used.error();
        auto user = m_users.find(session, record.userId);
        if (!user)
            return user.error();
        if (!user->has_value())
            return sessionRefused();
        return issueSession(session, **user, record.familyId);
    });
}

Result<void> AuthService::logout(const QString &refreshToken) const
{
    auto claims = m_tokens.verifyRefreshToken(refreshToken);
    if (!claims)
        return sessionRefused();
    auto done = m_database.transaction<bool>([&](SqlSession &session) -> Result<bool> {
        if (auto locked = m_refreshTokens.lockFamily(session, claims->familyId); !locked)
            return locked.error();
        auto stored = m_refreshTokens.lock(session, claims->tokenId);
        if (!stored)
            return stored.error();
        if (!stored->has_value() || (*stored)->revoked
            || !sameFingerprint((*stored)->tokenHash, TokenService::fingerprint(refreshToken)))
            return sessionRefused();
        if (auto revoked = m_refreshTokens.revokeFamily(session, (*stored)->familyId); !revoked)
            return revoked.error();
        return true;
    });
    if (!done)
        return done.error();
    return {};
}

Result<User> AuthService::currentUser(const QString &userId) const
{
    auto user = m_database.session<std::optional<User>>(
        [&](SqlSession &session) { return m_users.find(session, userId); });
    if (!user)
        return user.error();
    if (!user->has_value())
        return Error(ErrorCode::Unauthorized);
    return **user;
}

Result<AccessClaims> AuthService::authenticate(const QString &accessToken) const
{
    auto claims = m_tokens.verifyAccessToken(accessToken);
    if (!claims)
        return Error(ErrorCode::Unauthorized);
    return claims;
}
