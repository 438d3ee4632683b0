// Live events from scripts (issue #13): `events listen` runs the console's webhook receiver
// headless — each delivery verified, stored (committed) and only then acknowledged, its effects
// applied (EventApplier), and printed as one JSON line — and `events list` reads the event log.

#include "CliCommand.h"
#include "CliContext.h"
#include "accounts/ServiceHub.h"
#include "core/Iso8601.h"
#include "email/EmailActivityStore.h"
#include "email/SuppressionSync.h"
#include "events/EventApplier.h"
#include "events/EventReceiverSettings.h"
#include "events/EventStore.h"
#include "events/VerloopCallbackTokens.h"
#include "events/WebhookIngest.h"
#include "events/WebhookSecretSource.h"
#include "export/CsvExporter.h"
#include "outbound/OutboundSafety.h"
#include "store/CdrStore.h"
#include "store/LeadStore.h"
#include "webhooks/WebhookReceiver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <numeric>

namespace {

// Test hook for the kill-during-delivery test (tests/events/tst_eventscli): the process dies at
// once, as if killed, at the named point of its first delivery: "before-store" (verified, nothing
// stored) or "after-store" (committed, not acknowledged). Unset in normal use.
const char *const kCrashVariable = "CAMPAIGN_CONSOLE_EVENTS_CRASH_AT";

[[noreturn]] void dieNow()
{
#ifdef Q_OS_UNIX
    std::raise(SIGKILL);
#endif
    std::_Exit(137);
}

QJsonValue timeJson(const QDateTime &when)
{
    return when.isValid() ? QJsonValue(when.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonObject eventJson(const StoredEvent &event)
{
    QJsonObject json{{QStringLiteral("id"), event.id},
                     {QStringLiteral("vendor"), Vendors::id(event.vendor)},
                     {QStringLiteral("type"), event.type},
                     {QStringLiteral("occurredAt"), timeJson(event.occurredAt)},
                     {QStringLiteral("receivedAt"), timeJson(event.receivedAt)},
                     {QStringLiteral("source"), event.source},
                     {QStringLiteral("verification"), event.verification},
                     {QStringLiteral("summary"), event.summary}};
    const auto text = [&json](const char *key, const QString &value) {
        if (!value.isEmpty())
            json.insert(QLatin1String(key), value);
    };
    text("eventId", event.eventId);
    text("callId", event.callId);
    text("phone", event.phone);
    text("email", event.email);
    text("leadId", event.leadId);
    // The body as the vendor sent it: JSON as JSON, anything else as text.
    const QJsonDocument body = QJsonDocument::fromJson(event.rawBody);
    if (body.isObject())
        json.insert(QStringLiteral("payload"), body.object());
    else if (body.isArray())
        json.insert(QStringLiteral("payload"), body.array());
    else
        json.insert(QStringLiteral("body"), QString::fromUtf8(event.rawBody));
    return json;
}

void printLine(const QJsonObject &json)
{
    const QByteArray line = QJsonDocument(json).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);
}

// The event log and everything its events change, on the console's own database.
struct EventsRig
{
    Database database;
    std::unique_ptr<EventStore> events;
    std::unique_ptr<VerloopCallbackTokens> tokens;
    std::unique_ptr<EmailActivityStore> activity;
    std::unique_ptr<LeadStore> leads;
    std::unique_ptr<CdrStore> cdrs; // the UnlimCall hooks whose secrets the keychain keeps
    StoreStatus status;
};

std::unique_ptr<EventsRig> openEvents()
{
    auto rig = std::make_unique<EventsRig>();
    rig->database.registerMigrations(EventStore::component(), EventStore::migrations());
    rig->database.registerMigrations(VerloopCallbackTokens::component(), VerloopCallbackTokens::migrations());
    rig->database.registerMigrations(EmailActivityStore::component(), EmailActivityStore::migrations());
    rig->database.registerMigrations(LeadStore::component(), LeadStore::migrations());
    rig->database.registerMigrations(CdrStore::component(), CdrStore::migrations());
    rig->database.registerMigrations(EventApplier::component(), EventApplier::migrations());
    rig->status = rig->database.open();
    if (rig->status)
        rig->status = rig->database.migrate();
    rig->events = std::make_unique<EventStore>(&rig->database);
    rig->tokens = std::make_unique<VerloopCallbackTokens>(&rig->database);
    rig->activity = std::make_unique<EmailActivityStore>(&rig->database);
    rig->leads = std::make_unique<LeadStore>(&rig->database);
    rig->cdrs = std::make_unique<CdrStore>(&rig->database);
    return rig;
}

// The crash hook's "before-store" point: in place of the one sink, so nothing is stored.
class CrashBeforeStore : public WebhookSink
{
public:
    WebhookAnswer deliver(const WebhookDelivery &) override { dieNow(); }
};

// The signing secrets: the environment's when it names any (scripts, CI), else the keychain's
// (the subscriptions the console made). Null with `problem` when the keychain cannot be read.
std::unique_ptr<WebhookSecretSource> openSecrets(CliContext &context, EventsRig &rig, ApiError *problem)
{
    auto fromEnvironment = std::make_unique<EnvironmentWebhookSecrets>();
    if (fromEnvironment->has(Vendor::UnlimCall) || fromEnvironment->has(Vendor::Outreach2day))
        return fromEnvironment;
    auto keychain = std::make_unique<KeychainWebhookSecrets>(context.hub().credentialStore(), rig.cdrs.get(),
                                                             rig.activity.get());
    std::optional<std::optional<QString>> refreshed;
    QEventLoop loop;
    keychain->refresh(context.receiver(), [&refreshed, &loop](std::optional<QString> failure) {
        refreshed.emplace(std::move(failure));
        loop.quit();
    });
    if (!refreshed)
        loop.exec();
    if (*refreshed) {
        *problem = ApiError::local(
                Vendor::UnlimCall, QStringLiteral("webhook_secrets_unreadable"),
                QStringLiteral(
                        "The webhook secrets could not be read from the keychain (%1). Unlock it, or set "
                        "%2 and %3 (comma-separated during a rotation).")
                        .arg(**refreshed, EnvironmentWebhookSecrets::variableFor(Vendor::UnlimCall),
                             EnvironmentWebhookSecrets::variableFor(Vendor::Outreach2day)));
        return nullptr;
    }
    return keychain;
}

int listen(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("bind"),
                      QStringLiteral("The address to listen on (default 127.0.0.1: this computer only)."),
                      QStringLiteral("address"), QStringLiteral("127.0.0.1")});
    parser.addOption({QStringLiteral("port"),
                      QStringLiteral("The port to listen on (default %1; 0: any free port).")
                              .arg(WebhookReceiver::kDefaultPort),
                      QStringLiteral("n"), QString::number(WebhookReceiver::kDefaultPort)});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!parser.positionalArguments().isEmpty())
        return context.usageError(QStringLiteral("'events listen' takes options only."));
    WebhookReceiver::Options options;
    if (!options.address.setAddress(parser.value(QStringLiteral("bind"))))
        return context.usageError(
                QStringLiteral("--bind takes an IP address, e.g. 127.0.0.1 or 0.0.0.0, not \"%1\".")
                        .arg(parser.value(QStringLiteral("bind"))));
    bool portOk = false;
    const uint port = parser.value(QStringLiteral("port")).toUInt(&portOk);
    if (!portOk || port > 65535)
        return context.usageError(QStringLiteral("--port takes a number from 0 to 65535."));
    options.port = quint16(port);

    const std::unique_ptr<EventsRig> rig = openEvents();
    if (!rig->status)
        return context.fail(rig->status.toApiError(Vendor::UnlimCall));
    ApiError secretsProblem;
    const std::unique_ptr<WebhookSecretSource> secrets = openSecrets(context, *rig, &secretsProblem);
    if (!secrets)
        return context.fail(secretsProblem);

    SuppressionSync suppressions(context.hub().outreach2day(), rig->activity.get(),
                                 context.outbound().store());
    EventApplier applier(rig->events.get(), {context.outbound().store(), &suppressions, rig->leads.get()});
    QObject::connect(&applier, &EventApplier::applied, &applier,
                     [](const StoredEvent &event) { printLine(eventJson(event)); });
    QObject::connect(&applier, &EventApplier::failed, &applier,
                     [&context](const StoredEvent &event, const QString &problem) {
                         context.say(
                                 QStringLiteral("Event %1 (%2) is stored, but its effects were not applied: "
                                                "%3 They are applied at the next start.")
                                         .arg(event.id)
                                         .arg(event.type, problem));
                     });
    // What a process that died left stored but unapplied comes first (and is printed then).
    if (const EventApplier::CaughtUp caught = applier.catchUp(); !caught.status)
        context.say(caught.status.message);

    WebhookIngest ingest(rig->events.get(), secrets.get(), rig->tokens.get());
    const QByteArray crashAt = qgetenv(kCrashVariable);
    QObject::connect(&ingest, &WebhookIngest::eventStored, &applier,
                     [&applier, crashAt](const StoredEvent &event) {
                         if (crashAt == "after-store")
                             dieNow(); // committed, not acknowledged
                         applier.apply(event);
                     });
    QObject::connect(&ingest, &WebhookIngest::deliveryRefused, &ingest,
                     [&context](Vendor vendor, int status, const QString &code) {
                         context.say(QStringLiteral("Refused a %1 delivery: %2 %3.")
                                             .arg(Vendors::displayName(vendor))
                                             .arg(status)
                                             .arg(code));
                     });
    CrashBeforeStore crashing;
    WebhookSink *sink = crashAt == "before-store" ? static_cast<WebhookSink *>(&crashing) : &ingest;

    WebhookReceiver receiver(sink);
    if (!receiver.listen(options)) {
        ApiError error;
        error.vendor = Vendor::UnlimCall;
        error.kind = ApiError::Kind::Network;
        error.code = QStringLiteral("listen_failed");
        error.explanation = QStringLiteral("Cannot listen on %1 port %2: %3")
                                    .arg(options.address.toString())
                                    .arg(options.port)
                                    .arg(receiver.errorString());
        return context.fail(error);
    }
    QUrl local;
    local.setScheme(QStringLiteral("http"));
    local.setHost(receiver.address().toString());
    local.setPort(receiver.port());
    const QUrl registered = EventReceiverSettings().publicBaseUrl();
    const QString base = (registered.isEmpty() ? local : registered).toString();
    context.say(QStringLiteral("Listening on %1 (Ctrl+C stops). Register %2%3 with UnlimCall and %2%4 with "
                               "Outreach2day%5.")
                        .arg(local.toString(), base, WebhookReceiver::pathFor(Vendor::UnlimCall),
                             WebhookReceiver::pathFor(Vendor::Outreach2day),
                             registered.isEmpty()
                                     ? QStringLiteral(" through an https tunnel or reverse proxy of yours")
                                     : QString()));
    return QCoreApplication::exec();
}

int list(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("since"),
                      QStringLiteral("Only events that happened at or after this time (ISO 8601, UTC when no "
                                     "zone)."),
                      QStringLiteral("time")});
    parser.addOption({QStringLiteral("format"), QStringLiteral("json (default) or csv (machine profile)."),
                      QStringLiteral("format"), QStringLiteral("json")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!parser.positionalArguments().isEmpty())
        return context.usageError(QStringLiteral("'events list' takes options only."));
    EventStore::Filter filter;
    if (parser.isSet(QStringLiteral("since"))) {
        filter.since = Iso8601::toDateTime(parser.value(QStringLiteral("since")));
        if (!filter.since.isValid())
            return context.usageError(QStringLiteral(
                    "--since is not a date or time (use 2026-05-24 or 2026-05-24T18:00:00Z)."));
    }
    const QString format = parser.value(QStringLiteral("format"));
    if (format != QLatin1String("json") && format != QLatin1String("csv"))
        return context.usageError(QStringLiteral("--format must be json or csv."));

    const std::unique_ptr<EventsRig> rig = openEvents();
    if (!rig->status)
        return context.fail(rig->status.toApiError(Vendor::UnlimCall));
    const QList<StoredEvent> events = rig->events->events(filter);
    if (format == QLatin1String("csv")) {
        return context.succeedCsv(EventStore::rows(events), {},
                                  QStringLiteral("%1 event(s).").arg(events.size()));
    }
    QJsonArray array;
    for (const StoredEvent &event : events)
        array.append(eventJson(event));
    return context.succeed(
            QJsonObject{{QStringLiteral("count"), int(array.size())}, {QStringLiteral("events"), array}},
            QStringLiteral("%1 event(s).").arg(array.size()));
}

const CliRegistration registration({
        {QStringLiteral("events listen"),
         QStringLiteral("Receives signed webhooks (UnlimCall, Outreach2day, Verloop callbacks): each stored "
                        "before it is acknowledged and printed as one JSON line"),
         QStringLiteral("[--bind <address>] [--port <n>]"),
         {},
         listen},
        {QStringLiteral("events list"),
         QStringLiteral("Lists the stored events, newest first"),
         QStringLiteral("[--since <time>] [--format json|csv]"),
         {},
         list},
});

} // namespace
