#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QToolButton;

//! First, previous, "Page x of y", next, last, and the page size (10, 20, 50).
class PaginationBar final : public QWidget
{
    Q_OBJECT

public:
    explicit PaginationBar(QWidget *parent = nullptr);

    void setPage(int page, int pageCount, qint64 total);
    void setPageSize(int size);
    void setBusy(bool busy);

Q_SIGNALS:
    void pageRequested(int page);
    void pageSizeChanged(int size);

private:
    void updateButtons();

    QToolButton *m_first;
    QToolButton *m_previous;
    QToolButton *m_next;
    QToolButton *m_last;
    QLabel *m_label;
    QLabel *m_total;
    QComboBox *m_pageSize;
    int m_page = 1;
    int m_pageCount = 0;
    bool m_busy = false;
};
