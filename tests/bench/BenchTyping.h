#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QStringList>

#include <functional>
#include <vector>

class QAbstractItemView;
class QLineEdit;
class QSortFilterProxyModel;
class RecordTableModel;

// Typing in a table's search box as a person does, for the benchmarks of pages with a filtered
// table (Calls & costs, the sends table): keystroke → the table painted with the result.
namespace Bench {

struct KeystrokeFigures
{
    QStringList typed; // what each keystroke left in the box
    std::vector<double> ms; // keystroke → rows painted, per keystroke
    double maxGapMs = 0; // the GUI thread's longest block while typing
    double worstMs() const;
    double medianMs() const;
};

// Clicks `keys` into `search` one at a time, each once the previous one shows: the view's model
// has applied the box's text (`appliedNs`, on `clock`; -1: not yet) and the view painted after.
KeystrokeFigures typeInSearchBox(QLineEdit *search, QAbstractItemView *view, const QElapsedTimer &clock,
                                 const std::function<qint64()> &appliedNs, const QList<int> &keys);

// The one table machinery's way: `search` feeds `model` (shown by `view`), which filters on a
// worker at large sizes; applied = the model's filterApplied() with the box's text.
KeystrokeFigures typeInRecordTable(QLineEdit *search, QAbstractItemView *view, RecordTableModel *model,
                                   const QList<int> &keys);

// The naive baseline: the same keystrokes in a QLineEdit wired to
// QSortFilterProxyModel::setFilterFixedString, shown in a QTableView in a window of its own (the
// filter runs inside the keystroke).
KeystrokeFigures typeInNaiveTable(QSortFilterProxyModel *proxy, const QList<int> &keys);

} // namespace Bench
