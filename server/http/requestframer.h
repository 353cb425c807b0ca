#pragma once

#include "requesthead.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>

//! Follows the request boundaries of one HTTP/1.1 connection from the bytes alone, ahead of
//! QHttpServer, so that the connection guard can enforce size limits, answer
//! `Expect: 100-continue` and honour `Connection: close`, none of which QHttpServer 6.4 does.
//! It is the one strict reader of the connection (RequestHead; CRLF-only chunk lines, bounded
//! chunk extensions and framing): whatever it refuses never reaches QHttpServer. A switch of
//! protocols is accepted only for a WebSocket handshake on `upgradePath`. It never changes the
//! bytes; it only reports what they are.
class RequestFramer
{
public:
    //! Bytes of chunk sizes, extensions, line ends and trailers a body may carry besides its
    //! data by default: a body of one-byte chunks must not cost many times its size to read.
    static constexpr qint64 MaxChunkFramingBytes = 64 * 1024;
    //! The longest chunk-size line, extensions included.
    static constexpr qsizetype MaxChunkLineBytes = 256;

    struct Limits
    {
        qint64 maxHeaderBytes = 16 * 1024;
        qint64 maxBodyBytes = 1024 * 1024;
        //! The one path where a WebSocket handshake is accepted.
        QByteArray upgradePath = "/api/live";
        qint64 maxChunkFramingBytes = MaxChunkFramingBytes;
    };

    enum class Verdict {
        Continue, //!< nothing wrong so far
        BodyTooLarge, //!< the body is (or announces to be) over the limit: answer 413
        HeadTooLarge, //!< request line and headers over the limit: answer 413
        Malformed, //!< framing we refuse (e.g. Content-Length and chunked together): 400
    };

    //! What one chunk of input completed.
    struct Progress
    {
        Verdict verdict = Verdict::Continue;
        int requestsCompleted = 0;
        //! A request head asked for `100 Continue` and may send its body.
        bool expectContinue = false;
        //! The connection switched protocols (WebSocket): stop following it.
        bool upgraded = false;
        //! The handshake that switched protocols, in the call that completed it.
        std::optional<RequestHead> handshake;
        //! The heads read in this call, in order (but a protocol switch's, see `handshake`).
        QList<RequestHead> heads;
        //! Why a request was refused (Malformed), for the answer.
        QByteArray reason;
    };

    explicit RequestFramer(Limits limits)
        : m_limits(limits)
    { }

    Progress feed(QByteArrayView data);

    //! Whether the client asked to close after the response to its oldest unanswered request.
    //! Call once per response, in order.
    bool takeCloseAfterResponse();
    //! Bytes of a request have arrived but the request is not complete yet.
    bool inRequest() const { return m_state != State::Idle; }
    //! The request line and headers are arriving (the head deadline runs).
    bool inHead() const { return m_state == State::Head; }
    //! A body is arriving (its minimum rate applies).
    bool inBody() const { return inRequest() && !inHead() && !upgraded(); }
    bool upgraded() const { return m_state == State::Upgraded; }
    //! How many request heads have begun so far: a new one restarts the head deadline.
    quint64 headsStarted() const { return m_headsStarted; }
    //! The `Origin` of the request being read or refused last, when its head showed one.
    QByteArray origin() const;

private:
    enum class State { Idle, Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Upgraded };
    enum class Line { Complete, Incomplete, TooLong, Malformed };

    void readHead(QByteArrayView &data, Progress &progress);
    Verdict headComplete(Progress &progress);
    Verdict chunkSizeLine(Progress &progress);
    void requestComplete(Progress &progress);
    //! Reads one CRLF-terminated line of a chunked body into m_line (without its CRLF),
    //! counting it as framing; Incomplete also when the framing budget is spent.
    Line takeLine(QByteArrayView &data, qsizetype maxLength);

    Limits m_limits;
    State m_state = State::Idle;
    QByteArray m_head;
    QByteArray m_line;
    qint64 m_remaining = 0;
    qint64 m_bodyBytes = 0;
    qint64 m_framingBytes = 0;
    QByteArray m_origin;
    quint64 m_headsStarted = 0;
    bool m_closeAfterThis = false;
    // One bit per unanswered request, oldest first: close after answering it?
    QList<bool> m_closeAfter;
};
