#pragma once

#include "common/result.h"
#include "common/user.h"

class SqlSession;

//! A user row with the password hash, which never leaves the services layer.
struct UserCredentials
{
    User user;
    QString passwordHash;
};

//! SQL of the users table.
class UserRepository
{
public:
    Result<std::optional<UserCredentials>> findByEmail(SqlSession &session,
                                                       const QString &email) const;
    Result<std::optional<User>> find(SqlSession &session, const QString &id) const;
    //! The new user; nullopt when the email is already registered.
    Result<std::optional<User>> insert(SqlSession &session, const QString &email,
                                       const QString &name, const QString &passwordHash) const;
    Result<qint64> count(SqlSession &session) const;
};
