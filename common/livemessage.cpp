#include "livemessage.h"

#include "isotime.h"
#include "jsonkeys.h"
#include "jsonreader.h"

using namespace Qt::StringLiterals;

namespace {

const QLatin1StringView typeKey{"type"};
const QLatin1StringView liveKey{"live"};

} // namespace

QJsonObject LiveMessage::toJson() const
{
    QJsonObject json{
        {typeKey, EventUpdated},
        {JsonKeys::EventId, eventId},
        {JsonKeys::RemainingTickets, remainingTickets},
        {JsonKeys::TotalTickets, totalTickets},
    };
    if (updatedAt.isValid())
        json.insert(JsonKeys::UpdatedAt, IsoTime::format(updatedAt));
    return json;
}

Result<LiveMessage> LiveMessage::fromJson(const QJsonObject &json)
{
    JsonReader reader(json);
    const QString type = reader.string(typeKey);
    LiveMessage message{reader.string(JsonKeys::EventId),
                        int(reader.integer(JsonKeys::RemainingTickets)),
                        int(reader.integer(JsonKeys::TotalTickets)),
                        {}};
    if (json.contains(JsonKeys::UpdatedAt))
        message.updatedAt = reader.timestamp(JsonKeys::UpdatedAt);
    if (!reader.ok() || type != EventUpdated || message.eventId.isEmpty())
        return Error(ErrorCode::InvalidResponse);
    return message;
}

QJsonObject LiveMessage::feedStatus(bool live)
{
    return {{typeKey, FeedStatus}, {liveKey, live}};
}

std::optional<bool> LiveMessage::parseFeedStatus(const QJsonObject &json)
{
    if (json.value(typeKey).toString() != FeedStatus || !json.value(liveKey).isBool())
        return std::nullopt;
    return json.value(liveKey).toBool();
}
