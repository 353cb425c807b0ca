#include "sqlsession.h"

#include "pgconnection.h"

#include <QLoggingCategory>
#include <QSqlError>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSql, "booking.server.storage.sql", QtWarningMsg)

SqlFailure SqlFailure::classify(const QSqlError &error, bool connectionBad)
{
    const QString state = error.nativeErrorCode();
    const QString text
        = (error.databaseText().isEmpty() ? error.text() : error.databaseText()).simplified();
    // 40001 serialization failure, 40P01 deadlock detected, 55P03 lock not available.
    if (state == u"40001" || state == u"40P01" || state == u"55P03")
        return {Kind::Retryable, state, text};
    // Class 08 is a connection exception; 57P01..57P03 are administrator shutdowns.
    if (connectionBad || state.startsWith(u"08") || state.startsWith(u"57P"))
        return {Kind::ConnectionLost, state, text};
    return {Kind::Fatal, state, text};
}

SqlSession::SqlSession(QSqlDatabase database, QHash<QString, QSqlQuery> &statementCache)
    : m_database(std::move(database))
    , m_statements(statementCache)
{ }

QSqlQuery &SqlSession::query(const QString &sql)
{
    if (m_failure)
        return m_failedQuery;
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        QSqlQuery prepared(m_database);
        prepared.setForwardOnly(true);
        if (!prepared.prepare(sql)) {
            recordFailure(prepared.lastError());
            return m_failedQuery;
        }
        it = m_statements.insert(sql, std::move(prepared));
    }
    return it.value();
}

bool SqlSession::exec(QSqlQuery &query)
{
    if (m_failure)
        return false;
    if (!query.exec()) {
        recordFailure(query.lastError());
        return false;
    }
    return true;
}

bool SqlSession::execText(const QString &sql)
{
    if (m_failure)
        return false;
    QSqlQuery query(m_database);
    if (!query.exec(sql)) {
        recordFailure(query.lastError());
        return false;
    }
    return true;
}

Error SqlSession::error() const
{
    if (m_failure && m_failure->kind != SqlFailure::Kind::Fatal)
        return Error(ErrorCode::ServiceUnavailable);
    return Error(ErrorCode::Internal);
}

void SqlSession::recordFailure(const QSqlError &error)
{
    m_failure = SqlFailure::classify(error, PgConnection::isBad(m_database));
    if (m_failure->kind == SqlFailure::Kind::Fatal)
        qCWarning(lcSql).noquote()
            << "statement failed:" << m_failure->sqlState << m_failure->message;
    else
        qCDebug(lcSql).noquote() << "statement failed, will retry:" << m_failure->sqlState
                                 << m_failure->message;
}
