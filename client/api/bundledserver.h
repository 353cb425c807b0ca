#pragma once

#include <QObject>
#include <QProcess>

#include <chrono>
#include <memory>

//! The booking-server shipped beside the desktop app, started as a child process on its own
//! embedded database when the user wants to work locally. It is stopped when the app quits.
class BundledServer final : public QObject
{
    Q_OBJECT

public:
    //! The port it listens on unless told otherwise, as booking-server's own default.
    static constexpr quint16 DefaultPort = 3001;

    enum class Failure {
        CannotRun, //!< the program is missing or cannot be executed
        PortInUse, //!< another program listens on the port
        Stopped, //!< it ended before it listened; its output says why
    };
    Q_ENUM(Failure)

    explicit BundledServer(QObject *parent = nullptr);
    ~BundledServer() override;

    //! The booking-server next to this executable; empty when there is none.
    static QString executable();
    //! Whether `host` names this machine (localhost, a loopback or local address).
    static bool isLocalHost(const QString &host);
    //! Where its database lives: BOOKING_SERVER_DATA_DIR, or the app's data folder.
    static QString defaultDataDirectory();

    //! Starts `booking-server serve --port <port>` with its data in `dataDirectory`.
    void start(quint16 port, const QString &dataDirectory);
    //! How long stop() waits for the server to exit.
    static constexpr std::chrono::milliseconds StopWait{1500};

    //! Asks the server to shut down (SIGTERM) and waits for it, StopWait at most: an idle
    //! server is gone by then, its database stopped. One still answering requests or settling
    //! payments is left to finish on its own (it stops within its SHUTDOWN_GRACE, and stops its
    //! database; should it die, the database stops too), so that quitting the app stays quick.
    void stop();
    bool isRunning() const { return m_process && m_process->state() != QProcess::NotRunning; }

Q_SIGNALS:
    //! A line of the server's output, to show while it starts.
    void progress(const QString &line);
    //! It accepts requests now.
    void started();
    //! It could not start; `lastWords` is its last line of output, if any.
    void failed(BundledServer::Failure failure, const QString &lastWords);

private:
    void readOutput();
    //! A fresh QProcess for the next start, wired to this object.
    void prepareProcess();

    //! Never deleted while the server runs: QProcess's destructor would SIGKILL it.
    std::unique_ptr<QProcess> m_process;
    QString m_lastLine;
    bool m_listening = false;
};
