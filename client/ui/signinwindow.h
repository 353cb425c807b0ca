#pragma once

#include "common/error.h"

#include <QWidget>

#include <functional>

class ApiClient;
class BundledServer;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;
class ValidatedField;

//! Signing in or creating an account, and the server's address. Fields are checked as the
//! user types, with the server's own rules. When the address is on this machine and no server
//! answers, it offers to start the bundled server.
class SignInWindow final : public QWidget
{
    Q_OBJECT

public:
    SignInWindow(ApiClient &api, BundledServer &server, QWidget *parent = nullptr);

    void setServerAddress(const QString &address);
    QString serverAddress() const;
    //! A notice above the form, e.g. why the user has to sign in again.
    void setNotice(const QString &text);
    void showSignIn();

Q_SIGNALS:
    void signedIn();

private:
    void submitSignIn();
    void submitRegistration();
    void setBusy(bool busy);
    void showError(const QString &text);
    void handleFailure(const Error &error);
    //! Server answers about the account form's fields, shown under them; false for others.
    bool showFieldErrors(const Error &error);
    void offerBundledServer();
    void startBundledServer();
    void updateButtons();
    bool applyServerAddress();

    ApiClient &m_api;
    BundledServer &m_server;
    QTabWidget *m_tabs;
    QLineEdit *m_address;
    ValidatedField *m_signInEmail;
    QLineEdit *m_signInPassword;
    QPushButton *m_signInButton;
    ValidatedField *m_name;
    ValidatedField *m_email;
    ValidatedField *m_password;
    QPushButton *m_registerButton;
    QLabel *m_notice;
    QProgressBar *m_busy;
    QWidget *m_serverOffer;
    QLabel *m_serverOfferText;
    QPushButton *m_startServer;
    QPlainTextEdit *m_serverLog;
    bool m_isBusy = false;
    //! What to do once the bundled server runs: the submission that found no server.
    std::function<void()> m_retry;
};
