#pragma once

#include <QDateTime>

//! The time seam: services ask it instead of the system clock, so tests can move time.
class Clock
{
public:
    virtual ~Clock() = default;
    //! The current time in UTC.
    virtual QDateTime now() const = 0;
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};
