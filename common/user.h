#pragma once

#include "result.h"

#include <QDateTime>
#include <QJsonObject>

//! A registered account as the API shows it (never with its password hash).
struct User
{
    QString id;
    QString email;
    QString name;
    QDateTime createdAt;

    QJsonObject toJson() const;
    static Result<User> fromJson(const QJsonObject &json);
};

//! What register, login and refresh return: the user and a fresh token pair.
struct AuthResult
{
    User user;
    QString accessToken;
    QString refreshToken;

    QJsonObject toJson() const;
    static Result<AuthResult> fromJson(const QJsonObject &json);
};
