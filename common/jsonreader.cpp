#include "jsonreader.h"

#include "isotime.h"

#include <cmath>

QString JsonReader::string(QLatin1StringView key)
{
    const QJsonValue value = m_object.value(key);
    m_ok = m_ok && value.isString();
    return value.toString();
}

qint64 JsonReader::integer(QLatin1StringView key)
{
    const QJsonValue value = m_object.value(key);
    const double number = value.toDouble();
    // Only the integers a double holds exactly (RFC 8259, 6): converting a larger number such
    // as 1e300 to qint64 is undefined behaviour.
    constexpr double maxExact = 9007199254740992.0; // 2^53
    const bool integer
        = value.isDouble() && std::trunc(number) == number && std::abs(number) <= maxExact;
    m_ok = m_ok && integer;
    return integer ? qint64(number) : 0;
}

double JsonReader::number(QLatin1StringView key)
{
    const QJsonValue value = m_object.value(key);
    m_ok = m_ok && value.isDouble();
    return value.toDouble();
}

QDateTime JsonReader::timestamp(QLatin1StringView key)
{
    const QDateTime time = IsoTime::parse(string(key));
    m_ok = m_ok && time.isValid();
    return time;
}

QJsonObject JsonReader::object(QLatin1StringView key)
{
    const QJsonValue value = m_object.value(key);
    m_ok = m_ok && value.isObject();
    return value.toObject();
}
