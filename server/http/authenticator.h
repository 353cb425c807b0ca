#pragma once

#include "common/result.h"
#include "services/tokenservice.h"

class AuthService;
class QHttpServerRequest;

//! The authentication filter of protected routes: `Authorization: Bearer <access token>`.
//! It runs on the HTTP thread; verifying a token needs no database.
class Authenticator
{
public:
    explicit Authenticator(const AuthService &auth)
        : m_auth(auth)
    { }

    //! The caller, or UNAUTHORIZED (which the reply carries with WWW-Authenticate: Bearer).
    Result<AccessClaims> authenticate(const QHttpServerRequest &request) const;

private:
    const AuthService &m_auth;
};
