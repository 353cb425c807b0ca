#pragma once

#include <QProcess>
#include <QUrl>

class TestCluster;

//! The real booking-server executable in a child process, for tests of the command line and
//! of what only a whole process shows (start-up errors, signals, the embedded database).
class ServerProcess
{
public:
    //! The booking-server next to the test executable.
    static QString executable();
    //! Another tool of the build, e.g. "booking-concurrency".
    static QString tool(const QString &name);

    ServerProcess();
    ~ServerProcess();

    QProcessEnvironment &environment() { return m_environment; }
    //! Serves from `cluster`, whose superuser owns the schema (serve migrates a fresh database
    //! as it), with the secrets of TestServer, so that tokens minted by tests are accepted.
    void useCluster(const TestCluster &cluster);
    //! Starts the process with this open-file limit, soft and hard (it cannot raise it).
    void setOpenFileLimit(qint64 files) { m_openFileLimit = files; }
    //! Starts `booking-server serve --port 0 <extra>` and waits until it listens.
    bool start(const QStringList &extraArguments = {}, int timeoutMs = 60000);
    //! SIGTERM, then waits for the exit; the exit code.
    int terminate(int timeoutMs = 30000);
    //! SIGKILL: the process dies mid-work, as in a crash or an OOM kill.
    void kill();
    //! Sends `signalNumber` (SIGTERM, SIGINT...) and returns at once.
    void signal(int signalNumber);
    //! Waits until the process has exited; false when it still runs after `timeoutMs`.
    bool waitForExit(int timeoutMs);
    //! The exit code of a process that exited normally; -1 while it runs or after a crash.
    int exitCode() const;
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    //! Waits until the output so far contains `text`.
    bool waitForOutput(const QString &text, int timeoutMs = 10000);

    quint16 port() const { return m_port; }
    QUrl apiBase() const;
    QString output() const { return m_output; }
    //! Everything written so far, stdout and stderr merged, without waiting.
    QString readOutput();
    qint64 pid() const { return m_process.processId(); }

    //! Runs booking-server with `arguments` to completion: exit code, stdout and stderr.
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    static Run run(const QStringList &arguments, const QProcessEnvironment &environment,
                   int timeoutMs = 60000);

private:
    QProcessEnvironment m_environment;
    QProcess m_process;
    QString m_output;
    quint16 m_port = 0;
    qint64 m_openFileLimit = 0;
};
