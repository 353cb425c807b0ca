#pragma once

#include "common/result.h"
#include "httpreply.h"
#include "replywriter.h"
#include "requestinfo.h"

#include <QAtomicInt>
#include <QDeadlineTimer>
#include <QHash>
#include <QObject>
#include <QSet>

#include <deque>
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
//!
//! Work can be given a lane: work of one lane runs one at a time, and all lanes together use
//! at most half the pool. Bookings of one event take a lane, so that a crowd racing for one
//! event waits here, holding no worker, instead of filling the pool with threads that wait
//! for the event's row lock while every other request queues behind them.
class ReplyDispatcher final : public QObject
{
    Q_OBJECT

public:
    //! `maxQueued` bounds the work waiting for a pool thread, `maxQueuedPerLane` the work
    //! waiting in one lane; beyond them requests get 503.
    ReplyDispatcher(QThreadPool &pool, const ReplyWriter &writer, int maxQueued,
                    int maxQueuedPerLane = 1000, QObject *parent = nullptr);

    //! Answers at once, on the HTTP thread.
    void reply(QHttpServerResponder &responder, const RequestInfo &request, HttpReply reply) const;
    //! Runs `work` on the worker pool (in `lane`, when given), then answers with its result if
    //! the client is still connected.
    void replyLater(QHttpServerResponder &&responder, const RequestInfo &request,
                    std::function<HttpReply()> work, const QString &lane = {});
    //! The usual shape of a route: the parsed (and checked) input, or the error that parsing
    //! found, answered at once; then `work(input)` on the worker pool.
    template<typename Input, typename Work>
    void replyLater(QHttpServerResponder &&responder, const RequestInfo &request,
                    Result<Input> input, Work work, const QString &lane = {})
    {
        if (!input) {
            reply(responder, request, HttpReply::fromError(input.error()));
            return;
        }
        replyLater(
            std::move(responder), request,
            [work = std::move(work), value = std::move(input).value()] { return work(value); },
            lane);
    }

    //! Refuses new work (503) and waits, running the event loop, until every accepted request
    //! has been answered or the deadline passes. For shutting down without losing answers.
    void drain(QDeadlineTimer deadline);

    int pending() const { return m_pending.loadRelaxed(); }

private:
    //! Work waiting in a lane: `start` puts it on the pool, or returns false when its client
    //! has gone and there is nothing to do.
    using LaneWork = std::function<bool()>;

    void laneFinished(const QString &lane);
    //! Starts waiting lanes, oldest first, while slots are free.
    void startLanes();

    QThreadPool &m_pool;
    const ReplyWriter &m_writer;
    const int m_maxQueued;
    const int m_maxQueuedPerLane;
    const int m_maxLaneSlots;
    QAtomicInt m_pending; //!< accepted and not answered yet
    QAtomicInt m_onPool; //!< started on the pool and not finished yet
    bool m_draining = false;
    QHash<QString, std::deque<LaneWork>> m_lanes;
    QSet<QString> m_busyLanes;
    //! Lanes with work and no slot, in the order they got in line.
    std::deque<QString> m_waitingLanes;
};
