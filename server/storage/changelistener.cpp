#include "changelistener.h"

#include "changelistenerworker.h"

ChangeListener::ChangeListener(ConnectionSettings settings,
                               std::chrono::milliseconds watchdogInterval, QObject *parent)
    : QObject(parent)
    , m_worker(new ChangeListenerWorker(std::move(settings), watchdogInterval))
{
    qRegisterMetaType<LiveMessage>();
    m_thread.setObjectName(QStringLiteral("change-listener"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ChangeListenerWorker::eventChanged, this, &ChangeListener::eventChanged);
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
