#pragma once

#include "common/result.h"

class Database;

//! The least-privilege role the API serves as: it may log in and read and write the
//! application's rows, nothing more (no DDL, not an owner, not a superuser). The schema's owner
//! creates it (when it may create roles) and grants it its rights after every migration, so
//! tables of later migrations are covered too.
class ServingRole
{
public:
    //! `owner`: connections of the schema's owner.
    explicit ServingRole(Database &owner)
        : m_owner(owner)
    { }

    //! Creates `name` as a plain login role with `password` when it does not exist, or sets its
    //! password when it does and the owner may change roles (an empty password is left alone).
    //! Fails, saying what to do, when the role is missing and the owner may not create it.
    Result<void> ensureLogin(const QString &name, const QString &password);
    //! SELECT, INSERT, UPDATE, DELETE on the schema's tables (only SELECT on
    //! schema_migrations), USAGE on its sequences, EXECUTE on its functions.
    Result<void> grant(const QString &name);

private:
    Database &m_owner;
};
