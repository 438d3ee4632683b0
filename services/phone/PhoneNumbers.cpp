#include "PhoneNumbers.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace PhoneNumbers {

namespace {
// Parses with libphonenumber; "00" international prefixes are handled by the library for the
// default region's dialling rules.
std::optional<PhoneNumber> parse(const QString &text, const QString &defaultRegion,
                                 PhoneNumberUtil::ErrorType *error)
{
    const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    const QString trimmed = text.trimmed();
    *error = util->Parse(trimmed.toStdString(), defaultRegion.toUpper().toStdString(), &number);
    if (*error != PhoneNumberUtil::NO_PARSING_ERROR)
        return std::nullopt;
    return number;
}
} // namespace

std::optional<QString> toE164(const QString &text, const QString &defaultRegion)
{
    PhoneNumberUtil::ErrorType error;
    const std::optional<PhoneNumber> number = parse(text, defaultRegion, &error);
    const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
    if (!number || !util->IsValidNumber(*number))
        return std::nullopt;
    std::string formatted;
    util->Format(*number, PhoneNumberUtil::E164, &formatted);
    return QString::fromStdString(formatted);
}

bool isValid(const QString &text, const QString &defaultRegion)
{
    return toE164(text, defaultRegion).has_value();
}

QString formatInternational(const QString &text, const QString &defaultRegion)
{
    PhoneNumberUtil::ErrorType error;
    const std::optional<PhoneNumber> number = parse(text, defaultRegion, &error);
    const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
    if (!number || !util->IsValidNumber(*number))
        return text;
    std::string formatted;
    util->Format(*number, PhoneNumberUtil::INTERNATIONAL, &formatted);
    return QString::fromStdString(formatted);
}

QString problem(const QString &text, const QString &defaultRegion)
{
    if (text.trimmed().isEmpty())
        return QStringLiteral("Enter a phone number.");
    PhoneNumberUtil::ErrorType error;
    const std::optional<PhoneNumber> number = parse(text, defaultRegion, &error);
    if (!number) {
        switch (error) {
        case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
            return QStringLiteral(
                    "The country code is not valid. Start with + and the country code, e.g. +44.");
        case PhoneNumberUtil::TOO_SHORT_NSN:
        case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
            return QStringLiteral("The number is too short.");
        case PhoneNumberUtil::TOO_LONG_NSN:
            return QStringLiteral("The number is too long.");
        default:
            return QStringLiteral("This is not a phone number.");
        }
    }
    const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
    if (!util->IsValidNumber(*number))
        return QStringLiteral(
                "This number does not exist in its country's numbering plan. Check the digits and "
                "the country code.");
    return {};
}

QString regionOf(const QString &e164)
{
    PhoneNumberUtil::ErrorType error;
    const std::optional<PhoneNumber> number = parse(e164, QStringLiteral("ZZ"), &error);
    if (!number)
        return {};
    std::string region;
    PhoneNumberUtil::GetInstance()->GetRegionCodeForNumber(*number, &region);
    return region == "ZZ" ? QString() : QString::fromStdString(region);
}

} // namespace PhoneNumbers
