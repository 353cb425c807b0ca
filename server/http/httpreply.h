#pragma once

#include "common/error.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

//! A complete HTTP response before it is written: built by controllers (possibly on a worker
//! thread), written by ReplyWriter on the HTTP thread.
struct HttpReply
{
    using Header = QPair<QByteArray, QByteArray>;
    static inline const QByteArray JsonType = QByteArrayLiteral("application/json; charset=utf-8");

    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QList<Header> headers;
    //! The CORS headers are in `headers` already (a preflight answer).
    bool corsApplied = false;

    static HttpReply json(int status, const QJsonObject &object);
    static HttpReply json(int status, const QJsonArray &array);
    static HttpReply noContent();
    static HttpReply raw(int status, QByteArray contentType, QByteArray body);
    //! The one mapping of an Error to HTTP: status from its code, the contract's error body
    //! (with `extraFields` added), WWW-Authenticate on 401 and Retry-After on 503.
    static HttpReply fromError(const Error &error, const QJsonObject &extraFields = {});

    //! The standard reason phrase, e.g. "Conflict" for 409.
    static QByteArray reasonPhrase(int status);
};
