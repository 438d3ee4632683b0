#include "RecordTableModel.h"

#include "table/CellFormat.h"
#include "table/RecordView.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QThread>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <atomic>
#include <numeric>

namespace {

constexpr int kLongTextToolTip = 40;

std::vector<int> identity(int count)
{
    std::vector<int> rows(size_t(qMax(count, 0)));
    std::iota(rows.begin(), rows.end(), 0);
    return rows;
}

// Removes the rows flagged in `mask` from `seq`, keeping the order.
void removeFlagged(std::vector<int> &seq, const std::vector<bool> &mask)
{
    seq.erase(std::remove_if(seq.begin(), seq.end(), [&mask](int row) { return mask[size_t(row)]; }),
              seq.end());
}

} // namespace

bool RecordTableModel::ViewState::operator==(const ViewState &other) const
{
    return sortColumn == other.sortColumn && (sortColumn < 0 || order == other.order) &&
            filter == other.filter;
}

RecordTableModel::RecordTableModel(const RecordSchema &schema, QObject *parent)
    : QAbstractTableModel(parent),
      m_schema(schema),
      m_table(std::make_shared<RecordTable>(schema)),
      m_watcher(new QFutureWatcher<ViewResult>(this)),
      m_pendingTimer(new QTimer(this)),
      m_visibleColumns(schema.defaultVisibleColumns())
{
    connect(m_watcher, &QFutureWatcher<ViewResult>::finished, this, &RecordTableModel::jobFinished);
    // A worker outside the model (an export, a loader) may hold a snapshot: retry merges a
    // little later instead of blocking.
    m_pendingTimer->setSingleShot(true);
    m_pendingTimer->setInterval(25);
    connect(m_pendingTimer, &QTimer::timeout, this, &RecordTableModel::flushPending);
}

RecordTableModel::~RecordTableModel() = default;

// ---------------------------------------------------------------------------------------------
// Data in

bool RecordTableModel::canMutate() const
{
    if (m_jobInFlight || m_table.use_count() != 1)
        return false;
    // Pairs with the release of the worker's reference: its reads happen before our writes.
    std::atomic_thread_fence(std::memory_order_acquire);
    return true;
}

void RecordTableModel::mergeRows(RecordTable &&batch)
{
    if (batch.rowCount() == 0)
        return;
    Q_ASSERT(batch.columnCount() == m_schema.columnCount());
    if (!m_pending.empty() || !canMutate()) {
        m_pending.push_back(std::move(batch));
        if (!m_jobInFlight)
            m_pendingTimer->start();
        updateBusy();
        return;
    }
    applyMerge(std::move(batch));
}

void RecordTableModel::flushPending()
{
    if (m_pending.empty())
        return;
    if (!canMutate()) {
        if (!m_jobInFlight)
            m_pendingTimer->start();
        return;
    }
    std::vector<RecordTable> pending;
    pending.swap(m_pending);
    for (RecordTable &batch : pending)
        applyMerge(std::move(batch));
    updateBusy();
}

void RecordTableModel::applyMerge(RecordTable &&batch)
{
    RecordTable &table = *m_table;
    const RecordTable::MergeResult merged = table.merge(batch);
    batch = RecordTable();
    const std::vector<int> &updated = merged.updated;
    const bool sorted = m_applied.sortColumn >= 0;
    std::unique_ptr<RecordView::Matcher> matcher;
    if (!m_applied.filter.isEmpty())
        matcher = std::make_unique<RecordView::Matcher>(table, m_applied.filter);
    const auto passes = [&matcher](int row) {
        return !matcher || matcher->matches(row);
    };

    std::vector<int> fresh; // new rows the filter lets through, storage order
    fresh.reserve(size_t(merged.appended));
    for (int row = merged.firstAppended; row < merged.firstAppended + merged.appended; ++row) {
        if (passes(row))
            fresh.push_back(row);
    }
    const auto appendFresh = [this, &fresh]() {
        if (fresh.empty())
            return;
        const int first = int(m_visible.size());
        beginInsertRows({}, first, first + int(fresh.size()) - 1);
        m_visible.insert(m_visible.end(), fresh.begin(), fresh.end());
        m_inverseDirty = true;
        endInsertRows();
    };

    if (updated.empty() && !sorted) {
        // The common load path: rows arrive at the end, one beginInsertRows per batch.
        appendFresh();
    } else {
        // Work out the final order first, then tell the views in two steps: the new rows are
        // inserted at the end (row count changes), then one layout change moves rows into place
        // (and drops/adds updated rows whose filter result changed).
        std::vector<bool> isUpdated;
        if (!updated.empty()) {
            isUpdated.assign(size_t(table.rowCount()), false);
            for (const int row : updated)
                isUpdated[size_t(row)] = true;
        }
        std::vector<int> show; // updated rows still passing, then fresh rows
        for (const int row : updated) {
            if (passes(row))
                show.push_back(row);
        }
        show.insert(show.end(), fresh.begin(), fresh.end());
        // Places `show` among the rows shown, in the order of `less`.
        const auto placeShown = [&](const auto &less) {
            std::sort(show.begin(), show.end(), less);
            if (updated.empty() &&
                (show.empty() || m_visible.empty() || !less(show.front(), m_visible.back()))) {
                // Every new row sorts after the rows shown (a load streaming in the sort
                // order): inserted in place, no copy of the view and no layout change.
                fresh.swap(show);
                appendFresh();
                return;
            }
            std::vector<int> target = m_visible;
            if (!updated.empty())
                removeFlagged(target, isUpdated);
            RecordView::insertSorted(target, show, less);
            appendFresh();
            if (target != m_visible)
                relayout(std::move(target), QAbstractItemModel::NoLayoutChangeHint);
        };
        if (sorted) {
            const RecordView::RowOrder order(table, m_applied.sortColumn);
            const bool descending = m_applied.order == Qt::DescendingOrder;
            const auto less = [&order, descending](int a, int b) {
                return descending ? order.less(b, a) : order.less(a, b);
            };
            std::vector<int> place = updated;
            for (int row = merged.firstAppended; row < merged.firstAppended + merged.appended; ++row)
                place.push_back(row);
            if (!updated.empty())
                removeFlagged(m_order, isUpdated);
            std::sort(place.begin(), place.end(), less);
            RecordView::insertSorted(m_order, place, less);
            placeShown(less);
        } else {
            placeShown(std::less<int>());
        }
    }

    // Views repaint overwritten rows that are still visible.
    if (!updated.empty()) {
        rebuildInverse();
        int top = -1;
        int bottom = -1;
        for (const int row : updated) {
            const int viewRow = m_inverse[size_t(row)];
            if (viewRow < 0)
                continue;
            top = top < 0 ? viewRow : qMin(top, viewRow);
            bottom = qMax(bottom, viewRow);
        }
        if (top >= 0)
            Q_EMIT dataChanged(index(top, 0), index(bottom, columnCount() - 1));
    }
    Q_EMIT rowsMerged(merged.appended, int(updated.size()));
    Q_EMIT visibleRowsChanged();
}

void RecordTableModel::setRows(RecordTable &&rows)
{
    Q_ASSERT(rows.columnCount() == m_schema.columnCount());
    beginResetModel();
    m_table = std::make_shared<RecordTable>(std::move(rows));
    ++m_generation;
    m_pending.clear();
    m_order.clear();
    m_visible = identity(m_table->rowCount());
    m_inverseDirty = true;
    // The requested sort and filter are applied again (on a worker when large).
    m_applied = ViewState();
    endResetModel();
    Q_EMIT visibleRowsChanged();
    updateBusy();
    request();
}

void RecordTableModel::clear()
{
    setRows(RecordTable(m_schema));
}

void RecordTableModel::squeeze()
{
    if (canMutate())
        m_table->squeeze();
}

// ---------------------------------------------------------------------------------------------
// Sort and filter

void RecordTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < -1 || column >= m_schema.columnCount())
        return;
    m_requested.sortColumn = column;
    m_requested.order = column < 0 ? Qt::AscendingOrder : order;
    request();
}

void RecordTableModel::setFilter(const RecordFilter &filter)
{
    m_requested.filter = filter;
    request();
}

void RecordTableModel::setFilterText(const QString &text)
{
    RecordFilter filter = m_requested.filter;
    filter.text = text;
    setFilter(filter);
}

bool RecordTableModel::shouldRunAsync() const
{
    switch (m_execution) {
    case Execution::Synchronous:
        return false;
    case Execution::Asynchronous:
        return true;
    case Execution::Automatic:
        break;
    }
    return m_table->rowCount() > kAsyncThreshold;
}

void RecordTableModel::request()
{
    if (m_jobInFlight)
        return; // jobFinished() asks again for the latest request
    if (m_requested == m_applied)
        return;
    if (shouldRunAsync()) {
        startJob();
        return;
    }
    ViewResult result =
            computeView(*m_table, m_table->rowCount(), m_applied, m_order, m_visible, m_requested);
    result.generation = m_generation;
    applyResult(std::move(result));
}

RecordTableModel::ViewResult RecordTableModel::computeView(const RecordTable &table, int rowCount,
                                                           const ViewState &from,
                                                           const std::vector<int> &fromOrder,
                                                           const std::vector<int> &fromVisible,
                                                           const ViewState &to)
{
    ViewResult result;
    result.state = to;
    const bool sortChanged =
            from.sortColumn != to.sortColumn || (to.sortColumn >= 0 && from.order != to.order);
    const bool reversal = to.sortColumn >= 0 && from.sortColumn == to.sortColumn && from.order != to.order;
    const bool filterChanged = from.filter != to.filter;
    const RecordView::Matcher matcher(table, to.filter);

    // Filters the rows of `base` (null = storage order) in their order.
    const auto filtered = [&](const std::vector<int> *base) {
        if (base)
            return RecordView::filterRows(matcher, base->data(), base->size());
        return RecordView::filterRows(matcher, nullptr, size_t(rowCount));
    };

    if (sortChanged) {
        result.orderChanged = true;
        if (reversal) {
            result.order.assign(fromOrder.rbegin(), fromOrder.rend());
        } else if (to.sortColumn >= 0) {
            result.order = RecordView::sortedRows(table, rowCount, to.sortColumn);
            if (to.order == Qt::DescendingOrder)
                std::reverse(result.order.begin(), result.order.end());
        }
        if (reversal && !filterChanged)
            result.visible.assign(fromVisible.rbegin(), fromVisible.rend());
        else
            result.visible = filtered(to.sortColumn >= 0 ? &result.order : nullptr);
    } else if (filterChanged && to.filter.narrows(from.filter)) {
        // Typing one more character: only the rows shown now can still match.
        result.visible = filtered(&fromVisible);
    } else {
        result.visible = filtered(to.sortColumn >= 0 ? &fromOrder : nullptr);
    }
    return result;
}

void RecordTableModel::startJob()
{
    const ViewState from = m_applied;
    const ViewState to = m_requested;
    const bool sortChanged =
            from.sortColumn != to.sortColumn || (to.sortColumn >= 0 && from.order != to.order);
    const bool reversal = to.sortColumn >= 0 && from.sortColumn == to.sortColumn && from.order != to.order;
    const bool filterChanged = from.filter != to.filter;
    const bool narrowing = !sortChanged && filterChanged && to.filter.narrows(from.filter);
    // Copy only what the computation reads (a few MB at 1M rows; the columns are shared).
    std::vector<int> fromOrder;
    if (reversal || (!sortChanged && !narrowing && to.sortColumn >= 0))
        fromOrder = m_order;
    std::vector<int> fromVisible;
    if ((reversal && !filterChanged) || narrowing)
        fromVisible = m_visible;

    std::shared_ptr<const RecordTable> snapshot = m_table;
    const int rowCount = m_table->rowCount();
    const quint64 generation = m_generation;
    m_jobInFlight = true;
    updateBusy();
    m_watcher->setFuture(
            QtConcurrent::run([snapshot, rowCount, from, to, generation, fromOrder = std::move(fromOrder),
                               fromVisible = std::move(fromVisible)]() mutable {
                ViewResult result = computeView(*snapshot, rowCount, from, fromOrder, fromVisible, to);
                result.generation = generation;
                snapshot.reset(); // release before the GUI thread learns we are done
                return result;
            }));
}

void RecordTableModel::jobFinished()
{
    QFuture<ViewResult> future = m_watcher->future();
    m_jobInFlight = false;
    if (future.resultCount() > 0)
        applyResult(future.takeResult());
    flushPending();
    request();
    updateBusy();
}

void RecordTableModel::applyResult(ViewResult &&result)
{
    if (result.generation != m_generation)
        return; // computed for a table that has since been replaced
    const bool filterChanged = m_applied.filter != result.state.filter;
    const bool sortChanged =
            m_applied.sortColumn != result.state.sortColumn || m_applied.order != result.state.order;
    if (result.orderChanged)
        m_order = std::move(result.order);
    m_applied = result.state;
    relayout(std::move(result.visible),
             filterChanged ? QAbstractItemModel::NoLayoutChangeHint : QAbstractItemModel::VerticalSortHint);
    if (sortChanged)
        Q_EMIT sortApplied(m_applied.sortColumn, m_applied.order);
    if (filterChanged) {
        Q_EMIT filterApplied(m_applied.filter);
        Q_EMIT visibleRowsChanged();
    }
}

void RecordTableModel::relayout(std::vector<int> &&newVisible, QAbstractItemModel::LayoutChangeHint hint)
{
    Q_EMIT layoutAboutToBeChanged({}, hint);
    const QModelIndexList from = persistentIndexList();
    std::vector<int> fromRows;
    fromRows.reserve(size_t(from.size()));
    for (const QModelIndex &index : from)
        fromRows.push_back(index.row() < int(m_visible.size()) ? m_visible[size_t(index.row())] : -1);
    m_visible = std::move(newVisible);
    m_inverseDirty = true;
    if (!from.isEmpty()) {
        rebuildInverse();
        QModelIndexList to;
        to.reserve(from.size());
        for (qsizetype i = 0; i < from.size(); ++i) {
            const int row = fromRows[size_t(i)] >= 0 ? m_inverse[size_t(fromRows[size_t(i)])] : -1;
            to.append(row >= 0 ? createIndex(row, from.at(i).column()) : QModelIndex());
        }
        changePersistentIndexList(from, to);
    }
    Q_EMIT layoutChanged({}, hint);
}

bool RecordTableModel::isBusy() const
{
    return m_jobInFlight || !m_pending.empty();
}

void RecordTableModel::updateBusy()
{
    const bool busy = isBusy();
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

bool RecordTableModel::waitForIdle(int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (isBusy()) {
        if (timeoutMs >= 0 && timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        if (isBusy())
            QThread::msleep(1);
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// Rows and columns

void RecordTableModel::rebuildInverse() const
{
    if (!m_inverseDirty && m_inverse.size() == size_t(m_table->rowCount()))
        return;
    m_inverse.assign(size_t(m_table->rowCount()), -1);
    for (size_t i = 0; i < m_visible.size(); ++i)
        m_inverse[size_t(m_visible[i])] = int(i);
    m_inverseDirty = false;
}

int RecordTableModel::viewRow(int tableRow) const
{
    if (tableRow < 0 || tableRow >= m_table->rowCount())
        return -1;
    rebuildInverse();
    return m_inverse[size_t(tableRow)];
}

QModelIndex RecordTableModel::indexForTableRow(int tableRow, int column) const
{
    const int row = viewRow(tableRow);
    return row < 0 ? QModelIndex() : index(row, column);
}

void RecordTableModel::setVisibleColumns(const QList<int> &columnsInVisualOrder)
{
    QList<int> columns;
    for (const int column : columnsInVisualOrder) {
        if (column >= 0 && column < m_schema.columnCount() && !columns.contains(column))
            columns.append(column);
    }
    if (columns == m_visibleColumns)
        return;
    m_visibleColumns = columns;
    Q_EMIT visibleColumnsChanged();
}

QString RecordTableModel::displayText(int tableRow, int column) const
{
    const RecordTable &table = *m_table;
    if (table.isNull(tableRow, column))
        return {};
    const ColumnSpec &spec = m_schema.column(column);
    switch (spec.type) {
    case ColumnType::Integer:
        return QString::number(table.integer(tableRow, column));
    case ColumnType::Real:
        return m_locale.toString(table.real(tableRow, column), 'f', spec.decimals);
    case ColumnType::Money:
        return CellFormat::money(table.integer(tableRow, column), table.currency(tableRow, column), m_locale);
    case ColumnType::DateTime:
        return CellFormat::dateTime(table.integer(tableRow, column), m_locale);
    case ColumnType::Duration:
        return CellFormat::duration(table.integer(tableRow, column));
    case ColumnType::Bool:
        return table.integer(tableRow, column) ? tr("Yes") : tr("No");
    case ColumnType::Text:
    case ColumnType::Phone:
    case ColumnType::Category:
        return table.text(tableRow, column);
    }
    return {};
}

int RecordTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_visible.size());
}

int RecordTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_schema.columnCount();
}

QVariant RecordTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_visible.size()) || index.column() >= m_schema.columnCount())
        return {};
    const int row = m_visible[size_t(index.row())];
    const int column = index.column();
    const ColumnSpec &spec = m_schema.column(column);
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, column);
    case RawRole:
        return m_table->value(row, column);
    case TableRowRole:
        return row;
    case CurrencyRole:
        if (spec.type == ColumnType::Money && !m_table->isNull(row, column))
            return m_table->currency(row, column);
        return {};
    case Qt::TextAlignmentRole:
        if (spec.isNumeric())
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        if (m_table->isNull(row, column))
            return {};
        if (spec.type == ColumnType::DateTime)
            return CellFormat::dateTimeLong(m_table->integer(row, column), m_locale);
        if (spec.type == ColumnType::Text && m_table->utf8(row, column).size() > kLongTextToolTip)
            return m_table->text(row, column);
        return {};
    default:
        return {};
    }
}

QVariant RecordTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_schema.columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    const ColumnSpec &spec = m_schema.column(section);
    switch (role) {
    case Qt::DisplayRole:
        return spec.title;
    case Qt::ToolTipRole:
        return spec.toolTip.isEmpty() ? spec.title : spec.toolTip;
    case ColumnKeyRole:
        return spec.key;
    case Qt::TextAlignmentRole:
        if (spec.isNumeric())
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

Qt::ItemFlags RecordTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}
