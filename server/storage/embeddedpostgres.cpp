#include "embeddedpostgres.h"

#include "privatefiles.h"

#include <QCollator>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpServer>
#include <QThread>

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcEmbedded, "booking.server.storage.embedded", QtInfoMsg)

namespace {

const QString superuser = u"booking"_s;
const QString applicationDatabase = u"booking"_s;

bool hasServerBinaries(const QString &dir)
{
    return QFile::exists(dir + u"/initdb"_s) && QFile::exists(dir + u"/postgres"_s);
}

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

EmbeddedPostgres::EmbeddedPostgres(Options options)
    : m_options(std::move(options))
{
    m_options.dataDirectory = QDir(m_options.dataDirectory).absolutePath();
}

EmbeddedPostgres::~EmbeddedPostgres()
{
    stop();
}

QString EmbeddedPostgres::clusterDirectory() const
{
    return m_options.dataDirectory + u"/pgdata"_s;
}

QString EmbeddedPostgres::logFile() const
{
    return m_options.dataDirectory + u"/postgres.log"_s;
}

bool EmbeddedPostgres::isRunning() const
{
    return m_postgres && m_postgres->state() == QProcess::Running;
}

Result<QString> EmbeddedPostgres::locateBinaries() const
{
    QStringList candidates;
    if (const QString fromEnv = qEnvironmentVariable("BOOKING_PG_BINDIR"); !fromEnv.isEmpty())
        candidates << fromEnv;
    QProcess pgConfig;
    pgConfig.start(u"pg_config"_s, {u"--bindir"_s});
    if (pgConfig.waitForFinished(5000) && pgConfig.exitCode() == 0)
        candidates << QString::fromLocal8Bit(pgConfig.readAllStandardOutput()).trimmed();
    // Debian keeps each major version apart; prefer the newest.
    QStringList versions
        = QDir(u"/usr/lib/postgresql"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCollator numeric;
    numeric.setNumericMode(true);
    std::sort(versions.begin(), versions.end(),
              [&numeric](const QString &a, const QString &b) { return numeric.compare(a, b) > 0; });
    for (const QString &version : versions)
        candidates << u"/usr/lib/postgresql/"_s + version + u"/bin"_s;
    if (const QString onPath = QStandardPaths::findExecutable(u"postgres"_s); !onPath.isEmpty())
        candidates << QFileInfo(onPath).absolutePath();

    for (const QString &dir : std::as_const(candidates)) {
        if (hasServerBinaries(dir))
            return dir;
    }
    return Error(ErrorCode::Internal,
                 u"no PostgreSQL server found (looked for initdb and postgres in pg_config "
                 u"--bindir, /usr/lib/postgresql/*/bin and PATH); install postgresql or set "
                 u"DATABASE_URL"_s);
}

void EmbeddedPostgres::prepareChild(QProcess &process) const
{
    const pid_t parent = ::getpid();
    const long uid = m_uid;
    const long gid = m_gid;
    // Runs in the child between fork and exec: only async-signal-safe calls here.
    process.setChildProcessModifier([parent, uid, gid] {
        // Its own session: a Ctrl+C in our terminal reaches us, and we stop it in order.
        ::setsid();
        if (uid >= 0) {
            if (::setgroups(0, nullptr) != 0 || ::setgid(gid_t(gid)) != 0
                || ::setuid(uid_t(uid)) != 0)
                ::_exit(126);
        }
        // Set after the identity change, which would clear it: if we die, it shuts down.
        ::prctl(PR_SET_PDEATHSIG, SIGINT);
        if (::getppid() != parent)
            ::_exit(1);
    });
    process.setWorkingDirectory(u"/"_s);
}

Result<QString> EmbeddedPostgres::ensurePassword()
{
    auto password
        = PrivateFiles::loadOrCreateSecret(m_options.dataDirectory + u"/postgres-password"_s);
    if (!password)
        return password.error();
    return QString::fromLatin1(*password);
}

Result<void> EmbeddedPostgres::ensureAccess()
{
    if (m_uid < 0)
        return {};
    // The postgres account must be able to reach its cluster: it needs search permission on
    // every directory above it. Grant exactly that, to that account only, with an ACL.
    const auto canTraverse = [this](const QString &dir) {
        QProcess probe;
        prepareChild(probe);
        probe.start(u"/usr/bin/test"_s, {u"-x"_s, dir});
        return probe.waitForFinished(5000) && probe.exitCode() == 0;
    };
    if (canTraverse(m_options.dataDirectory))
        return {};
    QStringList ancestors;
    for (QDir dir(m_options.dataDirectory);; dir.cdUp()) {
        ancestors.prepend(dir.absolutePath());
        if (dir.isRoot())
            break;
    }
    for (const QString &dir : std::as_const(ancestors)) {
        if (canTraverse(dir))
            continue;
        QProcess setfacl;
        setfacl.start(u"setfacl"_s, {u"-m"_s, u"u:postgres:x"_s, dir});
        if (!setfacl.waitForFinished(5000) || setfacl.exitCode() != 0) {
            return Error(ErrorCode::Internal,
                         u"the postgres account cannot reach "_s + dir
                             + u" and setfacl could not grant it (install the acl package, or "
                               u"choose a --data-dir it can reach)"_s);
        }
        qCInfo(lcEmbedded).noquote() << "granted the postgres account search access to" << dir;
    }
    return {};
}

Result<void> EmbeddedPostgres::initialise(const QString &password)
{
    const QString cluster = clusterDirectory();
    // The cluster's account owns what is inside: never follow a link it may have put there.
    if (auto checked = PrivateFiles::refuseSymlink(cluster); !checked)
        return checked.error();
    if (QFile::exists(cluster + u"/PG_VERSION"_s))
        return {};
    qCInfo(lcEmbedded).noquote() << "creating a PostgreSQL cluster in" << cluster;
    if (auto created = PrivateFiles::ensureDirectory(cluster); !created)
        return created.error();
    const QString passwordFile = m_options.dataDirectory + u"/initdb-password"_s;
    const PrivateFiles::Owner owner{m_uid, m_gid};
    if (auto written = PrivateFiles::write(passwordFile, password.toLatin1(), true, owner);
        !written)
        return written.error();
    const auto removePasswordFile = qScopeGuard([&] { QFile::remove(passwordFile); });
    if (m_uid >= 0) {
        const int dir = ::open(QFile::encodeName(cluster).constData(),
                               O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        const bool handed = dir >= 0 && ::fchown(dir, uid_t(m_uid), gid_t(m_gid)) == 0;
        if (dir >= 0)
            ::close(dir);
        if (!handed)
            return Error(ErrorCode::Internal, u"cannot hand "_s + cluster + u" to postgres"_s);
    }

    QStringList arguments{u"-D"_s,
                          cluster,
                          u"-U"_s,
                          superuser,
                          u"--pwfile="_s + passwordFile,
                          u"--auth=scram-sha-256"_s,
                          u"--encoding=UTF8"_s,
                          u"--locale=C.UTF-8"_s,
                          u"--no-instructions"_s};
    if (m_options.throwaway)
        arguments << u"--no-sync"_s;
    QProcess initdb;
    prepareChild(initdb);
    initdb.setProcessChannelMode(QProcess::MergedChannels);
    initdb.start(m_binDirectory + u"/initdb"_s, arguments);
    if (!initdb.waitForFinished(120000) || initdb.exitStatus() != QProcess::NormalExit
        || initdb.exitCode() != 0) {
        const QString output = QString::fromLocal8Bit(initdb.readAll()).trimmed();
        QDir(cluster).removeRecursively();
        return Error(ErrorCode::Internal, u"initdb failed: "_s + output.section(u'\n', -1));
    }
    return {};
}

Result<void> EmbeddedPostgres::launch(quint16 port)
{
    QStringList arguments{u"-D"_s, clusterDirectory(),
                          u"-p"_s, QString::number(port),
                          u"-c"_s, u"listen_addresses=127.0.0.1"_s,
                          u"-c"_s, u"unix_socket_directories="_s,
                          u"-c"_s, u"max_connections=200"_s};
    if (m_options.throwaway) {
        arguments << u"-c"_s << u"fsync=off"_s << u"-c"_s << u"synchronous_commit=off"_s << u"-c"_s
                  << u"full_page_writes=off"_s;
    }
    // Its log may hold statements and their values: ours alone, created private.
    if (auto log = PrivateFiles::ensureAppendable(logFile()); !log)
        return log.error();
    m_postgres = std::make_unique<QProcess>();
    prepareChild(*m_postgres);
    m_postgres->setStandardOutputFile(logFile(), QIODevice::Append);
    m_postgres->setStandardErrorFile(logFile(), QIODevice::Append);
    m_postgres->start(m_binDirectory + u"/postgres"_s, arguments);
    if (!m_postgres->waitForStarted(10000))
        return Error(ErrorCode::Internal, u"cannot start postgres: "_s + m_postgres->errorString());
    return {};
}

Result<void> EmbeddedPostgres::waitUntilReady(const ConnectionSettings &settings)
{
    const QString name = u"booking-embedded-probe"_s;
    const auto cleanup = qScopeGuard([&name] { QSqlDatabase::removeDatabase(name); });
    {
        QSqlDatabase db = settings.addConnection(name, u"postgres"_s);
        QDeadlineTimer deadline(60000);
        while (!deadline.hasExpired()) {
            if (m_postgres->state() != QProcess::Running || m_postgres->waitForFinished(0)) {
                const QString why = logTail();
                if (why.contains(u"postmaster.pid"_s) && why.contains(u"already exists"_s)) {
                    return Error(ErrorCode::Internal,
                                 u"the database in %1 is in use by another booking-server or "
                                 u"PostgreSQL: stop that first, or choose another --data-dir"_s.arg(
                                     QDir::toNativeSeparators(clusterDirectory())));
                }
                return Error(ErrorCode::Internal, u"postgres stopped: "_s + why);
            }
            if (db.open()) {
                db.close();
                return {};
            }
            QThread::msleep(100);
        }
    }
    return Error(ErrorCode::Internal, u"postgres did not accept connections within a minute"_s);
}

Result<void> EmbeddedPostgres::createApplicationDatabase(const ConnectionSettings &settings)
{
    const QString name = u"booking-embedded-setup"_s;
    const auto cleanup = qScopeGuard([&name] { QSqlDatabase::removeDatabase(name); });
    QSqlDatabase db = settings.addConnection(name, u"postgres"_s);
    if (!db.open())
        return Error(ErrorCode::Internal, db.lastError().databaseText());
    QSqlQuery query(db);
    query.exec(u"SELECT 1 FROM pg_database WHERE datname = '"_s + applicationDatabase + u'\'');
    const bool exists = query.next();
    if (!exists && !query.exec(u"CREATE DATABASE "_s + applicationDatabase))
        return Error(ErrorCode::Internal, query.lastError().databaseText());
    query = QSqlQuery();
    db.close();
    db = QSqlDatabase();
    return {};
}

Result<ConnectionSettings> EmbeddedPostgres::start()
{
    if (isRunning())
        return Error(ErrorCode::Internal, u"the embedded PostgreSQL is already running"_s);
    if (auto created = PrivateFiles::ensureDirectory(m_options.dataDirectory); !created)
        return created.error();

    auto binaries = locateBinaries();
    if (!binaries)
        return binaries.error();
    m_binDirectory = *binaries;

    if (::geteuid() == 0) {
        const passwd *account = ::getpwnam("postgres");
        if (!account) {
            return Error(ErrorCode::Internal,
                         u"PostgreSQL refuses to run as root and there is no 'postgres' account "
                         u"to run it as"_s);
        }
        m_uid = long(account->pw_uid);
        m_gid = long(account->pw_gid);
    }

    auto password = ensurePassword();
    if (!password)
        return password.error();
    if (auto access = ensureAccess(); !access)
        return access.error();
    if (auto initialised = initialise(*password); !initialised)
        return initialised.error();

    // Another process may take the port between our probe and postgres binding it: retry.
    Error lastError(ErrorCode::Internal);
    for (int attempt = 0; attempt < 3; ++attempt) {
        ConnectionSettings settings;
        settings.host = u"127.0.0.1"_s;
        settings.port = m_options.port != 0 ? m_options.port : freeLoopbackPort();
        settings.user = superuser;
        settings.password = *password;
        settings.database = applicationDatabase;
        if (auto launched = launch(quint16(settings.port)); !launched)
            return launched.error();
        auto ready = waitUntilReady(settings);
        if (ready) {
            if (auto created = createApplicationDatabase(settings); !created)
                return created.error();
            m_port = quint16(settings.port);
            qCInfo(lcEmbedded).noquote() << "PostgreSQL is running on port" << settings.port
                                         << "with its data in" << clusterDirectory();
            return settings;
        }
        lastError = ready.error();
        stop();
        const bool portTaken
            = logTail().contains(u"could not bind"_s) || logTail().contains(u"in use"_s);
        if (!portTaken || m_options.port != 0)
            break;
    }
    return lastError;
}

void EmbeddedPostgres::stop()
{
    if (!m_postgres)
        return;
    if (m_postgres->state() != QProcess::NotRunning) {
        // SIGINT is PostgreSQL's fast shutdown; SIGQUIT the immediate one.
        ::kill(pid_t(m_postgres->processId()), SIGINT);
        if (!m_postgres->waitForFinished(30000)) {
            ::kill(pid_t(m_postgres->processId()), SIGQUIT);
            m_postgres->waitForFinished(5000);
        }
    }
    m_postgres.reset();
    m_port = 0;
}

QString EmbeddedPostgres::logTail() const
{
    QFile log(logFile());
    if (!log.open(QIODevice::ReadOnly))
        return {};
    if (log.size() > 4096)
        log.seek(log.size() - 4096);
    const QStringList lines = QString::fromLocal8Bit(log.readAll()).trimmed().split(u'\n');
    // The last FATAL line says why it stopped, e.g. "lock file ... already exists".
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        if (it->contains(u"FATAL"_s))
            return it->section(u"FATAL:"_s, 1).trimmed();
    }
    return lines.isEmpty() ? QString() : lines.last();
}
