#include "PhoneTimeZones.h"

#include <QLoggingCategory>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <iterator>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

Q_LOGGING_CATEGORY(lcPhoneTimeZones, "cc.phone.timezones")

namespace PhoneTimeZones {

namespace {

// One row of the generated table: an E.164 digit prefix (as a number: none starts with 0) and
// the index of its zone list.
struct PrefixZones
{
    quint32 prefix;
    quint16 list;
};

#include "PhoneTimeZonesData.inc"

// The zone list of the longest prefix of `digits` in the table, or -1.
int longestPrefixList(const std::string &digits)
{
    const int longest = std::min<int>(kLongestPrefix, int(digits.size()));
    for (int length = longest; length > 0; --length) {
        const quint32 prefix = quint32(std::stoul(digits.substr(0, size_t(length))));
        const auto *end = std::end(kPrefixZones);
        const auto *row = std::lower_bound(
                std::begin(kPrefixZones), end, prefix,
                [](const PrefixZones &entry, quint32 wanted) { return entry.prefix < wanted; });
        if (row != end && row->prefix == prefix)
            return row->list;
    }
    return -1;
}

} // namespace

QList<QTimeZone> zonesFor(const QString &e164)
{
    if (!e164.startsWith(u'+'))
        return {};
    const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    if (util->Parse(e164.toStdString(), "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR)
        return {};
    // As libphonenumber's PhoneNumberToTimeZonesMapper: an invalid number has no zone; a number
    // not tied to a place (most mobiles, toll-free) has every zone of its country code; the
    // others the zones of their longest listed prefix.
    const PhoneNumberUtil::PhoneNumberType type = util->GetNumberType(number);
    if (type == PhoneNumberUtil::UNKNOWN)
        return {};
    std::string digits;
    if (util->IsNumberGeographical(type, number.country_code())) {
        util->Format(number, PhoneNumberUtil::E164, &digits);
        digits.erase(0, 1); // the '+'
    } else {
        digits = std::to_string(number.country_code());
    }
    const int list = longestPrefixList(digits);
    if (list < 0)
        return {};

    QList<QTimeZone> zones;
    for (int i = kZoneListStart[list]; i < kZoneListStart[list + 1]; ++i) {
        const char *name = kZoneNames[kZoneListMembers[i]];
        const QTimeZone zone{QByteArray(name)};
        if (!zone.isValid()) {
            // Judging on the zones that remain could allow a call at night in the missing one:
            // the number's zone is unknown instead (and the guard refuses it).
            qCWarning(lcPhoneTimeZones) << "this system's time-zone database lacks" << name;
            return {};
        }
        zones.append(zone);
    }
    return zones;
}

QString dataVersion()
{
    return QString::fromLatin1(kDataVersion);
}

} // namespace PhoneTimeZones
