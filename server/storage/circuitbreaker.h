#pragma once

#include <QMutex>
#include <QtGlobal>

#include <atomic>
#include <chrono>
#include <functional>

//! When the circuit breaker opens and how long it stays open.
struct CircuitBreakerSettings
{
    //! Connection failures in a row that open the breaker.
    int failureThreshold = 3;
    //! How long it stays open before one probe may try again.
    std::chrono::milliseconds coolDown{1000};
    //! A probe that has not reported after this long is taken as lost: another one may go.
    std::chrono::milliseconds probeTimeout{10000};
};

//! Keeps a dead database from being hammered. After `failureThreshold` connection failures in a
//! row it opens: callers are refused at once, nobody tries to connect. After `coolDown` it lets
//! one caller through as a probe (half-open); the probe's success closes it, its failure opens
//! it for another cool-down. Only connection-level failures count: a lock timeout or a broken
//! statement shows that the database answers. Thread-safe: the pool's threads share one.
class CircuitBreaker
{
public:
    enum class State { Closed, Open, HalfOpen };
    //! Milliseconds of a steady clock; tests pass one they move by hand.
    using Clock = std::function<qint64()>;

    //! With the system's steady clock.
    explicit CircuitBreaker(CircuitBreakerSettings settings);
    CircuitBreaker(CircuitBreakerSettings settings, Clock clock);

    enum class Admission {
        Refused, //!< open: fail at once
        Admitted, //!< closed: go ahead
        Probe, //!< half-open, and this caller is the one probe: connect afresh and report
    };
    //! May a caller use the database now? A Probe must end in recordSuccess() or
    //! recordFailure().
    Admission admit();

    //! What a report changed, for the caller's log.
    enum class Change { None, Opened, Reopened, Closed };
    //! The database answered (a connection was made, or a statement got an answer).
    Change recordSuccess();
    //! A connection could not be made.
    Change recordFailure();
    //! Opens at once, whatever the count: the database was seen hanging.
    Change trip();

    State state() const;
    //! How often it went from closed to open.
    qint64 timesOpened() const;
    //! Callers refused while open or half-open.
    qint64 refusals() const;
    //! Probes let through while half-open.
    qint64 probes() const;
    //! Milliseconds since it opened; 0 when closed.
    qint64 openForMs() const;
    //! How long it stayed open (or half-open) the last time it closed again.
    qint64 lastOutageMs() const;

    const CircuitBreakerSettings &settings() const { return m_settings; }

private:
    Change open(qint64 now);

    const CircuitBreakerSettings m_settings;
    const Clock m_clock;
    mutable QMutex m_mutex;
    //! Closed with no failure counted: the common case, answered without the mutex. Written
    //! under the mutex.
    std::atomic<bool> m_clear{true};
    State m_state = State::Closed;
    int m_failures = 0;
    qint64 m_openedAt = 0; //!< when it last went from closed to open
    qint64 m_coolDownFrom = 0; //!< when it last (re)opened
    qint64 m_probeStartedAt = 0;
    bool m_probing = false;
    qint64 m_timesOpened = 0;
    qint64 m_refusals = 0;
    qint64 m_probes = 0;
    qint64 m_lastOutageMs = 0;
};
