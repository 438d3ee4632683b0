#pragma once

#include <QList>
#include <QString>

#include <optional>

// The four vendors the console speaks to.
enum class Vendor { Unloopa, UnlimCall, Verloop, Outreach2day };

namespace Vendors {
QList<Vendor> all();
// Stable lower-case identifier: used in keychain entry names, settings keys, sandbox paths,
// environment variables and CLI output. Never translated.
QString id(Vendor vendor);
std::optional<Vendor> fromId(const QString &id);
// What an operator reads.
QString displayName(Vendor vendor);
} // namespace Vendors
