#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

// Reading one field of a vendor's JSON answer leniently: a missing or mistyped field reads as
// empty/zero rather than failing the whole record, so each type's fromJson() decides what it needs.
namespace JsonRead {

// A string; a number (ids sometimes arrive as numbers) is written with `numberDigits` significant
// digits.
QString string(const QJsonObject &object, const char *key, int numberDigits = 6);
// A number or a numeric string; 0 otherwise. int(): a non-integral number reads as 0.
int integer(const QJsonObject &object, const char *key);
// A number (truncated) or a numeric string; 0 otherwise.
qint64 int64(const QJsonObject &object, const char *key);
// true, or the string "true".
bool boolean(const QJsonObject &object, const char *key);
// A number, or nothing when the field is null, missing or not a number.
std::optional<double> optionalNumber(const QJsonObject &object, const char *key);
// A string field read as an ISO 8601 timestamp (Iso8601's one rule: no zone means UTC), in UTC;
// invalid when absent or unreadable.
QDateTime dateTime(const QJsonObject &object, const char *key);

} // namespace JsonRead
