#pragma once

#include "table/RecordTableModel.h"

#include <QPointer>
#include <QTableView>

// The one view of RecordTableModel tables (call records, leads, jobs, websites, SIP lines).
//
// A QTableView rather than a QTreeView: a tree view keeps an item per row and lays all of them
// out again after every insert or sort (tens of milliseconds on the GUI thread at a million
// rows); a table view with a hidden, fixed-height row header keeps no per-row state.
// Rows are one line high and selected whole, Tab leaves the table, columns can be moved and
// hidden from the header's context menu, and what the view shows (column order, hidden columns)
// is what the model exports. The column layout is remembered under `layoutKey`; the first time a
// table is shown, its columns are fitted to its first rows.
class RecordTableView : public QTableView
{
    Q_OBJECT
public:
    explicit RecordTableView(QWidget *parent = nullptr);

    // Shows `model` with its schema's default columns and sort indicator (column -1: none),
    // then the layout saved under `layoutKey` (columns, widths, sort). The caller turns on
    // setSortingEnabled() when the model may sort: that sorts by the indicator.
    void setRecordModel(RecordTableModel *model, const QString &layoutKey, int sortColumn = -1,
                        Qt::SortOrder order = Qt::AscendingOrder);
    RecordTableModel *recordModel() const { return m_model; }
    // Makes the row with this id (the schema's id column) current and selected, scrolled into
    // view. False when the table holds no such row or the filter hides it.
    bool selectRecord(const QString &id);

protected:
    void changeEvent(QEvent *event) override;

private:
    void fitRowHeight();
    void fitColumnsToFirstRows();
    void syncVisibleColumns();
    void showColumnMenu(const QPoint &pos);

    QPointer<RecordTableModel> m_model;
    QMetaObject::Connection m_fitOnFirstRows;
    QMetaObject::Connection m_fitOnFirstReset;
};
