// Unloopa outreach email from scripts: the sending status (accounts, warm-up, capacity as the API
// reports it) and templates (prebuilt read-only, custom created, changed and deleted). Sending
// contacts people: it goes through the outbound guard (UnloopaOutboundCommands.cpp).

#include "CliCommand.h"
#include "CliContext.h"
#include "UnloopaCliSupport.h"
#include "accounts/ServiceHub.h"
#include "unloopa/UnloopaOutreachService.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonObject>

namespace {

const QList<Vendor> kUnloopa{Vendor::Unloopa};

QJsonObject templateJson(const UnloopaTemplate &t)
{
    QJsonObject json = t.toJson();
    // The placeholders the template uses, flagged when Unloopa does not know them or needs Pro.
    QJsonArray used;
    const QStringList known = UnloopaTemplate::placeholders();
    for (const QString &name : UnloopaTemplate::placeholdersIn(t.subject + QLatin1Char('\n') + t.body)) {
        used.append(QJsonObject{{QStringLiteral("name"), name},
                                {QStringLiteral("known"), known.contains(name)},
                                {QStringLiteral("proOnly"), UnloopaTemplate::isProOnlyPlaceholder(name)}});
    }
    json.insert(QStringLiteral("placeholders"), used);
    return json;
}

int outreachStatus(CliContext &context, const QStringList &arguments)
{
    if (!arguments.isEmpty())
        return context.usageError(QStringLiteral("'outreach status' takes no arguments."));
    UnloopaOutreachService outreach(context.hub().unloopa());
    const Result<UnloopaOutreachStatus> status = context.await<UnloopaOutreachStatus>(
            [&](const QObject *receiver, auto done) { outreach.fetchStatus(receiver, done); });
    if (!status.ok())
        return context.fail(status.error());
    if (!status->configured)
        return context.succeed(status->toJson(),
                               QStringLiteral("No email account is connected: connect one at %1")
                                       .arg(status->setupUrl.toString()));
    const UnloopaOutreachSummary &s = status->summary;
    return context.succeed(
            status->toJson(),
            QStringLiteral("%1 account(s): %2 of %3 emails left today, %4 queued, %5 with health issues.")
                    .arg(s.totalAccounts)
                    .arg(s.totalRemainingToday)
                    .arg(s.totalDailyCapacity)
                    .arg(s.pendingInQueue)
                    .arg(s.accountsWithHealthIssues));
}

int templatesList(CliContext &context, const QStringList &arguments)
{
    if (!arguments.isEmpty())
        return context.usageError(QStringLiteral("'outreach templates list' takes no arguments."));
    UnloopaOutreachService outreach(context.hub().unloopa());
    const Result<UnloopaTemplates> templates = context.await<UnloopaTemplates>(
            [&](const QObject *receiver, auto done) { outreach.fetchTemplates(receiver, done); });
    if (!templates.ok())
        return context.fail(templates.error());
    QJsonArray prebuilt;
    QJsonArray custom;
    for (const UnloopaTemplate &t : templates->prebuilt)
        prebuilt.append(templateJson(t));
    for (const UnloopaTemplate &t : templates->custom)
        custom.append(templateJson(t));
    return context.succeed(
            QJsonObject{{QStringLiteral("templates"), prebuilt},
                        {QStringLiteral("custom_templates"), custom}},
            QStringLiteral("%1 prebuilt and %2 custom template(s).").arg(prebuilt.size()).arg(custom.size()));
}

void addTemplateOptions(QCommandLineParser &parser)
{
    parser.addOption(
            {QStringLiteral("name"), QStringLiteral("The template's name."), QStringLiteral("text")});
    parser.addOption({QStringLiteral("subject"),
                      QStringLiteral("The subject; placeholders: {{business_name}} {{city}} {{industry}} "
                                     "{{website_url}} {{video_url}} (Pro)."),
                      QStringLiteral("text")});
    parser.addOption({QStringLiteral("body"), QStringLiteral("The body, with the same placeholders."),
                      QStringLiteral("text")});
    parser.addOption(
            {QStringLiteral("language"), QStringLiteral("Language code, e.g. en."), QStringLiteral("code")});
    parser.addOption({QStringLiteral("default"), QStringLiteral("Make it the default template.")});
}

UnloopaTemplateFields templateFields(const QCommandLineParser &parser)
{
    UnloopaTemplateFields fields;
    auto take = [&parser](std::optional<QString> &field, const QString &name) {
        if (parser.isSet(name))
            field = parser.value(name);
    };
    take(fields.name, QStringLiteral("name"));
    take(fields.subject, QStringLiteral("subject"));
    take(fields.body, QStringLiteral("body"));
    take(fields.language, QStringLiteral("language"));
    if (parser.isSet(QStringLiteral("default")))
        fields.isDefault = true;
    return fields;
}

int templatesAdd(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    addTemplateOptions(parser);
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!parser.positionalArguments().isEmpty())
        return context.usageError(QStringLiteral("'outreach templates add' takes options only."));
    const UnloopaTemplateFields fields = templateFields(parser);
    if (const QString problem = fields.createProblem(); !problem.isEmpty())
        return context.usageError(problem);
    UnloopaOutreachService outreach(context.hub().unloopa());
    const Result<UnloopaTemplate> created = context.await<UnloopaTemplate>(
            [&](const QObject *receiver, auto done) { outreach.createTemplate(fields, receiver, done); });
    if (!created.ok())
        return context.fail(created.error());
    return context.succeed(templateJson(created.value()),
                           QStringLiteral("Template %1 created (%2).").arg(created->name, created->id));
}

int templatesUpdate(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    addTemplateOptions(parser);
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (parser.positionalArguments().size() != 1)
        return context.usageError(QStringLiteral("Give one template id, then the fields to change."));
    const QString id = parser.positionalArguments().first();
    const UnloopaTemplateFields fields = templateFields(parser);
    if (fields.isEmpty())
        return context.usageError(QStringLiteral(
                "Give at least one field to change: --name, --subject, --body, --language or --default."));
    if (const QString problem = fields.updateProblem(); !problem.isEmpty())
        return context.usageError(problem);
    UnloopaOutreachService outreach(context.hub().unloopa());
    const Result<UnloopaTemplate> updated = context.await<UnloopaTemplate>(
            [&](const QObject *receiver, auto done) { outreach.updateTemplate(id, fields, receiver, done); });
    if (!updated.ok())
        return context.fail(updated.error());
    return context.succeed(templateJson(updated.value()), QStringLiteral("Template %1 updated.").arg(id));
}

int templatesRemove(CliContext &context, const QStringList &arguments)
{
    if (arguments.size() != 1 || arguments.first().startsWith(QLatin1Char('-')))
        return context.usageError(QStringLiteral("Give one custom template id."));
    const QString id = arguments.first();
    UnloopaOutreachService outreach(context.hub().unloopa());
    const Result<Done> removed = context.await<Done>(
            [&](const QObject *receiver, auto done) { outreach.deleteTemplate(id, receiver, done); });
    if (!removed.ok())
        return context.fail(removed.error());
    return context.succeed(QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("deleted"), true}},
                           QStringLiteral("Template %1 deleted.").arg(id));
}

const CliRegistration registration({
        {QStringLiteral("outreach status"),
         QStringLiteral("Shows whether email sending is set up (with the setup link), each sending account's "
                        "daily limit, sent today, warm-up day and health, and the summary."),
         QString(), kUnloopa, outreachStatus},
        {QStringLiteral("outreach templates list"),
         QStringLiteral("Lists the prebuilt and custom email templates with the placeholders each uses."),
         QString(), kUnloopa, templatesList},
        {QStringLiteral("outreach templates add"), QStringLiteral("Creates a custom email template."),
         QStringLiteral("--name <text> --subject <text> --body <text> [--language <code>] [--default]"),
         kUnloopa, templatesAdd},
        {QStringLiteral("outreach templates update"),
         QStringLiteral("Changes a custom template (prebuilt ones are read-only)."),
         QStringLiteral("<id> [--name <text>] [--subject <text>] [--body <text>] [--language <code>] "
                        "[--default]"),
         kUnloopa, templatesUpdate},
        {QStringLiteral("outreach templates rm"), QStringLiteral("Deletes a custom template."),
         QStringLiteral("<id>"), kUnloopa, templatesRemove},
});

} // namespace
