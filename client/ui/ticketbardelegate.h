#pragma once

#include <QStyledItemDelegate>

//! Paints the tickets column: "remaining / total" over a small bar of what is left, red when
//! few remain.
class TicketBarDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};
