#pragma once

#include "httpreply.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>

#include <chrono>
#include <functional>

//! Token buckets per key (a client address, an email, a user): each key may make `limit`
//! requests at once and gets them back evenly over `window`. Its memory is bounded: keys whose
//! bucket is full again are forgotten, and beyond `maxKeys` the longest-idle ones go.
//! Thread-safe.
class RateLimiter
{
public:
    using MillisecondClock = std::function<qint64()>;

    struct Policy
    {
        //! Names the limit in the RateLimit-Policy and RateLimit headers.
        QByteArray name = "default";
        //! 0 turns limiting off.
        int limit = 0;
        std::chrono::seconds window{60};
    };

    //! The clock is monotonic milliseconds (a seam for tests).
    explicit RateLimiter(Policy policy, MillisecondClock clock = {}, int maxKeys = 100000);
    //! `perMinute` requests a minute.
    explicit RateLimiter(int perMinute, MillisecondClock clock = {});

    //! 0 when `key` may go ahead (and is charged one request); otherwise the seconds to wait.
    int acquire(const QString &key);
    //! Gives back what acquire() charged (a sign-in that succeeded does not count as failed).
    void refund(const QString &key);

    bool enabled() const { return m_policy.limit > 0; }
    const Policy &policy() const { return m_policy; }
    int trackedKeys() const;

    //! 429 RATE_LIMITED with Retry-After and the IETF RateLimit-Policy and RateLimit headers.
    HttpReply refusal(int waitSeconds, const QString &message) const;

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 updatedMs = 0;
    };

    double perMs() const;
    void forget(qint64 nowMs);

    const Policy m_policy;
    const int m_maxKeys;
    MillisecondClock m_clock;
    mutable QMutex m_mutex;
    QHash<QString, Bucket> m_buckets;
    qint64 m_lastSweepMs = 0;
};
