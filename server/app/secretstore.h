#pragma once

#include "common/result.h"

//! Token signing secrets of an embedded setup, generated once and kept in a private file so
//! that issued tokens stay valid across restarts. Deployments with DATABASE_URL set their own.
namespace SecretStore {

struct Secrets
{
    QByteArray accessSecret;
    QByteArray refreshSecret;
};

Result<Secrets> loadOrCreate(const QString &path);

} // namespace SecretStore
