#include "UnloopaCliSupport.h"

#include "accounts/ServiceHub.h"
#include "unloopa/UnloopaService.h"

#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

namespace UnloopaCli {

std::optional<int> intOption(const QCommandLineParser &parser, const QString &name, int min, int max,
                             std::optional<int> fallback, QString *problem)
{
    if (!parser.isSet(name))
        return fallback;
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < min || value > max) {
        if (problem)
            *problem = QStringLiteral("--%1 must be a number from %2 to %3.").arg(name).arg(min).arg(max);
        return std::nullopt;
    }
    return value;
}

QStringList listOption(const QCommandLineParser &parser, const QString &name)
{
    QStringList values;
    QSet<QString> seen;
    for (const QString &given : parser.values(name)) {
        for (const QString &part : given.split(QLatin1Char(','))) {
            const QString value = part.trimmed();
            if (value.isEmpty() || seen.contains(value))
                continue;
            seen.insert(value);
            values << value;
        }
    }
    return values;
}

Result<QList<UnloopaLead>> fetchLeads(CliContext &context, const QStringList &ids)
{
    QList<UnloopaLead> leads;
    for (const QString &id : ids) {
        const Result<UnloopaLead> lead = context.await<UnloopaLead>([&](const QObject *receiver, auto done) {
            context.hub().unloopa()->fetchLead(id, receiver, done);
        });
        if (!lead.ok())
            return lead.error();
        leads << lead.value();
    }
    return leads;
}

QJsonObject campaignJson(const UnloopaCampaign &campaign, UnloopaCallStore *store)
{
    QJsonObject json = campaign.toJson();
    if (store) {
        // The leads the console created it with (none when it was made elsewhere).
        QJsonArray leadIds;
        for (const UnloopaCallStore::CampaignLead &lead : store->campaignLeads(campaign.id))
            leadIds.append(lead.leadId);
        json.insert(QStringLiteral("console_lead_ids"), leadIds);
    }
    return json;
}

void addCampaignFieldOptions(QCommandLineParser &parser)
{
    parser.addOption(
            {QStringLiteral("name"), QStringLiteral("The campaign's name."), QStringLiteral("text")});
    parser.addOption({QStringLiteral("number"), QStringLiteral("The phone number's id (see 'numbers list')."),
                      QStringLiteral("id")});
    parser.addOption({QStringLiteral("agent"),
                      QStringLiteral("The voice agent's id (see 'voice agents list')."),
                      QStringLiteral("id")});
    parser.addOption({QStringLiteral("voice-id"),
                      QStringLiteral("A voice, instead of an agent (with --script)."), QStringLiteral("id")});
    parser.addOption({QStringLiteral("script"),
                      QStringLiteral("The script, instead of an agent (with --voice-id)."),
                      QStringLiteral("text")});
    parser.addOption(
            {QStringLiteral("first-message"), QStringLiteral("The opening line."), QStringLiteral("text")});
    parser.addOption({QStringLiteral("timezone"), QStringLiteral("IANA time zone, e.g. America/New_York."),
                      QStringLiteral("zone")});
    parser.addOption({QStringLiteral("window"), QStringLiteral("Calling window in that zone, HH:MM-HH:MM."),
                      QStringLiteral("from-till")});
    parser.addOption({QStringLiteral("days"), QStringLiteral("Calling days, e.g. mon,tue,wed,thu,fri."),
                      QStringLiteral("days")});
    parser.addOption({QStringLiteral("per-hour"), QStringLiteral("Calls per hour."), QStringLiteral("n")});
    parser.addOption({QStringLiteral("max"), QStringLiteral("Most calls in all."), QStringLiteral("n")});
}

std::optional<UnloopaCampaignFields> campaignFields(const QCommandLineParser &parser, QString *problem)
{
    UnloopaCampaignFields fields;
    auto take = [&parser](std::optional<QString> &field, const QString &name) {
        if (parser.isSet(name))
            field = parser.value(name);
    };
    take(fields.name, QStringLiteral("name"));
    take(fields.phoneNumberId, QStringLiteral("number"));
    take(fields.agentId, QStringLiteral("agent"));
    take(fields.voiceId, QStringLiteral("voice-id"));
    take(fields.script, QStringLiteral("script"));
    take(fields.firstMessage, QStringLiteral("first-message"));
    take(fields.timezone, QStringLiteral("timezone"));
    if (parser.isSet(QStringLiteral("window"))) {
        static const QRegularExpression pattern(QStringLiteral("^(\\d{2}:\\d{2})-(\\d{2}:\\d{2})$"));
        const QRegularExpressionMatch match = pattern.match(parser.value(QStringLiteral("window")).trimmed());
        const QTime start = QTime::fromString(match.captured(1), QStringLiteral("HH:mm"));
        const QTime end = QTime::fromString(match.captured(2), QStringLiteral("HH:mm"));
        if (!match.hasMatch() || !start.isValid() || !end.isValid() || end <= start) {
            *problem = QStringLiteral("--window must be HH:MM-HH:MM with the end after the start, e.g. "
                                      "09:00-17:00.");
            return std::nullopt;
        }
        fields.windowStart = start;
        fields.windowEnd = end;
    }
    if (parser.isSet(QStringLiteral("days"))) {
        QStringList days;
        for (const QString &day : listOption(parser, QStringLiteral("days"))) {
            if (!UnloopaCampaignFields::dayNames().contains(day.toLower())) {
                *problem = QStringLiteral("--days: '%1' is not one of %2.")
                                   .arg(day, UnloopaCampaignFields::dayNames().join(QLatin1Char(',')));
                return std::nullopt;
            }
            days << day.toLower();
        }
        fields.callingDays = days;
    }
    bool ok = true;
    auto number = [&](std::optional<int> &field, const QString &name) {
        if (!ok || !parser.isSet(name))
            return;
        const auto value = intOption(parser, name, 1, 100'000, std::nullopt, problem);
        ok = value.has_value();
        field = value;
    };
    number(fields.callsPerHour, QStringLiteral("per-hour"));
    number(fields.maxCalls, QStringLiteral("max"));
    if (!ok)
        return std::nullopt;
    return fields;
}

QString campaignFieldUsage()
{
    return QStringLiteral(
            "[--timezone <zone>] [--window HH:MM-HH:MM] [--days mon,...] [--per-hour <n>] [--max <n>] "
            "[--first-message <text>]");
}

std::unique_ptr<VoiceStore> openVoiceStore()
{
    auto opened = std::make_unique<VoiceStore>();
    opened->status = UnloopaCallStore::prepare(opened->database);
    opened->store = std::make_unique<UnloopaCallStore>(&opened->database);
    return opened;
}

int storeFailed(CliContext &context, const StoreStatus &status)
{
    return context.fail(status.toApiError(Vendor::Unloopa));
}

int notStored(CliContext &context, const QString &what, const QString &id)
{
    ApiError error;
    error.vendor = Vendor::Unloopa;
    error.kind = ApiError::Kind::Local;
    error.code = QStringLiteral("not_stored");
    error.explanation = QStringLiteral("%1 %2 is not stored here: run it without --offline.").arg(what, id);
    return context.fail(error);
}

} // namespace UnloopaCli
