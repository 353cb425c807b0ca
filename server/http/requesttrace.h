#pragma once

#include "common/logcontext.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QString>

#include <memory>
#include <optional>

class QHttpServerResponder;
struct RequestHead;

//! One request followed from its head to its response: its id (the client's X-Request-Id when
//! well-formed, else a new one), which route took it, who sent it, how long it took. The
//! connection guard makes it when the head arrives and finishes it when the response is
//! written: the access-log line, the metrics and the X-Request-Id echoed.
struct RequestTrace
{
    QByteArray id;
    QByteArray method;
    QByteArray path;
    //! The route pattern that took the request ("/api/bookings/:id"), "unmatched" otherwise.
    QByteArray route = unmatchedRoute();
    QString client;
    QString userId;
    QElapsedTimer clock;

    static constexpr qsizetype MaxIdLength = 128;

    //! The route label of a request no route took.
    static QByteArray unmatchedRoute() { return QByteArrayLiteral("unmatched"); }

    //! The trace of a request whose head has arrived, from `peer`'s connection.
    static std::shared_ptr<RequestTrace> begin(const RequestHead &head, QString client);
    //! The trace of a request refused before its head could be read.
    static std::shared_ptr<RequestTrace> unread(QString client);

    //! 1 to 128 characters of letters, digits, '.', '_' and '-'.
    static bool isValidId(QByteArrayView id);
    static QByteArray newId();

    //! Writes the access-log line: method, route, status, duration, bytes, client, user.
    void logAccess(int status, qint64 bytes) const;

    //! The request the HTTP thread handles now (inside a route handler), or null.
    static RequestTrace *current();

    //! While a route handles a request: the request's trace is current and every log line
    //! on this thread carries its id. Sets the trace's route.
    class Scope
    {
    public:
        Scope(QHttpServerResponder &responder, QByteArrayView route);
        ~Scope();
        Q_DISABLE_COPY_MOVE(Scope)

    private:
        std::shared_ptr<RequestTrace> m_trace;
        RequestTrace *m_previous;
        std::optional<LogContext::Scope> m_log;
    };
};
