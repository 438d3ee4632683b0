#pragma once

#include "table/RecordFilter.h"
#include "table/RecordTable.h"

#include <QString>

#include <string>
#include <vector>

// The pure computations behind RecordTableModel: ordering and matching rows of a const
// RecordTable. Safe to run on worker threads as long as nobody mutates the table.
namespace RecordView {

// The ascending order of one column: nulls first; numbers by value; text and phones
// case-insensitively (ASCII letters folded, other bytes by code point); categories by the
// locale's collation of their values; Bool false < true. Ties by row index, so every order is
// total and a descending sort is exactly the reverse of the ascending one.
class RowOrder
{
public:
    RowOrder(const RecordTable &table, int column);
    bool operator()(int a, int b) const { return less(a, b); }
    bool less(int a, int b) const;
    // A 64-bit key consistent with less(): key(a) < key(b) implies less(a, b). Text keys are
    // the 8 (folded) bytes after `textOffset`: pass the length of a prefix all compared cells
    // share, so phone numbers with the same country code still get distinct keys.
    quint64 key(int row, size_t textOffset = 0) const;

private:
    const RecordTable &m_table;
    const RecordTable::Column &m_column;
    int m_columnIndex;
    std::vector<quint32> m_rank; // Category: code -> collation rank
};

// Rows [0, rowCount) in ascending order of `column`.
std::vector<int> sortedRows(const RecordTable &table, int rowCount, int column);
// Sorts `rows` ascending.
void sortRows(const RecordTable &table, int column, std::vector<int> &rows);
// Merges `sortedRows` (sorted by `less`) into the sorted sequence `seq`; O(|seq| + k log |seq|),
// or O(k) when every new row sorts after the last one.
template<typename Less>
void insertSorted(std::vector<int> &seq, const std::vector<int> &sortedRows, const Less &less);

// A compiled RecordFilter.
class Matcher
{
public:
    Matcher(const RecordTable &table, const RecordFilter &filter);
    ~Matcher();
    Matcher(const Matcher &) = delete;
    Matcher &operator=(const Matcher &) = delete;

    bool isEmpty() const { return m_empty; }
    bool matches(int row) const;
    const RecordTable &table() const { return m_table; }

private:
    struct Condition;
    const RecordTable &m_table;
    std::vector<Condition> m_conditions; // predicates (AND)
    std::vector<std::vector<Condition>> m_terms; // free-text terms (AND), each any of its columns (OR)
    bool m_empty = true;
};

// The rows passing `matcher`, in input order: `rows` (count entries), or [0, count) when rows
// is null. Rows are examined in storage order (sequential memory, not the sort order's random
// walk) on a few threads, then picked out in input order.
std::vector<int> filterRows(const Matcher &matcher, const int *rows, size_t count);

// Case-insensitive (ASCII-folded) comparison of UTF-8 bytes: <0, 0, >0.
int compareFolded(QByteArrayView a, QByteArrayView b);

// ---------------------------------------------------------------------------------------------

template<typename Less>
void insertSorted(std::vector<int> &seq, const std::vector<int> &sortedRows, const Less &less)
{
    if (sortedRows.empty())
        return;
    // Rows that all sort after the last one (a load streaming in the sort order) are appended
    // in place: O(k), not a copy of the whole sequence.
    if (seq.empty() || !less(sortedRows.front(), seq.back())) {
        seq.insert(seq.end(), sortedRows.begin(), sortedRows.end());
        return;
    }
    std::vector<int> merged;
    merged.reserve(seq.size() + sortedRows.size());
    // Each new row goes after the previous one: gallop forward from there (1, 2, 4... steps),
    // then binary-search the last step. New rows that cluster (arriving in the sort order, at
    // the top or the bottom) cost a probe or two each instead of a full binary search, and
    // every probe reads a row of the table, a cache miss at a million rows.
    size_t from = 0;
    const size_t size = seq.size();
    for (const int row : sortedRows) {
        size_t lo = from;
        size_t hi = from;
        size_t step = 1;
        while (hi < size && !less(row, seq[hi])) {
            lo = hi + 1;
            hi = (size - hi > step) ? hi + step : size;
            step *= 2;
        }
        const size_t at =
                size_t(std::upper_bound(seq.begin() + qsizetype(lo), seq.begin() + qsizetype(hi), row, less) -
                       seq.begin());
        merged.insert(merged.end(), seq.begin() + qsizetype(from), seq.begin() + qsizetype(at));
        merged.push_back(row);
        from = at;
    }
    merged.insert(merged.end(), seq.begin() + qsizetype(from), seq.end());
    seq.swap(merged);
}

} // namespace RecordView
