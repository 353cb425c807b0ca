#include "rawconnection.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

RawConnection::RawConnection(quint16 port, const QHostAddress &from)
{
    m_socket.bind(from);
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    m_socket.waitForConnected(5000);
}

void RawConnection::send(const QByteArray &bytes)
{
    m_socket.write(bytes);
    m_socket.flush();
}

QByteArray RawConnection::readUntil(const QByteArray &marker, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!m_received.contains(marker) && !deadline.hasExpired()) {
        QTest::qWait(5);
        m_received += m_socket.readAll();
    }
    return m_received;
}

QByteArray RawConnection::readResponse(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    static const QRegularExpression lengthHeader(u"(?i)content-length: *(\\d+)"_s);
    while (!deadline.hasExpired()) {
        QTest::qWait(5);
        m_received += m_socket.readAll();
        const qsizetype headEnd = m_received.indexOf("\r\n\r\n");
        if (headEnd < 0)
            continue;
        const auto match = lengthHeader.match(QString::fromLatin1(m_received.first(headEnd)));
        const qsizetype length = match.hasMatch() ? match.captured(1).toLongLong() : 0;
        if (m_received.size() >= headEnd + 4 + length)
            break;
    }
    return m_received;
}

namespace {

//! The complete responses at the start of `data` (Content-Length bodies only).
QList<QByteArray> splitResponses(const QByteArray &data)
{
    static const QRegularExpression lengthHeader(u"(?i)content-length: *(\\d+)"_s);
    QList<QByteArray> responses;
    qsizetype at = 0;
    while (true) {
        const qsizetype headEnd = data.indexOf("\r\n\r\n", at);
        if (headEnd < 0)
            break;
        const auto match = lengthHeader.match(QString::fromLatin1(data.sliced(at, headEnd - at)));
        const qsizetype end = headEnd + 4 + (match.hasMatch() ? match.captured(1).toLongLong() : 0);
        if (end > data.size())
            break;
        responses.append(data.sliced(at, end - at));
        at = end;
    }
    return responses;
}

} // namespace

QList<QByteArray> RawConnection::readResponses(int count, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (splitResponses(m_received).size() < count && !deadline.hasExpired()) {
        QTest::qWait(5);
        m_received += m_socket.readAll();
    }
    return splitResponses(m_received);
}

bool RawConnection::waitForClose(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (m_socket.state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired()) {
        QTest::qWait(5);
        m_received += m_socket.readAll();
    }
    return m_socket.state() == QAbstractSocket::UnconnectedState;
}
