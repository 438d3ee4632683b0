// Unloopa voice campaigns from scripts: list and detail (kept locally), field updates (draft or
// paused only), pause and cancel (--yes). Creation, activation and trigger contact people: they go
// through the outbound guard (UnloopaOutboundCommands.cpp).

#include "CliCommand.h"
#include "CliContext.h"
#include "UnloopaCliSupport.h"
#include "accounts/ServiceHub.h"
#include "unloopa/UnloopaVoiceService.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonObject>

namespace {

const QList<Vendor> kUnloopa{Vendor::Unloopa};

// --- list, show ----------------------------------------------------------------------------------

int campaignsList(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("offline"),
                      QStringLiteral("The campaigns as last read here; nothing is fetched.")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!parser.positionalArguments().isEmpty())
        return context.usageError(QStringLiteral("'voice campaigns list' takes no arguments."));
    const auto opened = UnloopaCli::openVoiceStore();
    if (!opened->status)
        return UnloopaCli::storeFailed(context, opened->status);
    if (!parser.isSet(QStringLiteral("offline"))) {
        UnloopaVoiceService voice(context.hub().unloopa());
        const Result<QList<UnloopaCampaign>> campaigns = context.await<QList<UnloopaCampaign>>(
                [&](const QObject *receiver, auto done) { voice.fetchCampaigns(receiver, done); });
        if (!campaigns.ok())
            return context.fail(campaigns.error());
        if (const StoreStatus saved = opened->store->saveCampaigns(campaigns.value()); !saved)
            return UnloopaCli::storeFailed(context, saved);
        (void)opened->store->setLastSynced(QStringLiteral("campaigns"), QDateTime::currentDateTimeUtc());
    }
    QJsonArray array;
    for (const UnloopaCampaign &campaign : opened->store->campaigns())
        array.append(UnloopaCli::campaignJson(campaign, opened->store.get()));
    return context.succeed(QJsonObject{{QStringLiteral("campaigns"), array}},
                           QStringLiteral("%1 voice campaign(s).").arg(array.size()));
}

// GET /voice/campaigns/{id}, stored; the stored one when offline.
int campaignsShow(CliContext &context, const QStringList &arguments)
{
    return UnloopaCli::showStored<UnloopaCampaign>(
            context, arguments, QStringLiteral("Campaign"), &UnloopaVoiceService::fetchCampaign,
            [](UnloopaCallStore &store, const UnloopaCampaign &campaign) {
                return store.saveCampaigns({campaign});
            },
            [](const UnloopaCallStore &store, const QString &id) { return store.campaign(id); },
            [&context](const UnloopaCampaign &campaign, UnloopaCallStore &store) {
                const UnloopaCampaignStats &s = campaign.stats;
                return context.succeed(UnloopaCli::campaignJson(campaign, &store),
                                       QStringLiteral("%1 (%2): %3 leads, %4 pending, %5 connected, %6 "
                                                      "interested.")
                                               .arg(campaign.name, campaign.status)
                                               .arg(s.total)
                                               .arg(s.pending)
                                               .arg(s.connected)
                                               .arg(s.interested));
            });
}

// --- update, pause, cancel -----------------------------------------------------------------------

int campaignsUpdate(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    UnloopaCli::addCampaignFieldOptions(parser);
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (parser.positionalArguments().size() != 1)
        return context.usageError(QStringLiteral("Give one campaign id, then the fields to change."));
    const QString id = parser.positionalArguments().first();
    QString problem;
    const auto fields = UnloopaCli::campaignFields(parser, &problem);
    if (!fields)
        return context.usageError(problem);
    if (fields->isEmpty())
        return context.usageError(QStringLiteral("Give at least one field to change (see --help)."));
    if (problem = fields->updateProblem(); !problem.isEmpty())
        return context.usageError(problem);
    const auto opened = UnloopaCli::openVoiceStore();
    if (!opened->status)
        return UnloopaCli::storeFailed(context, opened->status);
    UnloopaVoiceService voice(context.hub().unloopa());
    const Result<UnloopaCampaign> updated = context.await<UnloopaCampaign>(
            [&](const QObject *receiver, auto done) { voice.updateCampaign(id, *fields, receiver, done); });
    if (!updated.ok())
        return context.fail(updated.error());
    (void)opened->store->saveCampaigns({updated.value()});
    return context.succeed(UnloopaCli::campaignJson(updated.value(), nullptr),
                           QStringLiteral("Campaign %1 updated.").arg(id));
}

// Pause and cancel stop calling: they reach nobody, so no clearance is needed.
int lifecycle(CliContext &context, const QStringList &arguments, UnloopaCampaignAction action)
{
    const bool cancel = action == UnloopaCampaignAction::Cancel;
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The campaign's id."));
    if (cancel)
        parser.addOption({QStringLiteral("yes"),
                          QStringLiteral("Confirm: the campaign ends for good and its pending calls are "
                                         "cancelled.")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (parser.positionalArguments().size() != 1)
        return context.usageError(QStringLiteral("Give one campaign id."));
    const QString id = parser.positionalArguments().first();
    if (cancel && !parser.isSet(QStringLiteral("yes")))
        return context.usageError(
                QStringLiteral("This would end campaign %1 for good and cancel its pending calls. Add --yes "
                               "to confirm.")
                        .arg(id));
    const auto opened = UnloopaCli::openVoiceStore();
    if (!opened->status)
        return UnloopaCli::storeFailed(context, opened->status);
    UnloopaVoiceService voice(context.hub().unloopa());
    const Result<UnloopaCampaign> changed =
            context.await<UnloopaCampaign>([&](const QObject *receiver, auto done) {
                if (cancel)
                    voice.cancelCampaign(id, receiver, done);
                else
                    voice.pauseCampaign(id, receiver, done);
            });
    if (!changed.ok())
        return context.fail(changed.error());
    (void)opened->store->saveCampaigns({changed.value()});
    return context.succeed(UnloopaCli::campaignJson(changed.value(), nullptr),
                           QStringLiteral("Campaign %1 is now %2.").arg(id, changed->status));
}

int campaignsPause(CliContext &context, const QStringList &arguments)
{
    return lifecycle(context, arguments, UnloopaCampaignAction::Pause);
}

int campaignsCancel(CliContext &context, const QStringList &arguments)
{
    return lifecycle(context, arguments, UnloopaCampaignAction::Cancel);
}

const CliRegistration registration({
        {QStringLiteral("voice campaigns list"),
         QStringLiteral("Lists the voice campaigns with their stats (kept locally)."),
         QStringLiteral("[--offline]"), kUnloopa, campaignsList},
        {QStringLiteral("voice campaigns show"),
         QStringLiteral(
                 "Shows one campaign's configuration and stats (pending, connected, interested, ...)."),
         QStringLiteral("<id> [--offline]"), kUnloopa, campaignsShow},
        {QStringLiteral("voice campaigns update"),
         QStringLiteral("Changes a draft or paused campaign's fields."),
         QStringLiteral(
                 "<id> [--name <text>] [--number <id>] [--agent <id> | --voice-id <id> --script <text>] ") +
                 UnloopaCli::campaignFieldUsage(),
         kUnloopa, campaignsUpdate},
        {QStringLiteral("voice campaigns pause"),
         QStringLiteral("Pauses an active campaign (Unloopa stops dialling)."), QStringLiteral("<id>"),
         kUnloopa, campaignsPause},
        {QStringLiteral("voice campaigns cancel"),
         QStringLiteral("Ends a campaign and cancels its pending calls."), QStringLiteral("<id> --yes"),
         kUnloopa, campaignsCancel},
});

} // namespace
