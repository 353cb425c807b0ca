#include "bundledserverpanel.h"

#include "api/bundledserver.h"
#include "icons.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

BundledServerPanel::BundledServerPanel(BundledServer &server, QWidget *parent)
    : QWidget(parent)
    , m_server(server)
    , m_text(new QLabel(this))
    , m_startButton(
          new QPushButton(Icons::get(Icons::Server), tr("Start the bundled server"), this))
    , m_log(new QPlainTextEdit(this))
{
    setObjectName(u"bundledServerOffer"_s);
    m_startButton->setObjectName(u"startServerButton"_s);
    m_text->setWordWrap(true);
    m_log->setObjectName(u"serverLog"_s);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(200);
    m_log->setMaximumHeight(90);
    m_log->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text);
    layout->addWidget(m_startButton, 0, Qt::AlignLeft);
    layout->addWidget(m_log);
    hide();

    connect(m_startButton, &QPushButton::clicked, this, &BundledServerPanel::startRequested);
    connect(&m_server, &BundledServer::progress, this,
            [this](const QString &line) { m_log->appendPlainText(line); });
    connect(&m_server, &BundledServer::started, this, [this] {
        m_text->setText(tr("The bundled server is running."));
        hide();
        Q_EMIT started();
    });
    connect(&m_server, &BundledServer::failed, this, [this](BundledServer::Failure failure) {
        m_startButton->setEnabled(true);
        m_text->clear();
        // In plain words; its own output stays in the log below for the details.
        switch (failure) {
        case BundledServer::Failure::CannotRun:
            Q_EMIT failed(tr("The bundled server cannot be run. Please reinstall the app."));
            break;
        case BundledServer::Failure::PortInUse:
            Q_EMIT failed(tr("The bundled server cannot use port %1: another program uses it. "
                             "Type another port in the address, e.g. http://localhost:3002.")
                              .arg(m_port));
            break;
        case BundledServer::Failure::Stopped:
            Q_EMIT failed(tr("The bundled server stopped while starting. Its last messages are "
                             "shown below."));
            break;
        }
    });
}

bool BundledServerPanel::offerFor(const Error &error, const QUrl &url)
{
    if (error.code != ErrorCode::NetworkError || !BundledServer::isLocalHost(url.host())
        || BundledServer::executable().isEmpty() || m_server.isRunning())
        return false;
    m_text->setText(
        tr("No booking server answers at %1. This computer has one built in: start it to work "
           "with its own local database?")
            .arg(url.authority()));
    m_startButton->setEnabled(true);
    m_log->clear();
    m_log->hide();
    show();
    return true;
}

void BundledServerPanel::start(quint16 port)
{
    m_port = port;
    m_startButton->setEnabled(false);
    m_log->show();
    m_text->setText(tr("Starting the bundled server… (the first start sets up its "
                       "database and takes a little longer)"));
    m_server.start(port, BundledServer::defaultDataDirectory());
}
