// UnlimCall from scripts: SIP lines, every call record of any window (streamed to a file as CSV or
// JSON), placing an AI-agent call, and webhook subscriptions. `me` and `balance` live with the
// accounts commands.

#include "CliCommand.h"
#include "CliContext.h"
#include "accounts/ServiceHub.h"
#include "controllers/AgentCallPlacer.h"
#include "core/Iso8601.h"
#include "credentials/CredentialStore.h"
#include "export/CsvExporter.h"
#include "outbound/OutboundGuard.h"
#include "outbound/OutboundSafety.h"
#include "phone/PhoneNumbers.h"
#include "store/CdrStore.h"
#include "unlimcall/CdrRetriever.h"
#include "unlimcall/UnlimCallService.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <memory>
#include <numeric>

namespace {

// --- helpers ------------------------------------------------------------------------------------

// Keeps the hook list of the GUI in step (the API cannot list subscriptions).
std::unique_ptr<Database> openStore()
{
    auto db = std::make_unique<Database>();
    db->registerMigrations(CdrStore::component(), CdrStore::migrations());
    if (!db->open() || !db->migrate())
        return nullptr;
    return db;
}

// The output of `cdrs`: a file written as records arrive (through the exporter's atomic, owner-only
// writer) or stdout.
class RecordSink
{
public:
    RecordSink(const QString &path, bool csv, CsvProfile profile)
        : m_csv(csv), m_profile(profile), m_schema(CdrStore::cdrSchema())
    {
        if (!path.isEmpty() && path != QLatin1String("-"))
            m_file = std::make_unique<AtomicFileWriter>(path);
        for (int c = 0; c < m_schema.columnCount(); ++c) {
            if (profile == CsvProfile::Machine || m_schema.column(c).visible)
                m_columns.append(c);
        }
    }

    QString open()
    {
        if (m_file) {
            if (const StoreStatus s = m_file->open(); !s)
                return s.summary();
        }
        write(m_csv ? Csv::preamble(m_profile) + Csv::headerLine(m_schema, m_columns, m_profile)
                    : QByteArray("[\n"));
        return {};
    }

    void add(const QList<UnlimCall::Cdr> &records)
    {
        QByteArray out;
        if (m_csv) {
            const RecordTable table = CdrStore::cdrRows(records);
            std::vector<int> rows(size_t(table.rowCount()));
            std::iota(rows.begin(), rows.end(), 0);
            Csv::appendRows(out, table, rows, 0, rows.size(), m_columns, m_profile);
        } else {
            for (const UnlimCall::Cdr &cdr : records) {
                if (m_count + (&cdr - records.constData()) > 0)
                    out.append(",\n");
                out.append(QJsonDocument(cdr.toJson()).toJson(QJsonDocument::Compact));
            }
        }
        m_count += records.size();
        write(out);
    }

    // Commits the file (or leaves the previous one untouched when `keep` is false).
    QString close(bool keep)
    {
        if (!m_csv)
            write("\n]\n");
        if (!m_file) {
            std::fflush(stdout);
            return {};
        }
        if (!keep) {
            m_file->discard();
            return {};
        }
        const StoreStatus s = m_file->commit();
        return s ? QString() : s.summary();
    }

    qint64 count() const { return m_count; }
    bool toFile() const { return m_file != nullptr; }
    QString path() const { return m_file ? m_file->path() : QString(); }

private:
    void write(const QByteArray &bytes)
    {
        if (m_file)
            m_file->write(bytes);
        else
            std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    }

    bool m_csv;
    CsvProfile m_profile;
    RecordSchema m_schema;
    QList<int> m_columns;
    std::unique_ptr<AtomicFileWriter> m_file;
    qint64 m_count = 0;
};

// --- commands -----------------------------------------------------------------------------------

int agents(CliContext &context, const QStringList &arguments)
{
    if (!arguments.isEmpty())
        return context.usageError(QStringLiteral("'agents' takes no arguments."));
    const auto result = context.await<QList<UnlimCall::Agent>>([&](const QObject *receiver, auto done) {
        context.hub().unlimcall()->fetchAgents(receiver, done);
    });
    if (!result.ok())
        return context.fail(result.error());
    QJsonArray array;
    for (const UnlimCall::Agent &agent : result.value())
        array.append(agent.toJson());
    return context.succeed(
            QJsonObject{{QStringLiteral("count"), int(array.size())}, {QStringLiteral("agents"), array}},
            QStringLiteral("%1 SIP line(s).").arg(array.size()));
}

int cdrs(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("from"), QStringLiteral("Window start (ISO 8601, UTC when no zone)."),
                      QStringLiteral("time")});
    parser.addOption(
            {QStringLiteral("till"), QStringLiteral("Window end (default: now)."), QStringLiteral("time")});
    parser.addOption({QStringLiteral("days"),
                      QStringLiteral("Window of the last N days (instead of --from)."), QStringLiteral("n")});
    parser.addOption({QStringLiteral("format"), QStringLiteral("csv or json (default json)."),
                      QStringLiteral("format"), QStringLiteral("json")});
    parser.addOption(
            {QStringLiteral("profile"),
             QStringLiteral("CSV profile: machine (default: raw numbers, every column) or spreadsheet."),
             QStringLiteral("profile"), QStringLiteral("machine")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("File to write as records arrive (default: stdout)."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("concurrency"), QStringLiteral("Requests in flight (default 4)."),
                      QStringLiteral("n"), QStringLiteral("4")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!parser.positionalArguments().isEmpty())
        return context.usageError(QStringLiteral("'cdrs' takes options only (see --help)."));

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::optional<qint64> till = parser.isSet(QStringLiteral("till"))
            ? Iso8601::toMsecs(parser.value(QStringLiteral("till")))
            : std::optional<qint64>(now);
    if (!till)
        return context.usageError(
                QStringLiteral("--till is not a date or time (use 2026-05-24 or 2026-05-24T18:00:00Z)."));
    std::optional<qint64> from;
    if (parser.isSet(QStringLiteral("days"))) {
        bool ok = false;
        const int days = parser.value(QStringLiteral("days")).toInt(&ok);
        if (!ok || days < 1 || days > 3660)
            return context.usageError(QStringLiteral("--days must be a whole number of days, 1 or more."));
        from = *till - qint64(days) * 24 * 3600 * 1000;
    } else if (parser.isSet(QStringLiteral("from"))) {
        from = Iso8601::toMsecs(parser.value(QStringLiteral("from")));
        if (!from)
            return context.usageError(
                    QStringLiteral("--from is not a date or time (use 2026-05-24 or 2026-05-24T18:00:00Z)."));
    } else {
        from = *till - 24LL * 3600 * 1000; // the API's own default: the last 24 hours
    }
    if (*till <= *from)
        return context.usageError(QStringLiteral("The window must end after it starts."));
    const QString format = parser.value(QStringLiteral("format"));
    if (format != QLatin1String("csv") && format != QLatin1String("json"))
        return context.usageError(QStringLiteral("--format must be csv or json."));
    const QString profileName = parser.value(QStringLiteral("profile"));
    if (profileName != QLatin1String("machine") && profileName != QLatin1String("spreadsheet"))
        return context.usageError(QStringLiteral("--profile must be machine or spreadsheet."));
    bool ok = false;
    const int concurrency = parser.value(QStringLiteral("concurrency")).toInt(&ok);
    if (!ok || concurrency < 1 || concurrency > 16)
        return context.usageError(QStringLiteral("--concurrency must be between 1 and 16."));

    RecordSink sink(parser.value(QStringLiteral("output")), format == QLatin1String("csv"),
                    profileName == QLatin1String("spreadsheet") ? CsvProfile::Spreadsheet
                                                                : CsvProfile::Machine);
    if (const QString problem = sink.open(); !problem.isEmpty())
        return context.fail(ApiError::local(Vendor::UnlimCall, QStringLiteral("io_error"), problem));

    CdrRetriever retriever(context.hub().unlimcall());
    CdrRetriever::Options options;
    options.concurrency = concurrency;
    retriever.setOptions(options);
    QEventLoop loop;
    ApiError error;
    QObject::connect(&retriever, &CdrRetriever::recordsReceived, context.receiver(),
                     [&sink](const QList<UnlimCall::Cdr> &records) { sink.add(records); });
    QObject::connect(&retriever, &CdrRetriever::finished, context.receiver(), [&](const ApiError &e) {
        error = e;
        loop.quit();
    });
    retriever.start(*from, *till);
    loop.exec();

    const bool complete = !error.isError();
    const QString closeProblem = sink.close(complete);
    if (!complete)
        return context.fail(error);
    if (!closeProblem.isEmpty())
        return context.fail(ApiError::local(Vendor::UnlimCall, QStringLiteral("io_error"), closeProblem));
    const CdrRetriever::Stats &stats = retriever.stats();
    const QString sentence = QStringLiteral("%1 call record(s) from %2 to %3, complete (%4 request(s)).")
                                     .arg(stats.records)
                                     .arg(UnlimCall::isoTimestamp(*from), UnlimCall::isoTimestamp(*till))
                                     .arg(stats.requests);
    if (!sink.toFile()) { // the records are on stdout already
        context.say(sentence);
        return CliExit::Ok;
    }
    return context.succeed(QJsonObject{{QStringLiteral("path"), sink.path()},
                                       {QStringLiteral("records"), stats.records},
                                       {QStringLiteral("requests"), stats.requests},
                                       {QStringLiteral("from"), UnlimCall::isoTimestamp(*from)},
                                       {QStringLiteral("till"), UnlimCall::isoTimestamp(*till)},
                                       {QStringLiteral("format"), format}},
                           sentence);
}

int call(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("agent"), QStringLiteral("The AI agent's id (see 'agents')."),
                      QStringLiteral("id")});
    parser.addOption({QStringLiteral("to"), QStringLiteral("The number to call, any format."),
                      QStringLiteral("number")});
    parser.addOption({QStringLiteral("caller-id"), QStringLiteral("Caller-ID override (optional)."),
                      QStringLiteral("number")});
    parser.addOption({QStringLiteral("region"),
                      QStringLiteral("Country (ISO code) for numbers without a country code (default US)."),
                      QStringLiteral("code"), QStringLiteral("US")});
    parser.addOption({QStringLiteral("metadata"), QStringLiteral("A JSON object to attach (optional)."),
                      QStringLiteral("json")});
    parser.addOption(
            {QStringLiteral("yes"), QStringLiteral("Confirm: this places a real call and costs money.")});
    CliContext::addOutboundOptions(
            parser, QStringLiteral("Call outside the recipient's calling window (needs --reason)."));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    const auto typed = context.typedOverride(parser);
    if (!typed)
        return CliExit::Usage;
    OutboundOverrides overrides;
    overrides.callingWindow = typed->first;
    overrides.reason = typed->second;
    const QString region = parser.value(QStringLiteral("region")).toUpper();
    UnlimCall::CallRequest request;
    request.aiAgentId = parser.value(QStringLiteral("agent"));
    const QString to = parser.value(QStringLiteral("to"));
    if (request.aiAgentId.isEmpty() || to.isEmpty())
        return context.usageError(
                QStringLiteral("Give the agent and the number: --agent <id> --to <number>."));
    // Parsed, validated and normalised before anything is sent: an invalid number never leaves.
    const auto e164 = PhoneNumbers::toE164(to, region);
    if (!e164)
        return context.usageError(QStringLiteral("--to: %1").arg(PhoneNumbers::problem(to, region)));
    request.toNumber = *e164;
    if (parser.isSet(QStringLiteral("caller-id"))) {
        const auto callerId = PhoneNumbers::toE164(parser.value(QStringLiteral("caller-id")), region);
        if (!callerId)
            return context.usageError(
                    QStringLiteral("--caller-id: %1")
                            .arg(PhoneNumbers::problem(parser.value(QStringLiteral("caller-id")), region)));
        request.fromNumber = *callerId;
    }
    if (parser.isSet(QStringLiteral("metadata"))) {
        const QJsonDocument metadata =
                QJsonDocument::fromJson(parser.value(QStringLiteral("metadata")).toUtf8());
        if (!metadata.isObject())
            return context.usageError(
                    QStringLiteral("--metadata must be a JSON object, e.g. '{\"leadId\":\"L-1\"}'."));
        request.metadata = metadata.object();
    }
    if (const QString problem = UnlimCallService::callRequestProblem(request); !problem.isEmpty())
        return context.usageError(problem);

    AgentCallPlacer placer(context.hub().unlimcall(), context.outbound().guard());
    if (parser.isSet(QStringLiteral("dry-run"))) {
        const GuardDecision decision = placer.verdict(request, overrides);
        const QString verdict = decision.verdicts.value(0).reason;
        if (!decision.allAllowed())
            return context.refused(
                    decision.toJson(),
                    QStringLiteral("Dry run: %1 would not be called. %2").arg(request.toNumber, verdict));
        return context.succeed(
                decision.toJson(),
                QStringLiteral("Dry run: %1 would be called; nothing was sent.").arg(request.toNumber));
    }
    if (!parser.isSet(QStringLiteral("yes")))
        return context.usageError(
                QStringLiteral("This would call %1 now and cost money. Add --yes to confirm.")
                        .arg(PhoneNumbers::formatInternational(request.toNumber)));

    std::optional<AgentCallPlacer::Outcome> outcome;
    QEventLoop loop;
    placer.place(request, overrides, context.receiver(), [&](const AgentCallPlacer::Outcome &placed) {
        outcome = placed;
        loop.quit();
    });
    if (!outcome)
        loop.exec();
    if (outcome->refusedByGuard())
        return context.refused(
                outcome->decision.toJson(),
                QStringLiteral("Not called: %1").arg(outcome->decision.verdicts.value(0).reason));
    const Result<UnlimCall::CallQueued> &result = *outcome->result;
    if (!result.ok())
        return context.fail(result.error());
    QJsonObject json = result->toJson();
    json.insert(QStringLiteral("toNumber"), request.toNumber);
    return context.succeed(json,
                           QStringLiteral("Call %1 to %2: %3 (sent once, never retried).")
                                   .arg(result->callId, request.toNumber, result->status));
}

int hooksAdd(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("event"), UnlimCall::hookEvents().join(QStringLiteral(", ")),
                      QStringLiteral("event")});
    parser.addOption({QStringLiteral("url"),
                      QStringLiteral("The https endpoint (at most 512 characters; plain http:// to this "
                                     "computer only against the sandbox)."),
                      QStringLiteral("url")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    const UnlimCall::HookRequest request{parser.value(QStringLiteral("event")),
                                         parser.value(QStringLiteral("url"))};
    if (const QString problem =
                UnlimCallService::hookRequestProblem(request, context.hub().baseUrl(Vendor::UnlimCall));
        !problem.isEmpty())
        return context.usageError(problem);
    const auto created = context.await<UnlimCall::HookCreated>([&](const QObject *receiver, auto done) {
        context.hub().unlimcall()->createHook(request, receiver, done);
    });
    if (!created.ok())
        return context.fail(created.error());

    if (auto db = openStore())
        CdrStore(db.get()).saveHook(
                {created->id, request.event, request.targetUrl, QDateTime::currentDateTimeUtc(), {}});
    QString stored = QStringLiteral("not stored (demo mode)");
    if (CredentialStore *keychain = context.hub().credentialStore()) {
        VendorCredentials credentials;
        credentials.vendor = Vendor::UnlimCall;
        credentials.account = QStringLiteral("hook-") + created->id;
        credentials.clientId = created->id;
        credentials.clientSecret = created->secret.toUtf8();
        std::optional<std::optional<ApiError>> saved;
        QEventLoop loop;
        keychain->save(credentials, context.receiver(), [&](std::optional<ApiError> problem) {
            saved.emplace(problem);
            loop.quit();
        });
        if (!saved)
            loop.exec();
        stored = *saved ? QStringLiteral("NOT stored in the keychain (%1)").arg((*saved)->explanation)
                        : QStringLiteral("stored in the keychain as %1").arg(credentials.account);
    }
    // The one time the secret is shown: the script must keep it.
    return context.succeed(
            QJsonObject{{QStringLiteral("id"), created->id},
                        {QStringLiteral("secret"), created->secret},
                        {QStringLiteral("event"), request.event},
                        {QStringLiteral("target_url"), request.targetUrl}},
            QStringLiteral("Subscribed. The signing secret is shown once; it is %1.").arg(stored));
}

int hooksRemove(CliContext &context, const QStringList &arguments)
{
    if (arguments.size() != 1)
        return context.usageError(QStringLiteral("Give the subscription id: hooks rm <id>."));
    const QString id = arguments.first();
    const auto removed = context.await<Done>([&](const QObject *receiver, auto done) {
        context.hub().unlimcall()->deleteHook(id, receiver, done);
    });
    if (!removed.ok() && removed.error().code != QLatin1String("not_found"))
        return context.fail(removed.error());
    if (auto db = openStore())
        CdrStore(db.get()).markHookRemoved(id, QDateTime::currentDateTimeUtc());
    if (CredentialStore *keychain = context.hub().credentialStore()) {
        QEventLoop loop;
        bool finished = false;
        keychain->remove(Vendor::UnlimCall, QStringLiteral("hook-") + id, context.receiver(),
                         [&](std::optional<ApiError>) {
                             finished = true;
                             loop.quit();
                         });
        if (!finished)
            loop.exec();
    }
    if (!removed.ok())
        return context.fail(removed.error()); // not_found: gone already; the local list says so too
    return context.succeed(QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("removed"), true}},
                           QStringLiteral("Unsubscribed (UnlimCall keeps the delivery history)."));
}

const CliRegistration registration({
        {QStringLiteral("agents"),
         QStringLiteral("Lists the UnlimCall SIP lines (GET /agents)."),
         QString(),
         {Vendor::UnlimCall},
         agents},
        {QStringLiteral("cdrs"),
         QStringLiteral("Writes EVERY UnlimCall call record of a window (any length; split and "
                        "de-duplicated), as JSON or CSV, streaming to a file."),
         QStringLiteral("[--days <n> | --from <time>] [--till <time>] [--format json|csv] "
                        "[--profile machine|spreadsheet] [-o <file>]"),
         {Vendor::UnlimCall},
         cdrs},
        {QStringLiteral("call"),
         QStringLiteral("Places one AI-agent call through the outbound guard (POST /calls; never retried)."),
         QStringLiteral("--agent <id> --to <number> [--caller-id <number>] [--region US] [--metadata <json>] "
                        "[--bypass-calling-window --reason <text>] [--dry-run] --yes"),
         {Vendor::UnlimCall},
         call},
        {QStringLiteral("hooks add"),
         QStringLiteral("Subscribes an https endpoint to an UnlimCall event; prints the secret once."),
         QStringLiteral("--event <event> --url <https-url>"),
         {Vendor::UnlimCall},
         hooksAdd},
        {QStringLiteral("hooks rm"),
         QStringLiteral("Unsubscribes an UnlimCall webhook (DELETE /hooks/{id})."),
         QStringLiteral("<id>"),
         {Vendor::UnlimCall},
         hooksRemove},
});

} // namespace
