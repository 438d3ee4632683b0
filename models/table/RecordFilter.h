#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

class RecordTable;

// One condition on one column. All predicates of a RecordFilter must hold (AND).
struct ColumnPredicate
{
    enum class Kind {
        Contains, // Text/Phone/Category: case-insensitive substring
        Equals, // Text/Phone/Category: case-insensitive equality; numbers: value == min
        OneOf, // Text/Phone/Category: equals one of `values` (case-insensitive); empty list = no row
        Range, // numeric columns (Integer, Real, Money minor units, DateTime msecs, Duration s):
               // min <= value <= max, either bound optional; nulls never match
        IsTrue, // Bool
        IsFalse, // Bool
        IsNull, // any column: the cell is empty
        NotNull, // any column: the cell has a value
    };

    int column = -1;
    Kind kind = Kind::Contains;
    QString text; // Contains, Equals (textual columns)
    QStringList values; // OneOf
    std::optional<double> min; // Range (inclusive), Equals on numeric columns
    std::optional<double> max; // Range (inclusive)

    static ColumnPredicate contains(int column, const QString &text);
    static ColumnPredicate equals(int column, const QString &text);
    static ColumnPredicate equalsNumber(int column, double value);
    static ColumnPredicate oneOf(int column, const QStringList &values);
    static ColumnPredicate range(int column, std::optional<double> min, std::optional<double> max);
    static ColumnPredicate isTrue(int column);
    static ColumnPredicate isFalse(int column);
    static ColumnPredicate isNull(int column);
    static ColumnPredicate notNull(int column);

    bool operator==(const ColumnPredicate &other) const;
    bool operator!=(const ColumnPredicate &other) const { return !(*this == other); }
    // True when every cell matching *this also matches `wider` (same column, tighter condition).
    bool narrows(const ColumnPredicate &wider) const;
};

// What the operator filters by: free text across the searchable columns plus column predicates.
struct RecordFilter
{
    // Free text: whitespace-separated terms that must all occur (case-insensitive substring),
    // each in any of textColumns.
    QString text;
    QList<int> textColumns; // empty = RecordSchema::searchableColumns()
    QList<ColumnPredicate> predicates;

    bool isEmpty() const { return text.trimmed().isEmpty() && predicates.isEmpty(); }
    bool operator==(const RecordFilter &other) const;
    bool operator!=(const RecordFilter &other) const { return !(*this == other); }
    // True when every row passing *this also passes `previous`: the model then scans only the
    // rows `previous` let through (typing one more character, adding a predicate, tightening a
    // range) instead of the whole table.
    bool narrows(const RecordFilter &previous) const;
};
Q_DECLARE_METATYPE(RecordFilter)
