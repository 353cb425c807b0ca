#pragma once

#include "httpreply.h"

#include <QByteArray>
#include <QString>

#include <functional>

class IdempotencyService;

//! Runs a route's work at most once per Idempotency-Key: the first request runs it and its
//! final answer is kept; a repeat gets that answer again (`Idempotent-Replayed: true`), a
//! repeat while the first still runs gets 409 IDEMPOTENCY_IN_FLIGHT, and the same key with
//! another request 422 IDEMPOTENCY_KEY_REUSED. Answers that are not final (5xx, 429) are not
//! kept: they free the key for a retry.
class IdempotencyGate
{
public:
    using Answer = std::function<void(HttpReply)>;

    explicit IdempotencyGate(IdempotencyService &service);

    //! `requestHash` identifies what was asked (method, path, meaningful body). `work` gets
    //! the function that answers; `answer` is called once in every case.
    void run(const QString &userId, const QString &key, const QByteArray &requestHash,
             Answer answer, std::function<void(Answer)> work);

    //! Whether an answer with `status` is final, and so kept for replay.
    static bool isFinal(int status);

private:
    IdempotencyService &m_service;
};
