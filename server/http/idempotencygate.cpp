#include "idempotencygate.h"

#include "services/idempotencyservice.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcGate, "booking.server.http.idempotency", QtInfoMsg)

namespace {

//! The headers of an answer that belong to it as much as its body.
const QList<QByteArray> replayedHeaders{"Location"_ba, "Preference-Applied"_ba};

IdempotencyService::Response toStored(const HttpReply &reply)
{
    IdempotencyService::Response stored{reply.status, {}, reply.body};
    for (const HttpReply::Header &header : reply.headers) {
        if (replayedHeaders.contains(header.first))
            stored.headers.append(header);
    }
    return stored;
}

HttpReply fromStored(const IdempotencyService::Response &stored)
{
    HttpReply reply = HttpReply::raw(stored.status, "application/json"_ba, stored.body);
    reply.headers = stored.headers;
    reply.headers.append({"Idempotent-Replayed"_ba, "true"_ba});
    return reply;
}

} // namespace

IdempotencyGate::IdempotencyGate(IdempotencyService &service)
    : m_service(service)
{ }

bool IdempotencyGate::isFinal(int status)
{
    return status >= 200 && status < 500 && status != 429;
}

void IdempotencyGate::run(const QString &userId, const QString &key, const QByteArray &requestHash,
                          Answer answer, std::function<void(Answer)> work)
{
    using Kind = IdempotencyService::Claim::Kind;
    m_service.claim(userId, key, requestHash, [=, this](Result<IdempotencyService::Claim> claim) {
        if (!claim)
            return answer(HttpReply::fromError(claim.error()));
        switch (claim->kind) {
        case Kind::Replay:
            return answer(fromStored(claim->response));
        case Kind::InFlight: {
            // The first request is usually done within its payment: worth a retry soon.
            HttpReply busy = HttpReply::fromError(Error(ErrorCode::IdempotencyInFlight));
            busy.headers.append({"Retry-After"_ba, "1"_ba});
            return answer(std::move(busy));
        }
        case Kind::Reused:
            return answer(HttpReply::fromError(Error(ErrorCode::IdempotencyKeyReused)));
        case Kind::Proceed:
            break;
        }
        work([=, this, owner = claim->owner](HttpReply reply) {
            // The answer is kept before it is sent: a retry that follows it at once replays.
            const auto send = [answer, reply](const Result<void> &kept) {
                if (!kept)
                    qCWarning(lcGate).noquote()
                        << "cannot record the answer to an idempotent request; its key stays "
                           "in flight until its lease ends";
                answer(reply);
            };
            if (isFinal(reply.status))
                m_service.complete(userId, key, owner, toStored(reply), send);
            else
                m_service.abandon(userId, key, owner, send);
        });
    });
}
