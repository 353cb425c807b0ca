#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QTcpSocket>

//! A bare TCP connection for the tests that need to speak HTTP byte by byte: partial
//! requests, oversized ones, clients that vanish.
class RawConnection
{
public:
    //! Connects from `from` (any 127.x.y.z on loopback) to the server's port.
    explicit RawConnection(quint16 port,
                           const QHostAddress &from = QHostAddress(QHostAddress::LocalHost));

    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    void send(const QByteArray &bytes);
    //! Waits until `marker` has been received (or the timeout passes); returns all received.
    QByteArray readUntil(const QByteArray &marker, int timeoutMs = 5000);
    //! Waits until one complete response (headers and Content-Length body) has arrived.
    QByteArray readResponse(int timeoutMs = 5000);
    //! Waits until `count` complete responses have arrived; returns them, split, in order.
    QList<QByteArray> readResponses(int count, int timeoutMs = 10000);
    //! Waits for the server to close the connection.
    bool waitForClose(int timeoutMs = 5000);
    void abort() { m_socket.abort(); }
    QByteArray received() const { return m_received; }

private:
    QTcpSocket m_socket;
    QByteArray m_received;
};
