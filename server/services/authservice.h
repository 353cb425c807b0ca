#pragma once

#include "common/result.h"
#include "common/user.h"
#include "tokenservice.h"

class SqlSession;
class Database;
class PasswordHasher;
class RefreshTokenRepository;
class UserRepository;

struct RegisterRequest
{
    QString email;
    QString password;
    QString name;
};

struct LoginRequest
{
    QString email;
    QString password;
};

//! Accounts and sessions: registration, login, refresh-token rotation with reuse detection,
//! logout. Every method but authenticate() blocks on the database or on bcrypt. registerUser()
//! and login() hash on the calling thread (the password pool) and hand their SQL to the
//! database pool; never call them on the database pool itself. The others run on it.
class AuthService
{
public:
    AuthService(Database &database, const UserRepository &users,
                const RefreshTokenRepository &refreshTokens, const PasswordHasher &hasher,
                const TokenService &tokens);

    //! EMAIL_TAKEN when the (normalised) email is registered already.
    Result<AuthResult> registerUser(const RegisterRequest &request) const;
    //! INVALID_CREDENTIALS for an unknown email or a wrong password alike.
    Result<AuthResult> login(const LoginRequest &request) const;
    //! Rotates the refresh token. Presenting a token that was already rotated revokes its
    //! whole family (a stolen token is being replayed) and fails.
    Result<AuthResult> refresh(const QString &refreshToken) const;
    //! Revokes the family of the refresh token: the login session ends.
    Result<void> logout(const QString &refreshToken) const;
    Result<User> currentUser(const QString &userId) const;

    //! Verifies a bearer token without touching the database: cheap enough for any thread.
    Result<AccessClaims> authenticate(const QString &accessToken) const;

private:
    //! A new access token and a new refresh token of `familyId`, recorded in the database.
    Result<AuthResult> issueSession(SqlSession &session, const User &user,
                                    const QString &familyId) const;

    Database &m_database;
    const UserRepository &m_users;
    const RefreshTokenRepository &m_refreshTokens;
    const PasswordHasher &m_hasher;
    const TokenService &m_tokens;
};
