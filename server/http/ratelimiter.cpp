#include "ratelimiter.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

RateLimiter::RateLimiter(Policy policy, MillisecondClock clock, int maxKeys)
    : m_policy(std::move(policy))
    , m_maxKeys(std::max(maxKeys, 1))
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

RateLimiter::RateLimiter(int perMinute, MillisecondClock clock)
    : RateLimiter(Policy{"default", perMinute, std::chrono::seconds(60)}, std::move(clock))
{ }

double RateLimiter::perMs() const
{
    return double(m_policy.limit) / double(m_policy.window.count() * 1000);
}

int RateLimiter::acquire(const QString &key)
{
    if (!enabled())
        return 0;
    QMutexLocker locker(&m_mutex);
    const qint64 now = m_clock();
    forget(now);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, Bucket{double(m_policy.limit), now});
    Bucket &bucket = *it;
    bucket.tokens = std::min<double>(m_policy.limit,
                                     bucket.tokens + double(now - bucket.updatedMs) * perMs());
    bucket.updatedMs = now;
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return 0;
    }
    return std::max(1, int(std::ceil((1.0 - bucket.tokens) / perMs() / 1000.0)));
}

void RateLimiter::refund(const QString &key)
{
    if (!enabled())
        return;
    QMutexLocker locker(&m_mutex);
    if (auto it = m_buckets.find(key); it != m_buckets.end())
        it->tokens = std::min<double>(m_policy.limit, it->tokens + 1.0);
}

int RateLimiter::trackedKeys() const
{
    QMutexLocker locker(&m_mutex);
    return int(m_buckets.size());
}

void RateLimiter::forget(qint64 nowMs)
{
    const qint64 windowMs = m_policy.window.count() * 1000;
    // A bucket untouched for a whole window is full again: it need not be remembered.
    if (nowMs - m_lastSweepMs >= std::min<qint64>(windowMs, 60000)) {
        m_lastSweepMs = nowMs;
        m_buckets.removeIf([nowMs, windowMs](const std::pair<const QString &, Bucket &> &entry) {
            return nowMs - entry.second.updatedMs >= windowMs;
        });
    }
    if (m_buckets.size() < m_maxKeys)
        return;
    // Still full (a flood of distinct keys): forget the quarter idle for longest.
    QList<qint64> ages;
    ages.reserve(m_buckets.size());
    for (const Bucket &bucket : std::as_const(m_buckets))
        ages.append(bucket.updatedMs);
    const qsizetype cut = ages.size() / 4;
    std::nth_element(ages.begin(), ages.begin() + cut, ages.end());
    const qint64 oldest = ages[cut];
    m_buckets.removeIf([oldest](const std::pair<const QString &, Bucket &> &entry) {
        return entry.second.updatedMs <= oldest;
    });
}

HttpReply RateLimiter::refusal(int waitSeconds, const QString &message) const
{
    HttpReply reply = HttpReply::fromError(Error(ErrorCode::RateLimited, message));
    const QByteArray name = '"' + m_policy.name + '"';
    reply.headers.append({"Retry-After"_ba, QByteArray::number(waitSeconds)});
    // draft-ietf-httpapi-ratelimit-headers: the quota and window, then what is left and when.
    reply.headers.append({"RateLimit-Policy"_ba,
                          name + ";q=" + QByteArray::number(m_policy.limit)
                              + ";w=" + QByteArray::number(m_policy.window.count())});
    reply.headers.append({"RateLimit"_ba, name + ";r=0;t=" + QByteArray::number(waitSeconds)});
    return reply;
}
