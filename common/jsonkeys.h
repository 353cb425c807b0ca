#pragma once

#include <QLatin1StringView>

//! JSON field names of the wire contract (camelCase, as in the seed API).
namespace JsonKeys {

inline constexpr QLatin1StringView Id{"id"};
inline constexpr QLatin1StringView Email{"email"};
inline constexpr QLatin1StringView Password{"password"};
inline constexpr QLatin1StringView Name{"name"};
inline constexpr QLatin1StringView CreatedAt{"createdAt"};
inline constexpr QLatin1StringView UpdatedAt{"updatedAt"};
inline constexpr QLatin1StringView User{"user"};
inline constexpr QLatin1StringView AccessToken{"accessToken"};
inline constexpr QLatin1StringView RefreshToken{"refreshToken"};

inline constexpr QLatin1StringView Title{"title"};
inline constexpr QLatin1StringView Description{"description"};
inline constexpr QLatin1StringView Date{"date"};
inline constexpr QLatin1StringView Venue{"venue"};
inline constexpr QLatin1StringView TotalTickets{"totalTickets"};
inline constexpr QLatin1StringView RemainingTickets{"remainingTickets"};
inline constexpr QLatin1StringView Price{"price"};

inline constexpr QLatin1StringView Data{"data"};
inline constexpr QLatin1StringView Meta{"meta"};
inline constexpr QLatin1StringView Total{"total"};
inline constexpr QLatin1StringView Page{"page"};
inline constexpr QLatin1StringView Limit{"limit"};
inline constexpr QLatin1StringView TotalPages{"totalPages"};

inline constexpr QLatin1StringView Booking{"booking"};
inline constexpr QLatin1StringView Event{"event"};
inline constexpr QLatin1StringView EventId{"eventId"};
inline constexpr QLatin1StringView UserId{"userId"};
inline constexpr QLatin1StringView Status{"status"};
inline constexpr QLatin1StringView ExpiresAt{"expiresAt"};

inline constexpr QLatin1StringView StatusCode{"statusCode"};
inline constexpr QLatin1StringView Error{"error"};
inline constexpr QLatin1StringView Message{"message"};
inline constexpr QLatin1StringView Code{"code"};
inline constexpr QLatin1StringView Details{"details"};

inline constexpr QLatin1StringView Database{"database"};
inline constexpr QLatin1StringView Migrations{"migrations"};
inline constexpr QLatin1StringView PendingMigrations{"pendingMigrations"};

} // namespace JsonKeys
