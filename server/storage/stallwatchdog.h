#pragma once

#include "connectionsettings.h"

#include <QHash>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

struct pg_conn;

//! When the stall watchdog asks, and how long the database has to answer.
struct StallWatchdogSettings
{
    //! A unit of work running this long makes the watchdog ask whether the server answers.
    std::chrono::milliseconds stallAfter{1000};
    //! How long the server has to answer (connecting, when needed, and SELECT 1).
    std::chrono::milliseconds answerWithin{1000};
    //! How often running units are looked at.
    std::chrono::milliseconds interval{200};
};

//! Notices a database that hangs without closing anything: a stopped process, a frozen host.
//! libpq then waits for an answer for ever, and TCP keepalives do not help while the server's
//! kernel still acknowledges every packet.
//!
//! Pool threads register the socket of each unit of work they run. When one has run longer
//! than `stallAfter`, the watchdog asks the server, on a connection of its own and without
//! blocking, to answer SELECT 1 within `answerWithin`. A server that answers is left alone (a
//! unit waiting for a lock is not a hang). One that does not hangs: every registered socket is
//! shut down, so that the statements waiting on them fail at once as lost connections, and
//! `onHang` runs (the circuit breaker opens). The watchdog runs on its own thread.
class StallWatchdog
{
public:
    StallWatchdog(ConnectionSettings connection, StallWatchdogSettings settings,
                  std::function<void()> onHang);
    ~StallWatchdog();
    Q_DISABLE_COPY_MOVE(StallWatchdog)

    //! A unit of work starts on `socket`, a descriptor the caller owns and keeps open until
    //! leave() (a dup() of libpq's, which libpq may close by itself). Returns a ticket.
    int enter(int socket);
    void leave(int ticket);

    //! How often the database was found hanging.
    qint64 hangsSeen() const;

private:
    struct Unit
    {
        int socket = -1;
        qint64 startedAt = 0;
        bool broken = false;
    };

    void run();
    //! Blocks up to `answerWithin`: does the server answer SELECT 1?
    bool serverAnswers();
    pg_conn *connectBefore(qint64 deadline) const;
    void dropProbe();

    const ConnectionSettings m_connection;
    const StallWatchdogSettings m_settings;
    const std::function<void()> m_onHang;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    QHash<int, Unit> m_units;
    int m_nextTicket = 0;
    qint64 m_lastAnswerAt = 0;
    qint64 m_hangs = 0;

    //! Only the watchdog's thread touches it.
    pg_conn *m_probe = nullptr;
    std::thread m_thread;
};
