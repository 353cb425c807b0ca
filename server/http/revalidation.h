#pragma once

#include "httpreply.h"

struct CachedBody;

//! Conditional GETs (RFC 9110, 13.1.2): an answer carries its ETag, and a client that sends the
//! tag it has back in If-None-Match gets 304 Not Modified instead of the same body again.
namespace Revalidation {

//! Whether an If-None-Match field value (`*` or a list of tags) names `etag`. Weak comparison:
//! W/ prefixes do not matter.
bool matches(QByteArrayView ifNoneMatch, QByteArrayView etag);

//! 200 with the JSON body, or 304 when the client has it already; both with the ETag and
//! `Cache-Control: no-cache` (keep it, but ask again before using it).
HttpReply reply(const CachedBody &body, const QByteArray &ifNoneMatch);

} // namespace Revalidation
