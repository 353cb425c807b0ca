#pragma once

#include "services/clock.h"

#include <QMutex>

//! A clock the test sets and moves. The server reads it from its worker threads too.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime::currentDateTimeUtc())
        : m_now(start)
    { }

    QDateTime now() const override
    {
        QMutexLocker locker(&m_mutex);
        return m_now;
    }
    void advance(qint64 seconds)
    {
        QMutexLocker locker(&m_mutex);
        m_now = m_now.addSecs(seconds);
    }
    void set(const QDateTime &time)
    {
        QMutexLocker locker(&m_mutex);
        m_now = time;
    }

private:
    mutable QMutex m_mutex;
    QDateTime m_now;
};
