#pragma once

#include "common/result.h"

#include <QStringList>

class SqlSession;

//! What the service routes ask the database itself: does it answer, is its schema current?
//! Reads only, so the least-privilege serving role may ask.
class StatusRepository
{
public:
    //! SELECT 1.
    Result<void> ping(SqlSession &session) const;
    //! The migrations of this build the database lacks (see Migrator::pending()).
    Result<QStringList> pendingMigrations(SqlSession &session) const;
};
