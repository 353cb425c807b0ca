#include "stallwatchdog.h"

#include <QByteArrayList>

#include <cerrno>
#include <libpq-fe.h>
#include <poll.h>
#include <sys/socket.h>

using namespace Qt::StringLiterals;

namespace {

qint64 steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

//! Waits until `socket` is ready to read (or write) or `deadline` passes.
bool waitFor(int socket, bool forWrite, qint64 deadline)
{
    if (socket < 0)
        return false;
    pollfd descriptor{socket, short(forWrite ? POLLOUT : POLLIN), 0};
    for (;;) {
        const qint64 left = deadline - steadyMs();
        if (left <= 0)
            return false;
        const int ready = ::poll(&descriptor, 1, int(left));
        if (ready > 0)
            return true;
        if (ready == 0 || errno != EINTR)
            return false;
    }
}

} // namespace

StallWatchdog::StallWatchdog(ConnectionSettings connection, StallWatchdogSettings settings,
                             std::function<void()> onHang)
    : m_connection(std::move(connection))
    , m_settings(settings)
    , m_onHang(std::move(onHang))
{
    m_thread = std::thread([this] { run(); });
}

StallWatchdog::~StallWatchdog()
{
    {
        std::lock_guard locker(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
    dropProbe();
}

int StallWatchdog::enter(int socket)
{
    std::lock_guard locker(m_mutex);
    const int ticket = m_nextTicket++;
    m_units.insert(ticket, Unit{socket, steadyMs(), false});
    return ticket;
}

void StallWatchdog::leave(int ticket)
{
    std::lock_guard locker(m_mutex);
    m_units.remove(ticket);
}

qint64 StallWatchdog::hangsSeen() const
{
    std::lock_guard locker(m_mutex);
    return m_hangs;
}

void StallWatchdog::run()
{
    std::unique_lock locker(m_mutex);
    while (!m_stopping) {
        m_wake.wait_for(locker, m_settings.interval);
        if (m_stopping)
            break;
        const qint64 now = steadyMs();
        bool stalled = false;
        for (const Unit &unit : std::as_const(m_units))
            stalled = stalled
                || (!unit.broken && now - unit.startedAt >= m_settings.stallAfter.count());
        // The server answered lately: a long unit is waiting for a lock, not for a dead server.
        if (!stalled || now - m_lastAnswerAt < m_settings.stallAfter.count())
            continue;

        locker.unlock();
        const bool answers = serverAnswers();
        locker.lock();
        if (answers) {
            m_lastAnswerAt = steadyMs();
            continue;
        }
        ++m_hangs;
        // Every unit on this server waits in vain, not only the one that ran long. shutdown()
        // wakes the statement waiting on the socket (the descriptor stays its owner's).
        for (Unit &unit : m_units) {
            if (!unit.broken)
                ::shutdown(unit.socket, SHUT_RDWR);
            unit.broken = true;
        }
        locker.unlock();
        m_onHang();
        locker.lock();
    }
}

bool StallWatchdog::serverAnswers()
{
    const qint64 deadline = steadyMs() + m_settings.answerWithin.count();
    if (m_probe && PQstatus(m_probe) != CONNECTION_OK)
        dropProbe();
    if (!m_probe)
        m_probe = connectBefore(deadline);
    if (!m_probe)
        return false;
    const auto failed = [this] {
        dropProbe();
        return false;
    };
    if (PQsendQuery(m_probe, "SELECT 1") == 0)
        return failed();
    for (;;) {
        const int flushed = PQflush(m_probe);
        if (flushed == 0)
            break;
        if (flushed < 0 || !waitFor(PQsocket(m_probe), true, deadline))
            return failed();
    }
    for (;;) {
        if (PQconsumeInput(m_probe) == 0)
            return failed();
        while (PQisBusy(m_probe) == 0) {
            PGresult *result = PQgetResult(m_probe);
            // Every result read: the server answered (even an error is an answer).
            if (!result)
                return true;
            PQclear(result);
        }
        if (!waitFor(PQsocket(m_probe), false, deadline))
            return failed();
    }
}

pg_conn *StallWatchdog::connectBefore(qint64 deadline) const
{
    QByteArrayList keys{"host"_ba, "port"_ba, "user"_ba, "password"_ba, "dbname"_ba};
    QByteArrayList values{m_connection.host.toUtf8(), QByteArray::number(m_connection.port),
                          m_connection.user.toUtf8(), m_connection.password.toUtf8(),
                          m_connection.database.toUtf8()};
    for (const QString &option :
         m_connection.connectOptions({u"application_name=booking-watchdog"_s})) {
        keys.append(option.section(u'=', 0, 0).toUtf8());
        values.append(option.section(u'=', 1).toUtf8());
    }
    std::vector<const char *> keywords;
    std::vector<const char *> texts;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        keywords.push_back(keys[i].constData());
        texts.push_back(values[i].constData());
    }
    keywords.push_back(nullptr);
    texts.push_back(nullptr);

    PGconn *connection = PQconnectStartParams(keywords.data(), texts.data(), 0);
    if (!connection)
        return nullptr;
    PostgresPollingStatusType status = PGRES_POLLING_WRITING;
    while (PQstatus(connection) != CONNECTION_BAD) {
        if (status == PGRES_POLLING_OK) {
            PQsetnonblocking(connection, 1);
            return connection;
        }
        if (status == PGRES_POLLING_FAILED
            || !waitFor(PQsocket(connection), status == PGRES_POLLING_WRITING, deadline))
            break;
        status = PQconnectPoll(connection);
    }
    PQfinish(connection);
    return nullptr;
}

void StallWatchdog::dropProbe()
{
    if (m_probe)
        PQfinish(m_probe);
    m_probe = nullptr;
}
