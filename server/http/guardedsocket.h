#pragma once

#include "connectionlimits.h"
#include "httpreply.h"
#include "requestframer.h"

#include <QMap>
#include <QTcpSocket>
#include <QTimer>

//! A connection as QHttpServer receives it, with the guard in front: it sees every byte before
//! QHttpServer does (its readyRead handler is connected first), refuses oversized requests
//! with 413, answers `Expect: 100-continue` at once, closes idle connections, writes the
//! responses of pipelined requests in request order, and closes after a response when the
//! client asked for it.
class GuardedSocket final : public QTcpSocket
{
    Q_OBJECT

public:
    GuardedSocket(const ConnectionLimits &limits, QObject *parent = nullptr);

    //! Call once QHttpServer has connected its reader: lets the guard see what that reader
    //! leaves unread, so that no byte is inspected twice.
    void followServerReads();

    //! Takes the next place in the response order. Call when a request starts being handled
    //! (QHttpServer hands requests over in the order they came).
    quint64 reserveResponse();
    //! The response for a reserved place. It is written once every earlier one has been.
    void deliverResponse(quint64 ticket, HttpReply reply);

    //! Writes a complete error response outside QHttpServer and closes the connection.
    void refuse(const HttpReply &reply);

private:
    void inspectIncoming();
    void writeReadyResponses();
    void onIdle();

    RequestFramer m_framer;
    QByteArray m_upgradePath;
    QTimer m_idleTimer;
    //! Bytes at the front of the read buffer that have been inspected already.
    qint64 m_inspectedAhead = 0;
    int m_unanswered = 0;
    quint64 m_nextTicket = 0;
    quint64 m_nextToWrite = 0;
    QMap<quint64, HttpReply> m_readyResponses;
    bool m_closing = false;
};
