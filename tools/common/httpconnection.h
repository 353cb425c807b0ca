#pragma once

#include <QHostAddress>
#include <QObject>
#include <QTcpSocket>
#include <QUrl>

#include <functional>

//! One keep-alive HTTP/1.1 connection from a chosen local address, one request at a time:
//! what one buyer's browser is to the server. Buyers on a real sale come from many addresses;
//! a load tool that sends everything from 127.0.0.1 meets per-address caps and limits no real
//! crowd meets. Any 127.x.y.z is a loopback address on Linux.
class HttpConnection final : public QObject
{
    Q_OBJECT

public:
    using Header = QPair<QByteArray, QByteArray>;

    struct Response
    {
        int status = 0; //!< 0: no answer (connection refused or lost)
        QList<Header> headers;
        QByteArray body;

        QByteArray header(const QByteArray &name) const;
        //! The contract's error `code` of a JSON error body, e.g. "SOLD_OUT".
        QString code() const;
        //! How the tools count an answer: "201", "409 SOLD_OUT", or "no answer".
        QString kind() const;
    };
    using Done = std::function<void(const Response &)>;

    //! To `server` (scheme, host and port are used), from `source` (null: any).
    HttpConnection(const QUrl &server, const QHostAddress &source, QObject *parent = nullptr);

    //! Connects now; `done(true)` once connected. Sending connects when needed, too.
    void open(std::function<void(bool)> done);
    //! Sends one request; `done` once its whole response has arrived or the connection failed.
    void send(const QByteArray &method, const QByteArray &path, const QByteArray &body,
              const QList<Header> &headers, Done done);

    static QHostAddress loopbackSource(int index);

private:
    void connectIfNeeded();
    void writeRequest();
    void readResponse();
    void fail();

    QUrl m_server;
    QHostAddress m_source;
    QTcpSocket m_socket;
    QByteArray m_request;
    QByteArray m_buffer;
    Done m_done;
    std::function<void(bool)> m_opened;
};
