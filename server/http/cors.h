#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

//! CORS for the one front-end origin of FRONTEND_URL: that exact origin gets the headers,
//! every other origin gets none (so browsers refuse to hand it our responses).
class Cors
{
public:
    using Header = QPair<QByteArray, QByteArray>;

    explicit Cors(QByteArray allowedOrigin);

    //! The headers for an actual (non-preflight) response to a request from `origin`.
    QList<Header> responseHeaders(const QByteArray &origin) const;
    //! The headers answering a preflight (OPTIONS) for a path that allows `methods`.
    QList<Header> preflightHeaders(const QByteArray &origin, const QByteArray &methods) const;

private:
    bool allows(const QByteArray &origin) const;

    QByteArray m_allowedOrigin;
};
