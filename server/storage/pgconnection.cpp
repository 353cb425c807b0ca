#include "pgconnection.h"

#include <QSqlDriver>
#include <QVariant>

#include <libpq-fe.h>

namespace PgConnection {

namespace {

//! The libpq connection of a QPSQL connection; nullptr for another driver or none.
const PGconn *handleOf(const QSqlDatabase &database)
{
    const QVariant handle = database.driver()->handle();
    if (qstrcmp(handle.typeName(), "pg_conn*") != 0)
        return nullptr;
    return *static_cast<PGconn *const *>(handle.constData());
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

int socket(const QSqlDatabase &database)
{
    if (!database.isOpen())
        return -1;
    const PGconn *connection = handleOf(database);
    return connection ? PQsocket(connection) : -1;
}

} // namespace PgConnection
