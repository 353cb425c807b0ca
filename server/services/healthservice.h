#pragma once

#include "common/result.h"

class Database;

//! Is the database reachable? Blocks briefly: call it on the worker pool.
class HealthService
{
public:
    explicit HealthService(Database &database)
        : m_database(database)
    { }

    //! SERVICE_UNAVAILABLE when the database cannot answer.
    Result<void> check() const;

private:
    Database &m_database;
};
