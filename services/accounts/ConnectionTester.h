#pragma once

#include "core/ApiError.h"
#include "core/Vendor.h"

#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QString>

#include <functional>

class ServiceHub;

// The outcome of "Test connection", in words for the Accounts page and as JSON for the CLI.
struct ConnectionTestResult
{
    Vendor vendor = Vendor::Unloopa;
    bool ok = false;
    // False when nothing was sent (Verloop has no probe endpoint: its format was checked).
    bool probed = true;
    // "Connected. Pro plan (active) · 4,850 of 5,000 websites left · resets 1 Feb 2025 00:00 UTC"
    // or the reason it failed with what to do.
    QString summary;
    QJsonObject details; // plan/quota, company/balance/currency, event types...
    ApiError error; // kind None when ok

    QJsonObject toJson() const;
};

// "Test connection" per vendor, with the cheapest call that proves the credentials work:
//   Unloopa       GET /quota                  → plan, websites remaining, reset time
//   UnlimCall     GET /me, then GET /balance  → company, balance and currency
//   Outreach2day  GET /campaigns/webhooks/event-types?workspaceId= → ok
//   Verloop       no probe endpoint            → the credentials' format is checked, and it says so
// Results are reported to the hub's ConnectionMonitor too.
class ConnectionTester : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const ConnectionTestResult &)>;

    explicit ConnectionTester(ServiceHub *hub, QObject *parent = nullptr);

    // One test per vendor at a time: a second request while one runs gets the same answer.
    void test(Vendor vendor, const QObject *context, Callback done);
    bool isRunning(Vendor vendor) const;

Q_SIGNALS:
    void started(Vendor vendor);
    void finished(const ConnectionTestResult &result);

private:
    void testUnloopa();
    void testUnlimCall();
    void testOutreach2day();
    void testVerloop();
    void finish(const ConnectionTestResult &result);
    static ConnectionTestResult failure(Vendor vendor, const ApiError &error);

    ServiceHub *m_hub;
    QSet<int> m_running; // Vendor as int
};
