#pragma once

#include "CliCommand.h"
#include "core/ApiError.h"
#include "core/Result.h"
#include "core/VendorClient.h"

#include <QEventLoop>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <utility>

class RecordTable;

class OutboundSafety;
class QCommandLineParser;
class ServiceHub;

// What a command gets to do its work: the shared services, a way to wait for their
// asynchronous answers, and the one way to report (JSON on stdout, a human sentence on stderr,
// an exit status).
class CliContext
{
public:
    CliContext(ServiceHub &hub, bool demo);
    ~CliContext();
    CliContext(const CliContext &) = delete;
    CliContext &operator=(const CliContext &) = delete;

    // The same services the GUI uses: hub().unloopa(), hub().unlimcall(), hub().client(vendor)...
    ServiceHub &hub() { return m_hub; }
    bool isDemo() const { return m_demo; }
    // Pass as the callback context of asynchronous service calls.
    QObject *receiver() { return &m_receiver; }

    // Starts an asynchronous call and waits (running the event loop) for its Result:
    //   const Result<Quota> quota = context.await<Quota>([&](const QObject *receiver, auto done) {
    //       context.hub().unloopa()->fetchQuota(receiver, done);
    //   });
    template<typename T, typename Start>
    Result<T> await(Start &&start)
    {
        std::optional<Result<T>> result;
        QEventLoop loop;
        std::function<void(Result<T>)> done = [&result, &loop](Result<T> value) {
            result.emplace(std::move(value));
            loop.quit();
        };
        start(static_cast<const QObject *>(receiver()), done);
        if (!result)
            loop.exec();
        return std::move(*result);
    }
    // The do-not-contact list, the audit log and the outbound guard on the console's database,
    // installed on the hub: opened at the first use (commands that contact nobody never open it).
    OutboundSafety &outbound();

    // Loads the vendor's credentials (environment, else keychain; memory in demo mode) and
    // installs them. Nothing on success, else why not.
    std::optional<ApiError> loadCredentials(Vendor vendor);
    // Sends one raw call through the vendor's client and waits for the response.
    ApiResponse send(Vendor vendor, const ApiCall &call);

    // Success: `json` (an object or array) on stdout; `sentence`, if any, on stderr. Returns 0.
    int succeed(const QJsonValue &json, const QString &sentence = {});
    // Success as CSV: every row of `table` in `columns` (empty: all), machine profile (raw values,
    // the column keys as header) on stdout; `sentence`, if any, on stderr. Returns 0.
    int succeedCsv(const RecordTable &table, const QList<int> &columns, const QString &sentence);
    // Failure: {"error": {...}} on stdout, the explanation on stderr. Returns exitCodeFor(error).
    int fail(const ApiError &error);
    // The outbound guard refused (some of) the recipients: its decision (GuardDecision::toJson) on
    // stdout, `sentence` on stderr. Returns 5.
    int refused(const QJsonObject &decision, const QString &sentence);
    // Bad arguments: the sentence (and the command's usage, if given) on stderr. Returns 2.
    int usageError(const QString &sentence, const CliCommand *command = nullptr);
    // Parses a command's own options (arguments as given to run()). On failure prints the
    // parser's error as a usage error and returns false: then return CliExit::Usage.
    bool parse(QCommandLineParser &parser, const QStringList &arguments);
    // The options every contacting command takes: --dry-run, --bypass-calling-window (`bypassHelp`
    // says which window it lifts) and --reason.
    static void addOutboundOptions(QCommandLineParser &parser, const QString &bypassHelp);
    // The override typed on the command line (README promise O5): whether --bypass-calling-window
    // was given, and its --reason. Nothing (a usage error printed: return CliExit::Usage) when the
    // bypass has no reason.
    std::optional<std::pair<bool, QString>> typedOverride(const QCommandLineParser &parser);
    // A human sentence on stderr (progress, warnings). Never a secret.
    void say(const QString &sentence);

    static int exitCodeFor(const ApiError &error);

private:
    ServiceHub &m_hub;
    bool m_demo = false;
    QObject m_receiver;
    std::unique_ptr<OutboundSafety> m_outbound;
};
