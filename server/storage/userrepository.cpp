#include "userrepository.h"

#include "sqlsession.h"
#include "sqltime.h"

using namespace Qt::StringLiterals;

namespace {

const QString columns = u"id, email, name, "_s + SqlTime::epochMillis(u"created_at"_s);

User readUser(const QSqlQuery &query)
{
    return User{query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
                SqlTime::fromEpochMillis(query.value(3))};
}

Result<std::optional<User>> optionalUser(SqlSession &session, QSqlQuery &query)
{
    if (!session.exec(query))
        return session.error();
    if (!query.next())
        return std::optional<User>();
    return std::optional<User>(readUser(query));
}

} // namespace

Result<std::optional<UserCredentials>> UserRepository::findByEmail(SqlSession &session,
                                                                   const QString &email) const
{
    QSqlQuery &query
        = session.query(u"SELECT "_s + columns + u", password_hash FROM users WHERE email = ?"_s);
    query.bindValue(0, email);
    if (!session.exec(query))
        return session.error();
    if (!query.next())
        return std::optional<UserCredentials>();
    return std::optional<UserCredentials>({readUser(query), query.value(4).toString()});
}

Result<std::optional<User>> UserRepository::find(SqlSession &session, const QString &id) const
{
    QSqlQuery &query = session.query(u"SELECT "_s + columns + u" FROM users WHERE id = ?"_s);
    query.bindValue(0, id);
    return optionalUser(session, query);
}

Result<std::optional<User>> UserRepository::insert(SqlSession &session, const QString &email,
                                                   const QString &name,
                                                   const QString &passwordHash) const
{
    QSqlQuery &query
        = session.query(u"INSERT INTO users (email, name, password_hash) VALUES (?, ?, ?) "
                        u"ON CONFLICT (email) DO NOTHING RETURNING "_s
                        + columns);
    query.bindValue(0, email);
    query.bindValue(1, name);
    query.bindValue(2, passwordHash);
    return optionalUser(session, query);
}

Result<qint64> UserRepository::count(SqlSession &session) const
{
    QSqlQuery &query = session.query(u"SELECT count(*) FROM users"_s);
    if (!session.exec(query) || !query.next())
        return session.error();
    return query.value(0).toLongLong();
}
