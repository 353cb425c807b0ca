#pragma once

#include <QObject>

class QSocketNotifier;

//! Turns SIGINT and SIGTERM into a Qt signal on the main thread (the self-pipe trick), so that
//! the server can shut down in order: stop listening, finish work, stop the database.
class UnixSignals final : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignals(QObject *parent = nullptr);
    ~UnixSignals() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};
