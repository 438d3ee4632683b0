// Verloop from scripts: the campaign registry (Verloop's API cannot list campaigns) and
// scheduling one call, through the same outbound guard as the console (README promises O1-O7).

#include "CliCommand.h"
#include "CliContext.h"
#include "accounts/ServiceHub.h"
#include "controllers/VerloopScheduler.h"
#include "events/EventReceiverSettings.h"
#include "events/VerloopCallbackTokens.h"
#include "outbound/OutboundGuard.h"
#include "outbound/OutboundSafety.h"
#include "phone/PhoneNumbers.h"
#include "verloop/VerloopCampaignRegistry.h"
#include "verloop/VerloopService.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <memory>

namespace {

// The registry of the Verloop account the CLI is configured for, on the console's database.
struct Registry
{
    Database database;
    std::unique_ptr<VerloopCampaignRegistry> registry;
    StoreStatus status;
};

std::unique_ptr<Registry> openRegistry(CliContext &context)
{
    auto opened = std::make_unique<Registry>();
    // `verloop send` mints the callback tokens of the console's receiver on the same file.
    opened->database.registerMigrations(VerloopCallbackTokens::component(),
                                        VerloopCallbackTokens::migrations());
    opened->status = VerloopCampaignRegistry::prepare(opened->database);
    const auto credentials = context.hub().credentials(Vendor::Verloop);
    opened->registry = std::make_unique<VerloopCampaignRegistry>(
            &opened->database, credentials ? credentials->clientId : QString());
    return opened;
}

QJsonObject campaignJson(const VerloopCampaignEntry &entry)
{
    QJsonObject json{{QStringLiteral("name"), entry.name},
                     {QStringLiteral("campaignId"), entry.campaignId},
                     {QStringLiteral("retries"), entry.retries},
                     {QStringLiteral("addedAt"), entry.addedAt.toString(Qt::ISODateWithMs)}};
    if (entry.window.start.isValid())
        json.insert(QStringLiteral("window"),
                    QString(entry.window.start.toString(QStringLiteral("HH:mm")) + QLatin1Char('-') +
                            entry.window.end.toString(QStringLiteral("HH:mm"))));
    if (!entry.window.days.isEmpty()) {
        QJsonArray days;
        for (int day : entry.window.days)
            days.append(day);
        json.insert(QStringLiteral("days"), days);
    }
    return json;
}

// "09:00-17:30"
bool parseWindow(const QString &text, CampaignWindow *window)
{
    static const QRegularExpression shape(QStringLiteral("^(\\d{2}:\\d{2})-(\\d{2}:\\d{2})$"));
    const QRegularExpressionMatch match = shape.match(text.trimmed());
    window->start = QTime::fromString(match.captured(1), QStringLiteral("HH:mm"));
    window->end = QTime::fromString(match.captured(2), QStringLiteral("HH:mm"));
    return match.hasMatch() && window->start.isValid() && window->end.isValid();
}

// "1,2,3,4,5" (Monday = 1)
bool parseDays(const QString &text, QList<int> *days)
{
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int day = part.trimmed().toInt(&ok);
        if (!ok)
            return false;
        days->append(day);
    }
    return !days->isEmpty();
}

// "key=value" pairs of repeated options.
bool parsePairs(const QStringList &pairs, QJsonObject *object, QString *bad)
{
    for (const QString &pair : pairs) {
        const qsizetype equals = pair.indexOf(QLatin1Char('='));
        if (equals <= 0) {
            *bad = pair;
            return false;
        }
        object->insert(pair.left(equals).trimmed(), pair.mid(equals + 1));
    }
    return true;
}

int campaignsAdd(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("Your name for the campaign."));
    parser.addPositionalArgument(QStringLiteral("campaign-uuid"),
                                 QStringLiteral("The Campaign ID from Verloop's Outreach dashboard."));
    parser.addOption({QStringLiteral("retries"),
                      QStringLiteral("Max Retries set for it on Verloop's dashboard (0-10; default 0)."),
                      QStringLiteral("n"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("window"),
                      QStringLiteral("Its own calling window in the recipient's time, e.g. 09:00-17:30."),
                      QStringLiteral("from-to")});
    parser.addOption({QStringLiteral("days"),
                      QStringLiteral("Its calling days, e.g. 1,2,3,4,5 (Monday = 1)."),
                      QStringLiteral("list")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (parser.positionalArguments().size() != 2)
        return context.usageError(QStringLiteral("Give the campaign's name and its Campaign ID."));
    VerloopCampaignEntry entry;
    entry.name = parser.positionalArguments().at(0);
    entry.campaignId = parser.positionalArguments().at(1);
    bool ok = false;
    entry.retries = parser.value(QStringLiteral("retries")).toInt(&ok);
    if (!ok)
        return context.usageError(QStringLiteral("--retries takes a number from 0 to 10."));
    if (parser.isSet(QStringLiteral("window")) &&
        !parseWindow(parser.value(QStringLiteral("window")), &entry.window))
        return context.usageError(QStringLiteral("--window takes two times, e.g. 09:00-17:30."));
    if (parser.isSet(QStringLiteral("days")) &&
        !parseDays(parser.value(QStringLiteral("days")), &entry.window.days))
        return context.usageError(QStringLiteral("--days takes weekdays as numbers, e.g. 1,2,3,4,5."));
    if (const QString problem = entry.problem(); !problem.isEmpty())
        return context.usageError(problem);

    const auto opened = openRegistry(context);
    if (!opened->status)
        return context.fail(opened->status.toApiError(Vendor::Verloop));
    // Taken names and ids are the operator's to fix (2); a store that cannot write is not (1).
    if (const auto taken = opened->registry->find(entry.name))
        return context.usageError(
                QStringLiteral("A campaign named \"%1\" is already registered.").arg(taken->name));
    if (const auto taken = opened->registry->find(entry.campaignId))
        return context.usageError(
                QStringLiteral("This Campaign ID is already registered as \"%1\".").arg(taken->name));
    if (const StoreStatus added = opened->registry->add(entry); !added)
        return context.fail(added.toApiError(Vendor::Verloop));
    const VerloopCampaignEntry saved = *opened->registry->find(entry.campaignId);
    return context.succeed(campaignJson(saved),
                           QStringLiteral("Registered \"%1\" (%2).").arg(saved.name, saved.campaignId));
}

int campaignsList(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    const auto opened = openRegistry(context);
    if (!opened->status)
        return context.fail(opened->status.toApiError(Vendor::Verloop));
    QJsonArray campaigns;
    for (const VerloopCampaignEntry &entry : opened->registry->campaigns())
        campaigns.append(campaignJson(entry));
    return context.succeed(QJsonObject{{QStringLiteral("clientId"), opened->registry->clientId()},
                                       {QStringLiteral("campaigns"), campaigns}},
                           QStringLiteral("%1 campaign(s).").arg(campaigns.size()));
}

int campaignsRemove(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("name"),
                                 QStringLiteral("The campaign's name or Campaign ID."));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (parser.positionalArguments().size() != 1)
        return context.usageError(
                QStringLiteral("Give the name (or Campaign ID) of the campaign to remove."));
    const auto opened = openRegistry(context);
    if (!opened->status)
        return context.fail(opened->status.toApiError(Vendor::Verloop));
    const QString which = parser.positionalArguments().constFirst();
    const auto entry = opened->registry->find(which);
    if (!entry)
        return context.usageError(QStringLiteral("No Verloop campaign is registered as \"%1\".").arg(which));
    if (const StoreStatus removed = opened->registry->remove(which); !removed)
        return context.fail(removed.toApiError(Vendor::Verloop));
    return context.succeed(campaignJson(*entry), QStringLiteral("Removed \"%1\".").arg(entry->name));
}

int send(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("campaign"),
                      QStringLiteral("A registered campaign's name or Campaign ID."),
                      QStringLiteral("name|uuid")});
    parser.addOption({QStringLiteral("to"), QStringLiteral("The number to call, any format."),
                      QStringLiteral("number")});
    parser.addOption({QStringLiteral("region"),
                      QStringLiteral("Country (ISO code) for numbers without a country code (default US)."),
                      QStringLiteral("code"), QStringLiteral("US")});
    parser.addOption(
            {QStringLiteral("at"),
             QStringLiteral("When it rings: now (default), 2026-03-04T10:00 (the recipient's own time), "
                            "or 2026-03-04T10:00-05:00 (one moment, with its offset)."),
             QStringLiteral("time"), QStringLiteral("now")});
    parser.addOption({QStringLiteral("var"), QStringLiteral("A recipe variable, key=value (repeatable)."),
                      QStringLiteral("key=value")});
    parser.addOption({QStringLiteral("callback-url"),
                      QStringLiteral("Verloop posts the call's status here (default: the console's receiver, "
                                     "when its public URL is set)."),
                      QStringLiteral("url")});
    parser.addOption({QStringLiteral("state"),
                      QStringLiteral("Passed back to the callback, key=value (repeatable)."),
                      QStringLiteral("key=value")});
    CliContext::addOutboundOptions(
            parser,
            QStringLiteral("Let Verloop ring outside the campaign's working window (Verloop's "
                           "BypassCallingWindow; needs --reason). The legal window still applies."));
    parser.addOption({QStringLiteral("yes"), QStringLiteral("Confirm: this schedules a real call.")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;

    const auto typed = context.typedOverride(parser);
    if (!typed)
        return CliExit::Usage;
    OutboundOverrides overrides;
    overrides.vendorCallingWindow = typed->first;
    overrides.reason = typed->second;
    const QString campaignName = parser.value(QStringLiteral("campaign"));
    const QString to = parser.value(QStringLiteral("to"));
    if (campaignName.isEmpty() || to.isEmpty())
        return context.usageError(
                QStringLiteral("Give the campaign and the number: --campaign <name> --to <number>."));
    const QString region = parser.value(QStringLiteral("region")).toUpper();
    const auto e164 = PhoneNumbers::toE164(to, region);
    if (!e164)
        return context.usageError(QStringLiteral("--to: %1").arg(PhoneNumbers::problem(to, region)));
    QString problem;
    const auto when = VerloopTimeSpec::parse(parser.value(QStringLiteral("at")), &problem);
    if (!when)
        return context.usageError(QStringLiteral("--at: %1").arg(problem));
    // A time the number's zone cannot place (several zones, none, a DST gap) is the operator's to fix.
    if (const auto resolved = when->resolve(*e164, QDateTime::currentDateTimeUtc()); !resolved.ok())
        return context.usageError(QStringLiteral("--at: %1").arg(resolved.problem));

    VerloopScheduler::Request request;
    request.recipients = {{to, QString(), {}}};
    request.defaultRegion = region;
    request.when = *when;
    QString bad;
    if (!parsePairs(parser.values(QStringLiteral("var")), &request.variables, &bad))
        return context.usageError(QStringLiteral("--var takes key=value, not \"%1\".").arg(bad));
    if (!parsePairs(parser.values(QStringLiteral("state")), &request.callbackState, &bad))
        return context.usageError(QStringLiteral("--state takes key=value, not \"%1\".").arg(bad));
    request.callbackUrl = QUrl(parser.value(QStringLiteral("callback-url")));
    if (const QString urlProblem = VerloopMessage::callbackUrlProblem(request.callbackUrl);
        !urlProblem.isEmpty())
        return context.usageError(QStringLiteral("--callback-url: %1").arg(urlProblem));

    const auto opened = openRegistry(context);
    if (!opened->status)
        return context.fail(opened->status.toApiError(Vendor::Verloop));
    const auto campaign = opened->registry->find(campaignName);
    if (!campaign)
        return context.usageError(
                QStringLiteral("No campaign \"%1\" is registered: add it first with 'verloop "
                               "campaigns add <name> <campaign-uuid> --retries <n>' (the "
                               "retries count against the daily attempt cap).")
                        .arg(campaignName));
    request.campaign = *campaign;

    VerloopScheduler scheduler(context.hub().verloop(), context.outbound().guard());
    const EventReceiverSettings receiver;
    if (const QString unusable = receiver.problem(); !unusable.isEmpty())
        context.say(QStringLiteral("%1 Calls get no status callback from the console.").arg(unusable));
    VerloopCallbackTokens tokens(&opened->database);
    scheduler.setStatusReceiver(receiver.publicBaseUrl(), &tokens);
    scheduler.setRequest(request);
    const GuardDecision decision = scheduler.dryRun(overrides);
    const QString verdict = decision.verdicts.value(0).reason;
    if (parser.isSet(QStringLiteral("dry-run"))) {
        if (!decision.allAllowed())
            return context.refused(scheduler.resultsJson(),
                                   QStringLiteral("Dry run: %1 would not be called. %2").arg(*e164, verdict));
        return context.succeed(scheduler.resultsJson(),
                               QStringLiteral("Dry run: %1 would be called; nothing was sent.").arg(*e164));
    }
    if (!decision.allAllowed())
        return context.refused(scheduler.resultsJson(), QStringLiteral("Not scheduled: %1").arg(verdict));
    if (!parser.isSet(QStringLiteral("yes")))
        return context.usageError(
                QStringLiteral("This would schedule a Verloop call to %1. Add --yes to confirm.").arg(*e164));

    QEventLoop loop;
    QObject::connect(&scheduler, &VerloopScheduler::finished, &loop, &QEventLoop::quit);
    if (scheduler.send(overrides) && scheduler.isSending())
        loop.exec();
    const VerloopScheduler::Result result = scheduler.results().constFirst();
    switch (result.state) {
    case VerloopScheduler::Result::State::Scheduled:
        return context.succeed(scheduler.resultsJson(),
                               QStringLiteral("Scheduled %1 for %2 (message %3; sent once, never retried).")
                                       .arg(*e164, result.ringsAt.toString(Qt::ISODate), result.messageId));
    case VerloopScheduler::Result::State::Refused:
        return context.refused(scheduler.resultsJson(),
                               QStringLiteral("Not scheduled: %1").arg(result.verdict.reason));
    default:
        return context.fail(result.error);
    }
}

const CliRegistration registration({
        {QStringLiteral("verloop campaigns add"),
         QStringLiteral("Registers a Verloop campaign by name (Verloop's API cannot list them)"),
         QStringLiteral(
                 "<name> <campaign-uuid> [--retries <0-10>] [--window HH:MM-HH:MM] [--days 1,2,3,4,5]"),
         {Vendor::Verloop},
         campaignsAdd},
        {QStringLiteral("verloop campaigns list"),
         QStringLiteral("Lists the registered Verloop campaigns"),
         QString(),
         {Vendor::Verloop},
         campaignsList},
        {QStringLiteral("verloop campaigns rm"),
         QStringLiteral("Forgets a registered Verloop campaign"),
         QStringLiteral("<name|campaign-uuid>"),
         {Vendor::Verloop},
         campaignsRemove},
        {QStringLiteral("verloop send"),
         QStringLiteral("Schedules one Verloop call through the outbound guard (never retried)"),
         QStringLiteral(
                 "--campaign <name|uuid> --to <number> [--at <time>] [--var key=value]... "
                 "[--callback-url <url>] [--state key=value]... [--bypass-calling-window --reason <text>] "
                 "[--dry-run] --yes"),
         {Vendor::Verloop},
         send},
});

} // namespace
