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
    m_ok = m_ok && value.isDouble() && std::trunc(number) == number;
    return qint64(number);
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
