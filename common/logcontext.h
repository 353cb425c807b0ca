#pragma once

#include <QByteArray>
#include <QJsonObject>

//! What the log lines written on this thread belong to: the request being served (its id) and,
//! for one line, structured fields. Set with a Scope; the log handler reads it, so a line
//! written deep in the database layer still names the request that caused it. Work handed to
//! another thread takes the context along (see Database::async and ReplyDispatcher).
namespace LogContext {

//! The id of the request this thread works for; empty when none.
QByteArray requestId();
//! Fields the next line on this thread carries (empty but during an access-log line).
const QJsonObject &fields();

//! Sets the context for its lifetime, then restores the one before.
class Scope
{
public:
    explicit Scope(QByteArray requestId, QJsonObject fields = {});
    ~Scope();
    Q_DISABLE_COPY_MOVE(Scope)

private:
    QByteArray m_previousId;
    QJsonObject m_previousFields;
};

} // namespace LogContext
