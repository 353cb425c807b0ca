#pragma once

#include "common/booking.h"

#include <QWidget>

class BookingList;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;
class StatePanel;

//! The user's bookings, newest first, with Cancel (after a confirmation).
class BookingsPage final : public QWidget
{
    Q_OBJECT

public:
    explicit BookingsPage(BookingList &list, QWidget *parent = nullptr);

private:
    void onStateChanged();
    void updateCancelButton();
    void cancelSelected();

    BookingList &m_list;
    QStackedWidget *m_stack;
    QTableView *m_table;
    StatePanel *m_state;
    QPushButton *m_cancel;
    QLabel *m_message;
};
