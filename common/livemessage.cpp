#include "livemessage.h"

#include "jsonkeys.h"
#include "jsonreader.h"

using namespace Qt::StringLiterals;

QJsonObject LiveMessage::toJson() const
{
    return {
        {"type"_L1, EventUpdated},
        {JsonKeys::EventId, eventId},
        {JsonKeys::RemainingTickets, remainingTickets},
        {JsonKeys::TotalTickets, totalTickets},
    };
}

Result<LiveMessage> LiveMessage::fromJson(const QJsonObject &json)
{
    JsonReader reader(json);
    const QString type = reader.string("type"_L1);
    LiveMessage message{reader.string(JsonKeys::EventId),
                        int(reader.integer(JsonKeys::RemainingTickets)),
                        int(reader.integer(JsonKeys::TotalTickets))};
    if (!reader.ok() || type != EventUpdated || message.eventId.isEmpty())
        return Error(ErrorCode::InvalidResponse);
    return message;
}
