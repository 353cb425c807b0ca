#include "statusrepository.h"

#include "migrator.h"
#include "sqlsession.h"

using namespace Qt::StringLiterals;

Result<void> StatusRepository::ping(SqlSession &session) const
{
    if (!session.execText(u"SELECT 1"_s))
        return session.error();
    return {};
}

Result<QStringList> StatusRepository::pendingMigrations(SqlSession &session) const
{
    return Migrator::pending(session);
}
