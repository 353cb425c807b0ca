#include "signinwindow.h"

#include "api/apiclient.h"
#include "api/bundledserver.h"
#include "common/validation.h"
#include "errortext.h"
#include "icons.h"
#include "validatedfield.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

Violations requireText(const QString &text)
{
    return text.isEmpty() ? Violations{{u"password"_s, Violation::Rule::Required}} : Violations{};
}

} // namespace

SignInWindow::SignInWindow(ApiClient &api, BundledServer &server, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_server(server)
    , m_tabs(new QTabWidget(this))
    , m_address(new QLineEdit(this))
    , m_signInEmail(new ValidatedField(u"signInEmail"_s, Validation::checkEmail, this))
    , m_signInPassword(new QLineEdit(this))
    , m_signInButton(new QPushButton(tr("Sign in"), this))
    , m_name(new ValidatedField(u"registerName"_s, Validation::checkName, this))
    , m_email(new ValidatedField(u"registerEmail"_s, Validation::checkEmail, this))
    , m_password(new ValidatedField(u"registerPassword"_s, Validation::checkNewPassword, this))
    , m_registerButton(new QPushButton(tr("Create account"), this))
    , m_notice(new QLabel(this))
    , m_busy(new QProgressBar(this))
    , m_serverOffer(new QWidget(this))
    , m_serverOfferText(new QLabel(m_serverOffer))
    , m_startServer(
          new QPushButton(Icons::get(Icons::Server), tr("Start the bundled server"), m_serverOffer))
    , m_serverLog(new QPlainTextEdit(m_serverOffer))
{
    setWindowTitle(tr("Sign in – Event Booking"));
    setWindowIcon(Icons::get(Icons::App));
    setMinimumWidth(420);

    auto *logo = new QLabel(this);
    logo->setPixmap(Icons::get(Icons::App).pixmap(48));
    auto *heading = new QLabel(tr("<h2>Event Booking</h2>Book tickets for concerts, conferences "
                                  "and more."),
                               this);
    heading->setWordWrap(true);
    auto *header = new QHBoxLayout;
    header->addWidget(logo);
    header->addWidget(heading, 1);

    m_signInEmail->edit()->setPlaceholderText(tr("you@example.com"));
    m_signInPassword->setObjectName(u"signInPassword"_s);
    m_signInPassword->setEchoMode(QLineEdit::Password);
    m_signInButton->setObjectName(u"signInButton"_s);
    m_signInButton->setDefault(true);
    auto *signInPage = new QWidget(m_tabs);
    auto *signInForm = new QFormLayout(signInPage);
    signInForm->addRow(tr("Email:"), m_signInEmail);
    signInForm->addRow(tr("Password:"), m_signInPassword);
    signInForm->addRow(QString(), m_signInButton);

    m_name->edit()->setPlaceholderText(tr("Your name"));
    m_email->edit()->setPlaceholderText(tr("you@example.com"));
    m_password->edit()->setEchoMode(QLineEdit::Password);
    m_password->edit()->setPlaceholderText(tr("8 or more characters, a letter and a digit"));
    m_registerButton->setObjectName(u"registerButton"_s);
    auto *registerPage = new QWidget(m_tabs);
    auto *registerForm = new QFormLayout(registerPage);
    registerForm->addRow(tr("Name:"), m_name);
    registerForm->addRow(tr("Email:"), m_email);
    registerForm->addRow(tr("Password:"), m_password);
    registerForm->addRow(QString(), m_registerButton);

    m_tabs->setObjectName(u"signInTabs"_s);
    m_tabs->addTab(signInPage, tr("Sign in"));
    m_tabs->addTab(registerPage, tr("Create account"));

    m_address->setObjectName(u"serverAddress"_s);
    m_address->setPlaceholderText(u"http://localhost:3001"_s);
    auto *addressForm = new QFormLayout;
    addressForm->addRow(tr("Server:"), m_address);

    m_notice->setObjectName(u"signInMessage"_s);
    m_notice->setWordWrap(true);
    m_notice->hide();
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->hide();

    m_serverOffer->setObjectName(u"bundledServerOffer"_s);
    m_startServer->setObjectName(u"startServerButton"_s);
    m_serverOfferText->setWordWrap(true);
    m_serverLog->setObjectName(u"serverLog"_s);
    m_serverLog->setReadOnly(true);
    m_serverLog->setMaximumBlockCount(200);
    m_serverLog->setMaximumHeight(90);
    m_serverLog->hide();
    auto *offerLayout = new QVBoxLayout(m_serverOffer);
    offerLayout->setContentsMargins(0, 0, 0, 0);
    offerLayout->addWidget(m_serverOfferText);
    offerLayout->addWidget(m_startServer, 0, Qt::AlignLeft);
    offerLayout->addWidget(m_serverLog);
    m_serverOffer->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_notice);
    layout->addWidget(m_tabs);
    layout->addLayout(addressForm);
    layout->addWidget(m_busy);
    layout->addWidget(m_serverOffer);
    layout->addStretch();

    connect(m_signInButton, &QPushButton::clicked, this, &SignInWindow::submitSignIn);
    connect(m_signInPassword, &QLineEdit::returnPressed, this, &SignInWindow::submitSignIn);
    connect(m_signInEmail->edit(), &QLineEdit::returnPressed, this, &SignInWindow::submitSignIn);
    connect(m_registerButton, &QPushButton::clicked, this, &SignInWindow::submitRegistration);
    connect(m_password->edit(), &QLineEdit::returnPressed, this, &SignInWindow::submitRegistration);
    for (ValidatedField *field : {m_signInEmail, m_name, m_email, m_password})
        connect(field, &ValidatedField::validityChanged, this, &SignInWindow::updateButtons);
    connect(m_signInPassword, &QLineEdit::textChanged, this, &SignInWindow::updateButtons);
    connect(m_address, &QLineEdit::textEdited, this, [this] { m_serverOffer->hide(); });
    connect(m_startServer, &QPushButton::clicked, this, &SignInWindow::startBundledServer);
    connect(&m_server, &BundledServer::progress, this,
            [this](const QString &line) { m_serverLog->appendPlainText(line); });
    connect(&m_server, &BundledServer::started, this, [this] {
        m_serverOfferText->setText(tr("The bundled server is running."));
        m_serverOffer->hide();
        setBusy(false);
        if (auto retry = std::exchange(m_retry, {}))
            retry();
    });
    connect(&m_server, &BundledServer::failed, this, [this](BundledServer::Failure failure) {
        setBusy(false);
        m_startServer->setEnabled(true);
        m_serverOfferText->clear();
        // In plain words; its own output stays in the log below for the details.
        switch (failure) {
        case BundledServer::Failure::CannotRun:
            showError(tr("The bundled server cannot be run. Please reinstall the app."));
            break;
        case BundledServer::Failure::PortInUse:
            showError(tr("The bundled server cannot use port %1: another program uses it. Type "
                         "another port in the address, e.g. http://localhost:3002.")
                          .arg(m_api.serverUrl().port()));
            break;
        case BundledServer::Failure::Stopped:
            showError(tr("The bundled server stopped while starting. Its last messages are "
                         "shown below."));
            break;
        }
    });
    updateButtons();
}

void SignInWindow::setServerAddress(const QString &address)
{
    m_address->setText(address);
}

QString SignInWindow::serverAddress() const
{
    return m_address->text().trimmed();
}

void SignInWindow::setNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->setStyleSheet(QString());
    m_notice->setVisible(!text.isEmpty());
}

void SignInWindow::showSignIn()
{
    m_tabs->setCurrentIndex(0);
    m_signInPassword->clear();
    setBusy(false);
    show();
    raise();
    activateWindow();
    // Straight to typing: the address if there is none yet, else the email or the password.
    if (m_address->text().isEmpty())
        m_address->setFocus();
    else if (m_signInEmail->text().isEmpty())
        m_signInEmail->edit()->setFocus();
    else
        m_signInPassword->setFocus();
}

void SignInWindow::showError(const QString &text)
{
    m_notice->setText(text);
    m_notice->setStyleSheet(u"QLabel { color: #b71c1c; }"_s);
    m_notice->setVisible(!text.isEmpty());
}

bool SignInWindow::applyServerAddress()
{
    QString text = serverAddress();
    if (text.isEmpty())
        text = m_address->placeholderText();
    const bool schemeTyped = text.contains(u"://"_s);
    if (!schemeTyped)
        text.prepend(u"http://"_s);
    QUrl url(text, QUrl::StrictMode);
    // A bare host name means a booking server on its usual port, as in the placeholder.
    if (!schemeTyped && url.isValid() && url.port() < 0)
        url.setPort(BundledServer::DefaultPort);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != u"http" && url.scheme() != u"https")) {
        showError(tr("The server address is not valid, e.g. http://localhost:3001."));
        return false;
    }
    m_api.setServerUrl(url);
    return true;
}

void SignInWindow::setBusy(bool busy)
{
    m_isBusy = busy;
    m_busy->setVisible(busy);
    m_address->setEnabled(!busy);
    updateButtons();
}

void SignInWindow::updateButtons()
{
    m_signInButton->setEnabled(!m_isBusy && m_signInEmail->isValid()
                               && !m_signInPassword->text().isEmpty());
    m_registerButton->setEnabled(!m_isBusy && m_name->isValid() && m_email->isValid()
                                 && m_password->isValid());
}

void SignInWindow::submitSignIn()
{
    m_signInEmail->reveal();
    if (m_isBusy || !m_signInEmail->isValid() || requireText(m_signInPassword->text()).size()
        || !applyServerAddress())
        return;
    setBusy(true);
    showError(QString());
    m_api.signIn(Validation::normalizeEmail(m_signInEmail->text()), m_signInPassword->text(), this,
                 [this](Result<AuthResult> result) {
                     setBusy(false);
                     if (!result) {
                         m_retry = [this] {
                             submitSignIn();
                         };
                         handleFailure(result.error());
                         return;
                     }
                     m_signInPassword->clear();
                     Q_EMIT signedIn();
                 });
}

void SignInWindow::submitRegistration()
{
    for (ValidatedField *field : {m_name, m_email, m_password})
        field->reveal();
    if (m_isBusy || !m_name->isValid() || !m_email->isValid() || !m_password->isValid()
        || !applyServerAddress())
        return;
    setBusy(true);
    showError(QString());
    m_api.registerAccount(Validation::normalizeEmail(m_email->text()), m_password->text(),
                          Validation::normalizeName(m_name->text()), this,
                          [this](Result<AuthResult> result) {
                              setBusy(false);
                              if (!result) {
                                  m_retry = [this] {
                                      submitRegistration();
                                  };
                                  if (!showFieldErrors(result.error()))
                                      handleFailure(result.error());
                                  return;
                              }
                              m_password->reset();
                              Q_EMIT signedIn();
                          });
}

bool SignInWindow::showFieldErrors(const Error &error)
{
    if (error.code == ErrorCode::EmailTaken) {
        m_retry = {};
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
    m_retry = {};
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
    showError(ErrorText::describe(error));
    return true;
}

void SignInWindow::handleFailure(const Error &error)
{
    const QUrl url = m_api.serverUrl();
    if (error.code == ErrorCode::NetworkError && BundledServer::isLocalHost(url.host())
        && !BundledServer::executable().isEmpty() && !m_server.isRunning()) {
        offerBundledServer();
        return;
    }
    m_retry = {};
    showError(ErrorText::describe(error));
}

void SignInWindow::offerBundledServer()
{
    const QUrl url = m_api.serverUrl();
    showError(QString());
    m_serverOfferText->setText(
        tr("No booking server answers at %1. This computer has one built in: start it to work "
           "with its own local database?")
            .arg(url.authority()));
    m_startServer->setEnabled(true);
    m_serverLog->clear();
    m_serverLog->hide();
    m_serverOffer->show();
}

void SignInWindow::startBundledServer()
{
    QUrl url = m_api.serverUrl();
    if (url.port() < 0) {
        // No port typed: the bundled server listens on its default one, and so must we talk.
        url.setPort(BundledServer::DefaultPort);
        m_api.setServerUrl(url);
        m_address->setText(url.toString());
    }
    m_startServer->setEnabled(false);
    m_serverLog->show();
    m_serverOfferText->setText(tr("Starting the bundled server… (the first start sets up its "
                                  "database and takes a little longer)"));
    setBusy(true);
    m_server.start(quint16(url.port()), BundledServer::defaultDataDirectory());
}
