#include "pgconnection.h"

#include <QSqlDriver>
#include <QVariant>

#include <libpq-fe.h>

namespace PgConnection {

bool isBad(const QSqlDatabase &database)
{
    if (!database.isOpen())
        return true;
    const QVariant handle = database.driver()->handle();
    if (qstrcmp(handle.typeName(), "pg_conn*") != 0)
        return false;
    const auto *connection = *static_cast<PGconn *const *>(handle.constData());
    return connection == nullptr || PQstatus(connection) == CONNECTION_BAD;
}

} // namespace PgConnection
