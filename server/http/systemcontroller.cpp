#include "systemcontroller.h"

#include "common/apipaths.h"
#include "common/jsonkeys.h"
#include "replydispatcher.h"
#include "router.h"
#include "services/healthservice.h"

#include <QFile>
#include <QHttpServerRequest>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

QByteArray contentTypeFor(const QString &fileName)
{
    if (fileName.endsWith(u".css"))
        return "text/css; charset=utf-8"_ba;
    if (fileName.endsWith(u".js"))
        return "text/javascript; charset=utf-8"_ba;
    if (fileName.endsWith(u".png"))
        return "image/png"_ba;
    if (fileName.endsWith(u".html"))
        return "text/html; charset=utf-8"_ba;
    return "application/octet-stream"_ba;
}

} // namespace

SystemController::SystemController(const HealthService &health, ReplyDispatcher &replies)
    : m_health(health)
    , m_replies(replies)
{ }

void SystemController::registerRoutes(Router &router)
{
    using Method = Router::Method;
    router.add(Method::Get, ApiPaths::Root,
               [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                   m_replies.reply(responder, RequestInfo::from(request),
                                   HttpReply::json(200, QJsonObject{{JsonKeys::Status, u"ok"_s}}));
               });
    router.add(Method::Get, ApiPaths::Health,
               [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                   health(request, std::move(responder));
               });
    router.add(Method::Get, ApiPaths::Ready,
               [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                   ready(request, std::move(responder));
               });
    router.add(Method::Get, ApiPaths::Api,
               [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                   staticFile(u":/swagger/index.html"_s, "text/html; charset=utf-8"_ba, request,
                              std::move(responder));
               });
    router.add(Method::Get, ApiPaths::OpenApi,
               [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                   staticFile(u":/openapi.json"_s, "application/json; charset=utf-8"_ba, request,
                              std::move(responder));
               });
    router.add(
        Method::Get, ApiPaths::SwaggerAssets + u"<arg>"_s,
        [this](const QString &name, const QHttpServerRequest &request,
               QHttpServerResponder &&responder) {
            // Plain file names only: nothing outside the embedded folder is reachable.
            static const QRegularExpression safeName(
                QRegularExpression::anchoredPattern(u"[A-Za-z0-9_.-]+"_s));
            const QString file = safeName.match(name).hasMatch() && !name.startsWith(u'.')
                ? u":/swagger/"_s + name
                : QString();
            staticFile(file, contentTypeFor(name), request, std::move(responder));
        },
        u":file");
}

void SystemController::health(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    m_replies.replyLater(std::move(responder), RequestInfo::from(request), [this] {
        if (m_health.check())
            return HttpReply::json(
                200, QJsonObject{{JsonKeys::Status, u"ok"_s}, {JsonKeys::Database, u"up"_s}});
        // The contract's error body (and Retry-After), with the fields monitors read.
        return HttpReply::fromError(
            Error(ErrorCode::ServiceUnavailable, u"The database cannot be reached"_s),
            QJsonObject{{JsonKeys::Status, u"error"_s}, {JsonKeys::Database, u"down"_s}});
    });
}

void SystemController::ready(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    m_replies.replyLater(std::move(responder), RequestInfo::from(request), [this] {
        const HealthService::Readiness readiness = m_health.readiness();
        if (readiness.ready())
            return HttpReply::json(200,
                                   QJsonObject{{JsonKeys::Status, u"ready"_s},
                                               {JsonKeys::Database, u"up"_s},
                                               {JsonKeys::Migrations, u"current"_s}});
        QJsonObject why{{JsonKeys::Status, u"not ready"_s},
                        {JsonKeys::Database, readiness.databaseUp ? u"up"_s : u"down"_s}};
        QString message = u"Not ready: the database cannot be reached"_s;
        if (readiness.databaseUp && !readiness.pendingMigrations) {
            why.insert(JsonKeys::Migrations, u"unknown"_s);
            message = u"Not ready: the database schema cannot be checked"_s;
        } else if (readiness.databaseUp) {
            why.insert(JsonKeys::Migrations, u"pending"_s);
            why.insert(JsonKeys::PendingMigrations, int(readiness.pendingMigrations->size()));
            message = u"Not ready: database migrations are pending"_s;
        }
        return HttpReply::fromError(Error(ErrorCode::ServiceUnavailable, message), why);
    });
}

void SystemController::staticFile(const QString &resource, const QByteArray &contentType,
                                  const QHttpServerRequest &request,
                                  QHttpServerResponder &&responder)
{
    QFile file(resource);
    if (resource.isEmpty() || !file.open(QIODevice::ReadOnly)) {
        m_replies.reply(responder, RequestInfo::from(request),
                        HttpReply::fromError(Error(ErrorCode::NotFound)));
        return;
    }
    HttpReply reply = HttpReply::raw(200, contentType, file.readAll());
    reply.headers.append({"Cache-Control"_ba, "public, max-age=3600"_ba});
    m_replies.reply(responder, RequestInfo::from(request), std::move(reply));
}
