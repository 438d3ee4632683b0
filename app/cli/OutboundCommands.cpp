// The do-not-contact list and the audit log from scripts (README promises O2, O6): the same
// local store the console and its guard use, so an entry added here is refused there at once.

#include "CliCommand.h"
#include "CliContext.h"
#include "core/Iso8601.h"
#include "export/CsvExporter.h"
#include "outbound/DncCsv.h"
#include "outbound/DncInput.h"
#include "outbound/OutboundTables.h"
#include "outbound/SqliteOutboundStore.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonObject>
#include <QMultiHash>

#include <algorithm>
#include <cstdio>
#include <numeric>

namespace {

const QString kReason = QStringLiteral("reason");

QJsonValue timeJson(const QDateTime &when)
{
    return when.isValid() ? QJsonValue(when.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonObject entryJson(const DncEntry &e)
{
    static const char *const kinds[] = {"phone", "email", "domain"};
    return {{QStringLiteral("entry"), DncInput::display(e)},
            {QStringLiteral("kind"), QLatin1String(kinds[int(e.kind)])},
            {QStringLiteral("value"), e.value},
            {QStringLiteral("source"), e.source},
            {QStringLiteral("reason"), e.reason},
            {QStringLiteral("addedAt"), timeJson(e.addedAt)},
            {QStringLiteral("addedBy"), e.addedBy}};
}

// The local data could not be used: JSON error on stdout, the sentence on stderr, exit 3 (the
// operator's environment needs fixing, as with a locked keychain).
int storeFailed(CliContext &context, const StoreStatus &status)
{
    context.succeed(QJsonObject{{QStringLiteral("error"),
                                 QJsonObject{{QStringLiteral("code"), status.codeString()},
                                             {QStringLiteral("message"), status.message}}}},
                    status.summary());
    return CliExit::NotConfigured;
}

// An entry as typed, or a usage error (exit 2) saying why it is none.
std::optional<DncEntry> entryArgument(CliContext &context, const QStringList &positional,
                                      const QString &command)
{
    if (positional.size() != 1) {
        context.usageError(
                QStringLiteral("'%1' takes one entry: a phone number, an email address or @domain.")
                        .arg(command));
        return std::nullopt;
    }
    QString problem;
    std::optional<DncEntry> entry = DncInput::parse(positional.first(), &problem);
    if (!entry)
        context.usageError(problem);
    return entry;
}

std::optional<DncEntry> storedEntry(SqliteOutboundStore &store, const DncEntry &entry)
{
    for (const DncEntry &e : store.doNotContactEntries()) {
        if (e.kind == entry.kind && e.value == entry.value)
            return e;
    }
    return std::nullopt;
}

// --- dnc ----------------------------------------------------------------------------------------

int dncAdd(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(
            {kReason, QStringLiteral("Why the person must not be contacted."), QStringLiteral("text")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    std::optional<DncEntry> entry =
            entryArgument(context, parser.positionalArguments(), QStringLiteral("dnc add"));
    if (!entry)
        return CliExit::Usage;
    entry->source = QStringLiteral("manual");
    entry->reason = parser.value(kReason).trimmed();
    entry->addedAt = QDateTime::currentDateTimeUtc();
    entry->addedBy = localOperatorName();

    SqliteOutboundStore store;
    if (StoreStatus s = store.open(); !s)
        return storeFailed(context, s);
    if (const std::optional<DncEntry> existing = storedEntry(store, *entry))
        return context.succeed(QJsonObject{{QStringLiteral("added"), false},
                                           {QStringLiteral("entry"), entryJson(*existing)}},
                               QStringLiteral("%1 was already on the do-not-contact list.")
                                       .arg(DncInput::display(*existing)));
    if (StoreStatus s = store.addToDoNotContact({*entry}); !s)
        return storeFailed(context, s);
    const std::optional<DncEntry> added = storedEntry(store, *entry);
    return context.succeed(
            QJsonObject{{QStringLiteral("added"), true},
                        {QStringLiteral("entry"), entryJson(added.value_or(*entry))}},
            QStringLiteral("%1 is on the do-not-contact list.").arg(DncInput::display(*entry)));
}

int dncRemove(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({kReason, QStringLiteral("Why the entry is removed (required; kept in the audit log)."),
                      QStringLiteral("text")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    const std::optional<DncEntry> entry =
            entryArgument(context, parser.positionalArguments(), QStringLiteral("dnc rm"));
    if (!entry)
        return CliExit::Usage;
    const QString reason = parser.value(kReason).trimmed();
    if (reason.isEmpty())
        return context.usageError(QStringLiteral("Removing an entry needs --reason <text>: it is kept in the "
                                                 "audit log."));
    SqliteOutboundStore store;
    if (StoreStatus s = store.open(); !s)
        return storeFailed(context, s);
    const std::optional<DncEntry> existing = storedEntry(store, *entry);
    if (!existing)
        return context.usageError(
                QStringLiteral("%1 is not on the do-not-contact list.").arg(DncInput::display(*entry)));
    if (StoreStatus s =
                store.removeFromDoNotContact(DncInput::display(*existing), reason, localOperatorName());
        !s)
        return storeFailed(context, s);
    return context.succeed(QJsonObject{{QStringLiteral("removed"), entryJson(*existing)},
                                       {QStringLiteral("reason"), reason}},
                           QStringLiteral("%1 is no longer on the do-not-contact list; the removal is in the "
                                          "audit log.")
                                   .arg(DncInput::display(*existing)));
}

int dncList(CliContext &context, const QStringList &arguments)
{
    if (!arguments.isEmpty())
        return context.usageError(QStringLiteral("'dnc list' takes no arguments."));
    SqliteOutboundStore store;
    const QList<DncEntry> entries = store.doNotContactEntries();
    if (StoreStatus s = store.lastReadStatus(); !s)
        return storeFailed(context, s);
    QJsonArray array;
    for (const DncEntry &e : entries)
        array.append(entryJson(e));
    return context.succeed(
            QJsonObject{{QStringLiteral("count"), int(array.size())}, {QStringLiteral("entries"), array}},
            QStringLiteral("%1 entr%2 on the do-not-contact list.")
                    .arg(array.size())
                    .arg(array.size() == 1 ? QStringLiteral("y") : QStringLiteral("ies")));
}

int dncCheck(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    const std::optional<DncEntry> entry =
            entryArgument(context, parser.positionalArguments(), QStringLiteral("dnc check"));
    if (!entry)
        return CliExit::Usage;
    if (entry->kind == DncEntry::Kind::Domain)
        return context.usageError(QStringLiteral("'dnc check' takes a phone number or an email address (a "
                                                 "person), not a domain."));
    SqliteOutboundStore store;
    const Recipient recipient = entry->kind == DncEntry::Kind::Phone ? Recipient::phone(entry->value)
                                                                     : Recipient::email(entry->value);
    const std::optional<DncEntry> listed = store.listedEntry(recipient);
    // A list that could not be read never answers "not listed".
    if (StoreStatus s = store.lastReadStatus(); !s)
        return storeFailed(context, s);
    QJsonObject json{{QStringLiteral("entry"), entry->value}, {QStringLiteral("listed"), listed.has_value()}};
    if (listed)
        json.insert(QStringLiteral("listedBy"), entryJson(*listed));
    return context.succeed(
            json,
            listed ? QStringLiteral("%1 is on the do-not-contact list (%2).")
                             .arg(entry->value, DncInput::display(*listed))
                   : QStringLiteral("%1 is not on the do-not-contact list.").arg(entry->value));
}

int dncImport(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(
            {kReason, QStringLiteral("Reason for the rows that give none."), QStringLiteral("text")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (parser.positionalArguments().size() != 1)
        return context.usageError(QStringLiteral("'dnc import' takes one CSV file."));
    SqliteOutboundStore store;
    if (StoreStatus s = store.open(); !s)
        return storeFailed(context, s);
    const DncCsv::Import result = DncCsv::importFile(store, parser.positionalArguments().first(),
                                                     localOperatorName(), parser.value(kReason));
    if (!result.problems.isEmpty()) {
        QJsonArray problems;
        for (const DncCsv::Problem &p : result.problems)
            problems.append(
                    QJsonObject{{QStringLiteral("line"), p.line}, {QStringLiteral("problem"), p.sentence}});
        context.succeed(
                QJsonObject{{QStringLiteral("error"),
                             QJsonObject{{QStringLiteral("code"), QStringLiteral("invalid_rows")},
                                         {QStringLiteral("message"),
                                          QStringLiteral("Nothing was imported: fix these rows first.")}}},
                            {QStringLiteral("problems"), problems}},
                QStringLiteral("Nothing was imported: %1 row(s) are not valid (see the list).")
                        .arg(result.problems.size()));
        for (const DncCsv::Problem &p : result.problems)
            context.say(p.line > 0 ? QStringLiteral("  line %1: %2").arg(p.line).arg(p.sentence)
                                   : QStringLiteral("  %1").arg(p.sentence));
        return CliExit::Usage;
    }
    if (!result.status)
        return storeFailed(context, result.status);
    const int rows = int(result.entries.size());
    return context.succeed(QJsonObject{{QStringLiteral("rows"), rows},
                                       {QStringLiteral("added"), result.added},
                                       {QStringLiteral("alreadyListed"), rows - result.added}},
                           QStringLiteral("%1 row(s) read, %2 added to the do-not-contact list.")
                                   .arg(rows)
                                   .arg(result.added));
}

int dncExport(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("profile"),
                      QStringLiteral("spreadsheet (default: BOM, + numbers protected) or machine (raw)."),
                      QStringLiteral("profile"), QStringLiteral("spreadsheet")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (parser.positionalArguments().size() != 1)
        return context.usageError(QStringLiteral("'dnc export' takes the CSV file to write."));
    const QString profileName = parser.value(QStringLiteral("profile"));
    if (profileName != QLatin1String("spreadsheet") && profileName != QLatin1String("machine"))
        return context.usageError(QStringLiteral("--profile must be spreadsheet or machine."));
    SqliteOutboundStore store;
    const QList<DncEntry> entries = store.doNotContactEntries();
    if (StoreStatus s = store.lastReadStatus(); !s)
        return storeFailed(context, s);
    const CsvExportResult result = DncCsv::exportFile(
            entries, parser.positionalArguments().first(),
            profileName == QLatin1String("machine") ? CsvProfile::Machine : CsvProfile::Spreadsheet);
    if (!result.status)
        return storeFailed(context, result.status);
    return context.succeed(
            QJsonObject{{QStringLiteral("path"), result.path}, {QStringLiteral("rows"), result.rows}},
            QStringLiteral("%1 entr%2 written to %3.")
                    .arg(result.rows)
                    .arg(result.rows == 1 ? QStringLiteral("y") : QStringLiteral("ies"), result.path));
}

// --- audit --------------------------------------------------------------------------------------

QJsonObject attemptJson(const AuditAttempt &a, const QList<const AuditOutcome *> &outcomes)
{
    QJsonArray answers;
    for (const AuditOutcome *o : outcomes)
        answers.append(QJsonObject{{QStringLiteral("at"), timeJson(o->at)},
                                   {QStringLiteral("outcome"), o->outcome},
                                   {QStringLiteral("vendorRef"), o->vendorRef},
                                   {QStringLiteral("error"), o->error}});
    return {{QStringLiteral("id"), a.id},
            {QStringLiteral("at"), timeJson(a.at)},
            {QStringLiteral("vendor"), a.isListChange() ? QJsonValue() : QJsonValue(Vendors::id(a.vendor))},
            {QStringLiteral("action"), a.action},
            {QStringLiteral("recipient"), a.recipient},
            {QStringLiteral("verdict"), a.verdict},
            {QStringLiteral("reasonCode"), a.reasonCode},
            {QStringLiteral("reason"), a.reason},
            {QStringLiteral("overrideReason"), a.overrideReason},
            {QStringLiteral("ringsAt"), timeJson(a.ringsAt)},
            {QStringLiteral("attemptWeight"), a.attemptWeight},
            {QStringLiteral("intentId"), a.intentId},
            {QStringLiteral("actor"), a.actor},
            {QStringLiteral("outcomes"), answers}};
}

int audit(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(
            {QStringLiteral("since"),
             QStringLiteral("Only attempts decided at or after this time (ISO 8601, UTC when no zone)."),
             QStringLiteral("time")});
    parser.addOption({QStringLiteral("format"), QStringLiteral("json (default) or csv (machine profile)."),
                      QStringLiteral("format"), QStringLiteral("json")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!parser.positionalArguments().isEmpty())
        return context.usageError(QStringLiteral("'audit' takes options only."));
    QDateTime since;
    if (parser.isSet(QStringLiteral("since"))) {
        since = Iso8601::toDateTime(parser.value(QStringLiteral("since")));
        if (!since.isValid())
            return context.usageError(QStringLiteral(
                    "--since is not a date or time (use 2026-05-24 or 2026-05-24T18:00:00Z)."));
    }
    const QString format = parser.value(QStringLiteral("format"));
    if (format != QLatin1String("json") && format != QLatin1String("csv"))
        return context.usageError(QStringLiteral("--format must be json or csv."));

    SqliteOutboundStore store;
    const QList<AuditAttempt> attempts = store.attempts(since);
    // An attempt's answers come after it, so those since `since` are all of theirs.
    const QList<AuditOutcome> outcomes = store.outcomes(since);
    if (StoreStatus s = store.lastReadStatus(); !s)
        return storeFailed(context, s);

    if (format == QLatin1String("csv")) {
        return context.succeedCsv(OutboundTables::auditRows(attempts, outcomes), {},
                                  QStringLiteral("%1 attempt(s).").arg(attempts.size()));
    }
    QMultiHash<qint64, const AuditOutcome *> byAttempt;
    for (const AuditOutcome &o : outcomes)
        byAttempt.insert(o.attemptId, &o);
    QJsonArray array;
    for (const AuditAttempt &a : attempts) {
        QList<const AuditOutcome *> answers = byAttempt.values(a.id);
        std::reverse(answers.begin(), answers.end()); // QMultiHash returns the latest first
        array.append(attemptJson(a, answers));
    }
    return context.succeed(
            QJsonObject{{QStringLiteral("count"), int(array.size())}, {QStringLiteral("attempts"), array}},
            QStringLiteral("%1 attempt(s).").arg(array.size()));
}

const CliRegistration registration({
        {QStringLiteral("dnc add"),
         QStringLiteral("Puts a number, an email address or a whole @domain on the "
                        "do-not-contact list"),
         QStringLiteral("<number|email|@domain> [--reason <text>]"),
         {},
         dncAdd},
        {QStringLiteral("dnc rm"),
         QStringLiteral("Takes an entry off the do-not-contact list (the reason goes to the audit log)"),
         QStringLiteral("<number|email|@domain> --reason <text>"),
         {},
         dncRemove},
        {QStringLiteral("dnc list"), QStringLiteral("Lists the do-not-contact list"), QString(), {}, dncList},
        {QStringLiteral("dnc check"),
         QStringLiteral(
                 "Says whether a number or address is on the do-not-contact list (\"listed\": true/false)"),
         QStringLiteral("<number|email>"),
         {},
         dncCheck},
        {QStringLiteral("dnc import"),
         QStringLiteral(
                 "Adds every row of a CSV file (entry[,reason]); one invalid row and nothing is added"),
         QStringLiteral("<file.csv> [--reason <text>]"),
         {},
         dncImport},
        {QStringLiteral("dnc export"),
         QStringLiteral("Writes the do-not-contact list to a CSV file"),
         QStringLiteral("<file.csv> [--profile spreadsheet|machine]"),
         {},
         dncExport},
        {QStringLiteral("audit"),
         QStringLiteral("Prints the audit log: every outbound attempt and its outcome"),
         QStringLiteral("[--since <time>] [--format json|csv]"),
         {},
         audit},
});

} // namespace
