#include "authenticator.h"

#include "requesttrace.h"
#include "services/authservice.h"

#include <QHttpServerRequest>

using namespace Qt::StringLiterals;

Result<AccessClaims> Authenticator::authenticate(const QHttpServerRequest &request) const
{
    const QByteArray header = request.value("Authorization"_ba).trimmed();
    constexpr QByteArrayView scheme = "bearer ";
    if (header.size() <= scheme.size()
        || QByteArrayView(header).first(scheme.size()).compare(scheme, Qt::CaseInsensitive) != 0)
        return Error(ErrorCode::Unauthorized, u"Missing bearer token"_s);
    const QString token = QString::fromLatin1(header.sliced(scheme.size()).trimmed());
    auto claims = m_auth.authenticate(token);
    if (!claims)
        return Error(ErrorCode::Unauthorized, u"Invalid or expired access token"_s);
    // The access log names who asked.
    if (RequestTrace *trace = RequestTrace::current())
        trace->userId = claims->userId;
    return claims;
}
