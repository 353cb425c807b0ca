#include "apiconnection.h"

#include <QEventLoop>
#include <QJsonObject>
#include <QNetworkReply>
#include <QTimer>

using namespace Qt::StringLiterals;

QString ApiReply::code() const
{
    return json.object().value("code"_L1).toString();
}

ApiConnection::ApiConnection(QUrl apiBase)
    : m_base(std::move(apiBase))
{
    if (!m_base.path().endsWith(u'/'))
        m_base.setPath(m_base.path() + u'/');
}

QNetworkReply *ApiConnection::start(const QByteArray &method, const QString &path,
                                    const QJsonObject &body)
{
    QNetworkRequest request(m_base.resolved(QUrl(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization"_ba, "Bearer "_ba + m_token.toLatin1());
    const QByteArray payload
        = body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    return m_network.sendCustomRequest(request, method, payload);
}

ApiReply ApiConnection::finish(QNetworkReply *reply, int timeoutMs)
{
    if (!reply->isFinished()) {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    ApiReply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen())
        result.json = QJsonDocument::fromJson(reply->readAll());
    result.retryAfterSeconds = reply->rawHeader("Retry-After").toInt();
    if (result.status == 0)
        result.errorText = reply->isFinished() ? reply->errorString() : u"timed out"_s;
    reply->deleteLater();
    return result;
}

QString ApiReply::describe() const
{
    if (status == 0)
        return u"no answer (%1)"_s.arg(errorText);
    const QString what = code();
    return what.isEmpty() ? u"HTTP %1"_s.arg(status) : u"HTTP %1 %2"_s.arg(status).arg(what);
}

ApiReply ApiConnection::call(const QByteArray &method, const QString &path, const QJsonObject &body)
{
    return finish(start(method, path, body));
}
