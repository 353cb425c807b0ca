#pragma once

#include <QSqlDatabase>

//! Facts about the libpq connection behind a QPSQL QSqlDatabase that Qt does not expose.
namespace PgConnection {

//! True when the connection is closed or libpq reports it broken (e.g. after a server
//! restart, which QPSQL only notices when a statement fails).
bool isBad(const QSqlDatabase &database);

//! libpq's socket descriptor of the connection; -1 when there is none. It belongs to libpq.
int socket(const QSqlDatabase &database);

} // namespace PgConnection
