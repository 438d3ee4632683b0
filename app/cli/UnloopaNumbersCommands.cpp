// Unloopa Voice's phone numbers and voice agents from scripts (Pro plan): numbers list (count of the
// limit of 3), search by area code and release (--yes); agents list, add, update and remove
// (--yes). Buying a number spends money: UnloopaOutboundCommands.cpp.

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

// ---- numbers ------------------------------------------------------------------------------------

int numbersList(CliContext &context, const QStringList &arguments)
{
    if (!arguments.isEmpty())
        return context.usageError(QStringLiteral("'numbers list' takes no arguments."));
    UnloopaVoiceService voice(context.hub().unloopa());
    const Result<UnloopaPhoneNumbers> numbers = context.await<UnloopaPhoneNumbers>(
            [&](const QObject *receiver, auto done) { voice.fetchNumbers(receiver, done); });
    if (!numbers.ok())
        return context.fail(numbers.error());
    return context.succeed(numbers->toJson(),
                           QStringLiteral("%1 of %2 phone numbers.").arg(numbers->count).arg(numbers->limit));
}

int numbersSearch(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("area-code"), QStringLiteral("Three digits, e.g. 305."));
    parser.addOption({QStringLiteral("country"), QStringLiteral("ISO country code (default US)."),
                      QStringLiteral("code"), QStringLiteral("US")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (parser.positionalArguments().size() != 1)
        return context.usageError(QStringLiteral("Give one 3-digit area code."));
    UnloopaNumberSearch search;
    search.areaCode = parser.positionalArguments().first();
    search.country = parser.value(QStringLiteral("country")).toUpper();
    if (const QString problem = search.problem(); !problem.isEmpty())
        return context.usageError(problem);
    UnloopaVoiceService voice(context.hub().unloopa());
    const Result<QList<UnloopaAvailableNumber>> found = context.await<QList<UnloopaAvailableNumber>>(
            [&](const QObject *receiver, auto done) { voice.searchNumbers(search, receiver, done); });
    if (!found.ok())
        return context.fail(found.error());
    return context.succeed(QJsonObject{{QStringLiteral("numbers"), UnloopaCli::jsonArray(found.value())}},
                           QStringLiteral("%1 number(s) available in %2 (%3). Buying one costs $1/month.")
                                   .arg(found->size())
                                   .arg(search.areaCode, search.country));
}

int numbersRelease(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("id"),
                                 QStringLiteral("The number's id (see 'numbers list')."));
    parser.addOption({QStringLiteral("yes"),
                      QStringLiteral("Confirm: the number is given up; campaigns using it stop calling.")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (parser.positionalArguments().size() != 1)
        return context.usageError(QStringLiteral("Give one number id (see 'numbers list')."));
    const QString id = parser.positionalArguments().first();
    if (!parser.isSet(QStringLiteral("yes")))
        return context.usageError(
                QStringLiteral("This would release number %1 for good. Add --yes to confirm.").arg(id));
    UnloopaVoiceService voice(context.hub().unloopa());
    const Result<Done> released = context.await<Done>(
            [&](const QObject *receiver, auto done) { voice.releaseNumber(id, receiver, done); });
    if (!released.ok())
        return context.fail(released.error());
    return context.succeed(QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("released"), true}},
                           QStringLiteral("Number %1 released.").arg(id));
}

// ---- voice agents -------------------------------------------------------------------------------

void addAgentOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("name"), QStringLiteral("The agent's name."), QStringLiteral("text")});
    parser.addOption({QStringLiteral("voice-id"), QStringLiteral("The voice's id."), QStringLiteral("id")});
    parser.addOption({QStringLiteral("voice-name"), QStringLiteral("The voice's name (optional)."),
                      QStringLiteral("text")});
    parser.addOption({QStringLiteral("script"),
                      QStringLiteral("What the agent says and does; may use {{business_name}} {{city}} "
                                     "{{industry}} {{website_url}}."),
                      QStringLiteral("text")});
    parser.addOption({QStringLiteral("first-message"), QStringLiteral("The agent's opening line."),
                      QStringLiteral("text")});
    parser.addOption(
            {QStringLiteral("stability"), QStringLiteral("Voice stability, 0-1."), QStringLiteral("n")});
    parser.addOption({QStringLiteral("similarity"), QStringLiteral("Voice similarity boost, 0-1."),
                      QStringLiteral("n")});
}

std::optional<UnloopaAgentFields> agentFields(const QCommandLineParser &parser, QString *problem)
{
    UnloopaAgentFields fields;
    auto take = [&parser](std::optional<QString> &field, const QString &name) {
        if (parser.isSet(name))
            field = parser.value(name);
    };
    take(fields.name, QStringLiteral("name"));
    take(fields.voiceId, QStringLiteral("voice-id"));
    take(fields.voiceName, QStringLiteral("voice-name"));
    take(fields.script, QStringLiteral("script"));
    take(fields.firstMessage, QStringLiteral("first-message"));
    auto number = [&parser, problem](std::optional<double> &field, const QString &name) {
        if (!parser.isSet(name))
            return true;
        bool ok = false;
        const double value = parser.value(name).toDouble(&ok);
        if (!ok || value < 0 || value > 1) {
            *problem = QStringLiteral("--%1 must be a number from 0 to 1.").arg(name);
            return false;
        }
        field = value;
        return true;
    };
    if (!number(fields.stability, QStringLiteral("stability")) ||
        !number(fields.similarityBoost, QStringLiteral("similarity")))
        return std::nullopt;
    return fields;
}

int agentsList(CliContext &context, const QStringList &arguments)
{
    if (!arguments.isEmpty())
        return context.usageError(QStringLiteral("'voice agents list' takes no arguments."));
    UnloopaVoiceService voice(context.hub().unloopa());
    const Result<UnloopaVoiceAgents> agents = context.await<UnloopaVoiceAgents>(
            [&](const QObject *receiver, auto done) { voice.fetchAgents(receiver, done); });
    if (!agents.ok())
        return context.fail(agents.error());
    return context.succeed(agents->toJson(),
                           QStringLiteral("%1 of %2 voice agents.").arg(agents->count).arg(agents->limit));
}

int agentsAdd(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    addAgentOptions(parser);
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!parser.positionalArguments().isEmpty())
        return context.usageError(QStringLiteral("'voice agents add' takes options only."));
    QString problem;
    const auto fields = agentFields(parser, &problem);
    if (!fields)
        return context.usageError(problem);
    if (problem = fields->createProblem(); !problem.isEmpty())
        return context.usageError(problem);
    UnloopaVoiceService voice(context.hub().unloopa());
    const Result<UnloopaVoiceAgent> created = context.await<UnloopaVoiceAgent>(
            [&](const QObject *receiver, auto done) { voice.createAgent(*fields, receiver, done); });
    if (!created.ok())
        return context.fail(created.error());
    return context.succeed(created->toJson(),
                           QStringLiteral("Voice agent %1 created (%2).").arg(created->name, created->id));
}

int agentsUpdate(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    addAgentOptions(parser);
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (parser.positionalArguments().size() != 1)
        return context.usageError(QStringLiteral("Give one agent id, then the fields to change."));
    const QString id = parser.positionalArguments().first();
    QString problem;
    const auto fields = agentFields(parser, &problem);
    if (!fields)
        return context.usageError(problem);
    if (fields->isEmpty())
        return context.usageError(QStringLiteral("Give at least one field to change (see --help)."));
    if (problem = fields->updateProblem(); !problem.isEmpty())
        return context.usageError(problem);
    UnloopaVoiceService voice(context.hub().unloopa());
    const Result<UnloopaVoiceAgent> updated = context.await<UnloopaVoiceAgent>(
            [&](const QObject *receiver, auto done) { voice.updateAgent(id, *fields, receiver, done); });
    if (!updated.ok())
        return context.fail(updated.error());
    return context.succeed(updated->toJson(), QStringLiteral("Voice agent %1 updated.").arg(id));
}

int agentsRemove(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The agent's id."));
    parser.addOption({QStringLiteral("yes"), QStringLiteral("Confirm: the agent is deleted for good.")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (parser.positionalArguments().size() != 1)
        return context.usageError(QStringLiteral("Give one agent id (see 'voice agents list')."));
    const QString id = parser.positionalArguments().first();
    if (!parser.isSet(QStringLiteral("yes")))
        return context.usageError(
                QStringLiteral("This would delete voice agent %1 (also at ElevenLabs). Add --yes to confirm.")
                        .arg(id));
    UnloopaVoiceService voice(context.hub().unloopa());
    const Result<Done> removed = context.await<Done>(
            [&](const QObject *receiver, auto done) { voice.deleteAgent(id, receiver, done); });
    if (!removed.ok())
        return context.fail(removed.error());
    return context.succeed(QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("deleted"), true}},
                           QStringLiteral("Voice agent %1 deleted.").arg(id));
}

const QString kAgentUsage = QStringLiteral(
        "[--voice-name <text>] [--first-message <text>] [--stability <0-1>] [--similarity <0-1>]");

const CliRegistration registration({
        {QStringLiteral("numbers list"),
         QStringLiteral("Lists the Unloopa phone numbers the account rents (at most 3)."), QString(),
         kUnloopa, numbersList},
        {QStringLiteral("numbers search"),
         QStringLiteral("Searches numbers available in a 3-digit area code."),
         QStringLiteral("<area-code> [--country <code>]"), kUnloopa, numbersSearch},
        {QStringLiteral("numbers release"), QStringLiteral("Gives a rented number up."),
         QStringLiteral("<id> --yes"), kUnloopa, numbersRelease},
        {QStringLiteral("voice agents list"), QStringLiteral("Lists the voice agents (at most 3)."),
         QString(), kUnloopa, agentsList},
        {QStringLiteral("voice agents add"), QStringLiteral("Creates a voice agent."),
         QStringLiteral("--name <text> --voice-id <id> --script <text> ") + kAgentUsage, kUnloopa, agentsAdd},
        {QStringLiteral("voice agents update"),
         QStringLiteral("Changes a voice agent's fields (synced to ElevenLabs by Unloopa)."),
         QStringLiteral("<id> [--name <text>] [--voice-id <id>] [--script <text>] ") + kAgentUsage, kUnloopa,
         agentsUpdate},
        {QStringLiteral("voice agents rm"), QStringLiteral("Deletes a voice agent."),
         QStringLiteral("<id> --yes"), kUnloopa, agentsRemove},
});

} // namespace
