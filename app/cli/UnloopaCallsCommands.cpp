// Unloopa Voice's calls from scripts: every call matching the filters retrieved (all pages), kept
// in the console's store and read back through the one table machinery (the free-text search
// reaches the transcripts), as JSON or CSV through the one exporter; one call's detail with its
// transcript and analysis. When the operator chooses it, a not_interested outcome puts the number on
// the do-not-contact list (and pauses the campaigns that would call it).

#include "CliCommand.h"
#include "CliContext.h"
#include "UnloopaCliSupport.h"
#include "accounts/ServiceHub.h"
#include "export/CsvExporter.h"
#include "outbound/OutboundSafety.h"
#include "table/RecordTableLoader.h"
#include "table/RecordView.h"
#include "unloopa/UnloopaService.h"
#include "unloopa/UnloopaVoiceService.h"
#include "unloopa/VoiceCampaignController.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <numeric>

namespace {

const QList<Vendor> kUnloopa{Vendor::Unloopa};

QJsonValue timeJson(const QDateTime &when)
{
    return when.isValid() ? QJsonValue(when.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

// One stored row as JSON, keys as the table's (= the machine CSV header); the analysis as an object.
QJsonObject rowJson(const RecordTable &table, int row)
{
    const RecordSchema &schema = table.schema();
    QJsonObject json;
    for (int column = 0; column < table.columnCount(); ++column) {
        const QString &key = schema.column(column).key;
        const QVariant value = table.value(row, column);
        if (column == UnloopaCallStore::Analysis)
            json.insert(key, QJsonDocument::fromJson(value.toString().toUtf8()).object());
        else if (value.metaType().id() == QMetaType::QDateTime)
            json.insert(key, timeJson(value.toDateTime()));
        else
            json.insert(key, QJsonValue::fromVariant(value));
    }
    return json;
}

std::optional<CsvProfile> profileFrom(const QString &name)
{
    if (name == QLatin1String("spreadsheet"))
        return CsvProfile::Spreadsheet;
    if (name == QLatin1String("machine") || name == QLatin1String("raw"))
        return CsvProfile::Machine;
    return std::nullopt;
}

// Every page of GET /voice/calls for the filter, each stored as it arrives.
ApiError retrieveCalls(CliContext &context, const UnloopaCallFilter &filter, UnloopaCallStore &store,
                       int *fetched)
{
    UnloopaPagedFetch fetch(context.hub().unloopa(), filter);
    ApiError error;
    StoreStatus saved;
    QEventLoop loop;
    QObject::connect(&fetch, &UnloopaPagedFetch::callsPage, &loop, [&](const QList<UnloopaCall> &page) {
        if (saved)
            saved = store.saveCalls(page);
        if (!saved)
            fetch.cancel();
    });
    QObject::connect(&fetch, &UnloopaPagedFetch::progress, &loop, [&context](int done, int total) {
        if (total > UnloopaVoiceService::maxCallsPageSize)
            context.say(QStringLiteral("Fetched %1 of %2 calls…").arg(done).arg(total));
    });
    QObject::connect(&fetch, &UnloopaPagedFetch::finished, &loop, [&error, &loop](const ApiError &e) {
        error = e;
        loop.quit();
    });
    fetch.start();
    if (fetch.isRunning())
        loop.exec();
    *fetched = fetch.fetched();
    if (!saved)
        return saved.toApiError(Vendor::Unloopa);
    return error;
}

int callsList(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("status"), UnloopaCall::statuses().join(QStringLiteral(", ")),
                      QStringLiteral("status")});
    parser.addOption({QStringLiteral("outcome"), UnloopaCall::outcomes().join(QStringLiteral(", ")),
                      QStringLiteral("outcome")});
    parser.addOption({QStringLiteral("campaign"), QStringLiteral("Calls of one voice campaign."),
                      QStringLiteral("id")});
    parser.addOption({QStringLiteral("search"),
                      QStringLiteral("Words that must all occur (any case) in the business, number, notes "
                                     "or transcript."),
                      QStringLiteral("text")});
    parser.addOption({QStringLiteral("offline"),
                      QStringLiteral("Only the calls already stored here; nothing is fetched.")});
    parser.addOption(
            {QStringLiteral("dnc-not-interested"),
             QStringLiteral("Put the numbers of the listed calls whose outcome is not_interested on the "
                            "do-not-contact list, and pause the active campaigns that would call them.")});
    parser.addOption({QStringLiteral("format"), QStringLiteral("json (default) or csv."),
                      QStringLiteral("format"), QStringLiteral("json")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Write the CSV to this file (atomically, owner-only)."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("profile"),
                      QStringLiteral("With --output: spreadsheet (default: BOM, protected numbers, the "
                                     "table's columns) or machine (raw, every column)."),
                      QStringLiteral("profile"), QStringLiteral("spreadsheet")});
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!parser.positionalArguments().isEmpty())
        return context.usageError(QStringLiteral("'voice calls' takes options only (see --help)."));
    const QString format = parser.value(QStringLiteral("format"));
    if (format != QLatin1String("json") && format != QLatin1String("csv"))
        return context.usageError(QStringLiteral("--format must be json or csv."));
    const QString path = parser.value(QStringLiteral("output"));
    const auto profile = profileFrom(parser.value(QStringLiteral("profile")));
    if (!profile)
        return context.usageError(QStringLiteral("--profile must be spreadsheet or machine."));
    UnloopaCallFilter filter;
    filter.status = parser.value(QStringLiteral("status"));
    filter.outcome = parser.value(QStringLiteral("outcome"));
    filter.campaignId = parser.value(QStringLiteral("campaign"));
    if (const QString problem = filter.problem(); !problem.isEmpty())
        return context.usageError(problem);

    const auto opened = UnloopaCli::openVoiceStore();
    if (!opened->status)
        return UnloopaCli::storeFailed(context, opened->status);
    int fetched = 0;
    if (!parser.isSet(QStringLiteral("offline"))) {
        if (const ApiError error = retrieveCalls(context, filter, *opened->store, &fetched); error.isError())
            return context.fail(error);
        (void)opened->store->setLastSynced(QStringLiteral("calls"), QDateTime::currentDateTimeUtc());
    }

    // Read back through the one table machinery: what the Voice page shows, filtered alike.
    QVariantList binds;
    const QString sql =
            UnloopaCallStore::callsSql({filter.status, filter.outcome, filter.campaignId}, &binds);
    RecordTable table(UnloopaCallStore::callSchema());
    if (const StoreStatus loaded = RecordTableLoader::loadAll(table, opened->database.path(), sql, binds);
        !loaded)
        return UnloopaCli::storeFailed(context, loaded);
    RecordFilter search;
    search.text = parser.value(QStringLiteral("search"));
    const RecordView::Matcher matcher(table, search);
    const std::vector<int> rows = RecordView::filterRows(matcher, nullptr, size_t(table.rowCount()));
    QString sentence = parser.isSet(QStringLiteral("offline"))
            ? QStringLiteral("%1 stored call(s) (nothing fetched).").arg(rows.size())
            : QStringLiteral("%1 call(s) (%2 retrieved now).").arg(rows.size()).arg(fetched);

    QJsonObject listed;
    if (parser.isSet(QStringLiteral("dnc-not-interested"))) {
        // The operator's choice, for this run: a not_interested answer ends the calling.
        QList<UnloopaCall> notInterested;
        for (int row : rows) {
            if (table.text(row, UnloopaCallStore::Outcome) == QLatin1String("not_interested"))
                if (const auto call = opened->store->call(table.text(row, UnloopaCallStore::Id)))
                    notInterested << *call;
        }
        UnloopaVoiceService voice(context.hub().unloopa());
        VoiceCampaignController campaigns(context.hub().unloopa(), &voice, context.outbound().guard(),
                                          opened->store.get());
        const Result<int> added = campaigns.listNotInterested(notInterested);
        if (!added.ok())
            return context.fail(added.error());
        const Result<QStringList> paused = context.await<QStringList>(
                [&](const QObject *receiver, auto done) { campaigns.pauseWhereListed(receiver, done); });
        if (!paused.ok())
            return context.fail(paused.error());
        listed = {{QStringLiteral("added"), added.value()},
                  {QStringLiteral("pausedCampaigns"), QJsonArray::fromStringList(paused.value())}};
        sentence +=
                QStringLiteral(" %1 not-interested number(s) put on the do-not-contact list; %2 campaign(s) "
                               "paused.")
                        .arg(added.value())
                        .arg(paused->size());
    }

    if (!path.isEmpty()) {
        const QList<int> columns =
                *profile == CsvProfile::Spreadsheet ? table.schema().defaultVisibleColumns() : [&table] {
                    QList<int> all(table.columnCount());
                    std::iota(all.begin(), all.end(), 0);
                    return all;
                }();
        const CsvExportResult written = CsvExporter::exportTable(table, rows, columns, path, *profile, {});
        if (!written.status.ok())
            return context.fail(written.status.toApiError(Vendor::Unloopa));
        return context.succeed(QJsonObject{{QStringLiteral("path"), written.path},
                                           {QStringLiteral("rows"), written.rows},
                                           {QStringLiteral("bytes"), written.bytes}},
                               sentence);
    }
    if (format == QLatin1String("csv")) {
        // Machine profile on stdout: raw values, the column keys as header.
        QList<int> columns(table.columnCount());
        std::iota(columns.begin(), columns.end(), 0);
        QByteArray out = Csv::preamble(CsvProfile::Machine) +
                Csv::headerLine(table.schema(), columns, CsvProfile::Machine);
        Csv::appendRows(out, table, rows, 0, rows.size(), columns, CsvProfile::Machine);
        std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
        std::fflush(stdout);
        context.say(sentence);
        return CliExit::Ok;
    }
    QJsonArray calls;
    for (int row : rows)
        calls.append(rowJson(table, row));
    QJsonObject json{{QStringLiteral("calls"), calls}, {QStringLiteral("total"), int(calls.size())}};
    if (!listed.isEmpty())
        json.insert(QStringLiteral("doNotContact"), listed);
    return context.succeed(json, sentence);
}

QJsonObject callJson(const UnloopaCall &call)
{
    QJsonObject json = call.toJson();
    json.insert(QStringLiteral("transcript_text"), call.transcriptText());
    return json;
}

int callsShow(CliContext &context, const QStringList &arguments)
{
    return UnloopaCli::showStored<UnloopaCall>(
            context, arguments, QStringLiteral("Call"), &UnloopaVoiceService::fetchCall,
            [](UnloopaCallStore &store, const UnloopaCall &call) { return store.saveCalls({call}); },
            [](const UnloopaCallStore &store, const QString &id) { return store.call(id); },
            [&context](const UnloopaCall &call, UnloopaCallStore &) {
                const QString outcome =
                        call.outcome.isEmpty() ? QStringLiteral("no outcome yet") : call.outcome;
                return context.succeed(callJson(call),
                                       QStringLiteral("%1 (%2): %3, %4, %5 s.")
                                               .arg(call.businessName, call.phoneNumber, call.status, outcome)
                                               .arg(call.durationSecs));
            });
}

const CliRegistration registration({
        {QStringLiteral("voice calls"),
         QStringLiteral(
                 "Retrieves every Unloopa voice call matching the filters (kept locally) and lists them, "
                 "as JSON or CSV; --search reaches the transcripts."),
         QStringLiteral("[--status <status>] [--outcome <outcome>] [--campaign <id>] [--search <text>] "
                        "[--offline] [--dnc-not-interested] [--format json|csv] [--output <file> [--profile "
                        "spreadsheet|machine]]"),
         kUnloopa, callsList},
        {QStringLiteral("voice calls show"),
         QStringLiteral("Shows one call with its transcript and analysis."),
         QStringLiteral("<id> [--offline]"), kUnloopa, callsShow},
});

} // namespace
