#pragma once

#include <QDateTime>
#include <QJsonObject>

//! Reads typed fields from a JSON object and remembers whether any was missing or mistyped,
//! so that a mapping function can read every field and check once at the end.
class JsonReader
{
public:
    explicit JsonReader(const QJsonObject &object)
        : m_object(object)
    { }

    QString string(QLatin1StringView key);
    //! A whole number a double holds exactly (at most 2^53 in magnitude), else 0 and not ok.
    qint64 integer(QLatin1StringView key);
    double number(QLatin1StringView key);
    QDateTime timestamp(QLatin1StringView key);
    QJsonObject object(QLatin1StringView key);

    bool ok() const { return m_ok; }

private:
    const QJsonObject &m_object;
    bool m_ok = true;
};
