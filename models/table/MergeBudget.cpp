#include "MergeBudget.h"

#include <algorithm>

MergeBudget::MergeBudget(qint64 budgetNs, int firstRows, int minRows, int maxRows)
    : m_budgetNs(qMax<qint64>(1, budgetNs)),
      m_minRows(qMax(1, minRows)),
      m_maxRows(qMax(m_minRows, maxRows)),
      m_nextRows(std::clamp(firstRows, m_minRows, m_maxRows))
{ }

void MergeBudget::recordMerge(int rows, qint64 elapsedNs)
{
    if (rows <= 0)
        return;
    const double observed = double(qMax<qint64>(1, elapsedNs)) / double(rows);
    // Half the weight on the newest merge: a busier machine is followed within a batch or two,
    // and one odd merge (a page fault, a context switch) is half forgotten by the next.
    m_nsPerRow = m_nsPerRow > 0 ? (m_nsPerRow + observed) / 2 : observed;
    const double rowsInBudget = double(m_budgetNs) / m_nsPerRow;
    m_nextRows.store(int(std::clamp(rowsInBudget, double(m_minRows), double(m_maxRows))),
                     std::memory_order_relaxed);
}
