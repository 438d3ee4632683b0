#include "DecisionTable.h"

#include <QCoreApplication>
#include <QHash>

#include <algorithm>

namespace DecisionTable {

namespace {

QString translate(const char *text)
{
    return QCoreApplication::translate("DecisionTable", text);
}

} // namespace

RecordSchema schema()
{
    return RecordSchema({
            ColumnSpec::make(ColumnType::Text, QStringLiteral("recipient"), translate("Recipient")),
            // Apart, so a spreadsheet keeps a number's '+' and an address is written as typed.
            ColumnSpec::make(ColumnType::Phone, QStringLiteral("phone"), translate("Number")),
            ColumnSpec::make(ColumnType::Text, QStringLiteral("email"), translate("Email address")),
            ColumnSpec::make(ColumnType::Category, QStringLiteral("verdict"), translate("Verdict")),
            ColumnSpec::make(ColumnType::Category, QStringLiteral("reason_code"), translate("Reason code"))
                    .hidden()
                    .withToolTip(translate("The stable code scripts can match on")),
            ColumnSpec::make(ColumnType::Text, QStringLiteral("reason"), translate("Why")),
    });
}

RecordTable rows(const GuardDecision &decision)
{
    RecordTable table(schema());
    table.reserve(int(decision.verdicts.size()));
    const RecipientVerdict::Verdict order[] = {RecipientVerdict::Verdict::Refused,
                                               RecipientVerdict::Verdict::NeedsOverride,
                                               RecipientVerdict::Verdict::Allowed};
    for (const RecipientVerdict::Verdict group : order) {
        for (const RecipientVerdict &verdict : decision.verdicts) {
            if (verdict.verdict != group)
                continue;
            const int r = table.appendRow();
            table.setText(r, RecipientLabel, verdict.recipient.label);
            // A purchase's stand-in (Channel::None) is the number it buys.
            const bool email = verdict.recipient.channel == Recipient::Channel::Email;
            table.setText(r, email ? Email : Phone, verdict.recipient.address);
            table.setText(r, Verdict, verdictTitle(verdict.verdict));
            table.setText(r, ReasonCode, verdict.reasonCode);
            table.setText(r, Reason, verdict.reason);
        }
    }
    return table;
}

QString verdictTitle(RecipientVerdict::Verdict verdict)
{
    switch (verdict) {
    case RecipientVerdict::Verdict::Allowed:
        return translate("Allowed");
    case RecipientVerdict::Verdict::Refused:
        return translate("Refused");
    case RecipientVerdict::Verdict::NeedsOverride:
        return translate("Needs an override");
    }
    return {};
}

QString verdictTitle(const QString &storedVerdict)
{
    for (const auto verdict : {RecipientVerdict::Verdict::Allowed, RecipientVerdict::Verdict::Refused,
                               RecipientVerdict::Verdict::NeedsOverride}) {
        if (storedVerdict == RecipientVerdict::verdictName(verdict))
            return verdictTitle(verdict);
    }
    return storedVerdict;
}

QString reasonTitle(const QString &reasonCode)
{
    static const QHash<QString, const char *> titles = {
            {QStringLiteral("allowed"), QT_TRANSLATE_NOOP("DecisionTable", "Allowed")},
            {QStringLiteral("do_not_contact"),
             QT_TRANSLATE_NOOP("DecisionTable", "On the do-not-contact list")},
            {QStringLiteral("outside_calling_window"),
             QT_TRANSLATE_NOOP("DecisionTable", "Outside the calling window")},
            {QStringLiteral("outside_campaign_window"),
             QT_TRANSLATE_NOOP("DecisionTable", "Outside the campaign's window")},
            {QStringLiteral("unknown_time_zone"),
             QT_TRANSLATE_NOOP("DecisionTable", "Recipient's time zone unknown")},
            {QStringLiteral("attempt_cap"), QT_TRANSLATE_NOOP("DecisionTable", "Daily attempt cap reached")},
            {QStringLiteral("invalid_number"), QT_TRANSLATE_NOOP("DecisionTable", "Invalid number")},
            {QStringLiteral("override_without_reason"),
             QT_TRANSLATE_NOOP("DecisionTable", "Override without a reason")},
            {QStringLiteral("already_sent"), QT_TRANSLATE_NOOP("DecisionTable", "Already sent")},
    };
    const auto it = titles.constFind(reasonCode);
    return it == titles.constEnd() ? reasonCode : translate(it.value());
}

int needsOverrideCount(const GuardDecision &decision)
{
    return int(std::count_if(
            decision.verdicts.cbegin(), decision.verdicts.cend(),
            [](const RecipientVerdict &v) { return v.verdict == RecipientVerdict::Verdict::NeedsOverride; }));
}

} // namespace DecisionTable
