#include "ratelimiter.h"

#include <QElapsedTimer>

#include <cmath>

RateLimiter::RateLimiter(int perMinute, MillisecondClock clock)
    : m_perMinute(perMinute)
    , m_clock(std::move(clock))
{
    if (!m_clock) {
        m_clock = [timer = [] {
            QElapsedTimer started;
            started.start();
            return started;
        }()] {
            return timer.elapsed();
        };
    }
}

int RateLimiter::acquire(const QString &key)
{
    if (m_perMinute <= 0)
        return 0;
    const qint64 now = m_clock();
    forgetIdleClients(now);
    const double perMs = m_perMinute / 60000.0;
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, Bucket{double(m_perMinute), now});
    Bucket &bucket = *it;
    bucket.tokens = std::min<double>(m_perMinute, bucket.tokens + (now - bucket.updatedMs) * perMs);
    bucket.updatedMs = now;
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return 0;
    }
    return std::max(1, int(std::ceil((1.0 - bucket.tokens) / perMs / 1000.0)));
}

void RateLimiter::forgetIdleClients(qint64 nowMs)
{
    // A bucket untouched for a minute is full again: it need not be remembered.
    if (nowMs - m_lastSweepMs < 60000)
        return;
    m_lastSweepMs = nowMs;
    m_buckets.removeIf([nowMs](const std::pair<const QString &, Bucket &> &entry) {
        return nowMs - entry.second.updatedMs >= 60000;
    });
}
