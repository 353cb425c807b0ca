#include "revalidation.h"

#include "services/eventcache.h"

using namespace Qt::StringLiterals;

namespace Revalidation {

bool matches(QByteArrayView ifNoneMatch, QByteArrayView etag)
{
    const QByteArrayView wanted = etag.startsWith("W/") ? etag.sliced(2) : etag;
    qsizetype from = 0;
    while (from <= ifNoneMatch.size()) {
        qsizetype comma = ifNoneMatch.indexOf(',', from);
        if (comma < 0)
            comma = ifNoneMatch.size();
        QByteArrayView tag = ifNoneMatch.sliced(from, comma - from).trimmed();
        from = comma + 1;
        if (tag == "*")
            return true;
        if (tag.startsWith("W/"))
            tag = tag.sliced(2);
        if (!tag.isEmpty() && tag == wanted)
            return true;
    }
    return false;
}

HttpReply reply(const CachedBody &body, const QByteArray &ifNoneMatch)
{
    const QList<HttpReply::Header> headers{{"ETag"_ba, body.etag},
                                           {"Cache-Control"_ba, "no-cache"_ba}};
    if (!ifNoneMatch.isEmpty() && matches(ifNoneMatch, body.etag))
        return {304, {}, {}, headers, false};
    HttpReply answer = HttpReply::raw(200, HttpReply::JsonType, body.body);
    answer.headers = headers;
    return answer;
}

} // namespace Revalidation
