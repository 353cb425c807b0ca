#pragma once

#include "connectionlimits.h"
#include "requestframer.h"

#include <QTcpSocket>
#include <QTimer>

//! A connection as QHttpServer receives it, with the guard in front: it sees every byte before
//! QHttpServer does (its readyRead handler is connected first), refuses oversized requests
//! with 413, answers `Expect: 100-continue` at once, closes idle connections, and closes after
//! the response when the client asked for it.
class GuardedSocket final : public QTcpSocket
{
    Q_OBJECT

public:
    GuardedSocket(const ConnectionLimits &limits, QObject *parent = nullptr);

    //! Called by the reply writer before each response: whether the client asked to close the
    //! connection after it (`Connection: close`, or HTTP/1.0 without keep-alive).
    bool takeCloseAfterResponse();
    //! Called by the reply writer after each response.
    void responseWritten(bool close);

    //! Writes a complete error response outside QHttpServer and closes the connection.
    void refuse(QByteArray response);

private:
    void inspectIncoming();
    void onIdle();

    RequestFramer m_framer;
    QByteArray m_upgradePath;
    QTimer m_idleTimer;
    int m_unanswered = 0;
};
