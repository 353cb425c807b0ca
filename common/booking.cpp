#include "booking.h"

#include "isotime.h"
#include "jsonkeys.h"
#include "jsonreader.h"
#include "money.h"

using namespace Qt::StringLiterals;

namespace BookingStatuses {

QString name(BookingStatus status)
{
    return status == BookingStatus::Confirmed ? u"CONFIRMED"_s : u"CANCELLED"_s;
}

std::optional<BookingStatus> fromName(QStringView name)
{
    if (name == u"CONFIRMED")
        return BookingStatus::Confirmed;
    if (name == u"CANCELLED")
        return BookingStatus::Cancelled;
    return std::nullopt;
}

} // namespace BookingStatuses

QJsonObject Booking::toJson() const
{
    QJsonObject json{
        {JsonKeys::Id, id},
        {JsonKeys::EventId, eventId},
        {JsonKeys::UserId, userId},
        {JsonKeys::Status, BookingStatuses::name(status)},
        {JsonKeys::CreatedAt, IsoTime::format(createdAt)},
        {JsonKeys::UpdatedAt, IsoTime::format(updatedAt)},
    };
    if (event) {
        json.insert(JsonKeys::Event,
                    QJsonObject{
                        {JsonKeys::Id, event->id},
                        {JsonKeys::Title, event->title},
                        {JsonKeys::Date, IsoTime::format(event->date)},
                        {JsonKeys::Venue, event->venue},
                        {JsonKeys::Price, Money::toJsonNumber(event->priceCents)},
                    });
    }
    return json;
}

Result<Booking> Booking::fromJson(const QJsonObject &json)
{
    JsonReader reader(json);
    Booking booking;
    booking.id = reader.string(JsonKeys::Id);
    booking.eventId = reader.string(JsonKeys::EventId);
    booking.userId = reader.string(JsonKeys::UserId);
    const auto status = BookingStatuses::fromName(reader.string(JsonKeys::Status));
    booking.createdAt = reader.timestamp(JsonKeys::CreatedAt);
    // The booking inside a confirmation carries no updatedAt: it equals createdAt then.
    booking.updatedAt = json.contains(JsonKeys::UpdatedAt) ? reader.timestamp(JsonKeys::UpdatedAt)
                                                           : booking.createdAt;
    if (json.contains(JsonKeys::Event)) {
        const QJsonObject eventJson = reader.object(JsonKeys::Event);
        JsonReader eventReader(eventJson);
        booking.event = EventSummary{
            eventReader.string(JsonKeys::Id),
            eventReader.string(JsonKeys::Title),
            eventReader.timestamp(JsonKeys::Date),
            eventReader.string(JsonKeys::Venue),
            Money::fromJsonNumber(eventReader.number(JsonKeys::Price)),
        };
        if (!eventReader.ok())
            return Error(ErrorCode::InvalidResponse);
    }
    if (!reader.ok() || !status)
        return Error(ErrorCode::InvalidResponse);
    booking.status = *status;
    return booking;
}

QJsonObject BookingConfirmation::toJson() const
{
    QJsonObject bookingJson = booking.toJson();
    bookingJson.remove(JsonKeys::UpdatedAt);
    bookingJson.remove(JsonKeys::Event);
    QJsonObject event{
        {JsonKeys::Id, booking.eventId},
        {JsonKeys::Title, eventTitle},
        {JsonKeys::RemainingTickets, remainingTickets},
    };
    if (eventUpdatedAt.isValid())
        event.insert(JsonKeys::UpdatedAt, IsoTime::format(eventUpdatedAt));
    return {{JsonKeys::Booking, bookingJson}, {JsonKeys::Event, event}};
}

Result<BookingConfirmation> BookingConfirmation::fromJson(const QJsonObject &json)
{
    JsonReader reader(json);
    auto booking = Booking::fromJson(reader.object(JsonKeys::Booking));
    const QJsonObject eventJson = reader.object(JsonKeys::Event);
    JsonReader eventReader(eventJson);
    const QString title = eventReader.string(JsonKeys::Title);
    const int remaining = int(eventReader.integer(JsonKeys::RemainingTickets));
    const QDateTime updatedAt = eventJson.contains(JsonKeys::UpdatedAt)
        ? eventReader.timestamp(JsonKeys::UpdatedAt)
        : QDateTime();
    if (!booking || !reader.ok() || !eventReader.ok())
        return Error(ErrorCode::InvalidResponse);
    return BookingConfirmation{std::move(booking).value(), title, remaining, updatedAt};
}
