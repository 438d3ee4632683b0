#pragma once

#include <QtGlobal>

#include <atomic>

// How many rows a worker should hand the GUI thread at once so that merging them takes about
// `budgetNs` there, whatever a row costs on this machine: each measured merge updates the cost
// of a row (a moving average, so a machine that gets busier is followed within a few batches),
// and the next batch is the budget divided by that cost. A fixed row count would stall a slow
// or busy machine longer; a fixed cost per row would be wrong on a fast one.
//
// The GUI thread calls recordMerge() after each merge; the worker reads nextRows() (thread-safe)
// when it starts a batch.
class MergeBudget
{
public:
    // `firstRows` until the first merge was measured; never fewer than `minRows` (so the per-batch
    // overhead stays small) nor more than `maxRows`.
    MergeBudget(qint64 budgetNs, int firstRows, int minRows, int maxRows);

    qint64 budgetNs() const { return m_budgetNs; }
    int nextRows() const { return m_nextRows.load(std::memory_order_relaxed); }
    // `rows` were merged in `elapsedNs` (everything the GUI thread did for them, views included).
    void recordMerge(int rows, qint64 elapsedNs);
    // The cost of one row learnt so far (0 before the first merge).
    double nsPerRow() const { return m_nsPerRow; }

private:
    qint64 m_budgetNs;
    int m_minRows;
    int m_maxRows;
    double m_nsPerRow = 0;
    std::atomic<int> m_nextRows;
};
