#include "refreshtokenpruner.h"

#include "clock.h"
#include "storage/database.h"
#include "storage/refreshtokenrepository.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcTokenPruner, "booking.server.auth.pruner", QtInfoMsg)

RefreshTokenPruner::RefreshTokenPruner(Database &database, const RefreshTokenRepository &tokens,
                                       const Clock &clock, Settings settings, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_tokens(tokens)
    , m_clock(clock)
    , m_settings(settings)
{
    if (m_settings.interval.count() > 0) {
        m_timer.setInterval(m_settings.interval);
        connect(&m_timer, &QTimer::timeout, this, [this] { pruneExpired(); });
        m_timer.start();
    }
}

void RefreshTokenPruner::pruneExpired(std::function<void(Result<int>)> done)
{
    const QDateTime now = m_clock.now();
    m_database.async<Result<int>>(
        this,
        [this, now]() -> Result<int> {
            int deleted = 0;
            for (int batch = 0; batch < m_settings.maxBatches; ++batch) {
                auto count = m_database.session<int>([&](SqlSession &session) {
                    return m_tokens.deleteExpired(session, now, m_settings.batchSize);
                });
                if (!count)
                    return count.error();
                deleted += *count;
                if (*count < m_settings.batchSize)
                    break;
            }
            return deleted;
        },
        [done](Result<int> deleted) {
            if (deleted && *deleted > 0)
                qCInfo(lcTokenPruner) << "pruned" << *deleted << "expired refresh tokens";
            else if (!deleted)
                qCWarning(lcTokenPruner).noquote()
                    << "cannot prune expired refresh tokens:" << deleted.error().message;
            if (done)
                done(deleted);
        });
}
