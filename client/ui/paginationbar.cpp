#include "paginationbar.h"

#include "icons.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

PaginationBar::PaginationBar(QWidget *parent)
    : QWidget(parent)
    , m_first(new QToolButton(this))
    , m_previous(new QToolButton(this))
    , m_next(new QToolButton(this))
    , m_last(new QToolButton(this))
    , m_label(new QLabel(this))
    , m_total(new QLabel(this))
    , m_pageSize(new QComboBox(this))
{
    const auto setUp = [](QToolButton *button, const QIcon &icon, const QString &text) {
        button->setIcon(icon);
        button->setToolTip(text);
        button->setAccessibleName(text);
        button->setAutoRaise(true);
    };
    setUp(m_first, Icons::get(Icons::First), tr("First page"));
    setUp(m_previous, Icons::get(Icons::Previous), tr("Previous page"));
    setUp(m_next, Icons::get(Icons::Next), tr("Next page"));
    setUp(m_last, Icons::get(Icons::Last), tr("Last page"));
    m_first->setObjectName(QStringLiteral("firstPage"));
    m_previous->setObjectName(QStringLiteral("previousPage"));
    m_next->setObjectName(QStringLiteral("nextPage"));
    m_last->setObjectName(QStringLiteral("lastPage"));
    m_label->setObjectName(QStringLiteral("pageLabel"));
    m_label->setMinimumWidth(110);
    m_label->setAlignment(Qt::AlignCenter);
    m_total->setForegroundRole(QPalette::PlaceholderText);
    for (int size : {10, 20, 50})
        m_pageSize->addItem(tr("%1 per page").arg(size), size);
    m_pageSize->setObjectName(QStringLiteral("pageSize"));
    m_pageSize->setAccessibleName(tr("Events per page"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_total);
    layout->addStretch();
    layout->addWidget(m_first);
    layout->addWidget(m_previous);
    layout->addWidget(m_label);
    layout->addWidget(m_next);
    layout->addWidget(m_last);
    layout->addStretch();
    layout->addWidget(m_pageSize);

    connect(m_first, &QToolButton::clicked, this, [this] { Q_EMIT pageRequested(1); });
    connect(m_previous, &QToolButton::clicked, this, [this] { Q_EMIT pageRequested(m_page - 1); });
    connect(m_next, &QToolButton::clicked, this, [this] { Q_EMIT pageRequested(m_page + 1); });
    connect(m_last, &QToolButton::clicked, this, [this] { Q_EMIT pageRequested(m_pageCount); });
    connect(m_pageSize, &QComboBox::activated, this,
            [this](int index) { Q_EMIT pageSizeChanged(m_pageSize->itemData(index).toInt()); });
    setPage(1, 0, 0);
}

void PaginationBar::setPage(int page, int pageCount, qint64 total)
{
    m_page = page;
    m_pageCount = pageCount;
    m_label->setText(tr("Page %1 of %2").arg(page).arg(std::max(pageCount, 1)));
    m_total->setText(tr("%n event(s)", nullptr, int(total)));
    updateButtons();
}

void PaginationBar::setPageSize(int size)
{
    const int index = m_pageSize->findData(size);
    if (index >= 0)
        m_pageSize->setCurrentIndex(index);
}

void PaginationBar::setBusy(bool busy)
{
    m_busy = busy;
    updateButtons();
}

void PaginationBar::updateButtons()
{
    const bool hasEarlier = !m_busy && m_page > 1;
    const bool hasLater = !m_busy && m_page < m_pageCount;
    m_first->setEnabled(hasEarlier);
    m_previous->setEnabled(hasEarlier);
    m_next->setEnabled(hasLater);
    m_last->setEnabled(hasLater);
}
