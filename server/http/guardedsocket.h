#pragma once

#include "connectioncounts.h"
#include "httpreply.h"
#include "requestframer.h"
#include "requesttrace.h"

#include <QElapsedTimer>
#include <QMap>
#include <QTcpSocket>
#include <QTimer>

#include <deque>
#include <memory>
#include <optional>

struct GuardContext;

//! A connection as QHttpServer receives it, with the guard in front: it sees every byte before
//! QHttpServer does (its readyRead handler is connected first) and refuses what the strict
//! framer refuses (400), oversized requests (413, 431) and slow ones (408: a whole head within
//! a deadline, a body at a minimum rate); it answers `Expect: 100-continue` at once, closes idle
//! connections, stops reading while too many answers are owed, writes the responses of
//! pipelined requests in request order, and closes after a response when the client asked for
//! it. A WebSocket handshake is let through only from an allowed (or no) Origin and within the
//! live clients' caps; the connection then counts as a live client, no longer as a request one.
class GuardedSocket final : public QTcpSocket
{
    Q_OBJECT

public:
    GuardedSocket(std::shared_ptr<GuardContext> context, QObject *parent = nullptr);
    ~GuardedSocket() override;

    //! Counts the connection against the request connections' caps, once connected. False
    //! (and the connection answered 503) when a cap is reached.
    bool admit();

    //! Call once QHttpServer has connected its reader: lets the guard see what that reader
    //! leaves unread, so that no byte is inspected twice.
    void followServerReads();

    //! Takes the next place in the response order. Call when a request starts being handled
    //! (QHttpServer hands requests over in the order they came).
    quint64 reserveResponse();
    //! The trace of the request the next reserveResponse() is for.
    std::shared_ptr<RequestTrace> nextTrace();
    //! The response for a reserved place. It is written once every earlier one has been.
    void deliverResponse(quint64 ticket, HttpReply reply);

    //! Stops reading, answers `reply` (with the CORS headers of the request's origin) after the
    //! responses still owed, then closes.
    void refuse(HttpReply reply);

private:
    void inspectIncoming();
    //! A WebSocket handshake arrived: true when it may go on to QHttpServer.
    bool admitHandshake(const RequestHead &handshake);
    //! Refuses once QHttpServer has taken every request framed before the refused one.
    void refuseAfterEarlierRequests(const HttpReply &reply);
    void applyDeferredRefusal();
    void writeReadyResponses();
    //! Starts or stops the timers and the back-pressure for what the connection is doing now.
    void updateTimers();
    void updateBackPressure();
    void checkDeadline();
    void onIdle();
    QString clientOf(const RequestHead &head) const;

    std::shared_ptr<GuardContext> m_context;
    RequestFramer m_framer;
    QTimer m_idleTimer;
    QTimer m_deadlineTimer;
    QElapsedTimer m_headClock;
    QElapsedTimer m_bodyClock;
    qint64 m_bodyBytes = 0;
    quint64 m_headsSeen = 0;
    //! Bytes at the front of the read buffer that have been inspected already.
    qint64 m_inspectedAhead = 0;
    int m_unanswered = 0;
    //! Complete requests seen so far; QHttpServer hands them to routes one by one.
    quint64 m_framedRequests = 0;
    std::optional<HttpReply> m_deferredRefusal;
    quint64 m_nextTicket = 0;
    quint64 m_nextToWrite = 0;
    QMap<quint64, HttpReply> m_readyResponses;
    //! The traces of the requests from m_nextToWrite on, in order.
    std::deque<std::shared_ptr<RequestTrace>> m_traces;
    //! The place of a refusal: the connection closes after it.
    std::optional<quint64> m_refusalTicket;
    bool m_closing = false;
    bool m_backPressure = false;
    //! How the connection is counted, and under which address.
    std::optional<ConnectionCounts::Kind> m_countedAs;
    QString m_countedAddress;
    //! Where it was listed in GuardContext::upgraded (peerAddress() is gone once closed).
    std::optional<QPair<QHostAddress, quint16>> m_upgradedAs;
};
