#include "testclient.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>

using namespace Qt::StringLiterals;

QJsonObject HttpResult::object() const
{
    return QJsonDocument::fromJson(body).object();
}

QJsonArray HttpResult::array() const
{
    return QJsonDocument::fromJson(body).array();
}

QByteArray HttpResult::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString HttpResult::errorCode() const
{
    return object().value("code"_L1).toString();
}

TestClient::TestClient(QUrl base)
    : m_base(std::move(base))
{
    m_network.setAutoDeleteReplies(false);
}

QUrl TestClient::url(const QString &path) const
{
    return m_base.resolved(QUrl(path));
}

QList<QPair<QByteArray, QByteArray>> TestClient::bearer(const QString &token)
{
    if (token.isEmpty())
        return {};
    return {{"Authorization"_ba, "Bearer "_ba + token.toLatin1()}};
}

QNetworkReply *TestClient::start(const QByteArray &method, const QString &path,
                                 const QByteArray &body,
                                 const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(url(path));
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return m_network.sendCustomRequest(request, method, body);
}

HttpResult TestClient::finish(QNetworkReply *reply, int timeoutMs)
{
    if (!reply->isFinished()) {
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(timeoutMs);
    }
    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen())
        result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    result.networkError = int(reply->error());
    if (!reply->isFinished())
        reply->abort();
    reply->deleteLater();
    return result;
}

HttpResult TestClient::send(const QByteArray &method, const QString &path, const QByteArray &body,
                            const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return finish(start(method, path, body, headers));
}

HttpResult TestClient::get(const QString &path, const QString &token)
{
    return send("GET"_ba, path, {}, bearer(token));
}

HttpResult TestClient::post(const QString &path, const QJsonObject &body, const QString &token)
{
    return send("POST"_ba, path, QJsonDocument(body).toJson(QJsonDocument::Compact), bearer(token));
}

HttpResult TestClient::del(const QString &path, const QString &token)
{
    return send("DELETE"_ba, path, {}, bearer(token));
}

QString TestClient::signIn(const QString &email, const QString &password, const QString &name)
{
    HttpResult result
        = post(u"/api/auth/login"_s, {{"email"_L1, email}, {"password"_L1, password}});
    if (result.status == 401)
        result = post(u"/api/auth/register"_s,
                      {{"email"_L1, email}, {"password"_L1, password}, {"name"_L1, name}});
    return result.object().value("accessToken"_L1).toString();
}
