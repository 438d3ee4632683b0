// The Leads commands (Unloopa): list and export leads with every documented filter, submit a
// lead-generation command and follow its job, list jobs.

#include "CliCommand.h"
#include "CliContext.h"
#include "accounts/ServiceHub.h"
#include "export/CsvExporter.h"
#include "store/LeadStore.h"
#include "unloopa/UnloopaJobPoller.h"
#include "unloopa/UnloopaService.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>

namespace {

// --city, --has-phone, ... : one option per documented GET /leads filter.
struct FilterOption
{
    const char *key; // the API's query key
    bool flag;
    const char *help;
};

const FilterOption kFilterOptions[] = {
        {"city", false, "City contains <text> (any case)."},
        {"industry", false, "Industry contains <text> (any case)."},
        {"has_phone", true, "Only leads with a phone number."},
        {"has_email", true, "Only leads with an email address."},
        {"has_website", true, "Only leads with a generated website."},
        {"has_video", true, "Only leads with a video."},
        {"video_status", false, "pending, generating, completed or failed."},
        {"min_rating", false, "Minimum Google rating, e.g. 4.0."},
        {"min_reviews", false, "Minimum number of reviews."},
        {"job_id", false, "Leads of one command's job."},
        {"search", false, "Free text across name, city and industry."},
        {"created_after", false, "Created on or after this ISO date (2025-01-15)."},
        {"created_before", false, "Created before this ISO date."},
};

QString optionName(const char *key)
{
    return QString::fromLatin1(key).replace(QLatin1Char('_'), QLatin1Char('-'));
}

void addFilterOptions(QCommandLineParser &parser)
{
    for (const FilterOption &o : kFilterOptions) {
        if (o.flag)
            parser.addOption(QCommandLineOption(optionName(o.key), QString::fromLatin1(o.help)));
        else
            parser.addOption(QCommandLineOption(optionName(o.key), QString::fromLatin1(o.help),
                                                QStringLiteral("value")));
    }
}

std::optional<UnloopaLeadFilter> filterFrom(const QCommandLineParser &parser, QString *problem)
{
    QUrlQuery query;
    for (const FilterOption &o : kFilterOptions) {
        const QString name = optionName(o.key);
        if (!parser.isSet(name))
            continue;
        query.addQueryItem(QString::fromLatin1(o.key),
                           o.flag ? QStringLiteral("true")
                                  : QString::fromLatin1(QUrl::toPercentEncoding(parser.value(name))));
    }
    auto filter = UnloopaLeadFilter::fromQuery(query, problem);
    if (!filter && problem) {
        // Speak in option names, not query keys.
        for (const FilterOption &o : kFilterOptions)
            problem->replace(QString::fromLatin1(o.key), QStringLiteral("--") + optionName(o.key));
    }
    return filter;
}

// Every page of GET /leads for the filter (100 at a time), with progress on stderr.
Result<QList<UnloopaLead>> fetchAllLeads(CliContext &context, const UnloopaLeadFilter &filter)
{
    UnloopaPagedFetch fetch(context.hub().unloopa(), UnloopaPagedFetch::What::Leads, filter);
    QList<UnloopaLead> leads;
    ApiError error;
    QEventLoop loop;
    QObject::connect(&fetch, &UnloopaPagedFetch::leadsPage, &loop,
                     [&leads](const QList<UnloopaLead> &page) { leads += page; });
    QObject::connect(&fetch, &UnloopaPagedFetch::progress, &loop, [&context](int fetched, int total) {
        if (total > UnloopaService::maxPageSize)
            context.say(QStringLiteral("Fetched %1 of %2 leads…").arg(fetched).arg(total));
    });
    QObject::connect(&fetch, &UnloopaPagedFetch::finished, &loop, [&error, &loop](const ApiError &e) {
        error = e;
        loop.quit();
    });
    fetch.start();
    if (fetch.isRunning())
        loop.exec();
    if (error.isError())
        return error;
    return leads;
}

QList<int> csvColumns(CsvProfile profile)
{
    const RecordSchema schema = LeadStore::leadSchema();
    if (profile == CsvProfile::Spreadsheet)
        return schema.defaultVisibleColumns();
    QList<int> all;
    for (int c = 0; c < schema.columnCount(); ++c)
        all.append(c);
    return all;
}

std::optional<CsvProfile> profileFrom(const QString &name)
{
    if (name == QLatin1String("spreadsheet"))
        return CsvProfile::Spreadsheet;
    if (name == QLatin1String("machine") || name == QLatin1String("raw"))
        return CsvProfile::Machine;
    return std::nullopt;
}

int leadsList(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    addFilterOptions(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("format"), QStringLiteral("json (default) or csv."),
                                        QStringLiteral("format"), QStringLiteral("json")));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    if (!parser.positionalArguments().isEmpty())
        return context.usageError(QStringLiteral("'leads list' takes options only (see --help)."));
    const QString format = parser.value(QStringLiteral("format"));
    if (format != QLatin1String("json") && format != QLatin1String("csv"))
        return context.usageError(QStringLiteral("--format must be json or csv."));
    QString problem;
    const auto filter = filterFrom(parser, &problem);
    if (!filter)
        return context.usageError(problem);

    const Result<QList<UnloopaLead>> leads = fetchAllLeads(context, *filter);
    if (!leads.ok())
        return context.fail(leads.error());
    const QString sentence = QStringLiteral("%1 leads.").arg(leads->size());
    if (format == QLatin1String("csv")) {
        // Machine profile on stdout: raw E.164, ISO dates, the column keys as header.
        return context.succeedCsv(LeadStore::leadRows(leads.value(), filter->jobId),
                                  csvColumns(CsvProfile::Machine), sentence);
    }
    QJsonArray array;
    for (const UnloopaLead &lead : leads.value())
        array.append(lead.toJson());
    return context.succeed(
            QJsonObject{{QStringLiteral("leads"), array}, {QStringLiteral("total"), int(array.size())}},
            sentence);
}

int leadsExport(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    addFilterOptions(parser);
    parser.addOption(QCommandLineOption({QStringLiteral("o"), QStringLiteral("output")},
                                        QStringLiteral("The CSV file to write."), QStringLiteral("file")));
    parser.addOption(
            QCommandLineOption(QStringLiteral("profile"),
                               QStringLiteral("spreadsheet (default: BOM, protected phone numbers, the "
                                              "table's columns) or machine (raw, every column)."),
                               QStringLiteral("profile"), QStringLiteral("spreadsheet")));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    const QString path = parser.value(QStringLiteral("output"));
    if (path.isEmpty())
        return context.usageError(QStringLiteral("Give the file to write with --output <file>."));
    const auto profile = profileFrom(parser.value(QStringLiteral("profile")));
    if (!profile)
        return context.usageError(QStringLiteral("--profile must be spreadsheet or machine."));
    QString problem;
    const auto filter = filterFrom(parser, &problem);
    if (!filter)
        return context.usageError(problem);

    const Result<QList<UnloopaLead>> leads = fetchAllLeads(context, *filter);
    if (!leads.ok())
        return context.fail(leads.error());
    const RecordTable table = LeadStore::leadRows(leads.value(), filter->jobId);
    std::vector<int> rows(size_t(table.rowCount()));
    std::iota(rows.begin(), rows.end(), 0);
    qint64 lastSaid = 0;
    const CsvExportResult result = CsvExporter::exportTable(
            table, rows, csvColumns(*profile), path, *profile,
            [&context, &lastSaid](qint64 done, qint64 total) {
                if (total > 10'000 && done - lastSaid >= total / 10) {
                    lastSaid = done;
                    context.say(QStringLiteral("Written %1 of %2 rows…").arg(done).arg(total));
                }
                return true;
            });
    if (!result.status.ok())
        return context.fail(result.status.toApiError(Vendor::Unloopa));
    return context.succeed(QJsonObject{{QStringLiteral("path"), result.path},
                                       {QStringLiteral("rows"), result.rows},
                                       {QStringLiteral("bytes"), result.bytes},
                                       {QStringLiteral("profile"), parser.value(QStringLiteral("profile"))}},
                           QStringLiteral("%1 leads written to %2.").arg(result.rows).arg(result.path));
}

int leadsShow(CliContext &context, const QStringList &arguments)
{
    if (arguments.size() != 1)
        return context.usageError(QStringLiteral("Give one lead id."));
    const Result<UnloopaLead> lead = context.await<UnloopaLead>([&](const QObject *receiver, auto done) {
        context.hub().unloopa()->fetchLead(arguments.first(), receiver, done);
    });
    if (!lead.ok())
        return context.fail(lead.error());
    return context.succeed(lead->toJson(), lead->businessName);
}

int command(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("sentence"), QStringLiteral("The niche and the place."));
    parser.addOption(
            QCommandLineOption(QStringLiteral("max-results"),
                               QStringLiteral("How many leads, 1-100 (default 100, or 10 with video/VSL). "
                                              "Numbers in the sentence are ignored."),
                               QStringLiteral("n")));
    parser.addOption(
            QCommandLineOption(QStringLiteral("with-video"), QStringLiteral("A video per lead (Pro plan).")));
    parser.addOption(QCommandLineOption(QStringLiteral("with-vsl"),
                                        QStringLiteral("A video sales letter (Pro plan).")));
    parser.addOption(
            QCommandLineOption(QStringLiteral("no-wait"), QStringLiteral("Print the job id and return.")));
    parser.addOption(QCommandLineOption(QStringLiteral("interval"),
                                        QStringLiteral("Seconds between progress checks (default 5)."),
                                        QStringLiteral("seconds"), QStringLiteral("5")));
    parser.addOption(QCommandLineOption(
            QStringLiteral("yes"),
            QStringLiteral("Confirm: this spends quota and Unloopa emails the leads it finds.")));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    UnloopaCommandRequest request;
    request.command = parser.positionalArguments().join(QLatin1Char(' ')).trimmed();
    if (parser.isSet(QStringLiteral("max-results"))) {
        bool ok = false;
        request.maxResults = parser.value(QStringLiteral("max-results")).toInt(&ok);
        if (!ok)
            return context.usageError(QStringLiteral("--max-results must be a number from 1 to 100."));
    }
    request.withVideo = parser.isSet(QStringLiteral("with-video"));
    request.withVsl = parser.isSet(QStringLiteral("with-vsl"));
    bool intervalOk = false;
    const double interval = parser.value(QStringLiteral("interval")).toDouble(&intervalOk);
    if (!intervalOk || interval <= 0)
        return context.usageError(QStringLiteral("--interval must be a positive number of seconds."));
    if (const QString problem = request.problem(); !problem.isEmpty())
        return context.usageError(problem);
    // Spending: confirmed by the operator, like every request that spends money or contacts.
    if (!parser.isSet(QStringLiteral("yes")))
        return context.usageError(QStringLiteral(
                "Add --yes to confirm: this spends Unloopa quota, and Unloopa emails the leads it "
                "finds, whom the do-not-contact list cannot screen beforehand."));

    // Spends quota: sent once, never retried. Not contacting in the guard's sense (nobody is named
    // yet), but Unloopa emails the leads it finds: the operator hears it before it is sent.
    context.say(
            QStringLiteral("Unloopa also emails the leads it finds; they are found during the job, so the "
                           "do-not-contact list cannot screen them beforehand."));
    const Result<UnloopaCommandAccepted> accepted =
            context.await<UnloopaCommandAccepted>([&](const QObject *receiver, auto done) {
                context.hub().unloopa()->submitCommand(request, receiver, done);
            });
    if (!accepted.ok())
        return context.fail(accepted.error());
    if (parser.isSet(QStringLiteral("no-wait"))) {
        return context.succeed(QJsonObject{{QStringLiteral("job_id"), accepted->jobId},
                                           {QStringLiteral("status"), accepted->status},
                                           {QStringLiteral("max_results"), accepted->maxResults},
                                           {QStringLiteral("quota"), accepted->quota.toJson()}},
                               QStringLiteral("Job %1 started; follow it with: campaign-console-cli jobs %1")
                                       .arg(accepted->jobId));
    }
    context.say(QStringLiteral("Job %1 started for up to %2 leads.")
                        .arg(accepted->jobId)
                        .arg(accepted->maxResults));

    UnloopaJobPoller poller(context.hub().unloopa());
    poller.setInterval(qMax(1, int(interval * 1000)));
    std::optional<UnloopaJob> finished;
    std::optional<ApiError> lost;
    QString lastLine;
    QEventLoop loop;
    QObject::connect(
            &poller, &UnloopaJobPoller::jobUpdated, &loop, [&context, &lastLine](const UnloopaJob &job) {
                const QString line = QStringLiteral("[%1%] %2").arg(job.progress, 3).arg(job.currentStep);
                if (line != lastLine)
                    context.say(line);
                lastLine = line;
            });
    QObject::connect(&poller, &UnloopaJobPoller::jobFinished, &loop,
                     [&finished, &loop](const UnloopaJob &job) {
                         finished = job;
                         loop.quit();
                     });
    QObject::connect(&poller, &UnloopaJobPoller::pollFailed, &loop,
                     [&context, &lost, &loop](const QString &, const ApiError &error, int nextDelayMs) {
                         if (nextDelayMs < 0) {
                             lost = error;
                             loop.quit();
                             return;
                         }
                         context.say(QStringLiteral("%1 — checking again in %2 s.")
                                             .arg(error.summary())
                                             .arg(nextDelayMs / 1000.0, 0, 'f', 1));
                     });
    poller.watch(accepted->jobId);
    loop.exec();
    if (lost)
        return context.fail(*lost);
    if (finished->status != QLatin1String("completed")) {
        ApiError error;
        error.vendor = Vendor::Unloopa;
        error.kind = ApiError::Kind::Vendor;
        error.code = QStringLiteral("job_failed");
        error.explanation = QStringLiteral("The job failed: %1").arg(finished->error);
        error.details = finished->toJson();
        return context.fail(error);
    }
    return context.succeed(finished->toJson(),
                           QStringLiteral("Completed: %1 leads, %2 outreach emails sent. List them "
                                          "with: campaign-console-cli leads list --job-id %3")
                                   .arg(finished->leadsScraped)
                                   .arg(finished->emailsSent)
                                   .arg(finished->jobId));
}

int jobs(CliContext &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("job-id"),
                                 QStringLiteral("Show one job's progress and result."));
    parser.addOption(QCommandLineOption(QStringLiteral("limit"),
                                        QStringLiteral("Jobs per page, 1-100 (default 20)."),
                                        QStringLiteral("n"), QStringLiteral("20")));
    parser.addOption(QCommandLineOption(QStringLiteral("offset"), QStringLiteral("Jobs to skip (default 0)."),
                                        QStringLiteral("n"), QStringLiteral("0")));
    parser.addOption(QCommandLineOption(QStringLiteral("all"), QStringLiteral("Every job (all pages).")));
    if (!context.parse(parser, arguments))
        return CliExit::Usage;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        return context.usageError(QStringLiteral("Give at most one job id."));
    if (positional.size() == 1) {
        const Result<UnloopaJob> job = context.await<UnloopaJob>([&](const QObject *receiver, auto done) {
            context.hub().unloopa()->fetchJob(positional.first(), receiver, done);
        });
        if (!job.ok())
            return context.fail(job.error());
        return context.succeed(
                job->toJson(),
                QStringLiteral("%1: %2 (%3%)").arg(job->command, job->status).arg(job->progress));
    }
    if (parser.isSet(QStringLiteral("all"))) {
        UnloopaPagedFetch fetch(context.hub().unloopa(), UnloopaPagedFetch::What::Jobs);
        QJsonArray array;
        ApiError error;
        QEventLoop loop;
        QObject::connect(&fetch, &UnloopaPagedFetch::jobsPage, &loop,
                         [&array](const QList<UnloopaJob> &page) {
                             for (const UnloopaJob &job : page)
                                 array.append(job.toJson());
                         });
        QObject::connect(&fetch, &UnloopaPagedFetch::finished, &loop, [&error, &loop](const ApiError &e) {
            error = e;
            loop.quit();
        });
        fetch.start();
        if (fetch.isRunning())
            loop.exec();
        if (error.isError())
            return context.fail(error);
        return context.succeed(
                QJsonObject{{QStringLiteral("jobs"), array}, {QStringLiteral("total"), int(array.size())}},
                QStringLiteral("%1 jobs.").arg(array.size()));
    }
    bool limitOk = false;
    bool offsetOk = false;
    const int limit = parser.value(QStringLiteral("limit")).toInt(&limitOk);
    const int offset = parser.value(QStringLiteral("offset")).toInt(&offsetOk);
    if (!limitOk || limit < 1 || limit > UnloopaService::maxPageSize)
        return context.usageError(QStringLiteral("--limit must be a number from 1 to 100."));
    if (!offsetOk || offset < 0)
        return context.usageError(QStringLiteral("--offset must be 0 or more."));
    const Result<UnloopaJobPage> page =
            context.await<UnloopaJobPage>([&](const QObject *receiver, auto done) {
                context.hub().unloopa()->fetchJobs(limit, offset, receiver, done);
            });
    if (!page.ok())
        return context.fail(page.error());
    QJsonArray array;
    for (const UnloopaJob &job : page->items)
        array.append(job.toJson());
    return context.succeed(QJsonObject{{QStringLiteral("jobs"), array},
                                       {QStringLiteral("total"), page->total},
                                       {QStringLiteral("limit"), page->limit},
                                       {QStringLiteral("offset"), page->offset}},
                           QStringLiteral("%1 of %2 jobs.").arg(array.size()).arg(page->total));
}

const QString kFilterUsage = QStringLiteral(
        "[--city <text>] [--industry <text>] [--has-phone] [--has-email] [--has-website] [--has-video] "
        "[--video-status <status>] [--min-rating <n>] [--min-reviews <n>] [--job-id <id>] [--search <text>] "
        "[--created-after <date>] [--created-before <date>]");

const CliRegistration registration({
        {QStringLiteral("leads list"),
         QStringLiteral("Lists every Unloopa lead matching the filters (all pages), as JSON or CSV."),
         QStringLiteral("[--format json|csv] ") + kFilterUsage,
         {Vendor::Unloopa},
         leadsList},
        {QStringLiteral("leads export"),
         QStringLiteral("Writes the leads matching the filters to a CSV file (atomically, owner-only)."),
         QStringLiteral("--output <file> [--profile spreadsheet|machine] ") + kFilterUsage,
         {Vendor::Unloopa},
         leadsExport},
        {QStringLiteral("leads show"),
         QStringLiteral("Shows one lead's detail, with its existing-website analysis."),
         QStringLiteral("<lead-id>"),
         {Vendor::Unloopa},
         leadsShow},
        {QStringLiteral("command"),
         QStringLiteral(
                 "Submits a lead-generation command (spends quota; Unloopa emails the leads it finds) and "
                 "waits for its job, progress on stderr."),
         QStringLiteral(
                 "\"<niche> in <place>\" [--max-results <1-100>] [--with-video] [--with-vsl] [--no-wait] "
                 "[--interval <seconds>] --yes"),
         {Vendor::Unloopa},
         command},
        {QStringLiteral("jobs"),
         QStringLiteral("Lists submitted commands (GET /jobs), or shows one job."),
         QStringLiteral("[<job-id>] [--limit <1-100>] [--offset <n>] [--all]"),
         {Vendor::Unloopa},
         jobs},
});

} // namespace
