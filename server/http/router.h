#pragma once

#include <QHttpServer>
#include <QRegularExpression>

//! Registers routes on the QHttpServer and remembers which methods each path allows, which
//! QHttpServer 6.4 does not: a wrong method on a known path is a 405 with an Allow header, and
//! OPTIONS (CORS preflight) is answered for known paths.
class Router
{
public:
    using Method = QHttpServerRequest::Method;

    explicit Router(QHttpServer &server)
        : m_server(server)
    { }

    template<typename Handler>
    void add(Method method, const QString &rule, Handler &&handler)
    {
        m_server.route(rule, method, std::forward<Handler>(handler));
        remember(method, rule);
    }

    //! "GET, POST, OPTIONS" for a known path, empty for an unknown one.
    QByteArray allowedMethods(const QString &path) const;

    static QByteArray methodName(Method method);

private:
    void remember(Method method, const QString &rule);

    struct KnownPath
    {
        QString rule;
        QRegularExpression pattern;
        QList<Method> methods;
    };

    QHttpServer &m_server;
    QList<KnownPath> m_paths;
};
