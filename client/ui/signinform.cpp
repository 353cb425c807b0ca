#include "signinform.h"

#include "common/validation.h"
#include "validatedfield.h"

#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace {

Violations requireText(const QString &text)
{
    return text.isEmpty() ? Violations{{u"password"_s, Violation::Rule::Required}} : Violations{};
}

} // namespace

SignInForm::SignInForm(QWidget *parent)
    : QTabWidget(parent)
    , m_signInEmail(new ValidatedField(u"signInEmail"_s, Validation::checkEmail, this))
    , m_signInPassword(new QLineEdit(this))
    , m_signInButton(new QPushButton(tr("Sign in"), this))
    , m_name(new ValidatedField(u"registerName"_s, Validation::checkName, this))
    , m_email(new ValidatedField(u"registerEmail"_s, Validation::checkEmail, this))
    , m_password(new ValidatedField(u"registerPassword"_s, Validation::checkNewPassword, this))
    , m_registerButton(new QPushButton(tr("Create account"), this))
{
    m_signInEmail->edit()->setPlaceholderText(tr("you@example.com"));
    m_signInPassword->setObjectName(u"signInPassword"_s);
    m_signInPassword->setEchoMode(QLineEdit::Password);
    m_signInButton->setObjectName(u"signInButton"_s);
    m_signInButton->setDefault(true);
    auto *signInPage = new QWidget(this);
    auto *signInForm = new QFormLayout(signInPage);
    signInForm->addRow(tr("Email:"), m_signInEmail);
    signInForm->addRow(tr("Password:"), m_signInPassword);
    signInForm->addRow(QString(), m_signInButton);

    m_name->edit()->setPlaceholderText(tr("Your name"));
    m_email->edit()->setPlaceholderText(tr("you@example.com"));
    m_password->edit()->setEchoMode(QLineEdit::Password);
    m_password->edit()->setPlaceholderText(tr("8 or more characters, a letter and a digit"));
    m_registerButton->setObjectName(u"registerButton"_s);
    auto *registerPage = new QWidget(this);
    auto *registerForm = new QFormLayout(registerPage);
    registerForm->addRow(tr("Name:"), m_name);
    registerForm->addRow(tr("Email:"), m_email);
    registerForm->addRow(tr("Password:"), m_password);
    registerForm->addRow(QString(), m_registerButton);

    setObjectName(u"signInTabs"_s);
    addTab(signInPage, tr("Sign in"));
    addTab(registerPage, tr("Create account"));

    connect(m_signInButton, &QPushButton::clicked, this, &SignInForm::submitSignIn);
    connect(m_signInPassword, &QLineEdit::returnPressed, this, &SignInForm::submitSignIn);
    connect(m_signInEmail->edit(), &QLineEdit::returnPressed, this, &SignInForm::submitSignIn);
    connect(m_registerButton, &QPushButton::clicked, this, &SignInForm::submitRegistration);
    connect(m_password->edit(), &QLineEdit::returnPressed, this, &SignInForm::submitRegistration);
    for (ValidatedField *field : {m_signInEmail, m_name, m_email, m_password})
        connect(field, &ValidatedField::validityChanged, this, &SignInForm::updateButtons);
    connect(m_signInPassword, &QLineEdit::textChanged, this, &SignInForm::updateButtons);
    updateButtons();
}

void SignInForm::setBusy(bool busy)
{
    m_isBusy = busy;
    updateButtons();
}

void SignInForm::showSignIn()
{
    setCurrentIndex(0);
    m_signInPassword->clear();
}

void SignInForm::focusSignIn()
{
    if (m_signInEmail->text().isEmpty())
        m_signInEmail->edit()->setFocus();
    else
        m_signInPassword->setFocus();
}

void SignInForm::clearSignInPassword()
{
    m_signInPassword->clear();
}

void SignInForm::clearNewPassword()
{
    m_password->reset();
}

void SignInForm::updateButtons()
{
    m_signInButton->setEnabled(!m_isBusy && m_signInEmail->isValid()
                               && !m_signInPassword->text().isEmpty());
    m_registerButton->setEnabled(!m_isBusy && m_name->isValid() && m_email->isValid()
                                 && m_password->isValid());
}

void SignInForm::submitSignIn()
{
    m_signInEmail->reveal();
    if (m_isBusy || !m_signInEmail->isValid() || requireText(m_signInPassword->text()).size())
        return;
    Q_EMIT signInRequested(Validation::normalizeEmail(m_signInEmail->text()),
                           m_signInPassword->text());
}

void SignInForm::submitRegistration()
{
    for (ValidatedField *field : {m_name, m_email, m_password})
        field->reveal();
    if (m_isBusy || !m_name->isValid() || !m_email->isValid() || !m_password->isValid())
        return;
    Q_EMIT registrationRequested(Validation::normalizeEmail(m_email->text()), m_password->text(),
                                 Validation::normalizeName(m_name->text()));
}

bool SignInForm::showFieldErrors(const Error &error)
{
    if (error.code == ErrorCode::EmailTaken) {
        m_email->setExternalError(tr("This address has an account already: sign in instead, or "
                                     "use another address."));
        // One click away: the sign-in tab has the address filled in.
        m_signInEmail->edit()->setText(m_email->text());
        m_email->edit()->setFocus();
        return true;
    }
    if (error.code != ErrorCode::ValidationFailed)
        return false;
    // The server's rules are this app's too, so this takes an older app or a newer server. Its
    // details start with the field's name ("email must be an email"); its words stay unshown.
    const std::pair<QLatin1StringView, ValidatedField *> fields[]
        = {{"name"_L1, m_name}, {"email"_L1, m_email}, {"password"_L1, m_password}};
    for (const auto &[name, field] : fields) {
        for (const QString &detail : error.details) {
            if (detail.section(u' ', 0, 0) == name) {
                field->setExternalError(tr("The server does not accept this."));
                break;
            }
        }
    }
    return true;
}
