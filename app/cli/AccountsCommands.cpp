// The commands of the accounts foundation: testing connections and reading each account's
// standing (Unloopa quota, UnlimCall identity and balance).

#include "CliCommand.h"
#include "CliContext.h"
#include "accounts/ConnectionTester.h"
#include "accounts/ServiceHub.h"
#include "unlimcall/UnlimCallService.h"
#include "unloopa/UnloopaService.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

namespace {

bool isAbsent(const ApiError &error)
{
    return error.code == QLatin1String("keychain_entry_not_found") ||
            error.code == QLatin1String("not_configured");
}

int accountsTest(CliContext &context, const QStringList &arguments)
{
    if (arguments.size() > 1)
        return context.usageError(QStringLiteral("Give at most one vendor."));
    QList<Vendor> vendors = Vendors::all();
    const bool oneVendor = !arguments.isEmpty();
    if (oneVendor) {
        const auto vendor = Vendors::fromId(arguments.first());
        if (!vendor)
            return context.usageError(
                    QStringLiteral("Unknown vendor '%1': use unloopa, unlimcall, verloop or "
                                   "outreach2day.")
                            .arg(arguments.first()));
        vendors = {*vendor};
    }

    QJsonArray results;
    std::optional<ApiError> firstError;
    int tested = 0;
    for (Vendor vendor : std::as_const(vendors)) {
        if (const auto problem = context.loadCredentials(vendor)) {
            // Testing every vendor: one that was never set up is listed, not a failure. A locked
            // or missing keychain is: the answer is unknown.
            if (!oneVendor && isAbsent(*problem)) {
                results.append(QJsonObject{{QStringLiteral("vendor"), Vendors::id(vendor)},
                                           {QStringLiteral("configured"), false}});
                context.say(QStringLiteral("%1: not configured.").arg(Vendors::displayName(vendor)));
                continue;
            }
            ConnectionTestResult result;
            result.vendor = vendor;
            result.error = *problem;
            result.summary = problem->explanation;
            QJsonObject json = result.toJson();
            json.insert(QStringLiteral("configured"), false);
            results.append(json);
            context.say(problem->summary());
            if (!firstError)
                firstError = *problem;
            continue;
        }
        ++tested;
        std::optional<ConnectionTestResult> result;
        QEventLoop loop;
        context.hub().tester()->test(vendor, context.receiver(),
                                     [&result, &loop](const ConnectionTestResult &r) {
                                         result = r;
                                         loop.quit();
                                     });
        if (!result)
            loop.exec();
        QJsonObject json = result->toJson();
        json.insert(QStringLiteral("configured"), true);
        results.append(json);
        context.say(Vendors::displayName(vendor) + QStringLiteral(": ") + result->summary);
        if (!result->ok && !firstError)
            firstError = result->error;
    }

    const QJsonObject output{{QStringLiteral("ok"), !firstError && tested > 0},
                             {QStringLiteral("results"), results}};
    if (firstError) {
        context.succeed(output);
        return CliContext::exitCodeFor(*firstError);
    }
    if (tested == 0) {
        context.succeed(output);
        context.say(
                QStringLiteral("No vendor is configured: set the credential environment variables (see "
                               "'campaign-console-cli help') or save them under Accounts in the console."));
        return CliExit::NotConfigured;
    }
    return context.succeed(output);
}

int quota(CliContext &context, const QStringList &arguments)
{
    if (!arguments.isEmpty())
        return context.usageError(QStringLiteral("'quota' takes no arguments."));
    const Result<UnloopaQuota> quota = context.await<UnloopaQuota>(
            [&](const QObject *receiver, auto done) { context.hub().unloopa()->fetchQuota(receiver, done); });
    if (!quota.ok())
        return context.fail(quota.error());
    return context.succeed(quota->toJson(), quota->summary());
}

int me(CliContext &context, const QStringList &arguments)
{
    if (!arguments.isEmpty())
        return context.usageError(QStringLiteral("'me' takes no arguments."));
    const Result<UnlimCall::Me> me = context.await<UnlimCall::Me>(
            [&](const QObject *receiver, auto done) { context.hub().unlimcall()->fetchMe(receiver, done); });
    if (!me.ok())
        return context.fail(me.error());
    QString sentence = QStringLiteral("UnlimCall account %1")
                               .arg(me->companyName.isEmpty() ? me->customerId : me->companyName);
    if (!me->primaryContactEmail.isEmpty())
        sentence += QStringLiteral(" (%1)").arg(me->primaryContactEmail);
    return context.succeed(me->toJson(), sentence + QLatin1Char('.'));
}

int balance(CliContext &context, const QStringList &arguments)
{
    if (!arguments.isEmpty())
        return context.usageError(QStringLiteral("'balance' takes no arguments."));
    const Result<UnlimCall::Balance> balance =
            context.await<UnlimCall::Balance>([&](const QObject *receiver, auto done) {
                context.hub().unlimcall()->fetchBalance(receiver, done);
            });
    if (!balance.ok())
        return context.fail(balance.error());
    QJsonObject json = balance->toJson();
    const double threshold = context.hub().settings().lowBalanceThreshold();
    const bool low = balance->balance < threshold;
    json.insert(QStringLiteral("low"), low);
    QString sentence = QStringLiteral("Balance %1 %2")
                               .arg(QLocale::c().toString(balance->balance, 'f', 2), balance->currency);
    if (balance->blocked)
        sentence += QStringLiteral("; the account is blocked");
    else if (low)
        sentence += QStringLiteral("; below the low-balance threshold of %1").arg(threshold);
    if (balance->stale)
        sentence += QStringLiteral(" (may be out of date)");
    return context.succeed(json, sentence + QLatin1Char('.'));
}

const CliRegistration registration({
        {QStringLiteral("accounts test"),
         QStringLiteral("Tests the connection to one vendor, or to every configured vendor."),
         QStringLiteral("[unloopa|unlimcall|verloop|outreach2day]"),
         {},
         accountsTest},
        {QStringLiteral("quota"),
         QStringLiteral("Shows Unloopa's plan, quota left and when it resets (GET /quota)."),
         QString(),
         {Vendor::Unloopa},
         quota},
        {QStringLiteral("me"),
         QStringLiteral("Shows who the UnlimCall token belongs to (GET /me)."),
         QString(),
         {Vendor::UnlimCall},
         me},
        {QStringLiteral("balance"),
         QStringLiteral("Shows the UnlimCall balance and currency (GET /balance)."),
         QString(),
         {Vendor::UnlimCall},
         balance},
});

} // namespace
