#include "sqltime.h"

using namespace Qt::StringLiterals;

namespace SqlTime {

QString epochMillis(const QString &column)
{
    return u"CAST(floor(extract(epoch FROM %1) * 1000) AS bigint)"_s.arg(column);
}

QDateTime fromEpochMillis(const QVariant &value)
{
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QString parameter()
{
    return u"to_timestamp(CAST(? AS bigint) / 1000.0)"_s;
}

QVariant toParameter(const QDateTime &time)
{
    return time.toMSecsSinceEpoch();
}

} // namespace SqlTime
