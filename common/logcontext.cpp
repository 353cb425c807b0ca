#include "logcontext.h"

namespace LogContext {

namespace {

thread_local QByteArray t_requestId;
thread_local QJsonObject t_fields;

} // namespace

QByteArray requestId()
{
    return t_requestId;
}

const QJsonObject &fields()
{
    return t_fields;
}

Scope::Scope(QByteArray requestId, QJsonObject fields)
    : m_previousId(std::exchange(t_requestId, std::move(requestId)))
    , m_previousFields(std::exchange(t_fields, std::move(fields)))
{ }

Scope::~Scope()
{
    t_requestId = std::move(m_previousId);
    t_fields = std::move(m_previousFields);
}

} // namespace LogContext
