#pragma once

class AuthService;
class Authenticator;
class ClientAddress;
class QHttpServerRequest;
class QHttpServerResponder;
class RateLimiter;
class ReplyDispatcher;
class Router;

//! /api/auth: register, login, refresh, logout, me.
class AuthController
{
public:
    //! `limiter` throttles the routes that check passwords or tokens, per client address.
    AuthController(const AuthService &auth, const Authenticator &authenticator,
                   RateLimiter &limiter, const ClientAddress &clients, ReplyDispatcher &replies);

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
    RateLimiter &m_limiter;
    const ClientAddress &m_clients;
    ReplyDispatcher &m_replies;
};
