#include "user.h"

#include "isotime.h"
#include "jsonkeys.h"
#include "jsonreader.h"

QJsonObject User::toJson() const
{
    return {
        {JsonKeys::Id, id},
        {JsonKeys::Email, email},
        {JsonKeys::Name, name},
        {JsonKeys::CreatedAt, IsoTime::format(createdAt)},
    };
}

Result<User> User::fromJson(const QJsonObject &json)
{
    JsonReader reader(json);
    User user{reader.string(JsonKeys::Id), reader.string(JsonKeys::Email),
              reader.string(JsonKeys::Name), reader.timestamp(JsonKeys::CreatedAt)};
    if (!reader.ok())
        return Error(ErrorCode::InvalidResponse);
    return user;
}

QJsonObject AuthResult::toJson() const
{
    return {
        {JsonKeys::User, user.toJson()},
        {JsonKeys::AccessToken, accessToken},
        {JsonKeys::RefreshToken, refreshToken},
    };
}

Result<AuthResult> AuthResult::fromJson(const QJsonObject &json)
{
    JsonReader reader(json);
    auto user = User::fromJson(reader.object(JsonKeys::User));
    const QString accessToken = reader.string(JsonKeys::AccessToken);
    const QString refreshToken = reader.string(JsonKeys::RefreshToken);
    if (!reader.ok() || !user)
        return Error(ErrorCode::InvalidResponse);
    return AuthResult{std::move(user).value(), accessToken, refreshToken};
}
