#include "RecordTableView.h"

#include "common/LayoutMemory.h"
#include "table/RecordTableModel.h"

#include <QEvent>
#include <QHeaderView>
#include <QMenu>

RecordTableView::RecordTableView(QWidget *parent) : QTableView(parent)
{
    QHeaderView *rows = verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    fitRowHeight();
    setShowGrid(false);
    setWordWrap(false);
    setCornerButtonEnabled(false);
    setTabKeyNavigation(false);
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);

    QHeaderView *columns = horizontalHeader();
    columns->setSectionsMovable(true);
    columns->setHighlightSections(false);
    columns->setStretchLastSection(true);
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    columns->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(columns, &QHeaderView::customContextMenuRequested, this, &RecordTableView::showColumnMenu);
    connect(columns, &QHeaderView::sectionMoved, this, &RecordTableView::syncVisibleColumns);
}

void RecordTableView::setRecordModel(RecordTableModel *model, const QString &layoutKey, int sortColumn,
                                     Qt::SortOrder order)
{
    m_model = model;
    setModel(model);
    QHeaderView *columns = horizontalHeader();
    const QList<int> visible = model->schema().defaultVisibleColumns();
    for (int c = 0; c < model->columnCount(); ++c)
        columns->setSectionHidden(c, !visible.contains(c));
    columns->setSortIndicator(sortColumn, order);
    columns->setSortIndicatorShown(sortColumn >= 0);
    LayoutMemory::track(columns, layoutKey);
    syncVisibleColumns();
}

void RecordTableView::changeEvent(QEvent *event)
{
    QTableView::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        fitRowHeight();
}

void RecordTableView::fitRowHeight()
{
    // One line of text with the style's item margins, as a tree view's rows.
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
}

void RecordTableView::syncVisibleColumns()
{
    if (!m_model)
        return;
    const QHeaderView *columns = horizontalHeader();
    QList<int> shown;
    for (int visual = 0; visual < columns->count(); ++visual) {
        const int logical = columns->logicalIndex(visual);
        if (!columns->isSectionHidden(logical))
            shown.append(logical);
    }
    m_model->setVisibleColumns(shown);
}

void RecordTableView::showColumnMenu(const QPoint &pos)
{
    if (!m_model)
        return;
    QHeaderView *columns = horizontalHeader();
    QMenu menu(this);
    menu.setAccessibleName(tr("Columns shown"));
    for (int c = 0; c < m_model->columnCount(); ++c) {
        QAction *action = menu.addAction(m_model->schema().column(c).title);
        action->setCheckable(true);
        action->setChecked(!columns->isSectionHidden(c));
        connect(action, &QAction::toggled, this, [this, columns, c](bool on) {
            columns->setSectionHidden(c, !on);
            syncVisibleColumns();
        });
    }
    menu.exec(columns->mapToGlobal(pos));
}
