#include "DncInput.h"

#include "SqliteOutboundStore.h"
#include "phone/PhoneNumbers.h"

#include <QCoreApplication>

namespace DncInput {

std::optional<DncEntry> parse(const QString &text, QString *problem, const QString &defaultRegion)
{
    QString value = text.trimmed();
    if (value.startsWith(QLatin1Char('\'')))
        value = value.mid(1).trimmed();
    const auto fail = [problem](const QString &sentence) -> std::optional<DncEntry> {
        if (problem)
            *problem = sentence;
        return std::nullopt;
    };
    if (value.isEmpty())
        return fail(QCoreApplication::translate("DncInput", "The entry is empty."));

    DncEntry entry;
    if (value.contains(QLatin1Char('@'))) {
        entry.kind = value.startsWith(QLatin1Char('@')) ? DncEntry::Kind::Domain : DncEntry::Kind::Email;
        entry.value = SqliteOutboundStore::normalisedValue(entry.kind, value);
        if (!SqliteOutboundStore::valueProblem(entry.kind, entry.value).isEmpty())
            return fail(entry.kind == DncEntry::Kind::Domain
                                ? QCoreApplication::translate("DncInput",
                                                              "'%1' is not an email domain "
                                                              "(write it as @example.com).")
                                          .arg(value)
                                : QCoreApplication::translate("DncInput", "'%1' is not an email address.")
                                          .arg(value));
        return entry;
    }
    const std::optional<QString> e164 = PhoneNumbers::toE164(value, defaultRegion);
    if (!e164) {
        const QString why = PhoneNumbers::problem(value, defaultRegion);
        return fail(why.isEmpty() ? QCoreApplication::translate("DncInput",
                                                                "'%1' is not a valid phone number, "
                                                                "email address or @domain.")
                                            .arg(value)
                                  : QStringLiteral("'%1': %2").arg(value, why));
    }
    entry.kind = DncEntry::Kind::Phone;
    entry.value = *e164;
    return entry;
}

QString display(const DncEntry &entry)
{
    return entry.kind == DncEntry::Kind::Domain ? QLatin1Char('@') + entry.value : entry.value;
}

} // namespace DncInput
