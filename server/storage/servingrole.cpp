#include "servingrole.h"

#include "database.h"

using namespace Qt::StringLiterals;

namespace {

Error failed(const SqlSession &session, const QString &what)
{
    return Error(ErrorCode::Internal,
                 what + u": "_s + (session.failure() ? session.failure()->message : QString()));
}

//! Utility statements take no parameters: let PostgreSQL quote the name and the literal.
Result<QString> formatted(SqlSession &session, const QString &pattern, const QString &name,
                          const QString &literal = {})
{
    QSqlQuery query(session.database());
    query.prepare(u"SELECT format(?, ?::text, ?::text)"_s);
    query.bindValue(0, pattern);
    query.bindValue(1, name);
    query.bindValue(2, literal);
    if (!session.exec(query) || !query.next())
        return failed(session, u"cannot format a role statement"_s);
    return query.value(0).toString();
}

} // namespace

Result<void> ServingRole::ensureLogin(const QString &name, const QString &password)
{
    return m_owner.runAndWait([&] {
        return m_owner.session<void>([&](SqlSession &session) -> Result<void> {
            QSqlQuery &state = session.query(
                u"SELECT (SELECT rolsuper OR rolcreaterole FROM pg_roles "
                u"WHERE rolname = current_user), EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?)"_s);
            state.bindValue(0, name);
            if (!session.exec(state) || !state.next())
                return failed(session, u"cannot look up the role "_s + name);
            const bool mayManageRoles = state.value(0).toBool();
            const bool exists = state.value(1).toBool();
            if (exists && (password.isEmpty() || !mayManageRoles))
                return {};
            if (!exists && !mayManageRoles)
                return Error(ErrorCode::Internal,
                             u"the database role '%1' of DATABASE_URL does not exist and the "
                             u"schema owner may not create roles: create it as README.md's "
                             u"\"External database: roles\" shows"_s.arg(name));
            const QString pattern = exists
                ? u"ALTER ROLE %I WITH LOGIN PASSWORD %L"_s
                : u"CREATE ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                  u"NOREPLICATION NOBYPASSRLS PASSWORD %L"_s;
            // With no password (certificate or peer authentication) the role gets none.
            const QString withoutPassword = pattern.section(u" PASSWORD"_s, 0, 0);
            auto sql = formatted(session, password.isEmpty() ? withoutPassword : pattern, name,
                                 password);
            if (!sql)
                return sql.error();
            if (!session.execText(*sql))
                return failed(session, u"cannot set up the role "_s + name);
            return {};
        });
    });
}

Result<void> ServingRole::grant(const QString &name)
{
    return m_owner.runAndWait([&] {
        return m_owner.transaction<void>([&](SqlSession &session) -> Result<void> {
            const QStringList patterns{
                u"GRANT USAGE ON SCHEMA public TO %I"_s,
                u"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I"_s,
                // It may see which migrations ran (readiness), not record or erase any.
                u"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM %I"_s,
                u"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I"_s,
                u"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO %I"_s,
            };
            for (const QString &pattern : patterns) {
                auto sql = formatted(session, pattern, name);
                if (!sql)
                    return sql.error();
                if (!session.execText(*sql))
                    return failed(session, u"cannot grant the role "_s + name + u" its rights"_s);
            }
            return {};
        });
    });
}
