#include "http/httpreply.h"
#include "http/replywriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

class TestErrorMapping final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyCodeMapsToTheContract_data();
    void everyCodeMapsToTheContract();
    void validationErrorsListDetails();
    void otherErrorsHaveNoDetails();
    void unauthorizedAsksForBearer();
    void clientSideCodesNeverLeakAsSuch();
    void serializedReplyIsWellFormedHttp();
    void noContentHasNoLength();
};

void TestErrorMapping::everyCodeMapsToTheContract_data()
{
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("phrase");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("message");

    const auto row = [](const char *title, ErrorCode code, int status, const QString &phrase,
                        const QString &name, const QString &message) {
        QTest::newRow(title) << code << status << phrase << name << message;
    };
    row("validation failed", ErrorCode::ValidationFailed, 400, u"Bad Request"_s,
        u"VALIDATION_FAILED"_s, u"Validation failed"_s);
    row("invalid json", ErrorCode::InvalidJson, 400, u"Bad Request"_s, u"INVALID_JSON"_s,
        u"Request body must be a JSON object"_s);
    row("unauthorized", ErrorCode::Unauthorized, 401, u"Unauthorized"_s, u"UNAUTHORIZED"_s,
        u"Unauthorized"_s);
    row("invalid credentials", ErrorCode::InvalidCredentials, 401, u"Unauthorized"_s,
        u"INVALID_CREDENTIALS"_s, u"Invalid credentials"_s);
    row("forbidden", ErrorCode::Forbidden, 403, u"Forbidden"_s, u"FORBIDDEN"_s, u"Forbidden"_s);
    row("event not found", ErrorCode::EventNotFound, 404, u"Not Found"_s, u"EVENT_NOT_FOUND"_s,
        u"Event not found"_s);
    row("booking not found", ErrorCode::BookingNotFound, 404, u"Not Found"_s,
        u"BOOKING_NOT_FOUND"_s, u"Booking not found"_s);
    row("not found", ErrorCode::NotFound, 404, u"Not Found"_s, u"NOT_FOUND"_s, u"Not found"_s);
    row("method not allowed", ErrorCode::MethodNotAllowed, 405, u"Method Not Allowed"_s,
        u"METHOD_NOT_ALLOWED"_s, u"Method not allowed"_s);
    row("email taken", ErrorCode::EmailTaken, 409, u"Conflict"_s, u"EMAIL_TAKEN"_s,
        u"Email already registered"_s);
    row("sold out", ErrorCode::SoldOut, 409, u"Conflict"_s, u"SOLD_OUT"_s,
        u"No tickets available"_s);
    row("already booked", ErrorCode::AlreadyBooked, 409, u"Conflict"_s, u"ALREADY_BOOKED"_s,
        u"Already booked"_s);
    row("already cancelled", ErrorCode::AlreadyCancelled, 409, u"Conflict"_s,
        u"ALREADY_CANCELLED"_s, u"Booking is already cancelled"_s);
    row("payload too large", ErrorCode::PayloadTooLarge, 413, u"Payload Too Large"_s,
        u"PAYLOAD_TOO_LARGE"_s, u"Request is too large"_s);
    row("request timeout", ErrorCode::RequestTimeout, 408, u"Request Timeout"_s,
        u"REQUEST_TIMEOUT"_s, u"The request did not arrive in time"_s);
    row("headers too large", ErrorCode::HeadersTooLarge, 431, u"Request Header Fields Too Large"_s,
        u"HEADERS_TOO_LARGE"_s, u"Request headers are too large"_s);
    row("upgrade required", ErrorCode::UpgradeRequired, 426, u"Upgrade Required"_s,
        u"UPGRADE_REQUIRED"_s, u"This endpoint is a WebSocket: connect with an Upgrade request"_s);
    row("rate limited", ErrorCode::RateLimited, 429, u"Too Many Requests"_s, u"RATE_LIMITED"_s,
        u"Too many requests"_s);
    row("internal", ErrorCode::Internal, 500, u"Internal Server Error"_s, u"INTERNAL"_s,
        u"Internal server error"_s);
    row("service unavailable", ErrorCode::ServiceUnavailable, 503, u"Service Unavailable"_s,
        u"SERVICE_UNAVAILABLE"_s, u"Service temporarily unavailable, please retry"_s);
}

void TestErrorMapping::everyCodeMapsToTheContract()
{
    QFETCH(ErrorCode, code);
    QFETCH(int, status);
    QFETCH(QString, phrase);
    QFETCH(QString, name);
    QFETCH(QString, message);

    const HttpReply reply = HttpReply::fromError(Error(code));
    QCOMPARE(reply.status, status);
    QVERIFY(reply.contentType.startsWith("application/json"));
    const QJsonObject body = QJsonDocument::fromJson(reply.body).object();
    QCOMPARE(body.value("statusCode"_L1).toInt(), status);
    QCOMPARE(body.value("error"_L1).toString(), phrase);
    QCOMPARE(body.value("code"_L1).toString(), name);
    QCOMPARE(body.value("message"_L1).toString(), message);
    QVERIFY(body.value("message"_L1).isString());
    QCOMPARE(ErrorCodes::fromName(name), code);
}

void TestErrorMapping::validationErrorsListDetails()
{
    const HttpReply reply
        = HttpReply::fromError(Error(ErrorCode::ValidationFailed, u"a; b"_s, {u"a"_s, u"b"_s}));
    const QJsonObject body = QJsonDocument::fromJson(reply.body).object();
    QCOMPARE(body.value("details"_L1).toArray().size(), 2);
    QCOMPARE(body.value("message"_L1).toString(), u"a; b"_s);
}

void TestErrorMapping::otherErrorsHaveNoDetails()
{
    const QJsonObject body
        = QJsonDocument::fromJson(HttpReply::fromError(Error(ErrorCode::SoldOut)).body).object();
    QVERIFY(!body.contains("details"_L1));
}

void TestErrorMapping::unauthorizedAsksForBearer()
{
    const HttpReply reply = HttpReply::fromError(Error(ErrorCode::Unauthorized));
    QVERIFY(reply.headers.contains(HttpReply::Header{"WWW-Authenticate"_ba, "Bearer"_ba}));
    QVERIFY(HttpReply::fromError(Error(ErrorCode::Forbidden)).headers.isEmpty());
}

void TestErrorMapping::clientSideCodesNeverLeakAsSuch()
{
    const HttpReply reply = HttpReply::fromError(Error(ErrorCode::NetworkError));
    QCOMPARE(reply.status, 500);
    QCOMPARE(QJsonDocument::fromJson(reply.body).object().value("code"_L1).toString(),
             u"INTERNAL"_s);
}

void TestErrorMapping::serializedReplyIsWellFormedHttp()
{
    HttpReply reply = HttpReply::fromError(Error(ErrorCode::SoldOut));
    const QByteArray wire = ReplyWriter::serialize(reply);
    QVERIFY(wire.startsWith("HTTP/1.1 409 Conflict\r\n"));
    const qsizetype headEnd = wire.indexOf("\r\n\r\n");
    QVERIFY(headEnd > 0);
    QCOMPARE(wire.mid(headEnd + 4), reply.body);
    QVERIFY(wire.contains(
        QByteArray("Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n")));
    QVERIFY(wire.contains("Cache-Control: no-store\r\n"));
}

void TestErrorMapping::noContentHasNoLength()
{
    const QByteArray wire = ReplyWriter::serialize(HttpReply::noContent());
    QVERIFY(wire.startsWith("HTTP/1.1 204 No Content\r\n"));
    QVERIFY(!wire.contains("Content-Length"));
    QVERIFY(wire.endsWith("\r\n\r\n"));
}

QTEST_GUILESS_MAIN(TestErrorMapping)
#include "tst_errormapping.moc"
