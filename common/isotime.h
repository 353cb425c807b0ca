#pragma once

#include <QDateTime>

//! Timestamps on the wire: ISO 8601, UTC, milliseconds, e.g. 2026-03-14T19:30:00.000Z.
namespace IsoTime {

QString format(const QDateTime &time);
//! An invalid QDateTime when the text is not an ISO 8601 timestamp with a zone.
QDateTime parse(const QString &text);

} // namespace IsoTime
