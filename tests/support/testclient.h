#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QUrl>

//! One HTTP exchange as a test sees it.
struct HttpResult
{
    int status = 0;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    int networkError = 0;

    QJsonObject object() const;
    QJsonArray array() const;
    QByteArray header(const QByteArray &name) const;
    //! The `code` of an error body, e.g. "SOLD_OUT".
    QString errorCode() const;
};

//! A client of the API over real HTTP, with its own QNetworkAccessManager (and so its own
//! connections: several clients really run in parallel).
class TestClient
{
public:
    explicit TestClient(QUrl base);

    HttpResult get(const QString &path, const QString &token = {});
    HttpResult post(const QString &path, const QJsonObject &body, const QString &token = {});
    HttpResult del(const QString &path, const QString &token = {});
    //! Any method, raw body, extra headers.
    HttpResult send(const QByteArray &method, const QString &path, const QByteArray &body = {},
                    const QList<QPair<QByteArray, QByteArray>> &headers = {});

    //! Starts a request without waiting; collect it with finish().
    QNetworkReply *start(const QByteArray &method, const QString &path, const QByteArray &body,
                         const QList<QPair<QByteArray, QByteArray>> &headers = {});
    static HttpResult finish(QNetworkReply *reply, int timeoutMs = 30000);

    //! Logs in (or, for a new email, registers) and returns the access token.
    QString signIn(const QString &email, const QString &password = QStringLiteral("Password123"),
                   const QString &name = QStringLiteral("Test User"));

    QUrl url(const QString &path) const;

    static QList<QPair<QByteArray, QByteArray>> bearer(const QString &token);

private:
    QUrl m_base;
    QNetworkAccessManager m_network;
};
