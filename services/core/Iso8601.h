#pragma once

#include <QDateTime>
#include <QStringView>

#include <optional>

// The console's one reader of ISO 8601 / RFC 3339 timestamps — what the vendors send
// (UnlimCall's OpenAPI `format: date-time`, Unloopa's created_at/updated_at/resets_at), what the
// CLI's --from/--till accept, what the sandbox reads from a query, and text dates in the store.
//
// Accepted: YYYY-MM-DD, optionally followed by T (or t, or a space) HH:MM[:SS[.fraction]], then
// optionally Z, ±HH:MM, ±HHMM or ±HH. The fraction has any number of digits; the console keeps
// milliseconds (further digits are dropped, not rounded).
//
// The rule for a time without a zone: it is UTC. RFC 3339 (which OpenAPI's date-time follows)
// requires an offset, and every vendor timestamp in the documented examples is UTC ("…Z"), so a
// zoneless value is read the way the vendors write theirs — never in the operator's local zone,
// which would make the same answer mean different instants on different machines. A date alone
// is its UTC midnight. (Verloop's ScheduledAt, which the console *sends*, reads a zone-less time
// in the dashboard's zone: VerloopMessage therefore always writes it with an explicit offset.)
namespace Iso8601 {

// Milliseconds since the epoch, or nothing when the text is not one of the forms above (or names
// a day, hour, minute or second that does not exist).
std::optional<qint64> toMsecs(QStringView text);
// The same as a UTC QDateTime; invalid when unreadable.
QDateTime toDateTime(QStringView text);

} // namespace Iso8601
