#include "isotime.h"

#include <cstdio>

using namespace Qt::StringLiterals;

namespace IsoTime {

QString format(const QDateTime &time)
{
    // By hand: QDateTime::toString() with a format is the slowest step of a listing reply.
    constexpr qint64 msPerDay = 86'400'000;
    const qint64 ms = time.toMSecsSinceEpoch();
    const qint64 days = ms >= 0 ? ms / msPerDay : (ms - msPerDay + 1) / msPerDay;
    const qint64 msOfDay = ms - days * msPerDay;
    const QDate date = QDate::fromJulianDay(2440588 + days); // 2440588: 1970-01-01
    char text[40];
    const int length
        = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", date.year(),
                        date.month(), date.day(), int(msOfDay / 3'600'000),
                        int(msOfDay / 60'000 % 60), int(msOfDay / 1000 % 60), int(msOfDay % 1000));
    return QString::fromLatin1(text, length);
}

QDateTime parse(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid() || time.timeSpec() == Qt::LocalTime)
        return {};
    return time.toUTC();
}

} // namespace IsoTime
