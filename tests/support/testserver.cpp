#include "testserver.h"

#include "services/eventcache.h"
#include "services/passwordhasher.h"
#include "storage/database.h"
#include "storage/seeder.h"

#include <QDeadlineTimer>
#include <QTest>

using namespace Qt::StringLiterals;

TestServer::TestServer(const TestCluster &cluster)
    : m_cluster(cluster)
{
    m_config.host = QHostAddress::LocalHost;
    m_config.port = 0;
    m_config.database = cluster.settings();
    m_config.accessTokenSecret = QByteArray(AccessSecret.data(), AccessSecret.size());
    m_config.refreshTokenSecret = QByteArray(RefreshSecret.data(), RefreshSecret.size());
    m_config.paymentDelay = std::chrono::milliseconds(0);
    m_config.bcryptCost = PasswordHasher::MinimumCost;
    m_config.databasePoolSize = 8;
    // Tests sign in far more often than a person; the limit has its own test.
    m_config.authAttemptsPerMinute = 0;
    m_config.loginFailuresPerWindow = 0;
    m_config.bookingRequestsPerMinute = 0;
}

TestServer::~TestServer()
{
    stop();
}

bool TestServer::start(ServerApp::Seeding seeding)
{
    m_app = std::make_unique<ServerApp>(m_config, m_seams);
    if (auto opened = m_app->openDatabase(seeding); !opened) {
        m_error = opened.error().message;
        return false;
    }
    auto port = m_app->listen();
    if (!port) {
        m_error = port.error().message;
        return false;
    }
    m_port = *port;
    return true;
}

bool TestServer::restart()
{
    stop();
    m_config.port = m_port;
    return start();
}

void TestServer::stop()
{
    if (m_app)
        m_app->shutdown();
    m_app.reset();
}

QUrl TestServer::url(const QString &path) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path));
}

bool TestServer::resetData()
{
    Seeder seeder(m_app->database());
    if (m_seedPasswordHash.isEmpty()) {
        auto hash = PasswordHasher(m_config.bcryptCost).hash(Seeder::Password);
        if (!hash)
            return false;
        m_seedPasswordHash = *hash;
    }
    if (!seeder.wipe().ok()
        || !seeder.seed(m_seedPasswordHash, QDateTime::currentDateTimeUtc()).ok())
        return false;
    // The event cache hears of the new catalogue through the change feed, a moment later: no
    // answer of the previous test's data may be served after this.
    const EventCache &cache = m_app->eventCache();
    QDeadlineTimer deadline(10000);
    while (cache.statistics().entries > 0 && !deadline.hasExpired())
        QTest::qWait(5);
    return cache.statistics().entries == 0;
}
