#include "requestbodies.h"

#include "common/jsonkeys.h"
#include "common/validation.h"
#include "jsonbody.h"

namespace RequestBodies {

Result<RegisterRequest> registration(const QByteArray &body)
{
    auto object = JsonBody::parseObject(body);
    if (!object)
        return object.error();
    Violations violations;
    const auto email = JsonBody::string(*object, JsonKeys::Email, violations);
    if (email)
        violations += Validation::checkEmail(*email);
    const auto password = JsonBody::string(*object, JsonKeys::Password, violations);
    if (password)
        violations += Validation::checkNewPassword(*password);
    const auto name = JsonBody::string(*object, JsonKeys::Name, violations);
    if (name)
        violations += Validation::checkName(*name);
    if (!violations.isEmpty())
        return JsonBody::validationError(violations);
    return RegisterRequest{*email, *password, *name};
}

Result<LoginRequest> login(const QByteArray &body)
{
    auto object = JsonBody::parseObject(body);
    if (!object)
        return object.error();
    Violations violations;
    const auto email = JsonBody::string(*object, JsonKeys::Email, violations);
    if (email)
        violations += Validation::checkEmail(*email);
    const auto password = JsonBody::string(*object, JsonKeys::Password, violations);
    // Only presence: the strength rules apply when a password is chosen, not when it is used.
    if (password && password->isEmpty())
        violations.append({JsonKeys::Password, Violation::Rule::Required});
    if (!violations.isEmpty())
        return JsonBody::validationError(violations);
    return LoginRequest{*email, *password};
}

Result<QString> refreshToken(const QByteArray &body)
{
    auto object = JsonBody::parseObject(body);
    if (!object)
        return object.error();
    Violations violations;
    const auto token = JsonBody::string(*object, JsonKeys::RefreshToken, violations);
    if (token && token->isEmpty())
        violations.append({JsonKeys::RefreshToken, Violation::Rule::Required});
    if (!violations.isEmpty())
        return JsonBody::validationError(violations);
    return *token;
}

Result<QString> eventId(const QByteArray &body)
{
    auto object = JsonBody::parseObject(body);
    if (!object)
        return object.error();
    Violations violations;
    const auto text = JsonBody::string(*object, JsonKeys::EventId, violations);
    if (text && !Validation::isUuid(*text))
        violations.append({JsonKeys::EventId, Violation::Rule::NotUuid});
    if (!violations.isEmpty())
        return JsonBody::validationError(violations);
    return Validation::canonicalUuid(*text);
}

} // namespace RequestBodies
