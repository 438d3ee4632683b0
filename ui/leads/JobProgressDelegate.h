#pragma once

#include <QStyledItemDelegate>

// Draws a job's Progress cell as a progress bar (with its percentage as text, so it reads
// without colour).
class JobProgressDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
};
