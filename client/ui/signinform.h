#pragma once

#include "common/error.h"

#include <QTabWidget>

class QLineEdit;
class QPushButton;
class ValidatedField;

//! The credentials, on two tabs: signing in, and creating an account. Fields are checked as the
//! user types, with the server's own rules, and a form's button is enabled only while the form
//! is valid. It asks for a submission and leaves the talking to the server to its window.
class SignInForm final : public QTabWidget
{
    Q_OBJECT

public:
    explicit SignInForm(QWidget *parent = nullptr);

    //! While busy, neither form can be submitted.
    void setBusy(bool busy);
    //! The sign-in tab, its password cleared.
    void showSignIn();
    //! The first thing left to type on the sign-in tab: the email, else the password.
    void focusSignIn();
    //! After signing in: the password is not kept.
    void clearSignInPassword();
    //! After creating the account: its password is not kept.
    void clearNewPassword();
    //! Server answers about the account form's fields, shown under them; false for others.
    bool showFieldErrors(const Error &error);

    //! Asks for a submission, if the form is valid (its errors shown otherwise).
    void submitSignIn();
    void submitRegistration();

Q_SIGNALS:
    //! Email normalised, as the server compares them.
    void signInRequested(const QString &email, const QString &password);
    //! Email and name normalised.
    void registrationRequested(const QString &email, const QString &password, const QString &name);

private:
    void updateButtons();

    ValidatedField *m_signInEmail;
    QLineEdit *m_signInPassword;
    QPushButton *m_signInButton;
    ValidatedField *m_name;
    ValidatedField *m_email;
    ValidatedField *m_password;
    QPushButton *m_registerButton;
    bool m_isBusy = false;
};
