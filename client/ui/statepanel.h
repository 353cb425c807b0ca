#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

//! What a list shows instead of its rows: loading (a busy bar), nothing found, or an error;
//! the last two with a button to try again.
class StatePanel final : public QWidget
{
    Q_OBJECT

public:
    explicit StatePanel(QWidget *parent = nullptr);

    void showLoading(const QString &text);
    void showEmpty(const QString &text);
    void showError(const QString &text);

Q_SIGNALS:
    void retryRequested();

private:
    QLabel *m_icon;
    QLabel *m_text;
    QProgressBar *m_busy;
    QPushButton *m_retry;
};
