#pragma once

#include <QLatin1StringView>

//! Route paths of the API, shared by the server's router and the clients.
namespace ApiPaths {

inline constexpr QLatin1StringView Root{"/"};
inline constexpr QLatin1StringView Api{"/api"};
inline constexpr QLatin1StringView OpenApi{"/api/openapi.json"};
inline constexpr QLatin1StringView SwaggerAssets{"/api/docs/"};
inline constexpr QLatin1StringView Health{"/api/health"};
inline constexpr QLatin1StringView Ready{"/api/ready"};
inline constexpr QLatin1StringView Register{"/api/auth/register"};
inline constexpr QLatin1StringView Login{"/api/auth/login"};
inline constexpr QLatin1StringView Refresh{"/api/auth/refresh"};
inline constexpr QLatin1StringView Logout{"/api/auth/logout"};
inline constexpr QLatin1StringView Me{"/api/auth/me"};
inline constexpr QLatin1StringView Events{"/api/events"};
inline constexpr QLatin1StringView Bookings{"/api/bookings"};
inline constexpr QLatin1StringView Live{"/api/live"};

} // namespace ApiPaths
