// Fuzzes EventQuery, the parameters of GET /api/events, from the query string as the server
// reads it (`request.url().query(QUrl::FullyEncoded)`). Beyond no crash and no undefined
// behaviour: an accepted query is within the API's bounds, and the query string the desktop
// client makes of it reads back as the same query (client and server agree).

#include "common/apipaths.h"
#include "common/eventquery.h"
#include "fuzzcheck.h"

#include <QUrl>

#include <cstddef>
#include <cstdint>

using namespace Qt::StringLiterals;

namespace {

void checkAccepted(const Result<EventQuery> &query)
{
    if (!query) {
        FUZZ_CHECK(query.error().code == ErrorCode::ValidationFailed);
        FUZZ_CHECK(!query.error().details.isEmpty());
        return;
    }
    FUZZ_CHECK(query->page >= 1);
    FUZZ_CHECK(query->limit >= 1 && query->limit <= EventQuery::MaxLimit);
    FUZZ_CHECK(query->offset() >= 0);
    FUZZ_CHECK(query->search.size() <= EventQuery::MaxSearchLength);
    FUZZ_CHECK(!query->search.contains(QChar(0)));

    // What ApiClient sends for it, as the server's QUrl then reads it.
    const QString sent = ApiPaths::Events + u'?' + query->toUrlQuery().toString(QUrl::FullyEncoded);
    const QUrl received = QUrl::fromEncoded(sent.toLatin1());
    const auto again = EventQuery::fromQueryString(received.query(QUrl::FullyEncoded));
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(*again == *query);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    // The query string as it is.
    checkAccepted(EventQuery::fromQueryString(QString::fromUtf8(bytes)));

    // The query string after QUrl has read the request target, as the server gets it.
    const QUrl url = QUrl::fromEncoded("/api/events?"_ba + bytes);
    if (url.isValid())
        checkAccepted(EventQuery::fromQueryString(url.query(QUrl::FullyEncoded)));
    return 0;
}
