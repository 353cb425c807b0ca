#include "testcluster.h"

#include "storage/embeddedpostgres.h"

#include <QFile>

using namespace Qt::StringLiterals;

TestCluster::TestCluster()
    : m_directory(u"/tmp/booking-test-XXXXXX"_s)
{
    // When the tests run as root the cluster runs as `postgres`, which must reach it.
    QFile::setPermissions(m_directory.path(),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ExeGroup
                              | QFile::ExeOther);
}

TestCluster::~TestCluster()
{
    stop();
}

bool TestCluster::start()
{
    // Once started, the cluster keeps its port, so that a stop and start again looks like a
    // database server restart to its clients.
    EmbeddedPostgres::Options options{m_directory.path(), true};
    if (m_postgres)
        options.port = quint16(m_settings.port);
    m_postgres = std::make_unique<EmbeddedPostgres>(options);
    auto started = m_postgres->start();
    if (!started) {
        m_error = started.error().message;
        return false;
    }
    m_settings = *started;
    return true;
}

bool TestCluster::restart()
{
    m_postgres->stop();
    return start();
}

void TestCluster::stop()
{
    if (m_postgres)
        m_postgres->stop();
}

QString TestCluster::url() const
{
    return u"postgresql://%1:%2@%3:%4/%5"_s.arg(m_settings.user, m_settings.password,
                                                m_settings.host, QString::number(m_settings.port),
                                                m_settings.database);
}
