#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

//! The request line and header fields of one HTTP/1.x request, read strictly (RFC 9112): CRLF
//! line ends only, token header names with the colon right after them, no obs-fold, no control
//! characters in values, one `Host` (required in HTTP/1.1), at most one `Content-Length` of
//! digits only, `chunked` as the only transfer coding and never beside `Content-Length`. What
//! QHttpServer's lenient parser might read differently is refused here, so that the two can
//! never disagree about where a request ends.
struct RequestHead
{
    QByteArray method;
    QByteArray target;
    bool http10 = false;
    std::optional<qint64> contentLength;
    bool chunked = false;
    //! The connection closes after the response (`Connection: close`, or HTTP/1.0 without
    //! keep-alive).
    bool close = false;
    bool expectContinue = false;
    //! An `Upgrade` header, or `upgrade` in `Connection`: a switch of protocols was asked for.
    bool upgradeRequested = false;
    //! A complete WebSocket opening handshake (RFC 6455, 4.2.1).
    bool webSocketHandshake = false;
    QByteArray origin;
    //! Every X-Forwarded-For field, joined with ", " as RFC 9110 combines repeated fields.
    QByteArray forwardedFor;
    //! The X-Request-Id field as sent (empty when absent or repeated).
    QByteArray requestId;

    //! The path of the target, without the query.
    QByteArray path() const;

    //! Reads a head that ends with its empty line. On refusal, returns nullopt and sets
    //! `reason` to a short description for the client.
    static std::optional<RequestHead> parse(QByteArrayView head, QByteArray *reason);

    //! The value of the `Origin` field of a head that may be incomplete or malformed: for
    //! answering a refused request with the CORS headers its origin would get.
    static QByteArray originOf(QByteArrayView head);

    //! Whether `line` (without its CRLF) is `token ":" OWS value OWS` with a value free of
    //! control characters: the form of header and trailer fields.
    static bool isFieldLine(QByteArrayView line);
};
