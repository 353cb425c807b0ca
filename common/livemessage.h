#pragma once

#include "result.h"

#include <QJsonObject>

//! A message of the live feed (WebSocket GET /api/live): an event's ticket count changed.
//! On the wire: {"type": "event.updated", "eventId": "...", "remainingTickets": N,
//! "totalTickets": N}.
struct LiveMessage
{
    static constexpr QLatin1StringView EventUpdated{"event.updated"};

    QString eventId;
    int remainingTickets = 0;
    int totalTickets = 0;

    QJsonObject toJson() const;
    //! InvalidResponse for anything but a well-formed event.updated message.
    static Result<LiveMessage> fromJson(const QJsonObject &json);

    friend bool operator==(const LiveMessage &, const LiveMessage &) = default;
};
