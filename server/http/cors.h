#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

//! CORS for the front-end origins (FRONTEND_URL and ALLOWED_ORIGINS): those exact origins get
//! the headers, every other origin gets none (so browsers refuse to hand it our responses).
//! No Access-Control-Allow-Credentials: the API takes bearer tokens, never cookies. The same
//! list decides which origins may open the live feed.
class Cors
{
public:
    using Header = QPair<QByteArray, QByteArray>;

    explicit Cors(QList<QByteArray> allowedOrigins);

    //! Whether `origin` is one of the allowed origins (an empty one is not).
    bool allows(const QByteArray &origin) const;

    //! The headers for an actual (non-preflight) response to a request from `origin`.
    QList<Header> responseHeaders(const QByteArray &origin) const;
    //! The headers answering a preflight (OPTIONS) for a path that allows `methods`.
    QList<Header> preflightHeaders(const QByteArray &origin, const QByteArray &methods) const;

private:
    QList<QByteArray> m_allowedOrigins;
};
