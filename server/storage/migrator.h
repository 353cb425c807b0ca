#pragma once

#include "common/result.h"

#include <QStringList>

class Database;
class SqlSession;

//! Applies the numbered SQL files compiled in from resources/migrations. Each runs in its own
//! transaction and is recorded in schema_migrations; a PostgreSQL advisory lock makes server
//! instances that start together take turns. A migration that fails is rolled back and the
//! lock released: the connection goes back to the pool clean, and another instance (or a
//! fixed build) can migrate at once.
class Migrator
{
public:
    //! `directory` holds the migrations (`NNN_name.sql`, applied in name order); tests give
    //! their own.
    explicit Migrator(Database &database, QString directory = builtInDirectory())
        : m_database(database)
        , m_directory(std::move(directory))
    { }

    //! Where the migrations compiled into this build are.
    static QString builtInDirectory();

    //! Blocks until done; returns the names of the migrations it applied.
    Result<QStringList> migrate();

    //! The migrations of this build that the database lacks; reads only (the serving role
    //! may do it). An unmigrated database lacks them all.
    Result<QStringList> pending();

    //! pending() within a unit of work of the caller's, for `migrations` (by default this
    //! build's).
    static Result<QStringList> pending(SqlSession &session,
                                       const QStringList &migrations = available());

    //! Every migration known to this build, in order.
    static QStringList available();

private:
    //! The migrations of m_directory, in order.
    QStringList migrations() const;

    Database &m_database;
    QString m_directory;
};
