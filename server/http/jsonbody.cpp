#include "jsonbody.h"

#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace JsonBody {

Result<QJsonObject> parseObject(const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error(ErrorCode::InvalidJson,
                     u"Request body is not valid JSON: "_s + parseError.errorString()
                         + u" at offset "_s + QString::number(parseError.offset));
    if (!document.isObject())
        return Error(ErrorCode::InvalidJson, u"Request body must be a JSON object"_s);
    return document.object();
}

std::optional<QString> string(const QJsonObject &object, const QString &key, Violations &violations)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull()) {
        violations.append({key, Violation::Rule::Required});
        return std::nullopt;
    }
    if (!value.isString()) {
        violations.append({key, Violation::Rule::NotString});
        return std::nullopt;
    }
    if (value.toString().contains(QChar(0))) {
        violations.append({key, Violation::Rule::ContainsNul});
        return std::nullopt;
    }
    return value.toString();
}

Error validationError(const Violations &violations)
{
    const QStringList messages = violationMessages(violations);
    return Error(ErrorCode::ValidationFailed, messages.join(u"; "_s), messages);
}

} // namespace JsonBody
