#pragma once

#include "common/result.h"
#include "httpreply.h"
#include "replywriter.h"
#include "requestinfo.h"

#include <QAtomicInt>
#include <QObject>

#include <functional>

class QHttpServerResponder;
class QThreadPool;

//! Answers requests, now or after work on the worker pool. Blocking work never runs on the
//! HTTP thread.
//!
//! Why not QFuture routes: in Qt 6.4.2 the server crashes (QTBUG-105202) when a client
//! disconnects before the future finishes. Instead the responder is kept alive in a
//! shared_ptr, the socket is watched through a QPointer, and the continuation runs on the HTTP
//! thread and writes only if the client is still connected.
class ReplyDispatcher final : public QObject
{
    Q_OBJECT

public:
    //! `maxQueued` bounds the work waiting for a pool thread; beyond it requests get 503.
    ReplyDispatcher(QThreadPool &pool, const ReplyWriter &writer, int maxQueued,
                    QObject *parent = nullptr);

    //! Answers at once, on the HTTP thread.
    void reply(QHttpServerResponder &responder, const RequestInfo &request, HttpReply reply) const;
    //! Runs `work` on the worker pool, then answers with its result if the client is still
    //! connected.
    void replyLater(QHttpServerResponder &&responder, const RequestInfo &request,
                    std::function<HttpReply()> work);
    //! The usual shape of a route: the parsed (and checked) input, or the error that parsing
    //! found, answered at once; then `work(input)` on the worker pool.
    template<typename Input, typename Work>
    void replyLater(QHttpServerResponder &&responder, const RequestInfo &request,
                    Result<Input> input, Work work)
    {
        if (!input) {
            reply(responder, request, HttpReply::fromError(input.error()));
            return;
        }
        replyLater(
            std::move(responder), request,
            [work = std::move(work), value = std::move(input).value()] { return work(value); });
    }

    int pending() const { return m_pending.loadRelaxed(); }

private:
    QThreadPool &m_pool;
    const ReplyWriter &m_writer;
    const int m_maxQueued;
    QAtomicInt m_pending;
};
