#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QUrl>

//! One reply as the tools see it.
struct ApiReply
{
    int status = 0; //!< 0 when the server could not be reached
    QJsonDocument json;
    QString errorText;
    int retryAfterSeconds = 0; //!< from a Retry-After header

    //! The contract's error `code`, e.g. "SOLD_OUT".
    QString code() const;
    //! For a message: "HTTP 409 SOLD_OUT", or "no answer (Connection refused)".
    QString describe() const;
};

//! A tool's connection to the API: its own QNetworkAccessManager (so its own TCP connections),
//! a base URL such as http://localhost:3001/api, and an optional bearer token.
class ApiConnection
{
public:
    explicit ApiConnection(QUrl apiBase);

    void setToken(const QString &token) { m_token = token; }

    //! Starts a request; `path` is relative to the API base ("events?limit=50").
    QNetworkReply *start(const QByteArray &method, const QString &path,
                         const QJsonObject &body = {});
    //! Waits for a started request.
    static ApiReply finish(QNetworkReply *reply, int timeoutMs = 120000);
    ApiReply call(const QByteArray &method, const QString &path, const QJsonObject &body = {});

private:
    QUrl m_base;
    QString m_token;
    QNetworkAccessManager m_network;
};
