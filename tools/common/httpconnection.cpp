#include "httpconnection.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

QByteArray HttpConnection::Response::header(const QByteArray &name) const
{
    for (const Header &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return {};
}

QString HttpConnection::Response::code() const
{
    return QJsonDocument::fromJson(body).object().value("code"_L1).toString();
}

QString HttpConnection::Response::kind() const
{
    if (status == 0)
        return u"no answer"_s;
    const QString errorCode = code();
    return errorCode.isEmpty() ? QString::number(status)
                               : QString::number(status) + u' ' + errorCode;
}

HttpConnection::HttpConnection(const QUrl &server, const QHostAddress &source, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_source(source)
{
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(&m_socket, &QTcpSocket::connected, this, [this] {
        if (m_opened)
            std::exchange(m_opened, nullptr)(true);
        if (!m_request.isEmpty())
            writeRequest();
    });
    connect(&m_socket, &QTcpSocket::readyRead, this, &HttpConnection::readResponse);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] { fail(); });
}

QHostAddress HttpConnection::loopbackSource(int index)
{
    // 127.0.1.1, 127.0.1.2, ... 127.0.1.250, 127.0.2.1, ...: 62,500 addresses.
    return QHostAddress(
        quint32((127u << 24) | (quint32(1 + index / 250 % 250) << 8) | quint32(1 + index % 250)));
}

void HttpConnection::open(std::function<void(bool)> done)
{
    if (m_socket.state() == QAbstractSocket::ConnectedState) {
        done(true);
        return;
    }
    m_opened = std::move(done);
    connectIfNeeded();
}

void HttpConnection::connectIfNeeded()
{
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        return;
    if (!m_source.isNull() && !m_socket.bind(m_source, 0)) {
        fail();
        return;
    }
    m_socket.connectToHost(m_server.host(), quint16(m_server.port(80)));
}

void HttpConnection::send(const QByteArray &method, const QByteArray &path, const QByteArray &body,
                          const QList<Header> &headers, Done done)
{
    m_done = std::move(done);
    m_buffer.clear();
    m_request
        = method + ' ' + path + " HTTP/1.1\r\nHost: "_ba + m_server.host().toLatin1() + "\r\n"_ba;
    for (const Header &header : headers)
        m_request += header.first + ": "_ba + header.second + "\r\n"_ba;
    if (!body.isEmpty() || method == "POST")
        m_request += "Content-Type: application/json\r\nContent-Length: "_ba
            + QByteArray::number(body.size()) + "\r\n"_ba;
    m_request += "\r\n"_ba + body;
    if (m_socket.state() == QAbstractSocket::ConnectedState)
        writeRequest();
    else
        connectIfNeeded();
}

void HttpConnection::writeRequest()
{
    m_socket.write(std::exchange(m_request, {}));
}

void HttpConnection::readResponse()
{
    m_buffer += m_socket.readAll();
    const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
    if (headEnd < 0 || !m_done)
        return;
    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    Response response;
    response.status = lines.value(0).split(' ').value(1).toInt();
    qsizetype length = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        Header header{line.left(colon).trimmed(), line.mid(colon + 1).trimmed()};
        if (header.first.compare("Content-Length", Qt::CaseInsensitive) == 0)
            length = header.second.toLongLong();
        response.headers.append(std::move(header));
    }
    if (m_buffer.size() < headEnd + 4 + length)
        return;
    response.body = m_buffer.mid(headEnd + 4, length);
    m_buffer.remove(0, headEnd + 4 + length);
    std::exchange(m_done, nullptr)(response);
}

void HttpConnection::fail()
{
    m_socket.abort();
    m_request.clear();
    m_buffer.clear();
    if (m_opened)
        std::exchange(m_opened, nullptr)(false);
    if (m_done)
        std::exchange(m_done, nullptr)(Response{});
}
