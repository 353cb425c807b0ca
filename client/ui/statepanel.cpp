#include "statepanel.h"

#include "icons.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

StatePanel::StatePanel(QWidget *parent)
    : QWidget(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_busy(new QProgressBar(this))
    , m_retry(new QPushButton(tr("Try again"), this))
{
    m_text->setObjectName(QStringLiteral("stateText"));
    m_text->setWordWrap(true);
    m_text->setAlignment(Qt::AlignCenter);
    m_icon->setAlignment(Qt::AlignCenter);
    m_busy->setRange(0, 0); // an indeterminate bar: busy, not frozen
    m_busy->setTextVisible(false);
    m_busy->setMaximumWidth(240);
    m_retry->setObjectName(QStringLiteral("retryButton"));
    m_retry->setIcon(Icons::get(Icons::Refresh));

    auto *layout = new QVBoxLayout(this);
    layout->addStretch();
    layout->addWidget(m_icon);
    layout->addWidget(m_text);
    layout->addWidget(m_busy, 0, Qt::AlignHCenter);
    layout->addWidget(m_retry, 0, Qt::AlignHCenter);
    layout->addStretch();
    connect(m_retry, &QPushButton::clicked, this, &StatePanel::retryRequested);
}

void StatePanel::showLoading(const QString &text)
{
    m_icon->clear();
    m_text->setText(text);
    m_busy->show();
    m_retry->hide();
}

void StatePanel::showEmpty(const QString &text)
{
    m_icon->setPixmap(Icons::get(Icons::Search).pixmap(48));
    m_text->setText(text);
    m_busy->hide();
    m_retry->show(); // something may have been added since
}

void StatePanel::showError(const QString &text)
{
    m_icon->setPixmap(Icons::get(Icons::Warning).pixmap(48));
    m_text->setText(text);
    m_busy->hide();
    m_retry->show();
}
