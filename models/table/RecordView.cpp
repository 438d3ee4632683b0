#include "RecordView.h"

#include <QCollator>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <thread>

namespace RecordView {

namespace {

struct FoldTable
{
    unsigned char map[256];
    constexpr FoldTable() : map()
    {
        for (int i = 0; i < 256; ++i)
            map[i] = (i >= 'A' && i <= 'Z') ? static_cast<unsigned char>(i + 32)
                                            : static_cast<unsigned char>(i);
    }
};
constexpr FoldTable kFold;

inline unsigned char fold(char c)
{
    return kFold.map[static_cast<unsigned char>(c)];
}

inline bool isNullBit(const RecordTable::Column &c, int row)
{
    return c.nulls[size_t(row) >> 6] & (quint64(1) << (row & 63));
}

inline QByteArrayView textCell(const RecordTable::Column &c, int row)
{
    return c.textAt(row);
}

inline bool hasHighBytes(QByteArrayView bytes)
{
    for (const char ch : bytes) {
        if (static_cast<unsigned char>(ch) >= 0x80)
            return true;
    }
    return false;
}

inline bool equalFoldedTail(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; ++i) {
        if (fold(a[i]) != static_cast<unsigned char>(b[i]))
            return false;
    }
    return true;
}

// `needle` is already folded (ASCII lower case) and non-empty.
bool containsFolded(QByteArrayView hay, const std::string &needle)
{
    const size_t m = needle.size();
    const size_t n = size_t(hay.size());
    if (n < m)
        return false;
    const char *h = hay.data();
    const char *last = h + (n - m); // last possible start
    const unsigned char first = static_cast<unsigned char>(needle[0]);
    const char *rest = needle.data() + 1;
    if (first < 'a' || first > 'z') {
        // Not a letter: the first byte matches exactly; memchr skips fast.
        for (const char *p = h; p <= last;) {
            const void *hit = std::memchr(p, first, size_t(last - p) + 1);
            if (!hit)
                return false;
            p = static_cast<const char *>(hit);
            if (equalFoldedTail(p + 1, rest, m - 1))
                return true;
            ++p;
        }
        return false;
    }
    for (const char *p = h; p <= last; ++p) {
        if ((static_cast<unsigned char>(*p) | 0x20) == first && equalFoldedTail(p + 1, rest, m - 1))
            return true;
    }
    return false;
}

std::string foldAscii(const QString &text)
{
    std::string out = text.toStdString();
    for (char &c : out)
        c = char(fold(c));
    return out;
}

bool isAscii(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() >= 0x80)
            return false;
    }
    return true;
}

} // namespace

int compareFolded(QByteArrayView a, QByteArrayView b)
{
    const qsizetype n = qMin(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned char x = fold(a[i]);
        const unsigned char y = fold(b[i]);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------
// RowOrder

RowOrder::RowOrder(const RecordTable &table, int column)
    : m_table(table), m_column(table.columnData(column)), m_columnIndex(column)
{
    if (m_column.type == ColumnType::Category) {
        // Locale-aware order of the (few) distinct values, computed once per sort.
        const size_t count = m_column.dict.size();
        std::vector<quint32> codes(count);
        std::iota(codes.begin(), codes.end(), 0);
        QCollator collator;
        collator.setCaseSensitivity(Qt::CaseInsensitive);
        collator.setNumericMode(true);
        std::stable_sort(codes.begin(), codes.end(), [&](quint32 a, quint32 b) {
            return collator.compare(m_column.dictText[a], m_column.dictText[b]) < 0;
        });
        m_rank.resize(count);
        for (size_t i = 0; i < count; ++i)
            m_rank[codes[i]] = quint32(i);
    }
}

quint64 RowOrder::key(int row, size_t textOffset) const
{
    const RecordTable::Column &c = m_column;
    if (isNullBit(c, row))
        return 0;
    switch (c.type) {
    case ColumnType::Integer:
    case ColumnType::Money:
    case ColumnType::DateTime:
    case ColumnType::Duration:
        return quint64(c.ints[size_t(row)]) ^ (quint64(1) << 63);
    case ColumnType::Real: {
        const double v = c.reals[size_t(row)];
        if (std::isnan(v))
            return 0;
        quint64 bits;
        std::memcpy(&bits, &v, sizeof bits);
        return (bits & (quint64(1) << 63)) ? ~bits : (bits | (quint64(1) << 63));
    }
    case ColumnType::Bool:
        return quint64(c.bools[size_t(row)]) + 1;
    case ColumnType::Category:
        return quint64(m_rank[c.codes[size_t(row)]]) + 1;
    case ColumnType::Text:
    case ColumnType::Phone: {
        const QByteArrayView bytes = textCell(c, row);
        const size_t size = size_t(bytes.size());
        quint64 k = 0;
        for (size_t i = textOffset; i < textOffset + 8; ++i)
            k = (k << 8) | (i < size ? fold(bytes[qsizetype(i)]) : 0);
        return k;
    }
    }
    return 0;
}

bool RowOrder::less(int a, int b) const
{
    const RecordTable::Column &c = m_column;
    const bool nullA = isNullBit(c, a) || (c.type == ColumnType::Real && std::isnan(c.reals[size_t(a)]));
    const bool nullB = isNullBit(c, b) || (c.type == ColumnType::Real && std::isnan(c.reals[size_t(b)]));
    if (nullA || nullB) {
        if (nullA != nullB)
            return nullA;
        return a < b;
    }
    switch (c.type) {
    case ColumnType::Integer:
    case ColumnType::Money:
    case ColumnType::DateTime:
    case ColumnType::Duration:
        if (c.ints[size_t(a)] != c.ints[size_t(b)])
            return c.ints[size_t(a)] < c.ints[size_t(b)];
        break;
    case ColumnType::Real:
        if (c.reals[size_t(a)] != c.reals[size_t(b)])
            return c.reals[size_t(a)] < c.reals[size_t(b)];
        break;
    case ColumnType::Bool:
        if (c.bools[size_t(a)] != c.bools[size_t(b)])
            return c.bools[size_t(a)] < c.bools[size_t(b)];
        break;
    case ColumnType::Category: {
        const quint32 ra = m_rank[c.codes[size_t(a)]];
        const quint32 rb = m_rank[c.codes[size_t(b)]];
        if (ra != rb)
            return ra < rb;
        break;
    }
    case ColumnType::Text:
    case ColumnType::Phone: {
        const int cmp = compareFolded(textCell(c, a), textCell(c, b));
        if (cmp != 0)
            return cmp < 0;
        break;
    }
    }
    return a < b;
}

std::vector<int> sortedRows(const RecordTable &table, int rowCount, int column)
{
    std::vector<int> rows(size_t(qMax(rowCount, 0)));
    std::iota(rows.begin(), rows.end(), 0);
    sortRows(table, column, rows);
    return rows;
}

void sortRows(const RecordTable &table, int column, std::vector<int> &rows)
{
    // Sort (key, row) pairs: one cache-friendly element per row. Numbers, dates, categories
    // and booleans are ordered by the key alone (ties by row); text only looks at the cells
    // when two keys tie.
    const RowOrder order(table, column);
    const RecordTable::Column &data = table.columnData(column);
    const bool text = data.type == ColumnType::Text || data.type == ColumnType::Phone;
    bool exact = !text;
    size_t offset = 0;
    if (text) {
        // The folded prefix every non-null cell shares ("+1415555", "17478...").
        bool first = true;
        QByteArrayView prefix;
        for (const int row : rows) {
            if (isNullBit(data, row))
                continue;
            const QByteArrayView cell = textCell(data, row);
            if (first) {
                prefix = cell;
                first = false;
                continue;
            }
            size_t n = 0;
            const size_t limit = size_t(qMin(prefix.size(), cell.size()));
            while (n < limit && fold(prefix[qsizetype(n)]) == fold(cell[qsizetype(n)]))
                ++n;
            prefix = prefix.first(qsizetype(n));
            if (prefix.isEmpty())
                break;
        }
        offset = size_t(prefix.size());
    } else if (data.type != ColumnType::Real && data.type != ColumnType::Bool &&
               data.type != ColumnType::Category) {
        // INT64_MIN shares key 0 with null: only then do ties need the cells.
        for (const int row : rows) {
            if (!isNullBit(data, row) && data.ints[size_t(row)] == std::numeric_limits<qint64>::min()) {
                exact = false;
                break;
            }
        }
    }
    if (!text) {
        struct Entry
        {
            quint64 key;
            int row;
        };
        std::vector<Entry> entries(rows.size());
        for (size_t i = 0; i < rows.size(); ++i)
            entries[i] = {order.key(rows[i]), rows[i]};
        if (exact) {
            std::sort(entries.begin(), entries.end(), [](const Entry &x, const Entry &y) {
                return x.key != y.key ? x.key < y.key : x.row < y.row;
            });
        } else {
            std::sort(entries.begin(), entries.end(), [&order](const Entry &x, const Entry &y) {
                return x.key != y.key ? x.key < y.key : order.less(x.row, y.row);
            });
        }
        for (size_t i = 0; i < rows.size(); ++i)
            rows[i] = entries[i].row;
        return;
    }
    // Text: 16 bytes after the shared prefix in two keys, enough for a whole E.164 number or
    // most names. The cells themselves are a cache miss each at a million rows, so they are not
    // read while sorting the whole table: first the entries are sorted by integers alone, which
    // leaves together the long cells that agree on their first 16 bytes (an address once per
    // campaign step, say); then only those runs are ordered by their text, each run's few cells
    // read once and then compared from the cache.
    struct TextEntry
    {
        quint64 key;
        quint64 key2;
        int row;
        // 0 = null, else 1 + bytes after the prefix, capped at kLong: when two tied cells both
        // end inside the keys this alone orders them (shorter first, and before any longer one).
        quint32 tail;
    };
    constexpr quint32 kLong = 1 + 16 + 1;
    std::vector<TextEntry> entries(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        const int row = rows[i];
        quint32 tail = 0;
        if (!isNullBit(data, row))
            tail = quint32(qMin<quint64>(TextArena::length(data.spans[size_t(row)]) - offset + 1, kLong));
        entries[i] = {order.key(row, offset), tail > 9 ? order.key(row, offset + 8) : 0, row, tail};
    }
    const auto sameKeys = [](const TextEntry &x, const TextEntry &y) {
        return x.key == y.key && x.key2 == y.key2 && x.tail == y.tail;
    };
    std::sort(entries.begin(), entries.end(), [](const TextEntry &x, const TextEntry &y) {
        if (x.key != y.key)
            return x.key < y.key;
        if (x.key2 != y.key2)
            return x.key2 < y.key2;
        return x.tail != y.tail ? x.tail < y.tail : x.row < y.row;
    });
    for (auto run = entries.begin(); run != entries.end();) {
        auto end = run + 1;
        while (end != entries.end() && sameKeys(*run, *end))
            ++end;
        if (run->tail == kLong && end - run > 1) {
            // Already in row order: a stable sort by text keeps equal cells that way.
            std::stable_sort(run, end, [&data](const TextEntry &x, const TextEntry &y) {
                return compareFolded(textCell(data, x.row), textCell(data, y.row)) < 0;
            });
        }
        run = end;
    }
    for (size_t i = 0; i < rows.size(); ++i)
        rows[i] = entries[i].row;
}

// ---------------------------------------------------------------------------------------------
// Matcher

struct Matcher::Condition
{
    ColumnPredicate::Kind kind = ColumnPredicate::Kind::Contains;
    int column = -1;
    ColumnType type = ColumnType::Text;
    bool ascii = true; // the needle/values are ASCII: byte-level folded matching
    std::string needle; // folded
    QString qneedle;
    std::vector<std::string> values; // folded (OneOf)
    QStringList qvalues;
    std::vector<quint8> codeMatch; // Category: precomputed per dictionary code
    double min = 0;
    double max = 0;
    bool hasMin = false;
    bool hasMax = false;

    bool matchesText(QByteArrayView cell) const
    {
        switch (kind) {
        case ColumnPredicate::Kind::Contains:
            if (needle.empty())
                return true;
            if (ascii)
                return containsFolded(cell, needle);
            return hasHighBytes(cell) &&
                    QString::fromUtf8(cell.data(), cell.size()).contains(qneedle, Qt::CaseInsensitive);
        case ColumnPredicate::Kind::Equals:
            if (ascii)
                return size_t(cell.size()) == needle.size() &&
                        equalFoldedTail(cell.data(), needle.data(), needle.size());
            return QString::fromUtf8(cell.data(), cell.size()).compare(qneedle, Qt::CaseInsensitive) == 0;
        case ColumnPredicate::Kind::OneOf:
            if (!hasHighBytes(cell)) {
                for (const std::string &v : values) {
                    if (size_t(cell.size()) == v.size() && equalFoldedTail(cell.data(), v.data(), v.size()))
                        return true;
                }
                if (ascii)
                    return false;
            }
            {
                const QString text = QString::fromUtf8(cell.data(), cell.size());
                for (const QString &v : qvalues) {
                    if (text.compare(v, Qt::CaseInsensitive) == 0)
                        return true;
                }
            }
            return false;
        default:
            return false;
        }
    }
};

Matcher::Matcher(const RecordTable &table, const RecordFilter &filter) : m_table(table)
{
    const auto compile = [&table](const ColumnPredicate &p) {
        Condition c;
        c.kind = p.kind;
        c.column = p.column;
        c.type = table.columnType(p.column);
        c.qneedle = p.text;
        c.needle = foldAscii(p.text);
        c.ascii = isAscii(p.text);
        c.qvalues = p.values;
        for (const QString &v : p.values) {
            c.ascii = c.ascii && isAscii(v);
            if (isAscii(v))
                c.values.push_back(foldAscii(v));
        }
        c.hasMin = p.min.has_value();
        c.hasMax = p.max.has_value();
        c.min = p.min.value_or(0);
        c.max = p.max.value_or(0);
        const bool textual =
                c.type == ColumnType::Text || c.type == ColumnType::Phone || c.type == ColumnType::Category;
        if (c.type == ColumnType::Category && textual &&
            (c.kind == ColumnPredicate::Kind::Contains || c.kind == ColumnPredicate::Kind::Equals ||
             c.kind == ColumnPredicate::Kind::OneOf)) {
            const RecordTable::Column &data = table.columnData(p.column);
            c.codeMatch.resize(data.dict.size());
            for (size_t code = 0; code < data.dict.size(); ++code)
                c.codeMatch[code] = c.matchesText(
                        QByteArrayView(data.dict[code].data(), qsizetype(data.dict[code].size())));
        }
        return c;
    };

    for (const ColumnPredicate &p : filter.predicates) {
        if (p.column < 0 || p.column >= table.columnCount())
            continue;
        m_conditions.push_back(compile(p));
    }
    const QList<int> columns =
            filter.textColumns.isEmpty() ? table.schema().searchableColumns() : filter.textColumns;
    const QStringList terms = filter.text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &term : terms) {
        std::vector<Condition> anyOf;
        for (const int column : columns) {
            if (column >= 0 && column < table.columnCount() && table.schema().column(column).isTextual())
                anyOf.push_back(compile(ColumnPredicate::contains(column, term)));
        }
        m_terms.push_back(std::move(anyOf));
    }
    // Cheap checks first: a category is one table lookup, numbers one compare, text a search.
    const auto cheap = [](const Condition &c) {
        return c.type != ColumnType::Text && c.type != ColumnType::Phone;
    };
    std::stable_partition(m_conditions.begin(), m_conditions.end(), cheap);
    for (std::vector<Condition> &anyOf : m_terms)
        std::stable_partition(anyOf.begin(), anyOf.end(), cheap);
    m_empty = m_conditions.empty() && m_terms.empty();
}

Matcher::~Matcher() = default;

bool Matcher::matches(int row) const
{
    const auto holds = [this, row](const Condition &cond) -> bool {
        const RecordTable::Column &c = m_table.columnData(cond.column);
        const bool null = isNullBit(c, row);
        switch (cond.kind) {
        case ColumnPredicate::Kind::IsNull:
            return null;
        case ColumnPredicate::Kind::NotNull:
            return !null;
        default:
            break;
        }
        if (null)
            return false;
        switch (cond.type) {
        case ColumnType::Category: {
            const quint32 code = c.codes[size_t(row)];
            if (code < cond.codeMatch.size())
                return cond.codeMatch[code];
            return cond.matchesText(QByteArrayView(c.dict[code].data(), qsizetype(c.dict[code].size())));
        }
        case ColumnType::Text:
        case ColumnType::Phone:
            return cond.matchesText(textCell(c, row));
        case ColumnType::Bool:
            if (cond.kind == ColumnPredicate::Kind::IsTrue)
                return c.bools[size_t(row)] != 0;
            if (cond.kind == ColumnPredicate::Kind::IsFalse)
                return c.bools[size_t(row)] == 0;
            return false;
        default: {
            const double v = c.type == ColumnType::Real ? c.reals[size_t(row)] : double(c.ints[size_t(row)]);
            if (cond.kind == ColumnPredicate::Kind::Equals)
                return cond.hasMin && v == cond.min;
            if (cond.kind == ColumnPredicate::Kind::Range)
                return (!cond.hasMin || v >= cond.min) && (!cond.hasMax || v <= cond.max);
            return false;
        }
        }
    };

    for (const Condition &cond : m_conditions) {
        if (!holds(cond))
            return false;
    }
    for (const std::vector<Condition> &term : m_terms) {
        if (!std::any_of(term.begin(), term.end(), holds))
            return false;
    }
    return true;
}

std::vector<int> filterRows(const Matcher &matcher, const int *rows, size_t count)
{
    if (matcher.isEmpty()) {
        std::vector<int> all(count);
        if (rows)
            std::copy(rows, rows + count, all.begin());
        else
            std::iota(all.begin(), all.end(), 0);
        return all;
    }
    const size_t rowCount = rows ? size_t(matcher.table().rowCount()) : count;
    // One byte per row: 1 = candidate, then 1 = passes.
    std::vector<quint8> flags(rowCount, rows ? 0 : 1);
    if (rows) {
        for (size_t i = 0; i < count; ++i)
            flags[size_t(rows[i])] = 1;
    }
    const auto evaluate = [&](size_t begin, size_t end) {
        for (size_t row = begin; row < end; ++row) {
            if (flags[row])
                flags[row] = matcher.matches(int(row));
        }
    };
    const size_t threads = count < 100000 ? 1 : size_t(qBound(1, QThread::idealThreadCount(), 8));
    if (threads == 1) {
        evaluate(0, rowCount);
    } else {
        // Matching only reads the table: split it across a few plain threads (not the global
        // pool, which may be busy with the very job calling us).
        std::vector<std::thread> workers;
        const size_t chunk = (rowCount + threads - 1) / threads;
        for (size_t t = 1; t < threads; ++t)
            workers.emplace_back(evaluate, qMin(rowCount, t * chunk), qMin(rowCount, (t + 1) * chunk));
        evaluate(0, qMin(rowCount, chunk));
        for (std::thread &w : workers)
            w.join();
    }
    std::vector<int> out;
    if (rows) {
        for (size_t i = 0; i < count; ++i) {
            if (flags[size_t(rows[i])])
                out.push_back(rows[i]);
        }
    } else {
        for (size_t row = 0; row < rowCount; ++row) {
            if (flags[row])
                out.push_back(int(row));
        }
    }
    return out;
}

} // namespace RecordView
