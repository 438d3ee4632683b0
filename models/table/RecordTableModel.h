#pragma once

#include "table/RecordFilter.h"
#include "table/RecordTable.h"

#include <QAbstractTableModel>
#include <QLocale>

#include <memory>
#include <vector>

template<typename T>
class QFutureWatcher;
class QTimer;

// The one table model (qBittorrent's transferlistmodel, Wireshark's packet_list_model): a
// QAbstractTableModel over a RecordTable with sorting and filtering built in as an index
// permutation — no QSortFilterProxyModel. Fast at 1,000,000 rows.
//
// View advice: use a QTreeView with setUniformRowHeights(true), setRootIsDecorated(false),
// setSortingEnabled(true) (header clicks call sort()), or a QTableView with a fixed
// verticalHeader()->setSectionResizeMode(QHeaderView::Fixed). Never put a proxy model on top.
//
// Signals the views see:
//   - mergeRows(): new visible rows arrive with one beginInsertRows at the end per batch; when
//     a sort is active they are then moved into place with layoutChanged. Updated rows get one
//     dataChanged over their range (or layoutChanged when their position/visibility changed).
//   - sort(): layoutAboutToBeChanged/layoutChanged (VerticalSortHint), persistent indexes kept.
//     Reversing the current sort reverses the permutation: O(n).
//   - setFilter(): layoutAboutToBeChanged/layoutChanged; rows that disappear invalidate their
//     persistent indexes; the row count may change. A filter that narrows the previous one
//     scans only the currently visible rows.
//
// Threading: sorting and filtering a large table run on a worker thread (QtConcurrent) over
// the same column data (no copy) and are swapped in on the GUI thread. While a worker (a sort,
// a filter, an export, a loader) holds a snapshot(), merged rows wait in a queue and are
// applied as soon as the snapshot is released. Requests made while busy coalesce: only the
// latest sort and filter are computed next. So a search box calls setFilter() on every
// keystroke, with no debounce timer: the first key is answered at once, and keys typed while a
// filter computes cost one more filter, not one each.
class RecordTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role {
        RawRole = Qt::UserRole + 1, // typed value (RecordTable::value()); invalid for null
        TableRowRole, // int: the row in table() behind this view row
        CurrencyRole, // Money cells: ISO 4217 code
        ColumnKeyRole, // horizontal headerData: ColumnSpec::key
    };
    Q_ENUM(Role)

    enum class Execution {
        Automatic, // synchronous up to kAsyncThreshold rows, asynchronous above (the default)
        Synchronous, // always on the calling thread (tests, benchmarks, the CLI)
        Asynchronous, // always on a worker thread
    };
    static constexpr int kAsyncThreshold = 50000;

    explicit RecordTableModel(const RecordSchema &schema, QObject *parent = nullptr);
    ~RecordTableModel() override;

    const RecordSchema &schema() const { return m_schema; }
    // All rows (read-only), in storage order. GUI thread only.
    const RecordTable &table() const { return *m_table; }
    // Shares the table with a worker thread (read-only). While any snapshot is alive, merges
    // are queued; drop it as soon as the worker is done.
    std::shared_ptr<const RecordTable> snapshot() const { return m_table; }

    // --- data in (GUI thread)
    // Upserts a batch (same schema) by id: see RecordTable::merge(). Applied at once unless a
    // snapshot is held, then queued (hasPendingRows()).
    void mergeRows(RecordTable &&batch);
    // Replaces everything (one model reset). Keeps sort and filter.
    void setRows(RecordTable &&rows);
    void clear();
    bool hasPendingRows() const { return !m_pending.empty(); }
    // Releases spare vector capacity (a copy of every column: call it once after a bulk load
    // if memory matters more than a short pause). Does nothing while a snapshot is held.
    void squeeze();

    // --- sort and filter
    // column -1 = storage order. Re-sorting the current column with the other order reverses.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    // The sort currently shown (requests still computing are not reflected yet).
    int sortColumn() const { return m_applied.sortColumn; }
    Qt::SortOrder sortOrder() const { return m_applied.order; }
    void setFilter(const RecordFilter &filter);
    // Convenience: replaces only the free text, keeps the predicates.
    void setFilterText(const QString &text);
    // The latest requested filter (what the filter widgets show).
    const RecordFilter &filter() const { return m_requested.filter; }
    // The filter currently shown.
    const RecordFilter &appliedFilter() const { return m_applied.filter; }

    void setExecution(Execution mode) { m_execution = mode; }
    Execution execution() const { return m_execution; }
    // A sort/filter is computing on a worker, or merges are queued.
    bool isBusy() const;
    // Tests/benchmarks: runs the event loop until not busy. False on timeout.
    bool waitForIdle(int timeoutMs = 30000);

    // --- visible rows (for totals, charts and the exporter)
    // Table rows in view order; size() == rowCount(). Iterate this, read table() columns.
    const std::vector<int> &visibleRows() const { return m_visible; }
    int tableRow(int viewRow) const { return m_visible[size_t(viewRow)]; }
    // View row showing a table row, or -1 when filtered out.
    int viewRow(int tableRow) const;
    QModelIndex indexForTableRow(int tableRow, int column = 0) const;

    // --- column layout metadata: what the view shows, in visual order (the exporter writes
    // these). Defaults to RecordSchema::defaultVisibleColumns(). The page keeps it in sync with
    // its QHeaderView (sectionMoved / hidden sections) and restores it with the saved state.
    QList<int> visibleColumns() const { return m_visibleColumns; }
    void setVisibleColumns(const QList<int> &columnsInVisualOrder);

    // What DisplayRole shows for a cell (locale formatting; see CellFormat).
    QString displayText(int tableRow, int column) const;

    // --- QAbstractItemModel
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

Q_SIGNALS:
    void busyChanged(bool busy);
    void sortApplied(int column, Qt::SortOrder order);
    void filterApplied(const RecordFilter &filter);
    // The set of visible rows changed (filter, merge, clear): recompute totals and charts.
    void visibleRowsChanged();
    void visibleColumnsChanged();
    // A batch was applied: `appended` new rows, `updated` existing rows overwritten.
    void rowsMerged(int appended, int updated);

private:
    struct ViewState
    {
        int sortColumn = -1;
        Qt::SortOrder order = Qt::AscendingOrder;
        RecordFilter filter;
        bool operator==(const ViewState &other) const;
    };
    struct ViewResult
    {
        ViewState state;
        bool orderChanged = false;
        std::vector<int> order;
        std::vector<int> visible;
        quint64 generation = 0;
    };

    // The pure part: the view `to` computed from the applied view `from` (thread-safe).
    static ViewResult computeView(const RecordTable &table, int rowCount, const ViewState &from,
                                  const std::vector<int> &fromOrder, const std::vector<int> &fromVisible,
                                  const ViewState &to);
    void request();
    bool shouldRunAsync() const;
    void startJob();
    void jobFinished();
    void applyResult(ViewResult &&result);
    bool canMutate() const;
    void flushPending();
    void applyMerge(RecordTable &&batch);
    void updateBusy();
    void rebuildInverse() const;
    void relayout(std::vector<int> &&newVisible, QAbstractItemModel::LayoutChangeHint hint);

    RecordSchema m_schema;
    std::shared_ptr<RecordTable> m_table;
    quint64 m_generation = 0; // bumped when the table is replaced: stale job results are dropped
    // All rows in the applied sort order (empty when sortColumn == -1: storage order).
    std::vector<int> m_order;
    // The rows passing the applied filter, in m_order order.
    std::vector<int> m_visible;
    mutable std::vector<int> m_inverse; // table row -> view row, or -1; rebuilt lazily
    mutable bool m_inverseDirty = true;
    ViewState m_applied;
    ViewState m_requested;
    Execution m_execution = Execution::Automatic;
    std::vector<RecordTable> m_pending;
    QFutureWatcher<ViewResult> *m_watcher = nullptr;
    bool m_jobInFlight = false;
    QTimer *m_pendingTimer = nullptr;
    bool m_busy = false;
    QList<int> m_visibleColumns;
    QLocale m_locale;
};
