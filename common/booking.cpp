#include "booking.h"

#include "isotime.h"
#include "jsonkeys.h"
#include "jsonreader.h"
#include "money.h"

#include <array>

using namespace Qt::StringLiterals;

namespace BookingStatuses {

namespace {

constexpr std::array<std::pair<BookingStatus, QStringView>, 5> statusNames{{
    {BookingStatus::Pending, u"PENDING"},
    {BookingStatus::Confirmed, u"CONFIRMED"},
    {BookingStatus::Cancelled, u"CANCELLED"},
    {BookingStatus::Expired, u"EXPIRED"},
    {BookingStatus::Failed, u"FAILED"},
}};

} // namespace

QString name(BookingStatus status)
{
    for (const auto &[known, text] : statusNames) {
        if (known == status)
            return text.toString();
    }
    Q_UNREACHABLE();
}

std::optional<BookingStatus> fromName(QStringView name)
{
    for (const auto &[status, text] : statusNames) {
        if (text == name)
            return status;
    }
    return std::nullopt;
}

bool isActive(BookingStatus status)
{
    return status == BookingStatus::Pending || status == BookingStatus::Confirmed;
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
    if (status == BookingStatus::Pending && expiresAt.isValid())
        json.insert(JsonKeys::ExpiresAt, IsoTime::format(expiresAt));
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
    if (json.contains(JsonKeys::ExpiresAt))
        booking.expiresAt = reader.timestamp(JsonKeys::ExpiresAt);
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
