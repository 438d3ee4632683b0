#include "RecordFilter.h"

namespace {

bool containsCI(const QString &haystack, const QString &needle)
{
    return haystack.contains(needle, Qt::CaseInsensitive);
}

bool equalsCI(const QString &a, const QString &b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

bool inRange(double value, const std::optional<double> &min, const std::optional<double> &max)
{
    return (!min || value >= *min) && (!max || value <= *max);
}

ColumnPredicate on(int column, ColumnPredicate::Kind kind)
{
    ColumnPredicate p;
    p.column = column;
    p.kind = kind;
    return p;
}

} // namespace

ColumnPredicate ColumnPredicate::contains(int column, const QString &text)
{
    ColumnPredicate p = on(column, Kind::Contains);
    p.text = text;
    return p;
}

ColumnPredicate ColumnPredicate::equals(int column, const QString &text)
{
    ColumnPredicate p = on(column, Kind::Equals);
    p.text = text;
    return p;
}

ColumnPredicate ColumnPredicate::equalsNumber(int column, double value)
{
    ColumnPredicate p = on(column, Kind::Equals);
    p.min = value;
    return p;
}

ColumnPredicate ColumnPredicate::oneOf(int column, const QStringList &values)
{
    ColumnPredicate p = on(column, Kind::OneOf);
    p.values = values;
    return p;
}

ColumnPredicate ColumnPredicate::range(int column, std::optional<double> min, std::optional<double> max)
{
    ColumnPredicate p = on(column, Kind::Range);
    p.min = min;
    p.max = max;
    return p;
}

ColumnPredicate ColumnPredicate::isTrue(int column)
{
    return on(column, Kind::IsTrue);
}

ColumnPredicate ColumnPredicate::isFalse(int column)
{
    return on(column, Kind::IsFalse);
}

ColumnPredicate ColumnPredicate::isNull(int column)
{
    return on(column, Kind::IsNull);
}

ColumnPredicate ColumnPredicate::notNull(int column)
{
    return on(column, Kind::NotNull);
}

bool ColumnPredicate::operator==(const ColumnPredicate &other) const
{
    return column == other.column && kind == other.kind && text == other.text && values == other.values &&
            min == other.min && max == other.max;
}

bool ColumnPredicate::narrows(const ColumnPredicate &wider) const
{
    if (column != wider.column)
        return false;
    if (*this == wider)
        return true;
    switch (wider.kind) {
    case Kind::Contains:
        // Any cell containing (or equal to) a longer needle contains the shorter one.
        return (kind == Kind::Contains || kind == Kind::Equals) && !text.isEmpty() &&
                containsCI(text, wider.text);
    case Kind::OneOf:
        if (kind == Kind::Equals && !min)
            return std::any_of(wider.values.begin(), wider.values.end(),
                               [&](const QString &v) { return equalsCI(v, text); });
        if (kind == Kind::OneOf)
            return std::all_of(values.begin(), values.end(), [&](const QString &mine) {
                return std::any_of(wider.values.begin(), wider.values.end(),
                                   [&](const QString &v) { return equalsCI(v, mine); });
            });
        return false;
    case Kind::Range:
        if (kind == Kind::Range)
            return (!wider.min || (min && *min >= *wider.min)) && (!wider.max || (max && *max <= *wider.max));
        if (kind == Kind::Equals && min)
            return inRange(*min, wider.min, wider.max);
        return false;
    case Kind::NotNull:
        // Every other condition except IsNull only matches cells with a value.
        return kind != Kind::IsNull;
    case Kind::Equals:
    case Kind::IsTrue:
    case Kind::IsFalse:
    case Kind::IsNull:
        return false;
    }
    return false;
}

bool RecordFilter::operator==(const RecordFilter &other) const
{
    return text.simplified() == other.text.simplified() && textColumns == other.textColumns &&
            predicates == other.predicates;
}

bool RecordFilter::narrows(const RecordFilter &previous) const
{
    if (textColumns != previous.textColumns)
        return false;
    // Free text is whitespace-separated terms that must all match: each previous term must be
    // contained in some new term.
    const QStringList mine = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const QStringList before = previous.text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &term : before) {
        if (!std::any_of(mine.begin(), mine.end(), [&](const QString &t) { return containsCI(t, term); }))
            return false;
    }
    for (const ColumnPredicate &old : previous.predicates) {
        if (!std::any_of(predicates.begin(), predicates.end(),
                         [&](const ColumnPredicate &p) { return p.narrows(old); }))
            return false;
    }
    return true;
}
