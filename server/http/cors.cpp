#include "cors.h"

using namespace Qt::StringLiterals;

Cors::Cors(QList<QByteArray> allowedOrigins)
    : m_allowedOrigins(std::move(allowedOrigins))
{
    // Origins never end with a slash; FRONTEND_URL often does.
    for (QByteArray &origin : m_allowedOrigins) {
        while (origin.endsWith('/'))
            origin.chop(1);
    }
}

bool Cors::allows(const QByteArray &origin) const
{
    return !origin.isEmpty() && m_allowedOrigins.contains(origin);
}

QList<Cors::Header> Cors::responseHeaders(const QByteArray &origin) const
{
    if (!allows(origin))
        return {{"Vary"_ba, "Origin"_ba}};
    return {
        {"Access-Control-Allow-Origin"_ba, origin},
        {"Access-Control-Expose-Headers"_ba,
         "WWW-Authenticate, Allow, Location, Idempotent-Replayed, Preference-Applied, "
         "Retry-After, RateLimit, RateLimit-Policy, X-Request-Id, ETag"_ba},
        {"Vary"_ba, "Origin"_ba},
    };
}

QList<Cors::Header> Cors::preflightHeaders(const QByteArray &origin,
                                           const QByteArray &methods) const
{
    if (!allows(origin))
        return {{"Vary"_ba, "Origin"_ba}};
    return {
        {"Access-Control-Allow-Origin"_ba, origin},
        {"Access-Control-Allow-Methods"_ba, methods},
        {"Access-Control-Allow-Headers"_ba,
         "Authorization, Content-Type, Idempotency-Key, Prefer, X-Request-Id, If-None-Match"_ba},
        {"Access-Control-Max-Age"_ba, "600"_ba},
        {"Vary"_ba, "Origin"_ba},
    };
}
