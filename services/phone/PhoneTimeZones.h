#pragma once

#include <QList>
#include <QString>
#include <QTimeZone>

// The time zones a phone number may ring in, from libphonenumber's prefix-to-time-zone data
// (the same release as the C++ library the console links). Debian's C++ library lacks the
// mapper, so packaging/tools/generate-phone-timezones.py writes the table from Python's
// phonenumbers package into services/phone/PhoneTimeZonesData.inc, committed: builds need no
// Python. Longest matching prefix wins, as in libphonenumber.
namespace PhoneTimeZones {
// Every IANA zone the number may be in (one for most numbers; several for e.g. a US toll-free or
// a number whose area code spans zones). Empty when the number is not E.164 or its zone is unknown
// ("Etc/Unknown" in libphonenumber), and also when this system's tz database lacks one of its
// zones: judging on the others could allow a call at night in the missing one.
QList<QTimeZone> zonesFor(const QString &e164);
// The table's libphonenumber version, for the README and --version.
QString dataVersion();
} // namespace PhoneTimeZones
