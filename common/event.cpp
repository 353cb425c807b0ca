#include "event.h"

#include "isotime.h"
#include "jsonkeys.h"
#include "jsonreader.h"
#include "money.h"

#include <QJsonArray>

QJsonObject Event::toJson() const
{
    return {
        {JsonKeys::Id, id},
        {JsonKeys::Title, title},
        {JsonKeys::Description, description},
        {JsonKeys::Date, IsoTime::format(date)},
        {JsonKeys::Venue, venue},
        {JsonKeys::TotalTickets, totalTickets},
        {JsonKeys::RemainingTickets, remainingTickets},
        {JsonKeys::Price, Money::toJsonNumber(priceCents)},
        {JsonKeys::CreatedAt, IsoTime::format(createdAt)},
        {JsonKeys::UpdatedAt, IsoTime::format(updatedAt)},
    };
}

Result<Event> Event::fromJson(const QJsonObject &json)
{
    JsonReader reader(json);
    Event event;
    event.id = reader.string(JsonKeys::Id);
    event.title = reader.string(JsonKeys::Title);
    event.description = reader.string(JsonKeys::Description);
    event.date = reader.timestamp(JsonKeys::Date);
    event.venue = reader.string(JsonKeys::Venue);
    event.totalTickets = int(reader.integer(JsonKeys::TotalTickets));
    event.remainingTickets = int(reader.integer(JsonKeys::RemainingTickets));
    event.priceCents = Money::fromJsonNumber(reader.number(JsonKeys::Price));
    event.createdAt = reader.timestamp(JsonKeys::CreatedAt);
    event.updatedAt = reader.timestamp(JsonKeys::UpdatedAt);
    if (!reader.ok())
        return Error(ErrorCode::InvalidResponse);
    return event;
}

int EventPage::totalPages() const
{
    return limit > 0 ? int((total + limit - 1) / limit) : 0;
}

QJsonObject EventPage::toJson() const
{
    QJsonArray data;
    for (const Event &event : events)
        data.append(event.toJson());
    const QJsonObject meta{
        {JsonKeys::Total, total},
        {JsonKeys::Page, page},
        {JsonKeys::Limit, limit},
        {JsonKeys::TotalPages, totalPages()},
    };
    return {{JsonKeys::Data, data}, {JsonKeys::Meta, meta}};
}

Result<EventPage> EventPage::fromJson(const QJsonObject &json)
{
    JsonReader reader(json);
    const QJsonObject meta = reader.object(JsonKeys::Meta);
    JsonReader metaReader(meta);
    EventPage page;
    page.total = metaReader.integer(JsonKeys::Total);
    page.page = int(metaReader.integer(JsonKeys::Page));
    page.limit = int(metaReader.integer(JsonKeys::Limit));
    const QJsonValue data = json.value(JsonKeys::Data);
    if (!reader.ok() || !metaReader.ok() || !data.isArray())
        return Error(ErrorCode::InvalidResponse);
    for (const QJsonValue &item : data.toArray()) {
        auto event = Event::fromJson(item.toObject());
        if (!event)
            return event.error();
        page.events.append(std::move(event).value());
    }
    return page;
}
