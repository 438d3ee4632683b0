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
    const bool firstTime = !LayoutMemory::hasSaved(layoutKey);
    LayoutMemory::track(columns, layoutKey);
    syncVisibleColumns();
    disconnect(m_fitOnFirstRows);
    disconnect(m_fitOnFirstReset);
    if (firstTime) {
        if (model->rowCount() > 0) {
            fitColumnsToFirstRows();
        } else {
            // The first rows arrive streaming in (a load) or all at once (setRows: a reset).
            m_fitOnFirstRows = connect(model, &QAbstractItemModel::rowsInserted, this,
                                       &RecordTableView::fitColumnsToFirstRows, Qt::QueuedConnection);
            m_fitOnFirstReset = connect(
                    model, &QAbstractItemModel::modelReset, this,
                    [this] {
                        if (m_model && m_model->rowCount() > 0)
                            fitColumnsToFirstRows();
                    },
                    Qt::QueuedConnection);
        }
    }
}

bool RecordTableView::selectRecord(const QString &id)
{
    if (!m_model || id.isEmpty())
        return false;
    const QModelIndex index = m_model->indexForTableRow(m_model->table().findRow(QStringView(id)));
    if (!index.isValid())
        return false;
    selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    scrollTo(index);
    return true;
}

void RecordTableView::fitColumnsToFirstRows()
{
    disconnect(m_fitOnFirstRows);
    disconnect(m_fitOnFirstReset);
    // A sample of the first rows is enough for a first guess, and keeps this to a few
    // milliseconds while a load is streaming in; a long text column is capped so the others stay
    // on screen. (Double-clicking a header divider later looks at the usual 1000 rows.)
    QHeaderView *columns = horizontalHeader();
    const int precision = columns->resizeContentsPrecision();
    columns->setResizeContentsPrecision(100);
    const int cap = 24 * fontMetrics().averageCharWidth();
    for (int c = 0; c < columns->count(); ++c) {
        if (columns->isSectionHidden(c))
            continue;
        resizeColumnToContents(c);
        if (columns->sectionSize(c) > cap)
            columns->resizeSection(c, cap);
    }
    columns->setResizeContentsPrecision(precision);
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
