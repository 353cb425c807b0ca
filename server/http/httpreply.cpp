#include "httpreply.h"

#include "common/jsonkeys.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

HttpReply HttpReply::json(int status, const QJsonObject &object)
{
    return {status, JsonType, QJsonDocument(object).toJson(QJsonDocument::Compact), {}, false};
}

HttpReply HttpReply::json(int status, const QJsonArray &array)
{
    return {status, JsonType, QJsonDocument(array).toJson(QJsonDocument::Compact), {}, false};
}

HttpReply HttpReply::noContent()
{
    return {204, {}, {}, {}, false};
}

HttpReply HttpReply::raw(int status, QByteArray contentType, QByteArray body)
{
    return {status, std::move(contentType), std::move(body), {}, false};
}

HttpReply HttpReply::fromError(const Error &error, const QJsonObject &extraFields)
{
    const int status = ErrorCodes::httpStatus(error.code);
    // Client-side codes never reach here; if one did, it is our fault.
    const int httpStatus = status >= 400 ? status : 500;
    QJsonObject body{
        {JsonKeys::StatusCode, httpStatus},
        {JsonKeys::Error, QString::fromLatin1(reasonPhrase(httpStatus))},
        {JsonKeys::Message, error.message},
        {JsonKeys::Code, ErrorCodes::name(status >= 400 ? error.code : ErrorCode::Internal)},
    };
    if (!error.details.isEmpty())
        body.insert(JsonKeys::Details, QJsonArray::fromStringList(error.details));
    for (auto it = extraFields.begin(); it != extraFields.end(); ++it)
        body.insert(it.key(), it.value());
    HttpReply reply = json(httpStatus, body);
    if (error.code == ErrorCode::Unauthorized)
        reply.headers.append({"WWW-Authenticate"_ba, "Bearer"_ba});
    // A passing condition (busy, restarting, database away): worth a retry soon.
    if (httpStatus == 503)
        reply.headers.append({"Retry-After"_ba, "1"_ba});
    return reply;
}

QByteArray HttpReply::reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue"_ba;
    case 200:
        return "OK"_ba;
    case 201:
        return "Created"_ba;
    case 202:
        return "Accepted"_ba;
    case 204:
        return "No Content"_ba;
    case 304:
        return "Not Modified"_ba;
    case 400:
        return "Bad Request"_ba;
    case 401:
        return "Unauthorized"_ba;
    case 402:
        return "Payment Required"_ba;
    case 403:
        return "Forbidden"_ba;
    case 404:
        return "Not Found"_ba;
    case 405:
        return "Method Not Allowed"_ba;
    case 408:
        return "Request Timeout"_ba;
    case 409:
        return "Conflict"_ba;
    case 413:
        return "Payload Too Large"_ba;
    case 422:
        return "Unprocessable Entity"_ba;
    case 426:
        return "Upgrade Required"_ba;
    case 429:
        return "Too Many Requests"_ba;
    case 431:
        return "Request Header Fields Too Large"_ba;
    case 500:
        return "Internal Server Error"_ba;
    case 503:
        return "Service Unavailable"_ba;
    default:
        return "Unknown"_ba;
    }
}
