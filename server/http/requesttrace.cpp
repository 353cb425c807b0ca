#include "requesttrace.h"

#include "guardedsocket.h"
#include "requesthead.h"

#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcAccess, "booking.server.access", QtInfoMsg)

namespace {

thread_local RequestTrace *t_current = nullptr;

} // namespace

std::shared_ptr<RequestTrace> RequestTrace::begin(const RequestHead &head, QString client)
{
    auto trace = std::make_shared<RequestTrace>();
    trace->id = isValidId(head.requestId) ? head.requestId : newId();
    trace->method = head.method;
    trace->path = head.path();
    trace->client = std::move(client);
    trace->clock.start();
    return trace;
}

std::shared_ptr<RequestTrace> RequestTrace::unread(QString client)
{
    auto trace = std::make_shared<RequestTrace>();
    trace->id = newId();
    trace->method = "-"_ba;
    trace->path = "-"_ba;
    trace->client = std::move(client);
    trace->clock.start();
    return trace;
}

bool RequestTrace::isValidId(QByteArrayView id)
{
    return !id.isEmpty() && id.size() <= MaxIdLength
        && std::all_of(id.begin(), id.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                   || c == '.' || c == '_' || c == '-';
           });
}

QByteArray RequestTrace::newId()
{
    // 128 random bits: unique across instances without coordination.
    quint64 bits[2];
    QRandomGenerator::global()->fillRange(bits);
    return QByteArray(reinterpret_cast<const char *>(bits), sizeof bits).toHex();
}

void RequestTrace::logAccess(int status, qint64 bytes) const
{
    if (!lcAccess().isInfoEnabled())
        return;
    const double milliseconds = double(clock.nsecsElapsed()) / 1e6;
    QJsonObject fields{
        {u"method"_s, QString::fromLatin1(method)},
        {u"route"_s, QString::fromLatin1(route)},
        {u"path"_s, QString::fromUtf8(path)},
        {u"status"_s, status},
        {u"duration_ms"_s, std::round(milliseconds * 1000) / 1000},
        {u"bytes"_s, bytes},
        {u"client"_s, client},
    };
    if (!userId.isEmpty())
        fields.insert(u"user_id"_s, userId);
    const LogContext::Scope scope(id, std::move(fields));
    qCInfo(lcAccess).noquote().nospace()
        << method << ' ' << QString::fromUtf8(path) << ' ' << status << ' '
        << QString::number(milliseconds, 'f', 2) << " ms " << bytes << " B " << client
        << (userId.isEmpty() ? QString() : u" user="_s + userId);
}

RequestTrace *RequestTrace::current()
{
    return t_current;
}

RequestTrace::Scope::Scope(QHttpServerResponder &responder, QByteArrayView route)
    : m_previous(t_current)
{
    if (auto *socket = qobject_cast<GuardedSocket *>(responder.socket()))
        m_trace = socket->nextTrace();
    if (m_trace) {
        m_trace->route = route.toByteArray();
        m_log.emplace(m_trace->id);
    }
    t_current = m_trace.get();
}

RequestTrace::Scope::~Scope()
{
    t_current = m_previous;
}
