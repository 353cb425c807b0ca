#include "healthservice.h"

#include "storage/database.h"

using namespace Qt::StringLiterals;

Result<void> HealthService::check() const
{
    auto answered = m_database.session<bool>([](SqlSession &session) -> Result<bool> {
        if (!session.execText(u"SELECT 1"_s))
            return session.error();
        return true;
    });
    if (!answered)
        return Error(ErrorCode::ServiceUnavailable);
    return {};
}
