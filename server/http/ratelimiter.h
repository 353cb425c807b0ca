#pragma once

#include <QHash>
#include <QString>

#include <functional>

//! Token buckets per client: each key may make `perMinute` requests at once and gets them back
//! at that rate. Used on the routes that check passwords, against guessing. HTTP thread only.
class RateLimiter
{
public:
    using MillisecondClock = std::function<qint64()>;

    //! `perMinute` 0 turns limiting off. The clock is monotonic milliseconds (a seam for tests).
    explicit RateLimiter(int perMinute, MillisecondClock clock = {});

    //! 0 when `key` may go ahead (and is charged one request); otherwise the seconds to wait.
    int acquire(const QString &key);

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 updatedMs = 0;
    };

    void forgetIdleClients(qint64 nowMs);

    int m_perMinute;
    MillisecondClock m_clock;
    QHash<QString, Bucket> m_buckets;
    qint64 m_lastSweepMs = 0;
};
