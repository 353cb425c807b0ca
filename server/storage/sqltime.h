#pragma once

#include <QDateTime>
#include <QVariant>

//! Timestamps cross the database boundary as UTC milliseconds since the epoch. QPSQL's own
//! timestamptz conversion goes through the local time zone, which costs a stat() of
//! /etc/localtime per value: too slow on the hot paths.
namespace SqlTime {

//! The SQL expression selecting `column` as epoch milliseconds, e.g. for "created_at".
QString epochMillis(const QString &column);
//! The UTC QDateTime of a value selected with epochMillis().
QDateTime fromEpochMillis(const QVariant &value);
//! The SQL expression of a timestamptz parameter bound with toParameter().
QString parameter();
//! `time` as the value of a parameter() placeholder.
QVariant toParameter(const QDateTime &time);

} // namespace SqlTime
