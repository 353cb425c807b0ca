#include "signinwindow.h"

#include "api/apiclient.h"
#include "api/bundledserver.h"
#include "bundledserverpanel.h"
#include "errortext.h"
#include "icons.h"
#include "signinform.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QTabBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

SignInWindow::SignInWindow(ApiClient &api, BundledServer &server, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_form(new SignInForm(this))
    , m_address(new QLineEdit(this))
    , m_notice(new QLabel(this))
    , m_busy(new QProgressBar(this))
    , m_serverPanel(new BundledServerPanel(server, this))
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

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_notice);
    layout->addWidget(m_form);
    layout->addLayout(addressForm);
    layout->addWidget(m_busy);
    layout->addWidget(m_serverPanel);
    layout->addStretch();
    // Tab goes from the tabs to the address, then into the form (as it did before the form
    // was a widget of its own).
    setTabOrder(m_form->tabBar(), m_address);

    connect(m_form, &SignInForm::signInRequested, this, &SignInWindow::signIn);
    connect(m_form, &SignInForm::registrationRequested, this, &SignInWindow::registerAccount);
    connect(m_address, &QLineEdit::textEdited, this, [this] { m_serverPanel->hide(); });
    connect(m_serverPanel, &BundledServerPanel::startRequested, this,
            &SignInWindow::startBundledServer);
    connect(m_serverPanel, &BundledServerPanel::started, this, [this] {
        setBusy(false);
        if (auto retry = std::exchange(m_retry, {}))
            retry();
    });
    connect(m_serverPanel, &BundledServerPanel::failed, this, [this](const QString &message) {
        setBusy(false);
        showError(message);
    });
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
    m_form->showSignIn();
    setBusy(false);
    show();
    raise();
    activateWindow();
    // Straight to typing: the address if there is none yet, else the email or the password.
    if (m_address->text().isEmpty())
        m_address->setFocus();
    else
        m_form->focusSignIn();
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
    m_busy->setVisible(busy);
    m_address->setEnabled(!busy);
    m_form->setBusy(busy);
}

void SignInWindow::signIn(const QString &email, const QString &password)
{
    if (!applyServerAddress())
        return;
    setBusy(true);
    showError(QString());
    m_api.signIn(email, password, this, [this](Result<AuthResult> result) {
        setBusy(false);
        if (!result) {
            m_retry = [this] {
                m_form->submitSignIn();
            };
            handleFailure(result.error());
            return;
        }
        m_form->clearSignInPassword();
        Q_EMIT signedIn();
    });
}

void SignInWindow::registerAccount(const QString &email, const QString &password,
                                   const QString &name)
{
    if (!applyServerAddress())
        return;
    setBusy(true);
    showError(QString());
    m_api.registerAccount(email, password, name, this, [this](Result<AuthResult> result) {
        setBusy(false);
        if (!result) {
            m_retry = [this] {
                m_form->submitRegistration();
            };
            if (!showFieldErrors(result.error()))
                handleFailure(result.error());
            return;
        }
        m_form->clearNewPassword();
        Q_EMIT signedIn();
    });
}

bool SignInWindow::showFieldErrors(const Error &error)
{
    if (!m_form->showFieldErrors(error))
        return false;
    m_retry = {};
    // A taken email is explained under its field alone; a refused field needs the words above.
    if (error.code == ErrorCode::ValidationFailed)
        showError(ErrorText::describe(error));
    return true;
}

void SignInWindow::handleFailure(const Error &error)
{
    if (m_serverPanel->offerFor(error, m_api.serverUrl())) {
        showError(QString());
        return;
    }
    m_retry = {};
    showError(ErrorText::describe(error));
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
    setBusy(true);
    m_serverPanel->start(quint16(url.port()));
}
