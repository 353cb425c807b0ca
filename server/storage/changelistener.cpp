#include "changelistener.h"

#include "changelistenerworker.h"

ChangeListener::ChangeListener(ConnectionSettings settings,
                               std::chrono::milliseconds watchdogInterval, QObject *parent)
    : QObject(parent)
    , m_replayFailures(std::make_shared<std::atomic<quint64>>(0))
    , m_worker(new ChangeListenerWorker(std::move(settings), watchdogInterval, m_replayFailures))
{
    qRegisterMetaType<LiveMessage>();
    m_thread.setObjectName(QStringLiteral("change-listener"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ChangeListenerWorker::eventChanged, this, &ChangeListener::eventChanged);
    connect(m_worker, &ChangeListenerWorker::catalogChanged, this, &ChangeListener::catalogChanged);
    connect(m_worker, &ChangeListenerWorker::listeningChanged, this,
            &ChangeListener::listeningChanged);
    m_thread.start();
}

ChangeListener::~ChangeListener()
{
    stop();
    m_thread.quit();
    m_thread.wait();
}

quint64 ChangeListener::replayFailures() const
{
    return m_replayFailures->load(std::memory_order_relaxed);
}

void ChangeListener::start()
{
    QMetaObject::invokeMethod(m_worker, &ChangeListenerWorker::start, Qt::QueuedConnection);
}

void ChangeListener::stop()
{
    if (m_thread.isRunning())
        QMetaObject::invokeMethod(m_worker, &ChangeListenerWorker::stop,
                                  Qt::BlockingQueuedConnection);
}
