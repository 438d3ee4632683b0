#include "CliContext.h"

#include "accounts/ServiceHub.h"
#include "core/Redaction.h"
#include "export/CsvExporter.h"
#include "outbound/OutboundSafety.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <numeric>

namespace {
void writeOut(FILE *stream, const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

QByteArray toJsonText(const QJsonValue &json)
{
    if (json.isArray())
        return QJsonDocument(json.toArray()).toJson(QJsonDocument::Indented);
    return QJsonDocument(json.toObject()).toJson(QJsonDocument::Indented);
}
} // namespace

CliContext::CliContext(ServiceHub &hub, bool demo) : m_hub(hub), m_demo(demo) { }

CliContext::~CliContext() = default;

OutboundSafety &CliContext::outbound()
{
    if (!m_outbound) {
        m_outbound = std::make_unique<OutboundSafety>();
        m_outbound->install(m_hub);
    }
    return *m_outbound;
}

std::optional<ApiError> CliContext::loadCredentials(Vendor vendor)
{
    std::optional<std::optional<ApiError>> result;
    QEventLoop loop;
    m_hub.loadCredentials(vendor, &m_receiver, [&result, &loop](std::optional<ApiError> error) {
        result.emplace(std::move(error));
        loop.quit();
    });
    if (!result)
        loop.exec();
    return *result;
}

ApiResponse CliContext::send(Vendor vendor, const ApiCall &call)
{
    std::optional<ApiResponse> response;
    QEventLoop loop;
    m_hub.client(vendor)->send(call, &m_receiver, [&response, &loop](const ApiResponse &r) {
        response = r;
        loop.quit();
    });
    if (!response)
        loop.exec();
    return *response;
}

int CliContext::succeed(const QJsonValue &json, const QString &sentence)
{
    writeOut(stdout, toJsonText(json));
    if (!sentence.isEmpty())
        say(sentence);
    return CliExit::Ok;
}

int CliContext::succeedCsv(const RecordTable &table, const QList<int> &columns, const QString &sentence)
{
    QList<int> shown = columns;
    if (shown.isEmpty()) {
        shown.resize(table.columnCount());
        std::iota(shown.begin(), shown.end(), 0);
    }
    std::vector<int> rows(size_t(table.rowCount()));
    std::iota(rows.begin(), rows.end(), 0);
    QByteArray out =
            Csv::preamble(CsvProfile::Machine) + Csv::headerLine(table.schema(), shown, CsvProfile::Machine);
    Csv::appendRows(out, table, rows, 0, rows.size(), shown, CsvProfile::Machine);
    std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    std::fflush(stdout);
    if (!sentence.isEmpty())
        say(sentence);
    return CliExit::Ok;
}

int CliContext::fail(const ApiError &error)
{
    writeOut(stdout, toJsonText(QJsonObject{{QStringLiteral("error"), error.toJson()}}));
    say(error.summary());
    for (const ApiError::Link &link : error.links)
        say(QStringLiteral("  %1: %2").arg(link.label, link.url.toString()));
    return exitCodeFor(error);
}

int CliContext::refused(const QJsonObject &decision, const QString &sentence)
{
    writeOut(stdout, toJsonText(decision));
    say(sentence);
    return CliExit::Refused;
}

int CliContext::usageError(const QString &sentence, const CliCommand *command)
{
    say(sentence);
    if (command)
        say(QStringLiteral("Usage: campaign-console-cli %1 %2").arg(command->name, command->usage).trimmed());
    else
        say(QStringLiteral("Run 'campaign-console-cli help' for the list of commands."));
    return CliExit::Usage;
}

bool CliContext::parse(QCommandLineParser &parser, const QStringList &arguments)
{
    // QCommandLineParser skips the first element (the program name).
    if (parser.parse(QStringList{QStringLiteral("campaign-console-cli")} + arguments))
        return true;
    usageError(parser.errorText());
    return false;
}

void CliContext::say(const QString &sentence)
{
    writeOut(stderr, Redaction::redact(sentence).toUtf8() + '\n');
}

int CliContext::exitCodeFor(const ApiError &error)
{
    switch (error.kind) {
    case ApiError::Kind::None:
        return CliExit::Ok;
    case ApiError::Kind::Vendor:
        // A refused key is the operator's to fix, like a missing one: scripts tell it apart.
        return error.isAuthFailure() ? CliExit::NotConfigured : CliExit::VendorError;
    case ApiError::Kind::Malformed:
        return CliExit::VendorError;
    case ApiError::Kind::UrlRefused:
    case ApiError::Kind::NotConfigured:
    case ApiError::Kind::Local:
        return CliExit::NotConfigured;
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Redirect:
    case ApiError::Kind::Cancelled:
        return CliExit::Network;
    }
    return CliExit::VendorError;
}

void CliContext::addOutboundOptions(QCommandLineParser &parser, const QString &bypassHelp)
{
    parser.addOption(
            {QStringLiteral("dry-run"),
             QStringLiteral("Print the outbound guard's verdict and send nothing (exit 5 if refused).")});
    parser.addOption({QStringLiteral("bypass-calling-window"), bypassHelp});
    parser.addOption({QStringLiteral("reason"), QStringLiteral("Why the window may be bypassed (audit log)."),
                      QStringLiteral("text")});
}

std::optional<std::pair<bool, QString>> CliContext::typedOverride(const QCommandLineParser &parser)
{
    const bool bypass = parser.isSet(QStringLiteral("bypass-calling-window"));
    const QString reason = parser.value(QStringLiteral("reason")).trimmed();
    if (bypass && reason.isEmpty()) {
        usageError(QStringLiteral("--bypass-calling-window needs --reason <text>: an override is never given "
                                  "without a reason."));
        return std::nullopt;
    }
    return std::make_pair(bypass, reason);
}
