#pragma once

#include "connectionlimits.h"
#include "httpreply.h"
#include "requestframer.h"

#include <QMap>
#include <QTcpSocket>
#include <QTimer>

#include <memory>
#include <optional>

//! A connection as QHttpServer receives it, with the guard in front: it sees every byte before
//! QHttpServer does (its readyRead handler is connected first), refuses oversized requests
//! with 413, answers `Expect: 100-continue` at once, closes idle connections, writes the
//! responses of pipelined requests in request order, and closes after a response when the
//! client asked for it.
class GuardedSocket final : public QTcpSocket
{
    Q_OBJECT

public:
    //! `openConnections` counts the server's live sockets; this one adds itself until it is
    //! destroyed.
    GuardedSocket(const ConnectionLimits &limits, std::shared_ptr<int> openConnections,
                  QObject *parent = nullptr);
    ~GuardedSocket() override;

    //! Call once QHttpServer has connected its reader: lets the guard see what that reader
    //! leaves unread, so that no byte is inspected twice.
    void followServerReads();

    //! Takes the next place in the response order. Call when a request starts being handled
    //! (QHttpServer hands requests over in the order they came).
    quint64 reserveResponse();
    //! The response for a reserved place. It is written once every earlier one has been.
    void deliverResponse(quint64 ticket, HttpReply reply);

    //! Stops reading, answers `reply` after the responses still owed, then closes.
    void refuse(const HttpReply &reply);

private:
    void inspectIncoming();
    //! Refuses once QHttpServer has taken every request framed before the refused one.
    void refuseAfterEarlierRequests(const HttpReply &reply);
    void applyDeferredRefusal();
    void writeReadyResponses();
    void onIdle();

    RequestFramer m_framer;
    QByteArray m_upgradePath;
    QTimer m_idleTimer;
    //! Bytes at the front of the read buffer that have been inspected already.
    qint64 m_inspectedAhead = 0;
    int m_unanswered = 0;
    //! Complete requests seen so far; QHttpServer hands them to routes one by one.
    quint64 m_framedRequests = 0;
    std::optional<HttpReply> m_deferredRefusal;
    quint64 m_nextTicket = 0;
    quint64 m_nextToWrite = 0;
    QMap<quint64, HttpReply> m_readyResponses;
    //! The place of a refusal: the connection closes after it.
    std::optional<quint64> m_refusalTicket;
    bool m_closing = false;
    std::shared_ptr<int> m_openConnections;
};
