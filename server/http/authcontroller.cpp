#include "authcontroller.h"

#include "authenticator.h"
#include "clientaddress.h"
#include "common/apipaths.h"
#include "common/validation.h"
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
                               AuthLimits limits, const ClientAddress &clients,
                               ReplyDispatcher &replies, ReplyDispatcher &passwordReplies)
    : m_auth(auth)
    , m_authenticator(authenticator)
    , m_limits(limits)
    , m_clients(clients)
    , m_replies(replies)
    , m_passwordReplies(passwordReplies)
{ }

bool AuthController::admit(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    // Behind a trusted proxy, the client's own address: never the proxy's, shared by all.
    const int waitSeconds
        = m_limits.perAddress.acquire(ClientAddress::limitKey(m_clients.of(request)));
    if (waitSeconds == 0)
        return true;
    m_replies.reply(responder, RequestInfo::from(request),
                    m_limits.perAddress.refusal(
                        waitSeconds,
                        waitSeconds == 1
                            ? u"Too many attempts, retry in 1 second"_s
                            : u"Too many attempts, retry in %1 seconds"_s.arg(waitSeconds)));
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
    m_passwordReplies.replyLater(
        std::move(responder), RequestInfo::from(request),
        RequestBodies::registration(request.body()), [this](const RegisterRequest &input) {
            return replyFromResult(m_auth.registerUser(input), 201, authJson);
        });
}

void AuthController::login(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    if (!admit(request, responder))
        return;
    const RequestInfo info = RequestInfo::from(request);
    auto input = RequestBodies::login(request.body());
    if (!input)
        return m_replies.reply(responder, info, HttpReply::fromError(input.error()));
    // Charged before the password is checked, so that a thousand guesses at once are no
    // more than the limit; given back unless the password was wrong. Unknown emails count
    // alike: the answer tells nothing about which accounts exist.
    const QString email = Validation::normalizeEmail(input->email);
    if (const int waitSeconds = m_limits.failedSignIns.acquire(email); waitSeconds > 0) {
        return m_replies.reply(
            responder, info,
            m_limits.failedSignIns.refusal(
                waitSeconds,
                u"Too many failed sign-ins for this email, retry in %1 seconds"_s.arg(
                    waitSeconds)));
    }
    m_passwordReplies.replyLater(std::move(responder), info, [this, input = *input, email] {
        const Result<AuthResult> result = m_auth.login(input);
        if (result || result.error().code != ErrorCode::InvalidCredentials)
            m_limits.failedSignIns.refund(email);
        return replyFromResult(result, 200, authJson);
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
