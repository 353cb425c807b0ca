#pragma once

#include "common/result.h"
#include "common/violation.h"

#include <QJsonObject>

//! Reading request bodies: JSON objects with typed fields.
namespace JsonBody {

//! The body as a JSON object. INVALID_JSON when it is not valid JSON or not an object; an
//! empty body counts as {} (so that missing fields are reported as validation errors).
Result<QJsonObject> parseObject(const QByteArray &body);

//! The string field `key`, or nullopt with a violation appended when absent or not a string.
std::optional<QString> string(const QJsonObject &object, const QString &key,
                              Violations &violations);

//! VALIDATION_FAILED listing every violation.
Error validationError(const Violations &violations);

} // namespace JsonBody
