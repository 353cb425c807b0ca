#include "healthservice.h"

#include "storage/database.h"
#include "storage/statusrepository.h"

Result<void> HealthService::check() const
{
    auto answered
        = m_database.session<void>([this](SqlSession &session) { return m_status.ping(session); });
    if (!answered)
        return Error(ErrorCode::ServiceUnavailable);
    return {};
}

HealthService::Readiness HealthService::readiness() const
{
    // Reading schema_migrations shows both: that the database answers and what it lacks.
    auto pending = m_database.session<QStringList>(
        [this](SqlSession &session) { return m_status.pendingMigrations(session); });
    Readiness readiness;
    if (pending) {
        readiness.databaseUp = true;
        readiness.pendingMigrations = *pending;
    } else {
        readiness.databaseUp = pending.error().code != ErrorCode::ServiceUnavailable;
    }
    return readiness;
}
