#pragma once

#include <QByteArray>
#include <QString>

class HealthService;
class QHttpServerRequest;
class QHttpServerResponder;
class ReplyDispatcher;
class Router;

//! Service routes: GET / and /api/health for monitors, /api/ready for load balancers, /api for
//! the Swagger UI page, /api/openapi.json for the OpenAPI document.
class SystemController
{
public:
    SystemController(const HealthService &health, ReplyDispatcher &replies);

    void registerRoutes(Router &router);

private:
    void health(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void ready(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    //! A file compiled into the binary, or 404 when there is no such file.
    void staticFile(const QString &resource, const QByteArray &contentType,
                    const QHttpServerRequest &request, QHttpServerResponder &&responder);

    const HealthService &m_health;
    ReplyDispatcher &m_replies;
};
