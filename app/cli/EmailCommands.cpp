// Outreach2day email campaigns from scripts (issue #10's CLI contract): campaigns (kept locally:
// the API cannot list them), steps, preview, contact import, mailboxes, schedule, stop rules,
// preflight (exit 6 while blocking failures remain), launch through the outbound guard (--yes;
// exit 5 when refused), pause/resume, stats and suppressions. JSON on stdout, progress on stderr.

#include "CliCommand.h"
#include "CliContext.h"
#include "accounts/ServiceHub.h"
#include "email/CampaignLauncher.h"
#include "email/ContactCsv.h"
#include "email/ContactImporter.h"
#include "email/EmailCampaignStore.h"
#include "outbound/OutboundGuard.h"
#include "outbound/OutboundSafety.h"
#include "outreach2day/Outreach2dayService.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <memory>

namespace {

const QList<Vendor> kOutreach{Vendor::Outreach2day};

// The local campaign store on the console's own database (as the console uses it).
struct Campaigns
{
    Database database;
    std::unique_ptr<EmailCampaignStore> store;
    StoreStatus status;
};

std::unique_ptr<Campaigns> openCampaigns()
{
    auto opened = std::make_unique<Campaigns>();
    opened->database.registerMigrations(EmailCampaignStore::component(), EmailCampaignStore::migrations());
    opened->status = opened->database.open();
    if (opened->status)
        opened->status = opened->database.migrate();
    opened->store = std::make_unique<EmailCampaignStore>(&opened->database);
    return opened;
}

Outreach2dayService *service(CliContext &context)
{
    return context.hub().outreach2day();
}

QJsonValue timeJson(const QDateTime &when)
{
    return when.isValid() ? QJsonValue(when.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonObject stepJson(const O2dStep &step)
{
    QJsonObject json = step.toJson();
    json.insert(QStringLiteral("id"), step.id);
    json.insert(QStringLiteral("campaignId"), step.campaignId);
    json.insert(QStringLiteral("order"), step.order);
    json.insert(QStringLiteral("delayDays"), step.delayDays);
    return json;
}

QJsonObject mailboxJson(const O2dMailbox &mailbox)
{
    QJsonObject json = mailbox.toJson();
    json.insert(QStringLiteral("id"), mailbox.id);
    json.insert(QStringLiteral("campaignId"), mailbox.campaignId);
    if (!mailbox.mailboxId.isEmpty())
        json.insert(QStringLiteral("mailboxId"), mailbox.mailboxId);
    if (!mailbox.state.isEmpty())
        json.insert(QStringLiteral("state"), mailbox.state);
    return json;
}

QJsonObject campaignRowJson(const EmailCampaignStore::CampaignRow &row)
{
    QJsonObject json = row.campaign.toJson();
    json.insert(QStringLiteral("registered"), row.registered);
    json.insert(QStringLiteral("lastChange"), timeJson(row.lastChange));
    if (row.stats) {
        json.insert(QStringLiteral("stats"), row.stats->raw);
        json.insert(QStringLiteral("statsAt"), timeJson(row.statsAt));
    }
    return json;
}

QJsonObject launchJson(const EmailCampaignStore::LaunchRecord &launch)
{
    return {{QStringLiteral("clearanceId"), launch.clearanceId},
            {QStringLiteral("limit"), launch.limit ? QJsonValue(*launch.limit) : QJsonValue()},
            {QStringLiteral("async"), launch.async},
            {QStringLiteral("jobId"), launch.jobId},
            {QStringLiteral("status"), launch.status},
            {QStringLiteral("at"), timeJson(launch.at)}};
}

// A local check that failed (a documented limit, a bad value): the operator's to fix, exit 2.
int invalid(CliContext &context, const ApiError &problem)
{
    return context.usageError(problem.explanation.isEmpty() ? problem.summary() : problem.explanation);
}

// The local data could not be used: exit 3, as for the other local stores.
int storeFailed(CliContext &context, const StoreStatus &status)
{
    return context.fail(status.toApiError(Vendor::Outreach2day));
}

// "--name value" as a number in [min, max], or a usage error. Unset: std::nullopt, ok stays true.
std::optional<int> intOption(CliContext &context, const QCommandLineParser &parser, const QString &name,
                             int min, int max, bool *ok)
{
    if (!parser.isSet(name))
        return std::nullopt;
    bool parsed = false;
    const int value = parser.value(name).toInt(&parsed);
    if (!parsed || value < min || value > max) {
        context.usageError(
                QStringLiteral("--%1 takes a whole number from %2 to %3.").arg(name).arg(min).arg(max));
        *ok = false;
        return std::nullopt;
    }
    return value;
}

bool onePositional(CliContext &context, const QCommandLineParser &parser, int count, const QString &what)
{
    if (parser.positionalArguments().size() == count)
        return true;
    context.usageError(QStringLiteral("Give %1.").arg(what));
    return false;
}

// `email <things> list <campaign-id>`: what Outreach2day lists for the campaign, each tagged with
// the campaign where the answer leaves it out, kept in the local store and printed.
template<typename T, typename Fetch, typename Save>
int listOfCampaign(CliContext &context, const QStringList &arguments, Fetch fetch, Save save,
                   QJsonObject (*toJson)(const T &), const QString &key, const QString &summary)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("campaign-id"), QStringLiteral("The campaign."));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!onePositional(context, parser, 1, QStringLiteral("the campaign's id")))
        return CliExit::Usage;
    const QString campaignId = parser.positionalArguments().constFirst();
    const auto opened = openCampaigns();
    if (!opened->status)
        return storeFailed(context, opened->status);
    const Result<QList<T>> listed = context.await<QList<T>>(
            [&](const QObject *receiver, auto done) { fetch(campaignId, receiver, done); });
    if (!listed)
        return context.fail(listed.error());
    QList<T> kept = listed.value();
    for (T &item : kept) {
        if (item.campaignId.isEmpty())
            item.campaignId = campaignId;
    }
    (opened->store.get()->*save)(campaignId, kept);
    QJsonArray json;
    for (const T &item : std::as_const(kept))
        json.append(toJson(item));
    return context.succeed(QJsonObject{{QStringLiteral("campaignId"), campaignId}, {key, json}},
                           summary.arg(json.size()));
}

// --- campaigns

int campaignsList(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    const auto opened = openCampaigns();
    if (!opened->status)
        return storeFailed(context, opened->status);
    QJsonArray campaigns;
    for (const EmailCampaignStore::CampaignRow &row : opened->store->campaigns())
        campaigns.append(campaignRowJson(row));
    return context.succeed(QJsonObject{{QStringLiteral("campaigns"), campaigns}},
                           QStringLiteral("%1 campaign(s) known to this console.").arg(campaigns.size()));
}

int campaignsCreate(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The campaign's name."));
    parser.addOption({QStringLiteral("priority"), QStringLiteral("HIGH, MEDIUM (default) or LOW."),
                      QStringLiteral("priority"), QStringLiteral("MEDIUM")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!onePositional(context, parser, 1, QStringLiteral("the campaign's name")))
        return CliExit::Usage;
    const QString name = parser.positionalArguments().constFirst().trimmed();
    const QString priority = parser.value(QStringLiteral("priority")).trimmed().toUpper();
    if (name.isEmpty())
        return context.usageError(QStringLiteral("The campaign's name is empty."));
    if (!O2dCampaign::priorities().contains(priority))
        return context.usageError(QStringLiteral("--priority takes HIGH, MEDIUM or LOW."));
    const auto opened = openCampaigns();
    if (!opened->status)
        return storeFailed(context, opened->status);
    const Result<O2dCampaign> created = context.await<O2dCampaign>([&](const QObject *receiver, auto done) {
        service(context)->createCampaign(name, priority, receiver, done);
    });
    if (!created)
        return context.fail(created.error());
    if (const StoreStatus saved = opened->store->saveCampaign(created.value()); !saved)
        return storeFailed(context, saved);
    return context.succeed(created->toJson(),
                           QStringLiteral("Created \"%1\" (%2).").arg(created->name, created->id));
}

int campaignsShow(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The campaign's id."));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!onePositional(context, parser, 1, QStringLiteral("the campaign's id")))
        return CliExit::Usage;
    const QString id = parser.positionalArguments().constFirst();
    const auto opened = openCampaigns();
    if (!opened->status)
        return storeFailed(context, opened->status);
    const auto row = opened->store->campaign(id);
    if (!row)
        return context.usageError(
                QStringLiteral("This console knows no campaign %1: create it, or add it with "
                               "'email campaigns register %1'.")
                        .arg(id));
    QJsonObject json = campaignRowJson(*row);
    QJsonArray steps;
    for (const O2dStep &step : opened->store->steps(id))
        steps.append(stepJson(step));
    json.insert(QStringLiteral("steps"), steps);
    QJsonArray mailboxes;
    for (const O2dMailbox &mailbox : opened->store->mailboxes(id))
        mailboxes.append(mailboxJson(mailbox));
    json.insert(QStringLiteral("mailboxes"), mailboxes);
    if (const auto schedule = opened->store->schedule(id))
        json.insert(QStringLiteral("schedule"), schedule->toJson());
    if (const auto rules = opened->store->stopRules(id))
        json.insert(QStringLiteral("stopRules"), rules->toJson());
    if (const auto preflight = opened->store->preflight(id))
        json.insert(QStringLiteral("preflight"), preflight->toJson());
    json.insert(QStringLiteral("contacts"), opened->store->contactCount(id));
    QJsonArray launches;
    for (const EmailCampaignStore::LaunchRecord &launch : opened->store->launches(id))
        launches.append(launchJson(launch));
    json.insert(QStringLiteral("launches"), launches);
    return context.succeed(json);
}

int campaignsRegister(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("id"),
                                 QStringLiteral("The id of a campaign made elsewhere."));
    parser.addOption({QStringLiteral("name"), QStringLiteral("Your name for it (default: its id)."),
                      QStringLiteral("text")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!onePositional(context, parser, 1, QStringLiteral("the campaign's id")))
        return CliExit::Usage;
    O2dCampaign campaign;
    campaign.id = parser.positionalArguments().constFirst().trimmed();
    campaign.name = parser.value(QStringLiteral("name")).trimmed();
    if (campaign.id.isEmpty())
        return context.usageError(QStringLiteral("The campaign's id is empty."));
    if (campaign.name.isEmpty())
        campaign.name = campaign.id;
    const auto opened = openCampaigns();
    if (!opened->status)
        return storeFailed(context, opened->status);
    // The API cannot read a campaign back; its stats prove it exists in this workspace.
    const Result<O2dStats> stats = context.await<O2dStats>([&](const QObject *receiver, auto done) {
        service(context)->fetchStats(campaign.id, receiver, done);
    });
    if (!stats)
        return context.fail(stats.error());
    campaign.status = stats->status;
    campaign.workspaceId = service(context)->workspaceId();
    if (const StoreStatus saved = opened->store->saveCampaign(campaign, true); !saved)
        return storeFailed(context, saved);
    opened->store->saveStats(stats.value(), QDateTime::currentDateTimeUtc());
    const auto row = opened->store->campaign(campaign.id);
    return context.succeed(row ? campaignRowJson(*row) : campaign.toJson(),
                           QStringLiteral("Registered \"%1\" (%2).").arg(campaign.name, campaign.id));
}

// --- steps

void addStepContentOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("subject"),
                      QStringLiteral("The subject line ({{placeholders}} allowed)."),
                      QStringLiteral("text")});
    parser.addOption({QStringLiteral("body-html"), QStringLiteral("The HTML body."), QStringLiteral("html")});
    parser.addOption(
            {QStringLiteral("body-text"), QStringLiteral("The plain-text body."), QStringLiteral("text")});
    parser.addOption({QStringLiteral("delay-days"), QStringLiteral("Days after the previous step."),
                      QStringLiteral("n")});
    parser.addOption({QStringLiteral("order"), QStringLiteral("Position of the step (1 = first)."),
                      QStringLiteral("n")});
    parser.addOption(
            {QStringLiteral("variants"),
             QStringLiteral("A/B variants as the API takes them: a JSON array of {subject, bodyHtml, "
                            "bodyText, weight} (or {\"variants\": [...]}); weights sum to 100."),
             QStringLiteral("file.json")});
}

// The variants file, or a usage error printed (nullopt).
std::optional<QList<O2dVariant>> readVariants(CliContext &context, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        context.usageError(QStringLiteral("--variants: cannot read %1 (%2).").arg(path, file.errorString()));
        return std::nullopt;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    const QJsonArray array = document.isArray()
            ? document.array()
            : document.object().value(QStringLiteral("variants")).toArray();
    if (error.error != QJsonParseError::NoError || array.isEmpty()) {
        context.usageError(QStringLiteral("--variants: %1 is not a JSON array of variants.").arg(path));
        return std::nullopt;
    }
    QList<O2dVariant> variants;
    for (const QJsonValue &value : array)
        variants.append(O2dVariant::fromJson(value.toObject()));
    return variants;
}

int stepsAdd(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("campaign-id"), QStringLiteral("The campaign."));
    addStepContentOptions(parser);
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!onePositional(context, parser, 1, QStringLiteral("the campaign's id")))
        return CliExit::Usage;
    O2dStep step;
    step.campaignId = parser.positionalArguments().constFirst();
    step.subject = parser.value(QStringLiteral("subject"));
    step.bodyHtml = parser.value(QStringLiteral("body-html"));
    step.bodyText = parser.value(QStringLiteral("body-text"));
    bool ok = true;
    step.delayDays = intOption(context, parser, QStringLiteral("delay-days"), 0, 3650, &ok).value_or(0);
    const auto order = intOption(context, parser, QStringLiteral("order"), 1, 1000, &ok);
    if (!ok)
        return CliExit::Usage;
    if (parser.isSet(QStringLiteral("variants"))) {
        const auto variants = readVariants(context, parser.value(QStringLiteral("variants")));
        if (!variants)
            return CliExit::Usage;
        step.variants = *variants;
        if (step.subject.isEmpty() && !step.variants.isEmpty())
            step.subject = step.variants.constFirst().subject;
    }
    if (step.subject.isEmpty())
        return context.usageError(QStringLiteral("Give the step's --subject."));
    if (const auto problem = step.problem())
        return invalid(context, *problem);
    const auto opened = openCampaigns();
    if (!opened->status)
        return storeFailed(context, opened->status);
    if (order) {
        step.order = *order;
    } else {
        // The next position: after the campaign's last step as the vendor lists them.
        const Result<QList<O2dStep>> existing =
                context.await<QList<O2dStep>>([&](const QObject *receiver, auto done) {
                    service(context)->listSteps(step.campaignId, receiver, done);
                });
        if (!existing)
            return context.fail(existing.error());
        int last = 0;
        for (const O2dStep &other : existing.value())
            last = qMax(last, other.order);
        step.order = last + 1;
    }
    const Result<O2dStep> added = context.await<O2dStep>([&](const QObject *receiver, auto done) {
        service(context)->addStep(step.campaignId, step, receiver, done);
    });
    if (!added)
        return context.fail(added.error());
    O2dStep saved = added.value();
    if (saved.campaignId.isEmpty())
        saved.campaignId = step.campaignId;
    opened->store->saveStep(saved);
    return context.succeed(stepJson(saved),
                           QStringLiteral("Added step %1 (%2).").arg(saved.order).arg(saved.id));
}

int stepsList(CliContext &context, const QStringList &arguments)
{
    return listOfCampaign<O2dStep>(
            context, arguments,
            [&context](const QString &campaignId, const QObject *receiver, auto done) {
                service(context)->listSteps(campaignId, receiver, done);
            },
            &EmailCampaignStore::saveSteps, stepJson, QStringLiteral("steps"), QStringLiteral("%1 step(s)."));
}

int stepsUpdate(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("step-id"), QStringLiteral("The step."));
    addStepContentOptions(parser);
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!onePositional(context, parser, 1, QStringLiteral("the step's id")))
        return CliExit::Usage;
    const QString stepId = parser.positionalArguments().constFirst();
    O2dStepUpdate update;
    if (parser.isSet(QStringLiteral("subject")))
        update.subject = parser.value(QStringLiteral("subject"));
    if (parser.isSet(QStringLiteral("body-html")))
        update.bodyHtml = parser.value(QStringLiteral("body-html"));
    if (parser.isSet(QStringLiteral("body-text")))
        update.bodyText = parser.value(QStringLiteral("body-text"));
    bool ok = true;
    update.delayDays = intOption(context, parser, QStringLiteral("delay-days"), 0, 3650, &ok);
    update.order = intOption(context, parser, QStringLiteral("order"), 1, 1000, &ok);
    if (!ok)
        return CliExit::Usage;
    if (parser.isSet(QStringLiteral("variants"))) {
        const auto variants = readVariants(context, parser.value(QStringLiteral("variants")));
        if (!variants)
            return CliExit::Usage;
        update.variants = *variants;
    }
    if (update.isEmpty())
        return context.usageError(
                QStringLiteral("Nothing to change: give at least one of --subject, --body-html, "
                               "--body-text, --delay-days, --order, --variants."));
    if (const auto problem = update.problem())
        return invalid(context, *problem);
    const auto opened = openCampaigns();
    if (!opened->status)
        return storeFailed(context, opened->status);
    const Result<O2dStep> updated = context.await<O2dStep>([&](const QObject *receiver, auto done) {
        service(context)->updateStep(stepId, update, receiver, done);
    });
    if (!updated)
        return context.fail(updated.error());
    O2dStep saved = updated.value();
    if (saved.id.isEmpty())
        saved.id = stepId;
    if (saved.campaignId.isEmpty()) {
        if (const auto known = opened->store->step(stepId))
            saved.campaignId = known->campaignId;
    }
    opened->store->saveStep(saved);
    return context.succeed(stepJson(saved), QStringLiteral("Updated step %1.").arg(stepId));
}

int stepsRemove(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("step-id"), QStringLiteral("The step."));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!onePositional(context, parser, 1, QStringLiteral("the step's id")))
        return CliExit::Usage;
    const QString stepId = parser.positionalArguments().constFirst();
    const auto opened = openCampaigns();
    if (!opened->status)
        return storeFailed(context, opened->status);
    const Result<Done> removed = context.await<Done>([&](const QObject *receiver, auto done) {
        service(context)->deleteStep(stepId, receiver, done);
    });
    if (!removed)
        return context.fail(removed.error());
    opened->store->removeStep(stepId);
    return context.succeed(QJsonObject{{QStringLiteral("removed"), stepId}},
                           QStringLiteral("Removed step %1.").arg(stepId));
}

// "field=value" pairs.
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

int preview(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("step-id"), QStringLiteral("The step (as last listed)."));
    parser.addOption({QStringLiteral("variant"), QStringLiteral("Preview A/B variant N (1 = the first)."),
                      QStringLiteral("n")});
    parser.addOption({QStringLiteral("contact"), QStringLiteral("A contact field, field=value (repeatable)."),
                      QStringLiteral("field=value")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!onePositional(context, parser, 1, QStringLiteral("the step's id")))
        return CliExit::Usage;
    const QString stepId = parser.positionalArguments().constFirst();
    QJsonObject contact;
    QString bad;
    if (!parsePairs(parser.values(QStringLiteral("contact")), &contact, &bad))
        return context.usageError(QStringLiteral("--contact takes field=value, not \"%1\".").arg(bad));
    if (contact.isEmpty())
        return context.usageError(
                QStringLiteral("Give the contact to render for: --contact firstName=Sarah ..."));
    const auto opened = openCampaigns();
    if (!opened->status)
        return storeFailed(context, opened->status);
    // The preview endpoint renders content it is given, and the API cannot read one step back.
    const auto step = opened->store->step(stepId);
    if (!step)
        return context.usageError(
                QStringLiteral(
                        "This console does not know step %1: run 'email steps list <campaign-id>' first.")
                        .arg(stepId));
    O2dVariant content{step->subject, step->bodyHtml, step->bodyText, 100};
    bool ok = true;
    if (const auto variant = intOption(context, parser, QStringLiteral("variant"), 1, 1000, &ok)) {
        if (*variant > step->variants.size())
            return context.usageError(
                    QStringLiteral("Step %1 has %2 variant(s).").arg(stepId).arg(step->variants.size()));
        content = step->variants.at(*variant - 1);
    }
    if (!ok)
        return CliExit::Usage;
    const Result<O2dPreview> rendered = context.await<O2dPreview>([&](const QObject *receiver, auto done) {
        service(context)->previewStep(content, contact, receiver, done);
    });
    if (!rendered)
        return context.fail(rendered.error());
    return context.succeed(QJsonObject{{QStringLiteral("subject"), rendered->subject},
                                       {QStringLiteral("bodyHtml"), rendered->bodyHtml},
                                       {QStringLiteral("bodyText"), rendered->bodyText}});
}

// --- import

int importContacts(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("campaign-id"), QStringLiteral("The campaign."));
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The contacts CSV."));
    parser.addOption({QStringLiteral("map"),
                      QStringLiteral("Map a column to a contact field, column=field (repeatable; an empty "
                                     "field leaves the column out). Unmapped columns follow the proposal."),
                      QStringLiteral("column=field")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!onePositional(context, parser, 2, QStringLiteral("the campaign's id and the CSV file")))
        return CliExit::Usage;
    const QString campaignId = parser.positionalArguments().at(0);
    const QString path = parser.positionalArguments().at(1);
    const ContactCsv::Preview head = ContactCsv::preview(path, 1);
    if (!head.problem.isEmpty())
        return context.usageError(QStringLiteral("%1: %2").arg(path, head.problem));
    QMap<QString, QString> mapping = ContactCsv::proposeMapping(head.header);
    for (const QString &pair : parser.values(QStringLiteral("map"))) {
        const qsizetype equals = pair.indexOf(QLatin1Char('='));
        const QString column = pair.left(equals).trimmed();
        if (equals <= 0 || !head.header.contains(column))
            return context.usageError(
                    QStringLiteral(
                            "--map takes column=field with a column of the file's header (%1), not \"%2\".")
                            .arg(head.header.join(QStringLiteral(", ")), pair));
        mapping.insert(column, pair.mid(equals + 1).trimmed());
    }
    if (const QString problem = ContactCsv::mappingProblem(head.header, mapping); !problem.isEmpty())
        return context.usageError(problem);
    const auto opened = openCampaigns();
    if (!opened->status)
        return storeFailed(context, opened->status);

    ContactImporter importer(service(context), opened->store.get(), context.outbound().store());
    std::optional<ContactImporter::Summary> summary;
    QEventLoop loop;
    QObject::connect(&importer, &ContactImporter::progress, context.receiver(),
                     [&context](const QString &phase, qint64 done, qint64 total) {
                         context.say(total > 0
                                             ? QStringLiteral("%1: %2 of %3").arg(phase).arg(done).arg(total)
                                             : QStringLiteral("%1: %2").arg(phase).arg(done));
                     });
    QObject::connect(&importer, &ContactImporter::finished, context.receiver(),
                     [&summary, &loop](const ContactImporter::Summary &result) {
                         summary = result;
                         loop.quit();
                     });
    importer.start(campaignId, path, mapping);
    if (!summary)
        loop.exec();
    if (summary->error.isError())
        return context.fail(summary->error);
    QJsonArray rowErrors;
    for (const ContactCsv::RowError &error : summary->rowErrors)
        rowErrors.append(QJsonObject{{QStringLiteral("line"), error.line},
                                     {QStringLiteral("column"), error.column},
                                     {QStringLiteral("value"), error.value},
                                     {QStringLiteral("message"), error.message},
                                     {QStringLiteral("source"), error.source}});
    QJsonObject mappingJson;
    for (auto it = mapping.cbegin(); it != mapping.cend(); ++it)
        mappingJson.insert(it.key(), it.value());
    return context.succeed(
            QJsonObject{{QStringLiteral("campaignId"), campaignId},
                        {QStringLiteral("mode"), summary->mode},
                        {QStringLiteral("idempotencyKey"), summary->idempotencyKey},
                        {QStringLiteral("reused"), summary->reused},
                        {QStringLiteral("mapping"), mappingJson},
                        {QStringLiteral("rowsSent"), summary->rowsSent},
                        {QStringLiteral("imported"), summary->imported},
                        {QStringLiteral("invalid"), summary->invalid},
                        {QStringLiteral("rowErrors"), rowErrors},
                        {QStringLiteral("doNotContact"), QJsonArray::fromStringList(summary->doNotContact)}},
            QStringLiteral(
                    "Imported %1 contact(s) (%2), %3 invalid; %4 on the do-not-contact list (suppressed "
                    "before launch).")
                    .arg(summary->imported)
                    .arg(summary->mode)
                    .arg(summary->invalid)
                    .arg(summary->doNotContact.size()));
}

// --- mailboxes

void addMailboxOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("daily-limit"),
                      QStringLiteral("Emails a day from this mailbox (1-5000)."), QStringLiteral("n")});
    parser.addOption(
            {QStringLiteral("weight"), QStringLiteral("Sending weight (1-1000)."), QStringLiteral("n")});
    parser.addOption({QStringLiteral("gap-base"), QStringLiteral("Least seconds between sends (0-86400)."),
                      QStringLiteral("s")});
    parser.addOption({QStringLiteral("gap-jitter"),
                      QStringLiteral("Random seconds added to the gap (0-86400)."), QStringLiteral("s")});
}

// The numbers as typed; the documented ranges are checked by O2dMailbox::problem (field named).
bool readMailboxOptions(CliContext &context, const QCommandLineParser &parser, O2dMailbox *mailbox)
{
    const auto number = [&](const QString &name, std::optional<int> *target) {
        if (!parser.isSet(name))
            return true;
        bool ok = false;
        const int value = parser.value(name).toInt(&ok);
        if (!ok) {
            context.usageError(QStringLiteral("--%1 takes a whole number.").arg(name));
            return false;
        }
        *target = value;
        return true;
    };
    return number(QStringLiteral("daily-limit"), &mailbox->dailyLimit) &&
            number(QStringLiteral("weight"), &mailbox->weight) &&
            number(QStringLiteral("gap-base"), &mailbox->gapBaseSeconds) &&
            number(QStringLiteral("gap-jitter"), &mailbox->gapJitterSeconds);
}

int mailboxesAdd(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("campaign-id"), QStringLiteral("The campaign."));
    parser.addPositionalArgument(QStringLiteral("address"), QStringLiteral("The mailbox's email address."));
    addMailboxOptions(parser);
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!onePositional(context, parser, 2, QStringLiteral("the campaign's id and the mailbox's address")))
        return CliExit::Usage;
    O2dMailbox mailbox;
    mailbox.campaignId = parser.positionalArguments().at(0);
    mailbox.mailboxAddress = parser.positionalArguments().at(1).trimmed();
    if (!readMailboxOptions(context, parser, &mailbox))
        return CliExit::Usage;
    if (const auto problem = mailbox.problem(true))
        return invalid(context, *problem);
    const auto opened = openCampaigns();
    if (!opened->status)
        return storeFailed(context, opened->status);
    const Result<O2dMailbox> attached = context.await<O2dMailbox>([&](const QObject *receiver, auto done) {
        service(context)->attachMailbox(mailbox.campaignId, mailbox, receiver, done);
    });
    if (!attached)
        return context.fail(attached.error());
    O2dMailbox saved = attached.value();
    if (saved.campaignId.isEmpty())
        saved.campaignId = mailbox.campaignId;
    if (saved.mailboxAddress.isEmpty())
        saved.mailboxAddress = mailbox.mailboxAddress;
    opened->store->saveMailbox(saved);
    return context.succeed(mailboxJson(saved),
                           QStringLiteral("Attached %1 (%2).").arg(saved.mailboxAddress, saved.id));
}

int mailboxesList(CliContext &context, const QStringList &arguments)
{
    return listOfCampaign<O2dMailbox>(
            context, arguments,
            [&context](const QString &campaignId, const QObject *receiver, auto done) {
                service(context)->listMailboxes(campaignId, receiver, done);
            },
            &EmailCampaignStore::saveMailboxes, mailboxJson, QStringLiteral("mailboxes"),
            QStringLiteral("%1 mailbox(es)."));
}

int mailboxesUpdate(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("campaign-id"), QStringLiteral("The campaign."));
    parser.addPositionalArgument(QStringLiteral("cmb-id"), QStringLiteral("The campaign mailbox (cmb_…)."));
    addMailboxOptions(parser);
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!onePositional(context, parser, 2, QStringLiteral("the campaign's id and the campaign mailbox's id")))
        return CliExit::Usage;
    const QString campaignId = parser.positionalArguments().at(0);
    const QString cmbId = parser.positionalArguments().at(1);
    O2dMailbox changes;
    if (!readMailboxOptions(context, parser, &changes))
        return CliExit::Usage;
    if (!changes.dailyLimit && !changes.weight && !changes.gapBaseSeconds && !changes.gapJitterSeconds)
        return context.usageError(QStringLiteral("Nothing to change: give at least one of --daily-limit, "
                                                 "--weight, --gap-base, --gap-jitter."));
    if (const auto problem = changes.problem(false))
        return invalid(context, *problem);
    const auto opened = openCampaigns();
    if (!opened->status)
        return storeFailed(context, opened->status);
    const Result<O2dMailbox> updated = context.await<O2dMailbox>([&](const QObject *receiver, auto done) {
        service(context)->updateMailbox(campaignId, cmbId, changes, receiver, done);
    });
    if (!updated)
        return context.fail(updated.error());
    O2dMailbox saved = updated.value();
    if (saved.id.isEmpty())
        saved.id = cmbId;
    if (saved.campaignId.isEmpty())
        saved.campaignId = campaignId;
    opened->store->saveMailbox(saved);
    return context.succeed(mailboxJson(saved), QStringLiteral("Updated %1.").arg(cmbId));
}

// --- schedule, stop rules, preflight

int schedule(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("campaign-id"), QStringLiteral("The campaign."));
    parser.addOption({QStringLiteral("timezone"), QStringLiteral("IANA time zone, e.g. America/New_York."),
                      QStringLiteral("zone")});
    parser.addOption({QStringLiteral("days"), QStringLiteral("Sending weekdays, e.g. mon,tue,wed,thu,fri."),
                      QStringLiteral("list")});
    parser.addOption({QStringLiteral("window"), QStringLiteral("A sending window, HH:MM-HH:MM (repeatable)."),
                      QStringLiteral("from-to")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!onePositional(context, parser, 1, QStringLiteral("the campaign's id")))
        return CliExit::Usage;
    const QString campaignId = parser.positionalArguments().constFirst();
    if (!parser.isSet(QStringLiteral("timezone")) || !parser.isSet(QStringLiteral("days")) ||
        !parser.isSet(QStringLiteral("window")))
        return context.usageError(QStringLiteral("Give --timezone, --days and at least one --window."));
    O2dSchedule schedule;
    schedule.timezone = parser.value(QStringLiteral("timezone")).trimmed();
    for (const QString &day :
         parser.value(QStringLiteral("days")).split(QLatin1Char(','), Qt::SkipEmptyParts))
        schedule.weekdays.append(day.trimmed().toLower());
    static const QRegularExpression shape(QStringLiteral("^(\\d{1,2}:\\d{2})-(\\d{1,2}:\\d{2})$"));
    for (const QString &text : parser.values(QStringLiteral("window"))) {
        const QRegularExpressionMatch match = shape.match(text.trimmed());
        O2dSchedule::Window window{QTime::fromString(match.captured(1), QStringLiteral("H:mm")),
                                   QTime::fromString(match.captured(2), QStringLiteral("H:mm"))};
        if (!match.hasMatch() || !window.start.isValid() || !window.end.isValid())
            return context.usageError(
                    QStringLiteral("--window takes two times, e.g. 09:00-12:00, not \"%1\".").arg(text));
        schedule.windows.append(window);
    }
    if (const auto problem = schedule.problem())
        return invalid(context, *problem);
    const auto opened = openCampaigns();
    if (!opened->status)
        return storeFailed(context, opened->status);
    const Result<Done> set = context.await<Done>([&](const QObject *receiver, auto done) {
        service(context)->setSchedule(campaignId, schedule, receiver, done);
    });
    if (!set)
        return context.fail(set.error());
    opened->store->saveSchedule(campaignId, schedule);
    return context.succeed(schedule.toJson(), QStringLiteral("Schedule set for %1.").arg(campaignId));
}

int stopRules(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("campaign-id"), QStringLiteral("The campaign."));
    parser.addOption(
            {QStringLiteral("no-stop-on-reply"), QStringLiteral("Keep writing to a contact who replied.")});
    parser.addOption({QStringLiteral("no-stop-on-unsub"),
                      QStringLiteral("Keep writing to a contact who unsubscribed.")});
    parser.addOption({QStringLiteral("no-stop-on-bounce"), QStringLiteral("Keep writing after a bounce.")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!onePositional(context, parser, 1, QStringLiteral("the campaign's id")))
        return CliExit::Usage;
    const QString campaignId = parser.positionalArguments().constFirst();
    O2dStopRules rules;
    rules.stopOnReply = !parser.isSet(QStringLiteral("no-stop-on-reply"));
    rules.stopOnUnsub = !parser.isSet(QStringLiteral("no-stop-on-unsub"));
    rules.stopOnBounce = !parser.isSet(QStringLiteral("no-stop-on-bounce"));
    const auto opened = openCampaigns();
    if (!opened->status)
        return storeFailed(context, opened->status);
    const Result<Done> set = context.await<Done>([&](const QObject *receiver, auto done) {
        service(context)->setStopRules(campaignId, rules, receiver, done);
    });
    if (!set)
        return context.fail(set.error());
    opened->store->saveStopRules(campaignId, rules);
    return context.succeed(rules.toJson(), QStringLiteral("Stop rules set for %1.").arg(campaignId));
}

int preflight(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("campaign-id"), QStringLiteral("The campaign."));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!onePositional(context, parser, 1, QStringLiteral("the campaign's id")))
        return CliExit::Usage;
    const QString campaignId = parser.positionalArguments().constFirst();
    const auto opened = openCampaigns();
    if (!opened->status)
        return storeFailed(context, opened->status);
    const Result<O2dPreflight> checked = context.await<O2dPreflight>([&](const QObject *receiver, auto done) {
        service(context)->preflight(campaignId, receiver, done);
    });
    if (!checked)
        return context.fail(checked.error());
    opened->store->savePreflight(campaignId, checked.value(), QDateTime::currentDateTimeUtc());
    for (const O2dPreflight::Check &check : checked->checks)
        context.say(
                QStringLiteral("%1 %2").arg(check.passed ? QStringLiteral("pass") : QStringLiteral("FAIL"),
                                            O2dPreflight::describe(check.name)));
    if (!checked->canLaunch()) {
        context.succeed(checked->toJson(),
                        QStringLiteral("Blocking: %1. Fix these before launching.")
                                .arg(checked->blockingFailures.join(QStringLiteral(", "))));
        return CliExit::Preflight;
    }
    return context.succeed(checked->toJson(), checked->summary);
}

// --- launch and lifecycle

// Runs one launcher operation to its end, progress on stderr.
struct LauncherRun
{
    QString operation;
    ApiError error;
    O2dLaunchJob job;
};

LauncherRun runLauncher(CliContext &context, CampaignLauncher &launcher, const std::function<void()> &start)
{
    LauncherRun run;
    bool ended = false;
    QEventLoop loop;
    QObject::connect(&launcher, &CampaignLauncher::progress, context.receiver(),
                     [&context](const QString &what) { context.say(what); });
    QObject::connect(&launcher, &CampaignLauncher::finished, context.receiver(),
                     [&](const QString &operation, const ApiError &error, const O2dLaunchJob &job) {
                         run = {operation, error, job};
                         ended = true;
                         loop.quit();
                     });
    start();
    if (!ended)
        loop.exec();
    return run;
}

// What a launcher run ended with: the guard's refusal exits 5, a campaign with nobody left 1.
int launcherResult(CliContext &context, const CampaignLauncher &launcher, const LauncherRun &run,
                   const QJsonObject &json, const QString &sentence)
{
    if (run.error.code == QLatin1String("outbound_refused")) {
        QJsonObject refusal = launcher.lastDecision().toJson();
        refusal.insert(QStringLiteral("suppressed"), QJsonArray::fromStringList(launcher.lastSuppressed()));
        return context.refused(refusal, run.error.explanation);
    }
    if (run.error.isError()) {
        const int status = context.fail(run.error);
        return run.error.code == QLatin1String("no_contacts") ? int(CliExit::VendorError) : status;
    }
    return context.succeed(json, sentence);
}

int launch(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("campaign-id"), QStringLiteral("The campaign."));
    parser.addOption({QStringLiteral("limit"),
                      QStringLiteral("Send to at most N contacts (gradual rollout; a later launch with a new "
                                     "limit is the next tranche)."),
                      QStringLiteral("n")});
    parser.addOption({QStringLiteral("async"), QStringLiteral("Launch as a job and follow it to its end.")});
    parser.addOption(
            {QStringLiteral("no-wait"), QStringLiteral("With --async: return once the job is queued.")});
    parser.addOption({QStringLiteral("dry-run"),
                      QStringLiteral("List the contacts and the do-not-contact matches; send nothing.")});
    parser.addOption({QStringLiteral("yes"), QStringLiteral("Confirm: this starts sending real emails.")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!onePositional(context, parser, 1, QStringLiteral("the campaign's id")))
        return CliExit::Usage;
    const QString campaignId = parser.positionalArguments().constFirst();
    O2dLaunchOptions options;
    options.async = parser.isSet(QStringLiteral("async"));
    bool ok = true;
    options.limit = intOption(context, parser, QStringLiteral("limit"), 1, 1'000'000, &ok);
    if (!ok)
        return CliExit::Usage;
    if (parser.isSet(QStringLiteral("no-wait")) && !options.async)
        return context.usageError(QStringLiteral("--no-wait goes with --async."));
    if (const auto problem = options.problem())
        return invalid(context, *problem);
    const bool dryRun = parser.isSet(QStringLiteral("dry-run"));
    if (!dryRun && !parser.isSet(QStringLiteral("yes")))
        return context.usageError(
                QStringLiteral("This would launch campaign %1 and send real emails. Add --yes to "
                               "confirm (or --dry-run to see who it would reach).")
                        .arg(campaignId));
    const auto opened = openCampaigns();
    if (!opened->status)
        return storeFailed(context, opened->status);
    CampaignLauncher launcher(service(context), opened->store.get(), context.outbound().guard());
    launcher.setFollowJobs(!parser.isSet(QStringLiteral("no-wait")));

    if (dryRun) {
        std::optional<CampaignLauncher::Plan> plan;
        QEventLoop loop;
        QObject::connect(&launcher, &CampaignLauncher::prepared, context.receiver(),
                         [&](const CampaignLauncher::Plan &result) {
                             plan = result;
                             loop.quit();
                         });
        launcher.prepare(campaignId);
        if (!plan)
            loop.exec();
        if (plan->error.isError())
            return context.fail(plan->error);
        return context.succeed(
                QJsonObject{{QStringLiteral("campaignId"), campaignId},
                            {QStringLiteral("contacts"), plan->contacts},
                            {QStringLiteral("doNotContact"), QJsonArray::fromStringList(plan->doNotContact)}},
                QStringLiteral(
                        "Dry run: %1 contact(s) would be reached; %2 on the do-not-contact list would be "
                        "suppressed first. Nothing was sent.")
                        .arg(plan->contacts)
                        .arg(plan->doNotContact.size()));
    }

    const LauncherRun run = runLauncher(context, launcher, [&] { launcher.launch(campaignId, options); });
    QJsonObject json = run.job.toJson();
    json.insert(QStringLiteral("campaignId"), campaignId);
    json.insert(QStringLiteral("suppressed"), QJsonArray::fromStringList(launcher.lastSuppressed()));
    return launcherResult(context, launcher, run, json,
                          QStringLiteral("Launch %1: %2 (sent once, never retried).")
                                  .arg(run.job.jobId.isEmpty() ? campaignId : run.job.jobId, run.job.status));
}

int lifecycle(CliContext &context, const QStringList &arguments, bool resume)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("campaign-id"), QStringLiteral("The campaign."));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!onePositional(context, parser, 1, QStringLiteral("the campaign's id")))
        return CliExit::Usage;
    const QString campaignId = parser.positionalArguments().constFirst();
    const auto opened = openCampaigns();
    if (!opened->status)
        return storeFailed(context, opened->status);
    // Pausing contacts nobody: the guard is opened only to resume.
    CampaignLauncher launcher(service(context), opened->store.get(),
                              resume ? context.outbound().guard() : nullptr);
    const LauncherRun run = runLauncher(context, launcher, [&] {
        if (resume)
            launcher.resume(campaignId);
        else
            launcher.pause(campaignId);
    });
    const QString action = resume ? QStringLiteral("resume") : QStringLiteral("pause");
    QJsonObject json{{QStringLiteral("campaignId"), campaignId}, {QStringLiteral("action"), action}};
    if (resume)
        json.insert(QStringLiteral("suppressed"), QJsonArray::fromStringList(launcher.lastSuppressed()));
    return launcherResult(context, launcher, run, json,
                          resume ? QStringLiteral("Resumed %1.").arg(campaignId)
                                 : QStringLiteral("Paused %1.").arg(campaignId));
}

int pause(CliContext &context, const QStringList &arguments)
{
    return lifecycle(context, arguments, false);
}

int resume(CliContext &context, const QStringList &arguments)
{
    return lifecycle(context, arguments, true);
}

// --- stats and suppressions

int stats(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("campaign-id"), QStringLiteral("The campaign."));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!onePositional(context, parser, 1, QStringLiteral("the campaign's id")))
        return CliExit::Usage;
    const QString campaignId = parser.positionalArguments().constFirst();
    const auto opened = openCampaigns();
    if (!opened->status)
        return storeFailed(context, opened->status);
    const Result<O2dStats> fetched = context.await<O2dStats>([&](const QObject *receiver, auto done) {
        service(context)->fetchStats(campaignId, receiver, done);
    });
    if (!fetched)
        return context.fail(fetched.error());
    // Kept for the Campaigns list when the console knows the campaign.
    if (opened->store->campaign(campaignId))
        opened->store->saveStats(fetched.value(), QDateTime::currentDateTimeUtc());
    return context.succeed(fetched->raw,
                           QStringLiteral("%1: %2 contact(s), %3 sent.")
                                   .arg(campaignId)
                                   .arg(fetched->contacts.total)
                                   .arg(fetched->sends.sent));
}

int suppressionsAdd(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("email"), QStringLiteral("Addresses to suppress."),
                                 QStringLiteral("<email>..."));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    QStringList emails;
    for (const QString &email : parser.positionalArguments()) {
        const QString address = email.trimmed().toLower();
        static const QRegularExpression shape(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
        if (!shape.match(address).hasMatch())
            return context.usageError(QStringLiteral("\"%1\" is not an email address.").arg(email));
        emails.append(address);
    }
    if (emails.isEmpty())
        return context.usageError(QStringLiteral("Give at least one email address."));
    const Result<Done> added = context.await<Done>([&](const QObject *receiver, auto done) {
        service(context)->addSuppressions(emails, QStringLiteral("manual_suppression"), receiver, done);
    });
    if (!added)
        return context.fail(added.error());
    return context.succeed(QJsonObject{{QStringLiteral("suppressed"), QJsonArray::fromStringList(emails)}},
                           QStringLiteral("Suppressed %1 address(es) at Outreach2day.").arg(emails.size()));
}

const CliRegistration registration({
        {QStringLiteral("email campaigns list"),
         QStringLiteral("Lists the Outreach2day campaigns this console created or registered"),
         QString(),
         {},
         campaignsList},
        {QStringLiteral("email campaigns create"), QStringLiteral("Creates an Outreach2day campaign"),
         QStringLiteral("<name> [--priority HIGH|MEDIUM|LOW]"), kOutreach, campaignsCreate},
        {QStringLiteral("email campaigns show"),
         QStringLiteral("Shows a campaign as this console knows it (steps, mailboxes, schedule, launches)"),
         QStringLiteral("<id>"),
         {},
         campaignsShow},
        {QStringLiteral("email campaigns register"),
         QStringLiteral("Adds an existing campaign by id (the API cannot list campaigns)"),
         QStringLiteral("<id> [--name <text>]"), kOutreach, campaignsRegister},
        {QStringLiteral("email steps add"), QStringLiteral("Adds a step (an email) to a campaign"),
         QStringLiteral(
                 "<campaign-id> --subject <text> [--body-html <html>] [--body-text <text>] [--delay-days N] "
                 "[--order N] [--variants <file.json>]"),
         kOutreach, stepsAdd},
        {QStringLiteral("email steps list"), QStringLiteral("Lists a campaign's steps"),
         QStringLiteral("<campaign-id>"), kOutreach, stepsList},
        {QStringLiteral("email steps update"), QStringLiteral("Changes a step"),
         QStringLiteral(
                 "<step-id> [--subject <text>] [--body-html <html>] [--body-text <text>] [--delay-days N] "
                 "[--order N] [--variants <file.json>]"),
         kOutreach, stepsUpdate},
        {QStringLiteral("email steps rm"), QStringLiteral("Deletes a step"), QStringLiteral("<step-id>"),
         kOutreach, stepsRemove},
        {QStringLiteral("email preview"), QStringLiteral("Renders a step for a contact (the API's preview)"),
         QStringLiteral("<step-id> [--variant N] --contact field=value..."), kOutreach, preview},
        {QStringLiteral("email import"),
         QStringLiteral("Imports contacts from a CSV (direct or staged by size; never twice)"),
         QStringLiteral("<campaign-id> <file.csv> [--map column=field]..."), kOutreach, importContacts},
        {QStringLiteral("email mailboxes add"), QStringLiteral("Attaches a sending mailbox to a campaign"),
         QStringLiteral(
                 "<campaign-id> <address> [--daily-limit N] [--weight N] [--gap-base S] [--gap-jitter S]"),
         kOutreach, mailboxesAdd},
        {QStringLiteral("email mailboxes list"), QStringLiteral("Lists a campaign's mailboxes"),
         QStringLiteral("<campaign-id>"), kOutreach, mailboxesList},
        {QStringLiteral("email mailboxes update"),
         QStringLiteral("Changes a campaign mailbox's limits and gaps"),
         QStringLiteral(
                 "<campaign-id> <cmb-id> [--daily-limit N] [--weight N] [--gap-base S] [--gap-jitter S]"),
         kOutreach, mailboxesUpdate},
        {QStringLiteral("email schedule"), QStringLiteral("Sets a campaign's sending schedule"),
         QStringLiteral(
                 "<campaign-id> --timezone <zone> --days mon,tue,... --window HH:MM-HH:MM [--window ...]"),
         kOutreach, schedule},
        {QStringLiteral("email stop-rules"),
         QStringLiteral("Sets when a campaign stops writing to a contact"),
         QStringLiteral("<campaign-id> [--no-stop-on-reply] [--no-stop-on-unsub] [--no-stop-on-bounce]"),
         kOutreach, stopRules},
        {QStringLiteral("email preflight"),
         QStringLiteral("Runs the launch checks (exit 6 while blocking failures remain)"),
         QStringLiteral("<campaign-id>"), kOutreach, preflight},
        {QStringLiteral("email launch"),
         QStringLiteral("Launches a campaign through the outbound guard (sent once, never retried)"),
         QStringLiteral("<campaign-id> [--limit N] [--async [--no-wait]] [--dry-run] --yes"), kOutreach,
         launch},
        {QStringLiteral("email pause"), QStringLiteral("Pauses a campaign"), QStringLiteral("<campaign-id>"),
         kOutreach, pause},
        {QStringLiteral("email resume"), QStringLiteral("Resumes a campaign through the outbound guard"),
         QStringLiteral("<campaign-id>"), kOutreach, resume},
        {QStringLiteral("email stats"), QStringLiteral("Prints the vendor's stats of a campaign"),
         QStringLiteral("<campaign-id>"), kOutreach, stats},
        {QStringLiteral("email suppressions add"), QStringLiteral("Suppresses addresses at Outreach2day"),
         QStringLiteral("<email>..."), kOutreach, suppressionsAdd},
});

} // namespace
