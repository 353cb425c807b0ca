#include "cannedserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

CannedServer::CannedServer(QByteArray response)
    : m_fallback(std::move(response))
{
    m_server.listen(QHostAddress::LocalHost, 0);
    QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
        QTcpSocket *socket = m_server.nextPendingConnection();
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
            const QByteArray request = socket->readAll();
            if (socket->property("answered").toBool())
                return;
            socket->setProperty("answered", true);
            m_requests.append(request.left(request.indexOf("\r\n")));
            answer(socket, request);
        });
    });
}

void CannedServer::on(const QByteArray &requestLineStart, QByteArray response,
                      std::chrono::milliseconds delay)
{
    m_answers.append({requestLineStart, std::move(response), delay});
}

QUrl CannedServer::url() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.serverPort()));
}

bool CannedServer::received(const QByteArray &requestLineStart) const
{
    return std::any_of(m_requests.cbegin(), m_requests.cend(),
                       [&](const QByteArray &line) { return line.startsWith(requestLineStart); });
}

void CannedServer::answer(QTcpSocket *socket, const QByteArray &request)
{
    Answer chosen{{}, m_fallback, std::chrono::milliseconds(0)};
    for (const Answer &candidate : std::as_const(m_answers)) {
        if (request.startsWith(candidate.requestLineStart)) {
            chosen = candidate;
            break;
        }
    }
    QTimer::singleShot(chosen.delay, socket, [socket, response = chosen.response] {
        socket->write(response);
        socket->disconnectFromHost();
    });
}

QByteArray CannedServer::errorResponse(int status, const char *code, const QStringList &details)
{
    QJsonObject error{{u"statusCode"_s, status},
                      {u"error"_s, u"x"_s},
                      {u"message"_s, u"server words"_s},
                      {u"code"_s, QString::fromLatin1(code)}};
    if (!details.isEmpty())
        error.insert(u"details"_s, QJsonArray::fromStringList(details));
    const QByteArray body = QJsonDocument(error).toJson(QJsonDocument::Compact);
    return "HTTP/1.1 " + QByteArray::number(status)
        + " X\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}
