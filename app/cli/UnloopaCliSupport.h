#pragma once

// What the Unloopa outreach and voice command files share: reading numbers and lists from
// options, and the local voice store on the console's own database.

#include "CliContext.h"
#include "accounts/ServiceHub.h"
#include "store/UnloopaCallStore.h"
#include "unloopa/UnloopaTypes.h"
#include "unloopa/UnloopaVoiceService.h"
#include "unloopa/UnloopaVoiceTypes.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QStringList>

#include <memory>
#include <optional>

namespace UnloopaCli {

// `--<name> <n>` as an integer in [min, max]; nothing (and `*problem` says why) otherwise.
// Unset options give `fallback`.
std::optional<int> intOption(const QCommandLineParser &parser, const QString &name, int min, int max,
                             std::optional<int> fallback, QString *problem);

// A repeatable option's values, each also split at commas ("--lead a,b --lead c" → a, b, c),
// without blanks or repeats, in the order given.
QStringList listOption(const QCommandLineParser &parser, const QString &name);

// The leads as Unloopa has them now (GET /leads/{id} each, in the order given): the addresses and
// numbers the outbound guard judges are the ones Unloopa would use.
Result<QList<UnloopaLead>> fetchLeads(CliContext &context, const QStringList &ids);

template<typename List>
QJsonArray jsonArray(const List &items)
{
    QJsonArray array;
    for (const auto &item : items)
        array.append(item.toJson());
    return array;
}

// A campaign as the commands print it; with `store`, also the leads this console created it with.
QJsonObject campaignJson(const UnloopaCampaign &campaign, UnloopaCallStore *store);
// The options of a campaign's fields (create and update), read into the fields set; nothing (and
// `*problem` says why) when one does not parse.
void addCampaignFieldOptions(QCommandLineParser &parser);
std::optional<UnloopaCampaignFields> campaignFields(const QCommandLineParser &parser, QString *problem);
QString campaignFieldUsage();

// The voice store on the console's database, as the console uses it.
struct VoiceStore
{
    Database database;
    std::unique_ptr<UnloopaCallStore> store;
    StoreStatus status;
};
std::unique_ptr<VoiceStore> openVoiceStore();

// A store failure reported like every other (exit 3: the operator's machine, not the vendor).
int storeFailed(CliContext &context, const StoreStatus &status);
// `--offline` asked for a record the store does not hold: `what` ("Call", "Campaign") and its id.
int notStored(CliContext &context, const QString &what, const QString &id);

// `show <id> [--offline]`: the record read from Unloopa and stored (unless --offline), then printed
// from the store, which merges in what the list knew (a call's campaign). `what` names it in
// messages ("Call", "Campaign"); `fetch` is the voice service's detail request; `print` returns
// the exit code.
template<typename T, typename Fetch, typename Save, typename Read, typename Print>
int showStored(CliContext &context, const QStringList &arguments, const QString &what, Fetch fetch, Save save,
               Read read, Print print)
{
    const QString noun = what.toLower();
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The %1's id.").arg(noun));
    parser.addOption(
            {QStringLiteral("offline"), QStringLiteral("The stored %1; nothing is fetched.").arg(noun)});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (parser.positionalArguments().size() != 1)
        return context.usageError(QStringLiteral("Give one %1 id.").arg(noun));
    const QString id = parser.positionalArguments().first();
    const auto opened = openVoiceStore();
    if (!opened->status)
        return storeFailed(context, opened->status);
    if (!parser.isSet(QStringLiteral("offline"))) {
        UnloopaVoiceService voice(context.hub().unloopa());
        const Result<T> fetched = context.await<T>(
                [&](const QObject *receiver, auto done) { (voice.*fetch)(id, receiver, done); });
        if (!fetched.ok())
            return context.fail(fetched.error());
        if (const StoreStatus saved = save(*opened->store, fetched.value()); !saved)
            return storeFailed(context, saved);
    }
    const std::optional<T> stored = read(*opened->store, id);
    if (!stored)
        return notStored(context, what, id);
    return print(*stored, *opened->store);
}

} // namespace UnloopaCli
