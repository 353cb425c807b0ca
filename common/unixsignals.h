#pragma once

#include <QObject>

class QSocketNotifier;

//! Turns SIGINT and SIGTERM into a Qt signal on the main thread (the self-pipe trick), so that
//! a program can shut down in order: the server stops listening, finishes its work and stops
//! its database; the desktop app stops the server it started.
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
