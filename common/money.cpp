#include "money.h"

#include <cmath>

namespace Money {

double toJsonNumber(qint64 cents)
{
    return double(cents) / 100.0;
}

qint64 fromJsonNumber(double amount)
{
    return std::llround(amount * 100.0);
}

} // namespace Money

namespace Money {

std::optional<qint64> parseDecimal(QStringView text)
{
    const bool negative = text.startsWith(u'-');
    if (negative)
        text = text.sliced(1);
    const qsizetype dot = text.indexOf(u'.');
    const QStringView whole = dot < 0 ? text : text.first(dot);
    QStringView fraction = dot < 0 ? QStringView() : text.sliced(dot + 1);
    if (whole.isEmpty() || fraction.size() > 2)
        return std::nullopt;
    bool ok = false;
    const qint64 units = whole.toLongLong(&ok);
    if (!ok || units < 0)
        return std::nullopt;
    qint64 cents = 0;
    if (!fraction.isEmpty()) {
        cents = fraction.toLongLong(&ok);
        if (!ok || cents < 0)
            return std::nullopt;
        if (fraction.size() == 1)
            cents *= 10;
    }
    const qint64 total = units * 100 + cents;
    return negative ? -total : total;
}

QString toDecimal(qint64 cents)
{
    const QString sign = cents < 0 ? QStringLiteral("-") : QString();
    const qint64 magnitude = cents < 0 ? -cents : cents;
    return sign + QString::number(magnitude / 100) + u'.'
        + QString::number(magnitude % 100).rightJustified(2, u'0');
}

} // namespace Money
