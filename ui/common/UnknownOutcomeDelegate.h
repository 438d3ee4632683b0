#pragma once

#include <QStyledItemDelegate>

// Paints the rows whose outcome is unknown (the console stopped between sending and saving the
// answer: never resent, the operator checks the vendor) in the palette's tool-tip colours, bold.
// The audit log and the Voice page's scheduled calls mark them alike.
class UnknownOutcomeDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    UnknownOutcomeDelegate(int outcomeColumn, QObject *parent = nullptr);
    bool highlights(const QModelIndex &index) const;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    int m_outcomeColumn;
};
