#include "pgconnection.h"

#include <QLoggingCategory>
#include <QSqlDriver>
#include <QVariant>

#include <libpq-fe.h>

namespace PgConnection {

namespace {

//! The libpq connection of a QPSQL connection; nullptr for another driver or none.
PGconn *handleOf(const QSqlDatabase &database)
{
    const QVariant handle = database.driver()->handle();
    if (qstrcmp(handle.typeName(), "pg_conn*") != 0)
        return nullptr;
    return *static_cast<PGconn *const *>(handle.constData());
}

void logNotice(void *category, const char *message)
{
    const QLoggingCategory &log = *static_cast<const QLoggingCategory *>(category);
    qCWarning(log).noquote() << QString::fromUtf8(message).trimmed();
}

} // namespace

bool isBad(const QSqlDatabase &database)
{
    if (!database.isOpen())
        return true;
    if (qstrcmp(database.driver()->handle().typeName(), "pg_conn*") != 0)
        return false;
    const PGconn *connection = handleOf(database);
    return connection == nullptr || PQstatus(connection) == CONNECTION_BAD;
}

void logNotices(const QSqlDatabase &database, const QLoggingCategory &category)
{
    if (PGconn *connection = handleOf(database))
        PQsetNoticeProcessor(connection, &logNotice, const_cast<QLoggingCategory *>(&category));
}

int socket(const QSqlDatabase &database)
{
    if (!database.isOpen())
        return -1;
    const PGconn *connection = handleOf(database);
    return connection ? PQsocket(connection) : -1;
}

} // namespace PgConnection
