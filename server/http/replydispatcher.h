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

//! Answers requests: now, after blocking work on the worker pool, or when asynchronous work
//! says so. Blocking work never runs on the HTTP thread.
//!
//! Why not QFuture routes: in Qt 6.4.2 the server crashes (QTBUG-105202) when a client
//! disconnects before the future finishes. Instead the responder is kept alive in a
//! shared_ptr, the socket is watched through a QPointer, and the continuation runs on the HTTP
//! thread and writes only if the client is still connected.
class ReplyDispatcher final : public QObject
{
    Q_OBJECT

public:
    enum class Priority {
        Normal,
        //! The pool's threads run at a lower CPU priority (nice 10): CPU-heavy work such as
        //! password hashing then yields to the rest of the server.
        Low,
    };

    //! `maxQueued` bounds the work on the pool (running or waiting); beyond it requests get
    //! 503 with Retry-After at once.
    ReplyDispatcher(QThreadPool &pool, const ReplyWriter &writer, int maxQueued,
                    QObject *parent = nullptr, Priority priority = Priority::Normal);

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

    //! How a route that answers later answers: `send` writes the reply (the first call only,
    //! on the HTTP thread, and only if the client is still connected); `waiting` tells
    //! whether the client still is.
    struct Later
    {
        std::function<void(HttpReply)> send;
        std::function<bool()> waiting;
    };
    //! Hands the request to `start` at once, on the HTTP thread; it answers through
    //! Later::send when its asynchronous work is done (work that holds no worker thread while
    //! it waits, such as a booking's payment).
    void replyWhenReady(QHttpServerResponder &&responder, const RequestInfo &request,
                        const std::function<void(const Later &)> &start);

    //! For shutting down without losing answers: from now on every new request is answered
    //! 503 at once, while those accepted before still get their answers. pending() tells how
    //! many are owed.
    void beginDrain() { m_draining = true; }

    //! Requests accepted and not answered yet.
    int pending() const { return m_pending.loadRelaxed(); }

private:
    QThreadPool &m_pool;
    const ReplyWriter &m_writer;
    const int m_maxQueued;
    const Priority m_priority;
    QAtomicInt m_pending; //!< accepted and not answered yet
    QAtomicInt m_onPool; //!< started on the pool and not finished yet
    bool m_draining = false;
};
