#include "circuitbreaker.h"

CircuitBreaker::CircuitBreaker(CircuitBreakerSettings settings)
    : CircuitBreaker(settings, [] {
        using namespace std::chrono;
        return qint64(duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count());
    })
{ }

CircuitBreaker::CircuitBreaker(CircuitBreakerSettings settings, Clock clock)
    : m_settings(settings)
    , m_clock(std::move(clock))
{ }

CircuitBreaker::Admission CircuitBreaker::admit()
{
    if (m_clear.load(std::memory_order_relaxed))
        return Admission::Admitted;
    QMutexLocker locker(&m_mutex);
    if (m_state == State::Closed)
        return Admission::Admitted;
    const qint64 now = m_clock();
    if (m_state == State::Open && now - m_coolDownFrom >= m_settings.coolDown.count())
        m_state = State::HalfOpen;
    // A probe that never reported (its thread stuck beyond every timeout) must not keep the
    // breaker half-open for good.
    if (m_state == State::HalfOpen
        && (!m_probing || now - m_probeStartedAt >= m_settings.probeTimeout.count())) {
        m_probing = true;
        m_probeStartedAt = now;
        ++m_probes;
        return Admission::Probe;
    }
    ++m_refusals;
    return Admission::Refused;
}

CircuitBreaker::Change CircuitBreaker::recordSuccess()
{
    if (m_clear.load(std::memory_order_relaxed))
        return Change::None;
    QMutexLocker locker(&m_mutex);
    m_failures = 0;
    m_clear.store(m_state == State::Closed, std::memory_order_relaxed);
    if (m_state == State::Closed)
        return Change::None;
    // Any answer from the database shows it is back, the probe's or that of a caller let in
    // before the breaker opened.
    m_state = State::Closed;
    m_clear.store(true, std::memory_order_relaxed);
    m_probing = false;
    m_lastOutageMs = m_clock() - m_openedAt;
    return Change::Closed;
}

CircuitBreaker::Change CircuitBreaker::recordFailure()
{
    QMutexLocker locker(&m_mutex);
    const qint64 now = m_clock();
    switch (m_state) {
    case State::Closed:
        m_clear.store(false, std::memory_order_relaxed);
        if (++m_failures < m_settings.failureThreshold)
            return Change::None;
        return open(now);
    case State::HalfOpen:
        return open(now);
    case State::Open:
        // A caller let in before the breaker opened: the cool-down stands.
        return Change::None;
    }
    return Change::None;
}

CircuitBreaker::Change CircuitBreaker::trip()
{
    QMutexLocker locker(&m_mutex);
    if (m_state == State::Open)
        return Change::None;
    return open(m_clock());
}

CircuitBreaker::Change CircuitBreaker::open(qint64 now)
{
    const bool wasClosed = m_state == State::Closed;
    m_state = State::Open;
    m_clear.store(false, std::memory_order_relaxed);
    m_probing = false;
    m_failures = 0;
    m_coolDownFrom = now;
    if (!wasClosed)
        return Change::Reopened;
    m_openedAt = now;
    ++m_timesOpened;
    return Change::Opened;
}

CircuitBreaker::State CircuitBreaker::state() const
{
    QMutexLocker locker(&m_mutex);
    return m_state;
}

qint64 CircuitBreaker::timesOpened() const
{
    QMutexLocker locker(&m_mutex);
    return m_timesOpened;
}

qint64 CircuitBreaker::refusals() const
{
    QMutexLocker locker(&m_mutex);
    return m_refusals;
}

qint64 CircuitBreaker::probes() const
{
    QMutexLocker locker(&m_mutex);
    return m_probes;
}

qint64 CircuitBreaker::openForMs() const
{
    QMutexLocker locker(&m_mutex);
    return m_state == State::Closed ? 0 : m_clock() - m_openedAt;
}

qint64 CircuitBreaker::lastOutageMs() const
{
    QMutexLocker locker(&m_mutex);
    return m_lastOutageMs;
}
