#pragma once

#include "common/error.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <optional>

//! Why a statement failed, as far as retrying is concerned.
struct SqlFailure
{
    enum class Kind {
        Retryable, //!< serialization failure, deadlock, lock timeout: run the unit again
        ConnectionLost, //!< the server went away: reconnect, then run the unit again
        Fatal, //!< a bug or a broken database: report INTERNAL
    };
    Kind kind;
    QString sqlState;
    QString message;

    static SqlFailure classify(const QSqlError &error, bool connectionBad);
};

//! The statements of one unit of work on one pooled connection. Repositories run their SQL
//! through it; the first failure is recorded, every later statement fails at once, and the
//! unit-of-work runner (Database) decides from it whether to retry.
class SqlSession
{
public:
    SqlSession(QSqlDatabase database, QHash<QString, QSqlQuery> &statementCache);

    //! The prepared statement for `sql`, prepared once per connection and then reused.
    QSqlQuery &query(const QString &sql);
    //! Executes a prepared query; false (with the failure recorded) when it fails.
    bool exec(QSqlQuery &query);
    //! Executes SQL text without parameters (DDL, migration files, SET).
    bool execText(const QString &sql);

    //! The error a repository returns after a failed statement.
    Error error() const;
    const std::optional<SqlFailure> &failure() const { return m_failure; }

    //! Commit even though the unit of work returns an error (e.g. revoking a token family
    //! and then refusing the request).
    void keepChanges() { m_keepChanges = true; }
    bool keepsChanges() const { return m_keepChanges; }

    QSqlDatabase &database() { return m_database; }

private:
    void recordFailure(const QSqlError &error);

    QSqlDatabase m_database;
    QHash<QString, QSqlQuery> &m_statements;
    QSqlQuery m_failedQuery;
    std::optional<SqlFailure> m_failure;
    bool m_keepChanges = false;
};
