#pragma once

#include "common/result.h"

#include <QSqlDatabase>
#include <QString>

//! Where and how to reach PostgreSQL: parsed from DATABASE_URL or produced by
//! EmbeddedPostgres.
struct ConnectionSettings
{
    QString host = QStringLiteral("localhost");
    int port = 5432;
    QString user;
    QString password;
    QString database;
    //! libpq options for QSqlDatabase::setConnectOptions, e.g. "sslmode=require".
    QStringList options;

    //! postgresql://user:password@host:port/database?sslmode=require
    static Result<ConnectionSettings> fromUrl(const QString &url);
    //! user@host:port/database: safe to print, never shows the password.
    QString describe() const;
    //! The libpq options in effect, as key=value: ours (timeouts, keepalives) first, then
    //! those of the URL, then `extraOptions`. libpq takes the last value of a repeated key.
    QStringList connectOptions(const QStringList &extraOptions = {}) const;
    //! Registers a QPSQL connection `name` with these settings (not opened yet), to
    //! `otherDatabase` instead of `database` when given.
    QSqlDatabase addConnection(const QString &name, const QString &otherDatabase = {},
                               const QStringList &extraOptions = {}) const;
};
