#pragma once

#include "result.h"

#include <QDateTime>
#include <QJsonObject>

//! A message of the live feed (WebSocket GET /api/live): an event's ticket count changed.
//! On the wire: {"type": "event.updated", "eventId": "...", "remainingTickets": N,
//! "totalTickets": N, "updatedAt": "2026-03-14T19:30:00.123Z"}. `updatedAt` orders the
//! changes of one event: a receiver keeps the newest it has seen.
struct LiveMessage
{
    static constexpr QLatin1StringView EventUpdated{"event.updated"};
    //! {"type": "feed.status", "live": false} while the server cannot follow the changes
    //! (its database connection is lost), {"live": true} once it can again.
    static constexpr QLatin1StringView FeedStatus{"feed.status"};

    QString eventId;
    int remainingTickets = 0;
    int totalTickets = 0;
    QDateTime updatedAt;

    QJsonObject toJson() const;
    //! InvalidResponse for anything but a well-formed event.updated message.
    static Result<LiveMessage> fromJson(const QJsonObject &json);

    static QJsonObject feedStatus(bool live);
    //! The `live` flag of a feed.status message; nullopt for any other message.
    static std::optional<bool> parseFeedStatus(const QJsonObject &json);

    friend bool operator==(const LiveMessage &, const LiveMessage &) = default;
};
