#pragma once

#include "services/clock.h"

//! A clock the test sets and moves.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime::currentDateTimeUtc())
        : m_now(start)
    { }

    QDateTime now() const override { return m_now; }
    void advance(qint64 seconds) { m_now = m_now.addSecs(seconds); }
    void set(const QDateTime &time) { m_now = time; }

private:
    QDateTime m_now;
};
