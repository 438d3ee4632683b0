#pragma once

#include "OutboundTypes.h"

#include <QString>

#include <optional>

// What an operator types or a file holds as a do-not-contact entry, made into one: a phone number
// in any form libphonenumber reads ("(305) 555-1234", "+44 20 7183 8750"; written without a
// country code it is read in `defaultRegion`) becomes E.164; an email address is lower-cased; "@"
// followed by a domain ("@Example.com") lists the whole domain. A leading apostrophe (how
// spreadsheets and the console's own CSV export protect "+…" and "@…" cells) is dropped.
// Only kind and value are set: source, reason and who added it are the caller's.
namespace DncInput {
std::optional<DncEntry> parse(const QString &text, QString *problem,
                              const QString &defaultRegion = QStringLiteral("US"));
// How an entry is written for people and files: "+13055551234", "a@example.com", "@example.com".
QString display(const DncEntry &entry);
} // namespace DncInput
