#pragma once

class AuthService;
class Authenticator;
class ClientAddress;
class QHttpServerRequest;
class QHttpServerResponder;
class RateLimiter;
class ReplyDispatcher;
class Router;

//! The limits of the sign-in routes.
struct AuthLimits
{
    //! Register, login and refresh attempts per client address (IPv6 per /64).
    RateLimiter &perAddress;
    //! Failed sign-ins per submitted email, whether or not the account exists.
    RateLimiter &failedSignIns;
};

//! /api/auth: register, login, refresh, logout, me. Registration and sign-in hash passwords:
//! they run on the password pool (`passwordReplies`), whose bounded queue answers 503 when
//! full, so that a sign-in flood cannot take the database workers from reads and bookings.
class AuthController
{
public:
    AuthController(const AuthService &auth, const Authenticator &authenticator, AuthLimits limits,
                   const ClientAddress &clients, ReplyDispatcher &replies,
                   ReplyDispatcher &passwordReplies);

    void registerRoutes(Router &router);

private:
    void registerUser(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void login(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void refresh(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void logout(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void me(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    //! False (with a 429 sent) when the client has made too many attempts.
    bool admit(const QHttpServerRequest &request, QHttpServerResponder &responder);

    const AuthService &m_auth;
    const Authenticator &m_authenticator;
    AuthLimits m_limits;
    const ClientAddress &m_clients;
    ReplyDispatcher &m_replies;
    ReplyDispatcher &m_passwordReplies;
};
