#include "UnknownOutcomeDelegate.h"

#include "table/RecordTableModel.h"

UnknownOutcomeDelegate::UnknownOutcomeDelegate(int outcomeColumn, QObject *parent)
    : QStyledItemDelegate(parent), m_outcomeColumn(outcomeColumn)
{ }

bool UnknownOutcomeDelegate::highlights(const QModelIndex &index) const
{
    return index.siblingAtColumn(m_outcomeColumn).data(RecordTableModel::RawRole).toString() ==
            QLatin1String("unknown");
}

void UnknownOutcomeDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (!highlights(index))
        return;
    // Palette colours only, so the row reads in light and dark mode alike.
    option->backgroundBrush = option->palette.brush(QPalette::ToolTipBase);
    option->palette.setBrush(QPalette::Text, option->palette.brush(QPalette::ToolTipText));
    option->font.setBold(true);
}
