#include "testcluster.h"

#include "storage/embeddedpostgres.h"

#include <QDir>
#include <QFile>

#include <csignal>

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
    thaw();
    m_postgres->stop();
    return start();
}

void TestCluster::stop()
{
    thaw();
    if (m_postgres)
        m_postgres->stop();
}

QString TestCluster::url() const
{
    return u"postgresql://%1:%2@%3:%4/%5"_s.arg(m_settings.user, m_settings.password,
                                                m_settings.host, QString::number(m_settings.port),
                                                m_settings.database);
}

bool TestCluster::freeze(Freeze what)
{
    if (!m_postgres || !m_postgres->isRunning())
        return false;
    QFile pidFile(m_postgres->clusterDirectory() + u"/postmaster.pid"_s);
    if (!pidFile.open(QIODevice::ReadOnly))
        return false;
    const qint64 postmaster = pidFile.readLine().trimmed().toLongLong();
    if (postmaster <= 0)
        return false;
    QList<qint64> pids{postmaster};
    if (what == Freeze::Everything) {
        // The backends are the postmaster's children: /proc/<pid>/stat names the parent after
        // the command, which is in parentheses and may contain spaces.
        const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QString &entry : entries) {
            bool numeric = false;
            const qint64 pid = entry.toLongLong(&numeric);
            if (!numeric)
                continue;
            QFile stat(u"/proc/"_s + entry + u"/stat"_s);
            if (!stat.open(QIODevice::ReadOnly))
                continue;
            const QByteArray line = stat.readAll();
            const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
            if (fields.size() > 1 && fields[1].toLongLong() == postmaster)
                pids.append(pid);
        }
    }
    for (const qint64 pid : std::as_const(pids)) {
        if (::kill(pid_t(pid), SIGSTOP) == 0)
            m_frozen.append(pid);
    }
    return !m_frozen.isEmpty();
}

void TestCluster::thaw()
{
    for (const qint64 pid : std::as_const(m_frozen))
        ::kill(pid_t(pid), SIGCONT);
    m_frozen.clear();
}
