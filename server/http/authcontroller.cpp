#include "authcontroller.h"

#include "authenticator.h"
#include "clientaddress.h"
#include "common/apipaths.h"
#include "ratelimiter.h"
#include "replydispatcher.h"
#include "replyfromresult.h"
#include "requestbodies.h"
#include "router.h"
#include "services/authservice.h"

using namespace Qt::StringLiterals;

namespace {

QJsonObject authJson(const AuthResult &result)
{
    return result.toJson();
}

} // namespace

AuthController::AuthController(const AuthService &auth, const Authenticator &authenticator,
                               RateLimiter &limiter, const ClientAddress &clients,
                               ReplyDispatcher &replies)
    : m_auth(auth)
    , m_authenticator(authenticator)
    , m_limiter(limiter)
    , m_clients(clients)
    , m_replies(replies)
{ }

bool AuthController::admit(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    // Behind a trusted proxy, the client's own address: never the proxy's, shared by all.
    const int waitSeconds = m_limiter.acquire(m_clients.of(request).toString());
    if (waitSeconds == 0)
        return true;
    HttpReply reply = HttpReply::fromError(
        Error(ErrorCode::RateLimited,
              waitSeconds == 1 ? u"Too many attempts, retry in 1 second"_s
                               : u"Too many attempts, retry in %1 seconds"_s.arg(waitSeconds)));
    reply.headers.append({"Retry-After"_ba, QByteArray::number(waitSeconds)});
    m_replies.reply(responder, RequestInfo::from(request), std::move(reply));
    return false;
}

void AuthController::registerRoutes(Router &router)
{
    using Method = Router::Method;
    const auto bind = [this](auto member) {
        return [this, member](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            (this->*member)(request, std::move(responder));
        };
    };
    router.add(Method::Post, ApiPaths::Register, bind(&AuthController::registerUser));
    router.add(Method::Post, ApiPaths::Login, bind(&AuthController::login));
    router.add(Method::Post, ApiPaths::Refresh, bind(&AuthController::refresh));
    router.add(Method::Post, ApiPaths::Logout, bind(&AuthController::logout));
    router.add(Method::Get, ApiPaths::Me, bind(&AuthController::me));
}

void AuthController::registerUser(const QHttpServerRequest &request,
                                  QHttpServerResponder &&responder)
{
    if (!admit(request, responder))
        return;
    m_replies.replyLater(std::move(responder), RequestInfo::from(request),
                         RequestBodies::registration(request.body()),
                         [this](const RegisterRequest &input) {
                             return replyFromResult(m_auth.registerUser(input), 201, authJson);
                         });
}

void AuthController::login(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    if (!admit(request, responder))
        return;
    m_replies.replyLater(std::move(responder), RequestInfo::from(request),
                         RequestBodies::login(request.body()), [this](const LoginRequest &input) {
                             return replyFromResult(m_auth.login(input), 200, authJson);
                         });
}

void AuthController::refresh(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    if (!admit(request, responder))
        return;
    m_replies.replyLater(std::move(responder), RequestInfo::from(request),
                         RequestBodies::refreshToken(request.body()), [this](const QString &token) {
                             return replyFromResult(m_auth.refresh(token), 200, authJson);
                         });
}

void AuthController::logout(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    m_replies.replyLater(std::move(responder), RequestInfo::from(request),
                         RequestBodies::refreshToken(request.body()), [this](const QString &token) {
                             const Result<void> done = m_auth.logout(token);
                             return done ? HttpReply::noContent()
                                         : HttpReply::fromError(done.error());
                         });
}

void AuthController::me(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    m_replies.replyLater(std::move(responder), RequestInfo::from(request),
                         m_authenticator.authenticate(request), [this](const AccessClaims &caller) {
                             return replyFromResult(m_auth.currentUser(caller.userId), 200,
                                                    [](const User &user) { return user.toJson(); });
                         });
}
