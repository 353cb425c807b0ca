#pragma once

#include "cors.h"
#include "httpreply.h"
#include "requestinfo.h"

class QTcpSocket;

//! The one place that writes responses: every route, the missing handler and the connection
//! guard go through it, so CORS and the common headers are on every response (QHttpServer's
//! afterRequest does not run for responder routes).
class ReplyWriter
{
public:
    explicit ReplyWriter(Cors cors)
        : m_cors(std::move(cors))
    { }

    //! Takes the socket's next place in the response order (see GuardedSocket).
    static quint64 reserve(QTcpSocket *socket);
    //! Writes the response for the place `ticket`, after every earlier one on the socket.
    void write(QTcpSocket *socket, quint64 ticket, const RequestInfo &request,
               HttpReply reply) const;

    const Cors &cors() const { return m_cors; }

    //! Status line, headers and body as they go on the wire.
    static QByteArray serialize(const HttpReply &reply);

private:
    Cors m_cors;
};
