#include "replywriter.h"

#include "common/logcontext.h"
#include "guardedsocket.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QLocale>

using namespace Qt::StringLiterals;

RequestInfo RequestInfo::from(const QHttpServerRequest &request)
{
    return {request.value("Origin"_ba), LogContext::requestId()};
}

namespace {

//! The Date header (RFC 9110), computed at most once a second.
QByteArray httpDate()
{
    static thread_local qint64 cachedSecond = -1;
    static thread_local QByteArray cached;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (now.toSecsSinceEpoch() != cachedSecond) {
        cachedSecond = now.toSecsSinceEpoch();
        cached = QLocale::c().toString(now, u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s).toLatin1();
    }
    return cached;
}

bool hasHeader(const HttpReply &reply, QByteArrayView name)
{
    return std::any_of(reply.headers.cbegin(), reply.headers.cend(), [name](const auto &header) {
        return header.first.compare(name, Qt::CaseInsensitive) == 0;
    });
}

} // namespace

QByteArray ReplyWriter::serialize(const HttpReply &reply)
{
    QByteArray out;
    out.reserve(256 + reply.body.size());
    out += "HTTP/1.1 "_ba + QByteArray::number(reply.status) + ' '
        + HttpReply::reasonPhrase(reply.status) + "\r\n"_ba;
    if (!reply.contentType.isEmpty())
        out += "Content-Type: "_ba + reply.contentType + "\r\n"_ba;
    // 1xx and 204 responses must not carry a Content-Length (RFC 9110, 8.6), and a 304's
    // would have to be the length of the body it stands for.
    if (reply.status != 204 && reply.status != 304 && reply.status >= 200)
        out += "Content-Length: "_ba + QByteArray::number(reply.body.size()) + "\r\n"_ba;
    for (const auto &[name, value] : reply.headers)
        out += name + ": "_ba + value + "\r\n"_ba;
    if (!hasHeader(reply, "Cache-Control"))
        out += "Cache-Control: no-store\r\n"_ba;
    out += "X-Content-Type-Options: nosniff\r\nDate: "_ba + httpDate() + "\r\n\r\n"_ba;
    out += reply.body;
    return out;
}

quint64 ReplyWriter::reserve(QTcpSocket *socket)
{
    auto *guarded = qobject_cast<GuardedSocket *>(socket);
    return guarded ? guarded->reserveResponse() : 0;
}

void ReplyWriter::write(QTcpSocket *socket, quint64 ticket, const RequestInfo &request,
                        HttpReply reply) const
{
    if (!reply.corsApplied)
        reply.headers.append(m_cors.responseHeaders(request.origin));
    if (auto *guarded = qobject_cast<GuardedSocket *>(socket))
        guarded->deliverResponse(ticket, std::move(reply));
    else
        socket->write(serialize(reply));
}
