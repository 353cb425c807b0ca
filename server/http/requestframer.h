#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

//! Follows the request boundaries of one HTTP/1.1 connection from the bytes alone, ahead of
//! QHttpServer, so that the connection guard can enforce size limits, answer
//! `Expect: 100-continue` and honour `Connection: close`, none of which QHttpServer 6.4 does.
//! It never changes the bytes; it only reports what they are.
class RequestFramer
{
public:
    struct Limits
    {
        qint64 maxHeaderBytes = 16 * 1024;
        qint64 maxBodyBytes = 1024 * 1024;
    };

    enum class Verdict {
        Continue, //!< nothing wrong so far
        BodyTooLarge, //!< the body is (or announces to be) over the limit: answer 413
        HeadTooLarge, //!< request line and headers over the limit: answer 413
        Malformed, //!< framing we refuse (e.g. Content-Length and chunked together)
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
        //! The request target of the upgrade request, e.g. "/api/live".
        QByteArray upgradeTarget;
    };

    explicit RequestFramer(Limits limits)
        : m_limits(limits)
    { }

    //! Whether the header values make a WebSocket handshake (Upgrade: websocket together with
    //! a Connection header naming upgrade): the one upgrade QHttpServer performs.
    static bool isWebSocketHandshake(QByteArrayView upgrade, QByteArrayView connection);

    Progress feed(QByteArrayView data);

    //! Whether the client asked to close after the response to its oldest unanswered request.
    //! Call once per response, in order.
    bool takeCloseAfterResponse();
    //! Bytes of a request have arrived but the request is not complete yet.
    bool inRequest() const { return m_state != State::Idle || !m_head.isEmpty(); }
    bool upgraded() const { return m_state == State::Upgraded; }

private:
    enum class State { Idle, Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Upgraded };

    Verdict headComplete(Progress &progress);
    void requestComplete(Progress &progress);
    //! Reads one CRLF-terminated line into m_line; false when it needs more data.
    bool takeLine(QByteArrayView &data, qsizetype maxLength, bool *tooLong);

    Limits m_limits;
    State m_state = State::Idle;
    QByteArray m_head;
    QByteArray m_line;
    qint64 m_remaining = 0;
    qint64 m_bodyBytes = 0;
    bool m_closeAfterThis = false;
    // One bit per unanswered request, oldest first: close after answering it?
    QList<bool> m_closeAfter;
};
