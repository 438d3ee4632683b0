#include "ConnectionTester.h"

#include "ServiceHub.h"
#include "core/VendorClient.h"
#include "outreach2day/Outreach2dayService.h"
#include "unlimcall/UnlimCallService.h"
#include "unloopa/UnloopaService.h"
#include "verloop/VerloopService.h"

#include <QJsonArray>
#include <QLocale>
#include <QPointer>

QJsonObject ConnectionTestResult::toJson() const
{
    QJsonObject object{
            {QStringLiteral("vendor"), Vendors::id(vendor)},
            {QStringLiteral("ok"), ok},
            {QStringLiteral("probed"), probed},
            {QStringLiteral("summary"), summary},
    };
    if (!details.isEmpty())
        object.insert(QStringLiteral("details"), details);
    if (error.isError())
        object.insert(QStringLiteral("error"), error.toJson());
    return object;
}

ConnectionTester::ConnectionTester(ServiceHub *hub, QObject *parent) : QObject(parent), m_hub(hub) { }

bool ConnectionTester::isRunning(Vendor vendor) const
{
    return m_running.contains(int(vendor));
}

void ConnectionTester::test(Vendor vendor, const QObject *context, Callback done)
{
    if (done) {
        // One-shot: delivered with the next result for this vendor, while `context` lives.
        auto connection = std::make_shared<QMetaObject::Connection>();
        QPointer<const QObject> guard(context);
        *connection = connect(this, &ConnectionTester::finished, context,
                              [vendor, done, connection, guard](const ConnectionTestResult &result) {
                                  if (result.vendor != vendor)
                                      return;
                                  QObject::disconnect(*connection);
                                  if (guard)
                                      done(result);
                              });
    }
    if (isRunning(vendor))
        return;
    m_running.insert(int(vendor));
    Q_EMIT started(vendor);

    if (!m_hub->hasCredentials(vendor) && vendor != Vendor::Verloop) {
        ApiError error;
        error.vendor = vendor;
        error.kind = ApiError::Kind::NotConfigured;
        error.code = QStringLiteral("not_configured");
        error.explanation = QStringLiteral("No %1 credentials are saved: the key is missing. Add it above, "
                                           "then test again.")
                                    .arg(Vendors::displayName(vendor));
        // Queued, so callers see started() before finished() whatever the path.
        QMetaObject::invokeMethod(
                this, [this, vendor, error] { finish(failure(vendor, error)); }, Qt::QueuedConnection);
        return;
    }
    switch (vendor) {
    case Vendor::Unloopa:
        testUnloopa();
        return;
    case Vendor::UnlimCall:
        testUnlimCall();
        return;
    case Vendor::Verloop:
        QMetaObject::invokeMethod(this, &ConnectionTester::testVerloop, Qt::QueuedConnection);
        return;
    case Vendor::Outreach2day:
        testOutreach2day();
        return;
    }
}

ConnectionTestResult ConnectionTester::failure(Vendor vendor, const ApiError &error)
{
    ConnectionTestResult result;
    result.vendor = vendor;
    result.ok = false;
    result.error = error;
    result.summary = QStringLiteral("Connection failed. ") + error.explanation;
    return result;
}

void ConnectionTester::testUnloopa()
{
    m_hub->unloopa()->fetchQuota(this, [this](const Result<UnloopaQuota> &quota) {
        if (!quota.ok()) {
            finish(failure(Vendor::Unloopa, quota.error()));
            return;
        }
        ConnectionTestResult result;
        result.vendor = Vendor::Unloopa;
        result.ok = true;
        result.summary = QStringLiteral("Connected. ") + quota->summary();
        result.details = quota->toJson();
        finish(result);
    });
}

void ConnectionTester::testUnlimCall()
{
    m_hub->unlimcall()->fetchMe(this, [this](const Result<UnlimCall::Me> &me) {
        if (!me.ok()) {
            finish(failure(Vendor::UnlimCall, me.error()));
            return;
        }
        const UnlimCall::Me who = me.value();
        m_hub->unlimcall()->fetchBalance(this, [this, who](const Result<UnlimCall::Balance> &balance) {
            ConnectionTestResult result;
            result.vendor = Vendor::UnlimCall;
            QJsonObject details{{QStringLiteral("me"), who.toJson()}};
            const QString company = who.companyName.isEmpty() ? who.customerId : who.companyName;
            if (!balance.ok()) {
                // /me worked, so the token is fine; the balance needs the read:balance scope.
                result = failure(Vendor::UnlimCall, balance.error());
                result.summary = QStringLiteral("Connected as %1, but the balance could not be read. %2")
                                         .arg(company, balance.error().explanation);
                result.details = details;
                finish(result);
                return;
            }
            details.insert(QStringLiteral("balance"), balance->toJson());
            const QLocale locale;
            QString text =
                    QStringLiteral("Connected as %1; balance %2 %3")
                            .arg(company, locale.toString(balance->balance, 'f', 2), balance->currency);
            if (!balance->accountType.isEmpty())
                text += QStringLiteral(" (%1)").arg(balance->accountType);
            text += QLatin1Char('.');
            if (balance->blocked)
                text += QStringLiteral(" The account is blocked: calls will be refused.");
            else if (balance->balance < m_hub->settings().lowBalanceThreshold())
                text += QStringLiteral(" The balance is low: top it up before starting campaigns.");
            if (balance->stale)
                text += QStringLiteral(" (UnlimCall says this figure may be out of date.)");
            result.ok = true;
            result.summary = text;
            result.details = details;
            finish(result);
        });
    });
}

void ConnectionTester::testOutreach2day()
{
    m_hub->outreach2day()->fetchWebhookEventTypes(this, [this](const Result<QStringList> &types) {
        if (!types.ok()) {
            finish(failure(Vendor::Outreach2day, types.error()));
            return;
        }
        ConnectionTestResult result;
        result.vendor = Vendor::Outreach2day;
        result.ok = true;
        result.summary = QStringLiteral("Connected to workspace %1. The key is accepted.")
                                 .arg(m_hub->outreach2day()->workspaceId());
        result.details =
                QJsonObject{{QStringLiteral("workspaceId"), m_hub->outreach2day()->workspaceId()},
                            {QStringLiteral("webhookEventTypes"), QJsonArray::fromStringList(types.value())}};
        finish(result);
    });
}

void ConnectionTester::testVerloop()
{
    ConnectionTestResult result;
    result.vendor = Vendor::Verloop;
    result.probed = false;
    const std::optional<VendorCredentials> credentials = m_hub->credentials(Vendor::Verloop);
    if (!credentials) {
        ApiError error;
        error.vendor = Vendor::Verloop;
        error.kind = ApiError::Kind::NotConfigured;
        error.code = QStringLiteral("not_configured");
        error.explanation = QStringLiteral("No Verloop token is saved: the key is missing. Add the token and "
                                           "your client id above, then test again.");
        result = failure(Vendor::Verloop, error);
        result.probed = false;
        finish(result);
        return;
    }
    if (const auto problem = VerloopService::checkFormat(*credentials)) {
        result = failure(Vendor::Verloop, *problem);
        result.probed = false;
        finish(result);
        return;
    }
    result.ok = true;
    result.summary = QStringLiteral("The token and client id are well-formed. Verloop has no endpoint to "
                                    "test them without scheduling a call, so the first call will confirm "
                                    "them (calls go to %1).")
                             .arg(m_hub->baseUrl(Vendor::Verloop).toString());
    result.details = QJsonObject{{QStringLiteral("clientId"), credentials->clientId},
                                 {QStringLiteral("baseUrl"), m_hub->baseUrl(Vendor::Verloop).toString()}};
    finish(result);
}

void ConnectionTester::finish(const ConnectionTestResult &result)
{
    m_running.remove(int(result.vendor));
    if (result.probed)
        m_hub->monitor()->record(result.vendor, result.error);
    Q_EMIT finished(result);
}
