#include "ticketbardelegate.h"

#include "models/eventtablemodel.h"

#include <QApplication>
#include <QPainter>

void TicketBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    QStyleOptionViewItem text = option;
    initStyleOption(&text, index);
    const QRect cell = option.rect.adjusted(6, 4, -6, -4);
    const int remaining = index.data(EventTableModel::RemainingTicketsRole).toInt();
    const int total = index.data(EventTableModel::TotalTicketsRole).toInt();

    // Background and selection as the style draws them, without text.
    text.text.clear();
    QStyle *style = option.widget ? option.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &text, painter, option.widget);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRect bar(cell.left(), cell.bottom() - 4, cell.width(), 5);
    painter->setPen(Qt::NoPen);
    painter->setBrush(option.palette.color(QPalette::Mid));
    painter->drawRoundedRect(bar, 2, 2);
    if (total > 0 && remaining > 0) {
        const double share = double(remaining) / total;
        const QColor fill = share <= 0.1 ? QColor(0xc6, 0x28, 0x28) : QColor(0x2e, 0x7d, 0x32);
        painter->setBrush(fill);
        painter->drawRoundedRect(
            QRect(bar.left(), bar.top(), std::max(3, int(bar.width() * share)), bar.height()), 2,
            2);
    }
    const bool selected = option.state & QStyle::State_Selected;
    painter->setPen(option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    const QString label = remaining == 0 ? tr("Sold out") : index.data().toString();
    painter->drawText(cell.adjusted(0, 0, 0, -7), Qt::AlignRight | Qt::AlignVCenter, label);
    painter->restore();
}

QSize TicketBarDelegate::sizeHint(const QStyleOptionViewItem &option,
                                  const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(size.height() + 10);
    size.setWidth(std::max(size.width() + 24, 110));
    return size;
}
