#pragma once

#include <QString>

#include <optional>

// Phone numbers are stored and sent in E.164 ("+13055551234"). Parsing, validation and formatting
// are libphonenumber's job: phone rules differ by country and change over time, so the console
// never hand-rolls them.
namespace PhoneNumbers {
// Parses what an operator typed ("(305) 555-1234", "+44 20 7183 8750", "00 33 1 42 68 53 00") and
// returns the E.164 form when it is a valid number. `defaultRegion` (ISO 3166 alpha-2) applies to
// numbers written without a country code.
std::optional<QString> toE164(const QString &text, const QString &defaultRegion = QStringLiteral("US"));
// True when the text parses to a valid number.
bool isValid(const QString &text, const QString &defaultRegion = QStringLiteral("US"));
// International display form ("+1 305-555-1234"); the input unchanged when it does not parse.
QString formatInternational(const QString &text, const QString &defaultRegion = QStringLiteral("US"));
// A sentence that says why a number was refused (for forms), empty when it is fine.
QString problem(const QString &text, const QString &defaultRegion = QStringLiteral("US"));
// The region (ISO 3166 alpha-2) a valid number belongs to, empty when unknown.
QString regionOf(const QString &e164);
} // namespace PhoneNumbers
