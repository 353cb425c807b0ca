#pragma once

#include <QSqlDatabase>

class QLoggingCategory;

//! Facts about the libpq connection behind a QPSQL QSqlDatabase that Qt does not expose.
namespace PgConnection {

//! True when the connection is closed or libpq reports it broken (e.g. after a server
//! restart, which QPSQL only notices when a statement fails).
bool isBad(const QSqlDatabase &database);

//! Sends the server's notices on this connection (warnings, and a FATAL that ends an idle
//! connection) to the log as warnings of `category`, instead of libpq's raw line on stderr.
void logNotices(const QSqlDatabase &database, const QLoggingCategory &category);

//! libpq's socket descriptor of the connection; -1 when there is none. It belongs to libpq.
int socket(const QSqlDatabase &database);

} // namespace PgConnection
