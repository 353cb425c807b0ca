#pragma once

#include "common/result.h"

//! bcrypt ($2b$) through libxcrypt. Hashing is deliberately slow: call it on the worker pool.
class PasswordHasher
{
public:
    static constexpr int MinimumCost = 10;
    static constexpr int MaxPasswordBytes = 72;

    //! `cost` is bcrypt's log2 work factor; values below MinimumCost are raised to it.
    explicit PasswordHasher(int cost);

    Result<QString> hash(const QString &password) const;
    //! Constant-time comparison of the recomputed hash.
    bool verify(const QString &password, const QString &hash) const;
    //! Spends the time of a verification, so that an unknown email cannot be told from a
    //! wrong password by the response time.
    void verifyAgainstDummy(const QString &password) const;

    int cost() const { return m_cost; }

private:
    int m_cost;
    QString m_dummyHash;
};
