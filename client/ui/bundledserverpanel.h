#pragma once

#include "common/error.h"

#include <QWidget>

class BundledServer;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QUrl;

//! The offer to start the server bundled with the app, made when no server answers at an
//! address on this machine, and the server's output while it starts. Hidden until offered.
class BundledServerPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit BundledServerPanel(BundledServer &server, QWidget *parent = nullptr);

    //! Offers the bundled server if `error` says that no server answers at `url`, the address
    //! is on this machine and the bundled one is there and not running; whether it did.
    bool offerFor(const Error &error, const QUrl &url);
    //! Starts it on `port`, showing its output as it comes.
    void start(quint16 port);

Q_SIGNALS:
    //! The user took the offer.
    void startRequested();
    //! It accepts requests now.
    void started();
    //! It could not start; `message` says so in plain words (its output stays shown).
    void failed(const QString &message);

private:
    BundledServer &m_server;
    QLabel *m_text;
    QPushButton *m_startButton;
    QPlainTextEdit *m_log;
    quint16 m_port = 0;
};
