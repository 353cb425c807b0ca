#pragma once

#include <QByteArray>
#include <QList>
#include <QTcpServer>
#include <QUrl>

#include <chrono>

class QTcpSocket;

//! Answers requests with canned HTTP responses: for what a real server never says. A response
//! can be tied to a request line's start and held back for a while.
class CannedServer
{
public:
    //! Answers every request with `response` unless on() says otherwise.
    explicit CannedServer(QByteArray response);

    void on(const QByteArray &requestLineStart, QByteArray response,
            std::chrono::milliseconds delay = std::chrono::milliseconds(0));
    QUrl url() const;
    //! Whether a request line starting with `requestLineStart` came in.
    bool received(const QByteArray &requestLineStart) const;

    //! An error response in the API's shape; `details` as a validation error has them.
    static QByteArray errorResponse(int status, const char *code, const QStringList &details = {});

private:
    struct Answer
    {
        QByteArray requestLineStart;
        QByteArray response;
        std::chrono::milliseconds delay;
    };
    void answer(QTcpSocket *socket, const QByteArray &request);

    QTcpServer m_server;
    QByteArray m_fallback;
    QList<Answer> m_answers;
    QList<QByteArray> m_requests;
};
