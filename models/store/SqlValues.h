#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QVariant>

// How the stores write and read optional values: an absent text or time is SQL NULL, and times are
// stored as UTC milliseconds since the epoch.
namespace SqlValues {

inline QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(text);
}

inline QVariant msOrNull(const QDateTime &dt)
{
    return dt.isValid() ? QVariant(dt.toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}

inline QDateTime fromMs(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

} // namespace SqlValues
