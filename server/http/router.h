#pragma once

#include "requesttrace.h"

#include <QHttpServer>
#include <QRegularExpression>

#include <type_traits>

//! Registers routes on the QHttpServer and remembers which methods each path allows, which
//! QHttpServer 6.4 does not: a wrong method on a known path is a 405 with an Allow header, and
//! OPTIONS (CORS preflight) is answered for known paths. While a handler runs, its request's
//! trace is current (RequestTrace::Scope) and names the route's pattern.
class Router
{
public:
    using Method = QHttpServerRequest::Method;

    explicit Router(QHttpServer &server)
        : m_server(server)
    { }

    //! `handler` takes (request, responder) or, for a rule with one "<arg>", (arg, request,
    //! responder). In metrics and logs the rule reads with `argName` for "<arg>".
    template<typename Handler>
    void add(Method method, const QString &rule, Handler handler, QStringView argName = u":id")
    {
        const QByteArray route = routeLabel(rule, argName);
        if constexpr (std::is_invocable_v<const Handler &, const QHttpServerRequest &,
                                          QHttpServerResponder &&>) {
            m_server.route(rule, method,
                           [route, handler = std::move(handler)](const QHttpServerRequest &request,
                                                                 QHttpServerResponder &&responder) {
                               const RequestTrace::Scope scope(responder, route);
                               handler(request, std::move(responder));
                           });
        } else {
            m_server.route(rule, method,
                           [route, handler = std::move(handler)](const QString &arg,
                                                                 const QHttpServerRequest &request,
                                                                 QHttpServerResponder &&responder) {
                               const RequestTrace::Scope scope(responder, route);
                               handler(arg, request, std::move(responder));
                           });
        }
        remember(method, rule, route);
    }

    //! The pattern of the route for `path` ("/api/bookings/:id"), or RequestTrace's
    //! "unmatched".
    QByteArray routeOf(const QString &path) const;

    //! "GET, POST, OPTIONS" for a known path, empty for an unknown one.
    QByteArray allowedMethods(const QString &path) const;

    static QByteArray methodName(Method method);

private:
    void remember(Method method, const QString &rule, const QByteArray &route);
    static QByteArray routeLabel(const QString &rule, QStringView argName);

    struct KnownPath
    {
        QString rule;
        QByteArray route;
        QRegularExpression pattern;
        QList<Method> methods;
    };

    QHttpServer &m_server;
    QList<KnownPath> m_paths;
};
