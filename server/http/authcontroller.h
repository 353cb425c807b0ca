#pragma once

class AuthService;
class Authenticator;
class QHttpServerRequest;
class QHttpServerResponder;
class ReplyDispatcher;
class Router;

//! /api/auth: register, login, refresh, logout, me.
class AuthController
{
public:
    AuthController(const AuthService &auth, const Authenticator &authenticator,
                   ReplyDispatcher &replies);

    void registerRoutes(Router &router);

private:
    void registerUser(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void login(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void refresh(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void logout(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void me(const QHttpServerRequest &request, QHttpServerResponder &&responder);

    const AuthService &m_auth;
    const Authenticator &m_authenticator;
    ReplyDispatcher &m_replies;
};
