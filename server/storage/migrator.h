#pragma once

#include "common/result.h"

#include <QStringList>

class Database;
class SqlSession;

//! Applies the numbered SQL files compiled in from resources/migrations. Each runs in its own
//! transaction and is recorded in schema_migrations; a PostgreSQL advisory lock makes server
//! instances that start together take turns.
class Migrator
{
public:
    explicit Migrator(Database &database)
        : m_database(database)
    { }

    //! Blocks until done; returns the names of the migrations it applied.
    Result<QStringList> migrate();

    //! The migrations of this build that the database lacks; reads only (the serving role
    //! may do it). An unmigrated database lacks them all.
    Result<QStringList> pending();

    //! pending() within a unit of work of the caller's.
    static Result<QStringList> pending(SqlSession &session);

    //! Every migration known to this build, in order.
    static QStringList available();

private:
    Database &m_database;
};
