#include "bundledserver.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QHostAddress>
#include <QNetworkInterface>
#include <QStandardPaths>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

BundledServer::BundledServer(QObject *parent)
    : QObject(parent)
{
    prepareProcess();
}

void BundledServer::prepareProcess()
{
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    const pid_t app = ::getpid();
    // Runs in the child between fork and exec: only async-signal-safe calls here.
    m_process->setChildProcessModifier([app] {
        // Its own session: a Ctrl+C in the terminal reaches the app, which stops it in order.
        ::setsid();
        // Should the app die without stopping it, it shuts down (and stops its database).
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != app)
            ::_exit(1);
    });
    connect(m_process.get(), &QProcess::readyReadStandardOutput, this, &BundledServer::readOutput);
    connect(m_process.get(), &QProcess::finished, this, [this] {
        if (!m_listening) {
            // Its one-line start-up error, e.g. "cannot listen on 0.0.0.0:3001: The bound
            // address is already in use".
            const bool portInUse
                = m_lastLine.contains(u"cannot listen"_s) && m_lastLine.contains(u"in use"_s);
            Q_EMIT failed(portInUse ? Failure::PortInUse : Failure::Stopped, m_lastLine);
        }
        m_listening = false;
    });
    connect(m_process.get(), &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            Q_EMIT failed(Failure::CannotRun, m_process->errorString());
    });
}

BundledServer::~BundledServer()
{
    stop();
}

QString BundledServer::executable()
{
    const QString path = QCoreApplication::applicationDirPath() + u"/booking-server"_s;
    return QFileInfo(path).isExecutable() ? path : QString();
}

QString BundledServer::defaultDataDirectory()
{
    const QString configured = qEnvironmentVariable("BOOKING_SERVER_DATA_DIR");
    if (!configured.isEmpty())
        return configured;
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + u"/server"_s;
}

bool BundledServer::isLocalHost(const QString &host)
{
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    if (address.isNull())
        return false;
    return address.isLoopback() || QNetworkInterface::allAddresses().contains(address);
}

void BundledServer::start(quint16 port, const QString &dataDirectory)
{
    if (isRunning())
        return;
    m_listening = false;
    m_lastLine.clear();
    // Its progress lines are what the sign-in window shows: keep its own logging as it is.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"QT_LOGGING_RULES"_s);
    // The app's own server is for this machine (the app talks to it on a local address),
    // whatever database the environment names, unless APP_HOST says otherwise.
    if (!environment.contains(u"APP_HOST"_s))
        environment.insert(u"APP_HOST"_s, u"127.0.0.1"_s);
    m_process->setProcessEnvironment(environment);
    m_process->start(
        executable(),
        {u"serve"_s, u"--port"_s, QString::number(port), u"--data-dir"_s, dataDirectory});
}

void BundledServer::stop()
{
    if (!isRunning())
        return;
    // SIGTERM: the server refuses new requests, answers those it has, lets payments under way
    // settle, then stops its database ("fast": committed data is kept).
    m_process->terminate();
    if (m_process->waitForFinished(int(StopWait.count())))
        return;
    // Still busy with work it had accepted, for up to its SHUTDOWN_GRACE: the user does not
    // wait for that. It goes on alone and stops its database in order; if it died instead, the
    // database would stop by itself (its parent-death signal), and PostgreSQL's WAL keeps the
    // committed data either way. Killing it here would lose the answers it is about to give.
    qInfo("the bundled server is still finishing its work; it stops by itself");
    m_process->disconnect(this);
    // Deliberately never deleted (its destructor would SIGKILL the server), but kept where it
    // can be found: the process ends with its own grace, not with ours.
    static auto *const finishingAlone = new QList<QProcess *>;
    finishingAlone->append(m_process.release());
    m_listening = false;
    prepareProcess();
}

void BundledServer::readOutput()
{
    while (m_process->canReadLine()) {
        const QString line = QString::fromLocal8Bit(m_process->readLine()).trimmed();
        if (line.isEmpty())
            continue;
        m_lastLine = line.section(u"] "_s, -1); // without the log line's time and category
        Q_EMIT progress(m_lastLine);
        if (!m_listening && line.contains(u"listening on"_s)) {
            m_listening = true;
            Q_EMIT started();
        }
    }
}
