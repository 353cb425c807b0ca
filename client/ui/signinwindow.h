#pragma once

#include "common/error.h"

#include <QWidget>

#include <functional>

class ApiClient;
class BundledServer;
class BundledServerPanel;
class QLabel;
class QLineEdit;
class QProgressBar;
class SignInForm;

//! Signing in or creating an account (a SignInForm), and the server's address. When the
//! address is on this machine and no server answers, it offers to start the bundled server (a
//! BundledServerPanel), then tries again.
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
    void signIn(const QString &email, const QString &password);
    void registerAccount(const QString &email, const QString &password, const QString &name);
    void setBusy(bool busy);
    void showError(const QString &text);
    void handleFailure(const Error &error);
    //! Server answers about the account form's fields, shown under them; false for others.
    bool showFieldErrors(const Error &error);
    void startBundledServer();
    bool applyServerAddress();

    ApiClient &m_api;
    SignInForm *m_form;
    QLineEdit *m_address;
    QLabel *m_notice;
    QProgressBar *m_busy;
    BundledServerPanel *m_serverPanel;
    //! What to do once the bundled server runs: the submission that found no server.
    std::function<void()> m_retry;
};
