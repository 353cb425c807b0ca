#pragma once

#include "common/result.h"

#include <QStringList>

#include <optional>

class Database;
class StatusRepository;

//! Is the database reachable, and may this instance take traffic? Blocks briefly (never longer
//! than the database's fail-fast limits): call it on the worker pool.
class HealthService
{
public:
    //! What a load balancer asks before sending traffic.
    struct Readiness
    {
        bool databaseUp = false;
        //! Migrations of this build the database lacks; nullopt when they could not be read.
        std::optional<QStringList> pendingMigrations;

        //! The database answers and its schema is the one this build expects.
        bool ready() const
        {
            return databaseUp && pendingMigrations && pendingMigrations->isEmpty();
        }
    };

    HealthService(Database &database, const StatusRepository &status)
        : m_database(database)
        , m_status(status)
    { }

    //! SERVICE_UNAVAILABLE when the database cannot answer.
    Result<void> check() const;
    //! Whether the database answers and no migration is pending.
    Readiness readiness() const;

private:
    Database &m_database;
    const StatusRepository &m_status;
};
