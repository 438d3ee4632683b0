// Watching, reading and steering running Outreach2day campaigns from scripts (issue #11's CLI):
// sends (retrieved completely into the local store, then printed or exported through the one
// exporter), contact changes, the summary export, Unibox threads, suppressions (rm/list/status/
// sync, mirrored with the do-not-contact list), webhook subscriptions (the secret shown once and
// kept in the keychain; rotation with a grace period), subsequences and routing rules (kept
// locally: the API cannot read them back). JSON on stdout, progress on stderr.

#include "CliCommand.h"
#include "CliContext.h"
#include "accounts/ServiceHub.h"
#include "core/CursorPager.h"
#include "core/VendorClient.h"
#include "email/EmailActivityStore.h"
#include "email/SendsSync.h"
#include "email/SuppressionSync.h"
#include "email/WebhookSecrets.h"
#include "export/CsvExporter.h"
#include "outbound/OutboundSafety.h"
#include "outbound/OutboundStore.h"
#include "outreach2day/Outreach2dayService.h"
#include "table/RecordTableLoader.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cstdio>
#include <memory>
#include <numeric>

namespace {

const QList<Vendor> kOutreach{Vendor::Outreach2day};

Outreach2dayService *service(CliContext &context)
{
    return context.hub().outreach2day();
}

QJsonValue timeJson(const QDateTime &when)
{
    return when.isValid() ? QJsonValue(when.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

// The activity store on the console's own database (as the console uses it).
struct Activity
{
    Database database;
    std::unique_ptr<EmailActivityStore> store;
    StoreStatus status;
};

std::unique_ptr<Activity> openActivity()
{
    auto opened = std::make_unique<Activity>();
    opened->database.registerMigrations(EmailActivityStore::component(), EmailActivityStore::migrations());
    opened->status = opened->database.open();
    if (opened->status)
        opened->status = opened->database.migrate();
    opened->store = std::make_unique<EmailActivityStore>(&opened->database);
    return opened;
}

int storeFailed(CliContext &context, const StoreStatus &status)
{
    return context.fail(status.toApiError(Vendor::Outreach2day));
}

int invalid(CliContext &context, const ApiError &problem)
{
    return context.usageError(problem.explanation.isEmpty() ? problem.summary() : problem.explanation);
}

bool positionals(CliContext &context, const QCommandLineParser &parser, int count, const QString &what)
{
    if (parser.positionalArguments().size() == count)
        return true;
    context.usageError(QStringLiteral("Give %1.").arg(what));
    return false;
}

// Runs `pager` to its end, handing each page's items to `onPage`; progress on stderr.
ApiError drain(CliContext &context, CursorPager *pager,
               const std::function<void(const QList<QJsonObject> &)> &onPage)
{
    std::unique_ptr<CursorPager> owner(pager);
    ApiError result;
    QEventLoop loop;
    QObject::connect(pager, &CursorPager::page, &loop, [&](const QList<QJsonObject> &items) {
        onPage(items);
        if (pager->pages() % 20 == 0)
            context.say(QStringLiteral("Read %1 item(s)…").arg(pager->fetched()));
    });
    QObject::connect(pager, &CursorPager::finished, &loop, [&](const ApiError &error) {
        result = error;
        loop.quit();
    });
    pager->start();
    if (pager->isRunning())
        loop.exec();
    return result;
}

// Writes `bytes` to `path` atomically and owner-only (README promise D4).
StoreStatus writeFile(const QString &path, const QByteArray &bytes)
{
    AtomicFileWriter file(path);
    if (StoreStatus opened = file.open(); !opened)
        return opened;
    file.write(bytes);
    return file.commit();
}

// JSON on stdout, or into `path` when given: {"path", "items"} on stdout then.
int listOut(CliContext &context, const QJsonArray &items, const QString &path, const QString &sentence)
{
    if (path.isEmpty())
        return context.succeed(items, sentence);
    const StoreStatus written = writeFile(path, QJsonDocument(items).toJson(QJsonDocument::Indented));
    if (!written)
        return context.fail(written.toApiError(Vendor::Outreach2day));
    return context.succeed(
            QJsonObject{{QStringLiteral("path"), path}, {QStringLiteral("items"), items.size()}}, sentence);
}

QJsonArray jsonItems(const QList<QJsonObject> &items)
{
    QJsonArray array;
    for (const QJsonObject &item : items)
        array.append(item);
    return array;
}

// --- sends ---------------------------------------------------------------------------------------

QJsonArray sendsJson(const RecordTable &table)
{
    const RecordSchema &schema = table.schema();
    QJsonArray rows;
    for (int row = 0; row < table.rowCount(); ++row) {
        QJsonObject json;
        for (int column = 0; column < table.columnCount(); ++column) {
            const QVariant value = table.value(row, column);
            if (value.metaType().id() == QMetaType::QDateTime)
                json.insert(schema.column(column).key, timeJson(value.toDateTime()));
            else
                json.insert(schema.column(column).key, QJsonValue::fromVariant(value));
        }
        rows.append(json);
    }
    return rows;
}

int sends(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("campaign-id"), QStringLiteral("The campaign."));
    parser.addOption(QCommandLineOption(QStringLiteral("format"), QStringLiteral("json (default) or csv."),
                                        QStringLiteral("format"), QStringLiteral("json")));
    parser.addOption(QCommandLineOption({QStringLiteral("o"), QStringLiteral("output")},
                                        QStringLiteral("Write to this file instead of stdout."),
                                        QStringLiteral("file")));
    parser.addOption(QCommandLineOption(QStringLiteral("restart"),
                                        QStringLiteral("Start from the first page even if an interrupted "
                                                       "retrieval left a cursor to resume from.")));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!positionals(context, parser, 1, QStringLiteral("the campaign's id")))
        return CliExit::Usage;
    const QString format = parser.value(QStringLiteral("format"));
    if (format != QLatin1String("json") && format != QLatin1String("csv"))
        return context.usageError(QStringLiteral("--format must be json or csv."));
    const QString campaignId = parser.positionalArguments().constFirst();
    const QString path = parser.value(QStringLiteral("output"));

    const auto opened = openActivity();
    if (!opened->status)
        return storeFailed(context, opened->status);

    // Every send into the store first (resuming an interrupted retrieval), then out of it.
    SendsSync sync(service(context), opened->store.get());
    ApiError result;
    int fetched = 0;
    QEventLoop loop;
    QObject::connect(&sync, &SendsSync::progress, &loop, [&context](int count, int pages) {
        if (pages % 20 == 0)
            context.say(QStringLiteral("Retrieved %1 send(s)…").arg(count));
    });
    QObject::connect(&sync, &SendsSync::finished, &loop, [&](const ApiError &error, int count) {
        result = error;
        fetched = count;
        loop.quit();
    });
    sync.start(campaignId, !parser.isSet(QStringLiteral("restart")));
    if (sync.resumed())
        context.say(QStringLiteral("Resuming an interrupted retrieval of %1's sends.").arg(campaignId));
    if (sync.isRunning())
        loop.exec();
    if (result.isError())
        return context.fail(result);

    RecordTable table(EmailActivityStore::sendSchema());
    const StoreStatus loaded = RecordTableLoader::loadAll(table, opened->database.path(),
                                                          EmailActivityStore::sendsSql(), {campaignId});
    if (!loaded)
        return storeFailed(context, loaded);
    const QString sentence = QStringLiteral("%1 send(s) of %2 (%3 retrieved now).")
                                     .arg(table.rowCount())
                                     .arg(campaignId)
                                     .arg(fetched);

    if (format == QLatin1String("json"))
        return listOut(context, sendsJson(table), path, sentence);

    // CSV through the one exporter: every column, the machine profile (raw values, keys as header).
    QList<int> columns(table.columnCount());
    std::iota(columns.begin(), columns.end(), 0);
    std::vector<int> rows(size_t(table.rowCount()));
    std::iota(rows.begin(), rows.end(), 0);
    if (!path.isEmpty()) {
        const CsvExportResult written =
                CsvExporter::exportTable(table, rows, columns, path, CsvProfile::Machine, {});
        if (!written.status.ok())
            return context.fail(written.status.toApiError(Vendor::Outreach2day));
        return context.succeed(QJsonObject{{QStringLiteral("path"), written.path},
                                           {QStringLiteral("rows"), written.rows},
                                           {QStringLiteral("bytes"), written.bytes}},
                               sentence);
    }
    return context.succeedCsv(table, columns, sentence);
}

// --- changes, export, threads ----------------------------------------------------------------------

int changes(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("campaign-id"), QStringLiteral("The campaign."));
    parser.addOption(QCommandLineOption(QStringLiteral("since"),
                                        QStringLiteral("ISO 8601 time, e.g. 2026-03-09T00:00:00Z."),
                                        QStringLiteral("time")));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!positionals(context, parser, 1, QStringLiteral("the campaign's id")))
        return CliExit::Usage;
    const QDateTime since = QDateTime::fromString(parser.value(QStringLiteral("since")), Qt::ISODate);
    if (!since.isValid())
        return context.usageError(
                QStringLiteral("Give --since <time> as ISO 8601, e.g. 2026-03-09T00:00:00Z."));
    const QString campaignId = parser.positionalArguments().constFirst();
    const auto opened = openActivity();
    if (!opened->status)
        return storeFailed(context, opened->status);

    QList<O2dContactChange> all;
    const ApiError error = drain(context, service(context)->contactChangesPager(campaignId, since, nullptr),
                                 [&all](const QList<QJsonObject> &items) {
                                     for (const QJsonObject &item : items)
                                         all.append(O2dContactChange::fromJson(item));
                                 });
    if (error.isError())
        return context.fail(error);
    opened->store->saveChanges(campaignId, all); // the console's feed sees them as already known
    QJsonArray json;
    for (const O2dContactChange &change : std::as_const(all))
        json.append(change.toJson());
    return context.succeed(
            json, QStringLiteral("%1 change(s) since %2.").arg(all.size()).arg(since.toString(Qt::ISODate)));
}

int summaryExport(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("campaign-id"), QStringLiteral("The campaign."));
    parser.addOption(QCommandLineOption({QStringLiteral("o"), QStringLiteral("output")},
                                        QStringLiteral("The file to write (default: the name the answer "
                                                       "gives, else <campaign-id>-summary.<type>)."),
                                        QStringLiteral("file")));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!positionals(context, parser, 1, QStringLiteral("the campaign's id")))
        return CliExit::Usage;
    const QString campaignId = parser.positionalArguments().constFirst();
    const Result<O2dSummaryExport> fetched =
            context.await<O2dSummaryExport>([&](const QObject *receiver, auto done) {
                service(context)->exportSummary(campaignId, receiver, done);
            });
    if (!fetched)
        return context.fail(fetched.error());
    QString path = parser.value(QStringLiteral("output"));
    if (path.isEmpty())
        path = !fetched->fileName.isEmpty()
                ? fetched->fileName
                : QStringLiteral("%1-summary.%2").arg(campaignId, fetched->suffix());
    const StoreStatus written = writeFile(path, fetched->content);
    if (!written)
        return context.fail(written.toApiError(Vendor::Outreach2day));
    return context.succeed(
            QJsonObject{{QStringLiteral("path"), path},
                        {QStringLiteral("bytes"), fetched->content.size()},
                        {QStringLiteral("contentType"), QString::fromLatin1(fetched->contentType)}},
            QStringLiteral("The summary of %1 is in %2.").arg(campaignId, path));
}

int threads(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(QCommandLineOption(QStringLiteral("intent"),
                                        QStringLiteral("Only threads with this reply intent (interested, "
                                                       "not_interested, ...)."),
                                        QStringLiteral("intent")));
    parser.addOption(QCommandLineOption(QStringLiteral("campaign"),
                                        QStringLiteral("Only this campaign's threads."),
                                        QStringLiteral("id")));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!positionals(context, parser, 0, QStringLiteral("only options")))
        return CliExit::Usage;
    const auto opened = openActivity();
    if (!opened->status)
        return storeFailed(context, opened->status);
    QList<O2dThread> all;
    const ApiError error =
            drain(context,
                  service(context)->threadsPager(parser.value(QStringLiteral("intent")),
                                                 parser.value(QStringLiteral("campaign")), nullptr),
                  [&all](const QList<QJsonObject> &items) {
                      for (const QJsonObject &item : items)
                          all.append(O2dThread::fromJson(item));
                  });
    if (error.isError())
        return context.fail(error);
    opened->store->saveThreads(all); // the Unibox keeps what was seen
    QJsonArray json;
    for (const O2dThread &thread : std::as_const(all))
        json.append(thread.toJson());
    return context.succeed(json, QStringLiteral("%1 thread(s).").arg(all.size()));
}

// --- suppressions ----------------------------------------------------------------------------------

QJsonObject mirrorJson(const EmailActivityStore::Suppression &entry)
{
    return {{QStringLiteral("source"), EmailActivityStore::sourceTag(entry.source)},
            {QStringLiteral("reason"), entry.reason},
            {QStringLiteral("atOutreach2day"), entry.atVendor},
            {QStringLiteral("inDoNotContact"), entry.inLocalList},
            {QStringLiteral("removedAtOutreach2day"), timeJson(entry.removedAtVendor)},
            {QStringLiteral("removedLocally"), timeJson(entry.removedLocally)}};
}

bool isEmail(const QString &address)
{
    static const QRegularExpression shape(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
    return shape.match(address).hasMatch();
}

struct Sync
{
    std::unique_ptr<Activity> activity;
    std::unique_ptr<SuppressionSync> sync;
};

std::optional<Sync> openSync(CliContext &context, int *exitCode)
{
    Sync opened{openActivity(), nullptr};
    if (!opened.activity->status) {
        *exitCode = storeFailed(context, opened.activity->status);
        return std::nullopt;
    }
    opened.sync = std::make_unique<SuppressionSync>(service(context), opened.activity->store.get(),
                                                    context.outbound().store());
    return opened;
}

int suppressionsRemove(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("email"), QStringLiteral("The address."));
    parser.addOption(QCommandLineOption(QStringLiteral("side"),
                                        QStringLiteral("outreach2day (default), console (the do-not-contact "
                                                       "list) or both."),
                                        QStringLiteral("side"), QStringLiteral("outreach2day")));
    parser.addOption(QCommandLineOption(QStringLiteral("both"), QStringLiteral("Same as --side both.")));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!positionals(context, parser, 1, QStringLiteral("one email address")))
        return CliExit::Usage;
    const QString email = parser.positionalArguments().constFirst().trimmed().toLower();
    if (!isEmail(email))
        return context.usageError(QStringLiteral("\"%1\" is not an email address.").arg(email));
    const auto side = parser.isSet(QStringLiteral("both"))
            ? std::optional(SuppressionSync::Side::Both)
            : SuppressionSync::sideFromId(parser.value(QStringLiteral("side")));
    if (!side)
        return context.usageError(QStringLiteral("--side must be outreach2day, console or both."));
    int exitCode = 0;
    auto opened = openSync(context, &exitCode);
    if (!opened)
        return exitCode;
    ApiError result;
    QEventLoop loop;
    QObject::connect(opened->sync.get(), &SuppressionSync::removed, &loop, [&](const ApiError &error) {
        result = error;
        loop.quit();
    });
    opened->sync->remove(email, *side);
    loop.exec();
    if (result.isError())
        return context.fail(result);
    const QString sideId = parser.isSet(QStringLiteral("both")) ? QStringLiteral("both")
                                                                : parser.value(QStringLiteral("side"));
    return context.succeed(QJsonObject{{QStringLiteral("removed"), email}, {QStringLiteral("side"), sideId}},
                           QStringLiteral("%1 removed (%2).").arg(email, sideId));
}

int suppressionsList(CliContext &context, const QStringList &arguments)
{
    if (!arguments.isEmpty())
        return context.usageError(QStringLiteral("email suppressions list takes no arguments."));
    QJsonArray json;
    const ApiError error = drain(context, service(context)->suppressionsPager(nullptr),
                                 [&json](const QList<QJsonObject> &items) {
                                     for (const QJsonObject &item : items)
                                         json.append(O2dSuppression::fromJson(item).toJson());
                                 });
    if (error.isError())
        return context.fail(error);
    return context.succeed(json,
                           QStringLiteral("%1 suppressed address(es) at Outreach2day.").arg(json.size()));
}

int suppressionsStatus(CliContext &context, const QStringList &arguments)
{
    if (arguments.size() != 1 || !isEmail(arguments.constFirst().trimmed()))
        return context.usageError(QStringLiteral("Give one email address."));
    int exitCode = 0;
    auto opened = openSync(context, &exitCode);
    if (!opened)
        return exitCode;
    ApiError result;
    SuppressionSync::Status status;
    QEventLoop loop;
    QObject::connect(opened->sync.get(), &SuppressionSync::statusReady, &loop,
                     [&](const ApiError &error, const SuppressionSync::Status &answer) {
                         result = error;
                         status = answer;
                         loop.quit();
                     });
    opened->sync->status(arguments.constFirst());
    loop.exec();
    if (result.isError())
        return context.fail(result);
    QJsonObject json{{QStringLiteral("email"), status.email},
                     {QStringLiteral("suppressed"), status.vendor.suppressed},
                     {QStringLiteral("outreach2day"), status.vendor.toJson()}};
    json.insert(QStringLiteral("doNotContact"),
                status.local ? QJsonValue(QJsonObject{
                                       {QStringLiteral("kind"), DncEntry::kindId(status.local->kind)},
                                       {QStringLiteral("value"), status.local->value},
                                       {QStringLiteral("source"), status.local->source},
                                       {QStringLiteral("reason"), status.local->reason}})
                             : QJsonValue());
    json.insert(QStringLiteral("mirror"),
                status.mirror ? QJsonValue(mirrorJson(*status.mirror)) : QJsonValue());
    return context.succeed(
            json,
            QStringLiteral("%1: %2 at Outreach2day, %3 in the do-not-contact list.")
                    .arg(status.email,
                         status.vendor.suppressed ? QStringLiteral("suppressed")
                                                  : QStringLiteral("not suppressed"),
                         status.local ? QStringLiteral("listed") : QStringLiteral("not listed")));
}

int suppressionsSync(CliContext &context, const QStringList &arguments)
{
    if (!arguments.isEmpty())
        return context.usageError(QStringLiteral("email suppressions sync takes no arguments."));
    int exitCode = 0;
    auto opened = openSync(context, &exitCode);
    if (!opened)
        return exitCode;
    ApiError result;
    SuppressionSync::Summary summary;
    QEventLoop loop;
    QObject::connect(opened->sync.get(), &SuppressionSync::progress, &loop,
                     [&context](const QString &what) { context.say(what); });
    QObject::connect(opened->sync.get(), &SuppressionSync::synced, &loop,
                     [&](const ApiError &error, const SuppressionSync::Summary &done) {
                         result = error;
                         summary = done;
                         loop.quit();
                     });
    opened->sync->sync();
    loop.exec();
    if (result.isError())
        return context.fail(result);
    return context.succeed(
            QJsonObject{
                    {QStringLiteral("addedToDoNotContact"), QJsonArray::fromStringList(summary.addedLocally)},
                    {QStringLiteral("suppressedAtOutreach2day"),
                     QJsonArray::fromStringList(summary.suppressedAtVendor)},
                    {QStringLiteral("removedAtOutreach2day"),
                     QJsonArray::fromStringList(summary.removedAtVendor)},
                    {QStringLiteral("removedFromDoNotContact"),
                     QJsonArray::fromStringList(summary.removedLocally)}},
            QStringLiteral("%1 address(es) added to the do-not-contact list, %2 suppressed at Outreach2day.")
                    .arg(summary.addedLocally.size())
                    .arg(summary.suppressedAtVendor.size()));
}

// --- webhook subscriptions ---------------------------------------------------------------------------

QJsonObject hookJson(const EmailActivityStore::Hook &hook)
{
    QJsonObject json = hook.subscription.toJson(); // never the secret
    json.insert(QStringLiteral("secretSetAt"), timeJson(hook.secretSetAt));
    json.insert(QStringLiteral("previousSecretAcceptedUntil"), timeJson(hook.graceUntil));
    if (hook.removedAt.isValid())
        json.insert(QStringLiteral("removedAt"), timeJson(hook.removedAt));
    return json;
}

std::optional<ApiError> awaitDone(CliContext &context,
                                  const std::function<void(const QObject *, WebhookSecrets::Done)> &start)
{
    bool finished = false;
    std::optional<ApiError> result;
    QEventLoop loop;
    start(context.receiver(), [&](std::optional<ApiError> error) {
        result = std::move(error);
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
    return result;
}

void addSubscriptionOptions(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption(QStringLiteral("endpoint"),
                                        QStringLiteral("The URL events are POSTed to."),
                                        QStringLiteral("url")));
    parser.addOption(QCommandLineOption(QStringLiteral("event"),
                                        QStringLiteral("An event type (repeatable): reply.received, "
                                                       "contact.bounced, contact.unsubscribed, ..."),
                                        QStringLiteral("type")));
    parser.addOption(QCommandLineOption(QStringLiteral("intent"),
                                        QStringLiteral("Only replies with this intent (repeatable)."),
                                        QStringLiteral("intent")));
    parser.addOption(QCommandLineOption(QStringLiteral("campaign"),
                                        QStringLiteral("Only this campaign's events (repeatable)."),
                                        QStringLiteral("id")));
    parser.addOption(QCommandLineOption(QStringLiteral("ignore-ooo"),
                                        QStringLiteral("true or false: skip out-of-office replies."),
                                        QStringLiteral("bool")));
    parser.addOption(QCommandLineOption(QStringLiteral("ignore-auto-reply"),
                                        QStringLiteral("true or false: skip automatic replies."),
                                        QStringLiteral("bool")));
}

// Applies the options given to `subscription`; false (a usage error printed) on a bad value.
bool applySubscriptionOptions(CliContext &context, const QCommandLineParser &parser,
                              O2dWebhookSubscription &subscription)
{
    if (parser.isSet(QStringLiteral("endpoint")))
        subscription.endpoint = parser.value(QStringLiteral("endpoint"));
    if (parser.isSet(QStringLiteral("event")))
        subscription.eventTypes = parser.values(QStringLiteral("event"));
    if (parser.isSet(QStringLiteral("intent")))
        subscription.replyIntents = parser.values(QStringLiteral("intent"));
    if (parser.isSet(QStringLiteral("campaign")))
        subscription.campaignIds = parser.values(QStringLiteral("campaign"));
    for (const auto &[name, target] :
         {std::pair{QStringLiteral("ignore-ooo"), &subscription.ignoreOoo},
          std::pair{QStringLiteral("ignore-auto-reply"), &subscription.ignoreAutoReply}}) {
        if (!parser.isSet(name))
            continue;
        const QString value = parser.value(name);
        if (value != QLatin1String("true") && value != QLatin1String("false")) {
            context.usageError(QStringLiteral("--%1 takes true or false.").arg(name));
            return false;
        }
        *target = value == QLatin1String("true");
    }
    return true;
}

int hooksAdd(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    addSubscriptionOptions(parser);
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    O2dWebhookSubscription subscription;
    if (!applySubscriptionOptions(context, parser, subscription))
        return CliExit::Usage;
    if (const std::optional<ApiError> problem = subscription.problem())
        return invalid(context, *problem);
    const auto opened = openActivity();
    if (!opened->status)
        return storeFailed(context, opened->status);
    subscription.secret = WebhookSecrets::generate();
    const Result<O2dWebhookSubscription> created =
            context.await<O2dWebhookSubscription>([&](const QObject *receiver, auto done) {
                service(context)->createSubscription(subscription, receiver, done);
            });
    if (!created)
        return context.fail(created.error());
    const O2dWebhookSubscription made = created.value();
    WebhookSecrets secrets(context.hub().credentialStore());
    if (const auto kept = awaitDone(context, [&](const QObject *receiver, WebhookSecrets::Done done) {
            secrets.store(made.id, made.secret, receiver, done);
        })) {
        context.say(QStringLiteral(
                            "Subscription %1 was created, but its secret could not be kept in the keychain: "
                            "rotate it once the keychain works (email hooks rotate %1).")
                            .arg(made.id));
        return context.fail(*kept);
    }
    EmailActivityStore::Hook hook;
    hook.subscription = made;
    hook.secretSetAt = QDateTime::currentDateTimeUtc();
    if (const StoreStatus saved = opened->store->saveHook(hook); !saved)
        return storeFailed(context, saved);
    QJsonObject json = hookJson(hook);
    json.insert(QStringLiteral("secret"), made.secret); // shown once; only the keychain keeps it
    return context.succeed(
            json,
            QStringLiteral("Subscription %1 created. Its secret is shown this once and kept in "
                           "the keychain.")
                    .arg(made.id));
}

int hooksList(CliContext &context, const QStringList &arguments)
{
    if (!arguments.isEmpty())
        return context.usageError(QStringLiteral("email hooks list takes no arguments."));
    const auto opened = openActivity();
    if (!opened->status)
        return storeFailed(context, opened->status);
    QJsonArray json;
    for (const EmailActivityStore::Hook &hook : opened->store->hooks()) {
        if (!hook.removedAt.isValid())
            json.append(hookJson(hook));
    }
    return context.succeed(
            json,
            QStringLiteral("%1 webhook subscription(s) made or seen by this console.").arg(json.size()));
}

// The subscription id argument and the store; nullptr (exit code set) when unusable.
std::unique_ptr<Activity> hookTarget(CliContext &context, const QCommandLineParser &parser, int *exitCode)
{
    if (parser.positionalArguments().size() != 1) {
        *exitCode = context.usageError(QStringLiteral("Give the subscription's id."));
        return nullptr;
    }
    auto opened = openActivity();
    if (!opened->status) {
        *exitCode = storeFailed(context, opened->status);
        return nullptr;
    }
    return opened;
}

EmailActivityStore::Hook knownHook(EmailActivityStore &store, const QString &id)
{
    EmailActivityStore::Hook hook = store.hook(id).value_or(EmailActivityStore::Hook());
    hook.subscription.id = id;
    return hook;
}

int hooksUpdate(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The subscription."));
    addSubscriptionOptions(parser);
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    int exitCode = 0;
    const auto opened = hookTarget(context, parser, &exitCode);
    if (!opened)
        return exitCode;
    const QString id = parser.positionalArguments().constFirst();
    EmailActivityStore::Hook hook = knownHook(*opened->store, id);
    if (!applySubscriptionOptions(context, parser, hook.subscription))
        return CliExit::Usage;
    if (const std::optional<ApiError> problem = hook.subscription.problem())
        return invalid(context, *problem);
    const Result<O2dWebhookSubscription> updated =
            context.await<O2dWebhookSubscription>([&](const QObject *receiver, auto done) {
                service(context)->updateSubscription(id, hook.subscription, receiver, done);
            });
    if (!updated)
        return context.fail(updated.error());
    hook.subscription = updated.value();
    hook.subscription.secret.clear();
    if (const StoreStatus saved = opened->store->saveHook(hook); !saved)
        return storeFailed(context, saved);
    return context.succeed(hookJson(hook), QStringLiteral("Subscription %1 updated.").arg(id));
}

int hooksRemove(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The subscription."));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    int exitCode = 0;
    const auto opened = hookTarget(context, parser, &exitCode);
    if (!opened)
        return exitCode;
    const QString id = parser.positionalArguments().constFirst();
    const Result<Done> removed = context.await<Done>([&](const QObject *receiver, auto done) {
        service(context)->deleteSubscription(id, receiver, done);
    });
    if (!removed)
        return context.fail(removed.error());
    WebhookSecrets secrets(context.hub().credentialStore());
    if (const auto gone = awaitDone(context, [&](const QObject *receiver, WebhookSecrets::Done done) {
            secrets.remove(id, receiver, done);
        }))
        return context.fail(*gone);
    if (const StoreStatus forgotten = opened->store->removeHook(id); !forgotten)
        return storeFailed(context, forgotten);
    return context.succeed(QJsonObject{{QStringLiteral("removed"), id}},
                           QStringLiteral("Subscription %1 deleted, and its secrets with it.").arg(id));
}

int hooksTest(CliContext &context, const QStringList &arguments)
{
    if (arguments.size() != 1)
        return context.usageError(QStringLiteral("Give the subscription's id."));
    const Result<QJsonObject> tested = context.await<QJsonObject>([&](const QObject *receiver, auto done) {
        service(context)->testSubscription(arguments.constFirst(), receiver, done);
    });
    if (!tested)
        return context.fail(tested.error());
    return context.succeed(
            tested.value(),
            QStringLiteral("Outreach2day sent a test event to %1's endpoint.").arg(arguments.constFirst()));
}

int hooksPauseResume(CliContext &context, const QStringList &arguments, bool pause)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The subscription."));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    int exitCode = 0;
    const auto opened = hookTarget(context, parser, &exitCode);
    if (!opened)
        return exitCode;
    const QString id = parser.positionalArguments().constFirst();
    const Result<O2dWebhookSubscription> answered =
            context.await<O2dWebhookSubscription>([&](const QObject *receiver, auto done) {
                if (pause)
                    service(context)->pauseSubscription(id, receiver, done);
                else
                    service(context)->resumeSubscription(id, receiver, done);
            });
    if (!answered)
        return context.fail(answered.error());
    EmailActivityStore::Hook hook = knownHook(*opened->store, id);
    hook.subscription.status = answered->status;
    if (hook.subscription.endpoint.isEmpty())
        hook.subscription = answered.value();
    hook.subscription.secret.clear();
    opened->store->saveHook(hook);
    return context.succeed(hookJson(hook),
                           QStringLiteral("Subscription %1 is %2.").arg(id, answered->status));
}

// "90", "90s", "15m", "24h", "7d" as seconds; std::nullopt when not one of those.
std::optional<qint64> durationSeconds(const QString &text)
{
    static const QRegularExpression shape(QStringLiteral("^(\\d{1,7})([smhd]?)$"));
    const QRegularExpressionMatch match = shape.match(text.trimmed());
    if (!match.hasMatch())
        return std::nullopt;
    const qint64 value = match.captured(1).toLongLong();
    const QString unit = match.captured(2);
    const qint64 factor = unit == QLatin1String("m") ? 60
            : unit == QLatin1String("h")             ? 3600
            : unit == QLatin1String("d")             ? 86400
                                                     : 1;
    return value * factor;
}

int hooksRotate(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The subscription."));
    parser.addOption(QCommandLineOption(QStringLiteral("grace"),
                                        QStringLiteral("How long the old secret is still accepted: 0, 90s, "
                                                       "15m, 24h, 7d (default 24h)."),
                                        QStringLiteral("duration"), QStringLiteral("24h")));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    const std::optional<qint64> grace = durationSeconds(parser.value(QStringLiteral("grace")));
    if (!grace)
        return context.usageError(QStringLiteral("--grace takes a duration such as 0, 90s, 15m, 24h or 7d."));
    int exitCode = 0;
    const auto opened = hookTarget(context, parser, &exitCode);
    if (!opened)
        return exitCode;
    const QString id = parser.positionalArguments().constFirst();
    const Result<O2dWebhookSubscription> rotated =
            context.await<O2dWebhookSubscription>([&](const QObject *receiver, auto done) {
                service(context)->rotateSecret(id, WebhookSecrets::generate(), receiver, done);
            });
    if (!rotated)
        return context.fail(rotated.error());
    // Confirmed by the vendor: now the new secret is kept, the old one accepted for the grace period.
    const QString secret = rotated->secret;
    WebhookSecrets secrets(context.hub().credentialStore());
    if (const auto kept = awaitDone(context, [&](const QObject *receiver, WebhookSecrets::Done done) {
            secrets.rotate(id, secret, receiver, done);
        })) {
        context.say(QStringLiteral(
                "Outreach2day now signs with a new secret that could not be kept in the keychain: "
                "rotate again once the keychain works."));
        return context.fail(*kept);
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    EmailActivityStore::Hook hook = knownHook(*opened->store, id);
    hook.secretSetAt = now;
    hook.graceUntil = *grace > 0 ? now.addSecs(*grace) : QDateTime();
    if (const StoreStatus saved = opened->store->saveHook(hook); !saved)
        return storeFailed(context, saved);
    QJsonObject json = hookJson(hook);
    json.insert(QStringLiteral("secret"), secret); // shown once; only the keychain keeps it
    return context.succeed(json,
                           *grace > 0 ? QStringLiteral("New secret for %1, shown this once; the old one is "
                                                       "accepted until %2.")
                                                .arg(id, hook.graceUntil.toString(Qt::ISODate))
                                      : QStringLiteral("New secret for %1, shown this once; the old one is "
                                                       "no longer accepted.")
                                                .arg(id));
}

int hooksEvents(CliContext &context, const QStringList &arguments)
{
    if (!arguments.isEmpty())
        return context.usageError(QStringLiteral("email hooks events takes no arguments."));
    QList<QJsonObject> all;
    const ApiError error = drain(context, service(context)->webhookEventsPager(nullptr),
                                 [&all](const QList<QJsonObject> &items) {
                                     for (const QJsonObject &item : items)
                                         all.append(O2dWebhookEvent::fromJson(item).toJson());
                                 });
    if (error.isError())
        return context.fail(error);
    return context.succeed(jsonItems(all), QStringLiteral("%1 webhook event(s).").arg(all.size()));
}

int hooksDeliveries(CliContext &context, const QStringList &arguments)
{
    if (arguments.size() != 1)
        return context.usageError(QStringLiteral("Give the subscription's id."));
    QList<QJsonObject> all;
    const ApiError error = drain(context, service(context)->deliveriesPager(arguments.constFirst(), nullptr),
                                 [&all](const QList<QJsonObject> &items) {
                                     for (const QJsonObject &item : items)
                                         all.append(O2dWebhookDelivery::fromJson(item).toJson());
                                 });
    if (error.isError())
        return context.fail(error);
    return context.succeed(
            jsonItems(all),
            QStringLiteral("%1 deliver(ies) of %2.").arg(all.size()).arg(arguments.constFirst()));
}

// --- subsequences and routing -----------------------------------------------------------------------

int subsequencesAdd(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("campaign-id"), QStringLiteral("The campaign."));
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The subsequence's name."));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!positionals(context, parser, 2, QStringLiteral("the campaign's id and the subsequence's name")))
        return CliExit::Usage;
    O2dSubsequence subsequence;
    subsequence.campaignId = parser.positionalArguments().at(0);
    subsequence.name = parser.positionalArguments().at(1);
    if (const std::optional<ApiError> problem = subsequence.problem())
        return invalid(context, *problem);
    const auto opened = openActivity();
    if (!opened->status)
        return storeFailed(context, opened->status);
    const Result<O2dSubsequence> created =
            context.await<O2dSubsequence>([&](const QObject *receiver, auto done) {
                service(context)->createSubsequence(subsequence.campaignId, subsequence, receiver, done);
            });
    if (!created)
        return context.fail(created.error());
    O2dSubsequence made = created.value();
    if (made.campaignId.isEmpty())
        made.campaignId = subsequence.campaignId;
    if (const StoreStatus saved = opened->store->saveSubsequence(made); !saved)
        return storeFailed(context, saved);
    return context.succeed(made.toJson(),
                           QStringLiteral("Subsequence %1 (%2) created.").arg(made.id, made.name));
}

int routing(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("campaign-id"), QStringLiteral("The campaign."));
    parser.addOption(QCommandLineOption(QStringLiteral("rule"),
                                        QStringLiteral("intent=<intent>:<subsequence-id> (repeatable; the "
                                                       "whole policy). Without any: prints the rules kept."),
                                        QStringLiteral("rule")));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!positionals(context, parser, 1, QStringLiteral("the campaign's id")))
        return CliExit::Usage;
    const QString campaignId = parser.positionalArguments().constFirst();
    const auto opened = openActivity();
    if (!opened->status)
        return storeFailed(context, opened->status);
    if (!parser.isSet(QStringLiteral("rule"))) {
        QJsonObject json = opened->store->routing(campaignId).toJson();
        json.insert(QStringLiteral("appliedAt"), timeJson(opened->store->routingAppliedAt(campaignId)));
        return context.succeed(
                json, QStringLiteral("The routing rules this console last sent for %1.").arg(campaignId));
    }
    static const QRegularExpression shape(QStringLiteral("^intent=([^:]+):(.+)$"));
    O2dRoutingPolicy policy;
    for (const QString &text : parser.values(QStringLiteral("rule"))) {
        const QRegularExpressionMatch match = shape.match(text.trimmed());
        if (!match.hasMatch())
            return context.usageError(
                    QStringLiteral("\"%1\" is not a rule: write intent=<intent>:<subsequence-id>.")
                            .arg(text));
        O2dRoutingRule rule;
        rule.value = match.captured(1).trimmed();
        rule.subsequenceId = match.captured(2).trimmed();
        policy.rules.append(rule);
    }
    if (const std::optional<ApiError> problem = policy.problem())
        return invalid(context, *problem);
    const Result<Done> applied = context.await<Done>([&](const QObject *receiver, auto done) {
        service(context)->setSubsequenceRouting(campaignId, policy, receiver, done);
    });
    if (!applied)
        return context.fail(applied.error());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (const StoreStatus saved = opened->store->saveRouting(campaignId, policy, now); !saved)
        return storeFailed(context, saved);
    QJsonObject json = policy.toJson();
    json.insert(QStringLiteral("appliedAt"), timeJson(now));
    return context.succeed(
            json, QStringLiteral("%1 routing rule(s) set for %2.").arg(policy.rules.size()).arg(campaignId));
}

const CliRegistration registration({
        {QStringLiteral("email sends"),
         QStringLiteral("Retrieves every send of a campaign (resuming an interrupted run) and prints it"),
         QStringLiteral("<campaign-id> [--format json|csv] [-o <file>] [--restart]"), kOutreach, sends},
        {QStringLiteral("email changes"), QStringLiteral("Lists a campaign's contact changes since a time"),
         QStringLiteral("<campaign-id> --since <time>"), kOutreach, changes},
        {QStringLiteral("email export"), QStringLiteral("Saves the vendor's summary export of a campaign"),
         QStringLiteral("<campaign-id> [-o <file>]"), kOutreach, summaryExport},
        {QStringLiteral("email threads"), QStringLiteral("Lists Unibox reply threads"),
         QStringLiteral("[--intent <intent>] [--campaign <id>]"), kOutreach, threads},
        {QStringLiteral("email suppressions rm"),
         QStringLiteral("Removes a suppression (at Outreach2day, in the do-not-contact list, or both)"),
         QStringLiteral("<email> [--side outreach2day|console|both] [--both]"), kOutreach,
         suppressionsRemove},
        {QStringLiteral("email suppressions list"),
         QStringLiteral("Lists Outreach2day's suppressed addresses"), QString(), kOutreach, suppressionsList},
        {QStringLiteral("email suppressions status"),
         QStringLiteral("Shows whether an address is suppressed, here and at Outreach2day"),
         QStringLiteral("<email>"), kOutreach, suppressionsStatus},
        {QStringLiteral("email suppressions sync"),
         QStringLiteral("Mirrors additions between Outreach2day's suppressions and the do-not-contact list"),
         QString(), kOutreach, suppressionsSync},
        {QStringLiteral("email hooks add"),
         QStringLiteral("Creates a webhook subscription (its secret shown once, kept in the keychain)"),
         QStringLiteral("--endpoint <url> --event <type>... [--intent <i>]... [--campaign <id>]... "
                        "[--ignore-ooo true|false] [--ignore-auto-reply true|false]"),
         kOutreach, hooksAdd},
        {QStringLiteral("email hooks list"),
         QStringLiteral("Lists the webhook subscriptions this console made"),
         QString(),
         {},
         hooksList},
        {QStringLiteral("email hooks update"), QStringLiteral("Changes a webhook subscription"),
         QStringLiteral("<id> [--endpoint <url>] [--event <type>]... [--intent <i>]... [--campaign <id>]... "
                        "[--ignore-ooo true|false] [--ignore-auto-reply true|false]"),
         kOutreach, hooksUpdate},
        {QStringLiteral("email hooks rm"), QStringLiteral("Deletes a webhook subscription and its secrets"),
         QStringLiteral("<id>"), kOutreach, hooksRemove},
        {QStringLiteral("email hooks test"), QStringLiteral("Asks Outreach2day to send a test event"),
         QStringLiteral("<id>"), kOutreach, hooksTest},
        {QStringLiteral("email hooks pause"), QStringLiteral("Pauses a webhook subscription"),
         QStringLiteral("<id>"), kOutreach,
         [](CliContext &context, const QStringList &arguments) {
             return hooksPauseResume(context, arguments, true);
         }},
        {QStringLiteral("email hooks resume"), QStringLiteral("Resumes a webhook subscription"),
         QStringLiteral("<id>"), kOutreach,
         [](CliContext &context, const QStringList &arguments) {
             return hooksPauseResume(context, arguments, false);
         }},
        {QStringLiteral("email hooks rotate"),
         QStringLiteral("Rotates a subscription's secret; the old one is accepted for a grace period"),
         QStringLiteral("<id> [--grace 0|90s|15m|24h|7d]"), kOutreach, hooksRotate},
        {QStringLiteral("email hooks events"), QStringLiteral("Lists webhook events"), QString(), kOutreach,
         hooksEvents},
        {QStringLiteral("email hooks deliveries"), QStringLiteral("Lists a subscription's deliveries"),
         QStringLiteral("<id>"), kOutreach, hooksDeliveries},
        {QStringLiteral("email subsequences add"), QStringLiteral("Creates a subsequence in a campaign"),
         QStringLiteral("<campaign-id> <name>"), kOutreach, subsequencesAdd},
        {QStringLiteral("email routing"),
         QStringLiteral("Routes replies by intent to subsequences (the whole policy; kept locally)"),
         QStringLiteral("<campaign-id> [--rule intent=<intent>:<subsequence-id>]..."), kOutreach, routing},
});

} // namespace
