#include "serverprocess.h"

#include "testcluster.h"
#include "testserver.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QRegularExpression>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

using namespace Qt::StringLiterals;

QString ServerProcess::executable()
{
    return tool(u"booking-server"_s);
}

QString ServerProcess::tool(const QString &name)
{
    return QCoreApplication::applicationDirPath() + u'/' + name;
}

ServerProcess::ServerProcess()
    : m_environment(QProcessEnvironment::systemEnvironment())
{
    // Nothing from a developer's shell or .env may leak into what a test expects.
    for (const QString &name : m_environment.keys()) {
        if (name.startsWith(u"APP_") || name.startsWith(u"DATABASE_") || name.endsWith(u"_SECRET"))
            m_environment.remove(name);
    }
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

void ServerProcess::useCluster(const TestCluster &cluster)
{
    m_environment.insert(u"DATABASE_URL"_s, cluster.url());
    m_environment.insert(u"DATABASE_OWNER_URL"_s, cluster.url());
    m_environment.insert(u"ACCESS_TOKEN_SECRET"_s, TestServer::AccessSecret);
    m_environment.insert(u"REFRESH_TOKEN_SECRET"_s, TestServer::RefreshSecret);
}

ServerProcess::~ServerProcess()
{
    if (m_process.state() != QProcess::NotRunning)
        terminate();
}

bool ServerProcess::start(const QStringList &extraArguments, int timeoutMs)
{
    m_process.setProcessEnvironment(m_environment);
    if (m_openFileLimit > 0) {
        const rlimit limit{rlim_t(m_openFileLimit), rlim_t(m_openFileLimit)};
        m_process.setChildProcessModifier([limit] { setrlimit(RLIMIT_NOFILE, &limit); });
    }
    m_process.start(executable(), QStringList{u"serve"_s, u"--port"_s, u"0"_s} + extraArguments);
    static const QRegularExpression listening(u"listening on [^ ]+:(\\d+)"_s);
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && m_process.state() != QProcess::NotRunning) {
        m_process.waitForReadyRead(100);
        m_output += QString::fromLocal8Bit(m_process.readAll());
        const auto match = listening.match(m_output);
        // The banner ends with the health URL: wait for all of it.
        if (match.hasMatch() && m_output.contains(u"Health:"_s)) {
            m_port = quint16(match.captured(1).toUInt());
            return true;
        }
    }
    m_output += QString::fromLocal8Bit(m_process.readAll());
    return false;
}

int ServerProcess::terminate(int timeoutMs)
{
    ::kill(pid_t(m_process.processId()), SIGTERM);
    m_process.waitForFinished(timeoutMs);
    m_output += QString::fromLocal8Bit(m_process.readAll());
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

void ServerProcess::kill()
{
    ::kill(pid_t(m_process.processId()), SIGKILL);
    m_process.waitForFinished(10000);
    m_output += QString::fromLocal8Bit(m_process.readAll());
}

QString ServerProcess::readOutput()
{
    m_output += QString::fromLocal8Bit(m_process.readAll());
    return m_output;
}

void ServerProcess::signal(int signalNumber)
{
    ::kill(pid_t(m_process.processId()), signalNumber);
}

bool ServerProcess::waitForExit(int timeoutMs)
{
    // The event loop runs meanwhile: the test's own clients (a WebSocket answering the
    // server's close frame, say) must not stall while the server shuts down.
    QDeadlineTimer deadline(timeoutMs);
    while (m_process.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(5);
    m_output += QString::fromLocal8Bit(m_process.readAll());
    return m_process.state() == QProcess::NotRunning;
}

int ServerProcess::exitCode() const
{
    if (m_process.state() != QProcess::NotRunning || m_process.exitStatus() != QProcess::NormalExit)
        return -1;
    return m_process.exitCode();
}

bool ServerProcess::waitForOutput(const QString &text, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        m_output += QString::fromLocal8Bit(m_process.readAll());
        if (m_output.contains(text))
            return true;
        if (deadline.hasExpired() || m_process.state() == QProcess::NotRunning)
            return false;
        QTest::qWait(5);
    }
}

QUrl ServerProcess::apiBase() const
{
    return QUrl(u"http://127.0.0.1:%1/api"_s.arg(m_port));
}

ServerProcess::Run ServerProcess::run(const QStringList &arguments,
                                      const QProcessEnvironment &environment, int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(executable(), arguments);
    process.waitForFinished(timeoutMs);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromLocal8Bit(process.readAllStandardOutput()),
            QString::fromLocal8Bit(process.readAllStandardError())};
}
