#pragma once

#include "core/VendorClient.h"
#include "sandbox/SandboxServer.h"
#include "unloopa/UnloopaService.h"

#include <QNetworkAccessManager>
#include <QTest>

#include <functional>
#include <memory>
#include <optional>

// Waits (pumping the event loop) for a service callback. Waiting is bounded only so that a broken
// build fails instead of hanging; it is no performance assertion.
template<typename T>
std::optional<Result<T>> awaitResult(const std::function<void(std::function<void(const Result<T> &)>)> &start,
                                     int patienceMs = 120'000)
{
    std::optional<Result<T>> out;
    start([&out](const Result<T> &result) { out.emplace(result); });
    (void)QTest::qWaitFor([&out] { return out.has_value(); }, patienceMs);
    return out;
}

// A sandbox on loopback and an Unloopa service pointed at it with the demo token.
struct UnloopaRig
{
    // Without a parent the rig owns what it makes (deleted with the rig).
    explicit UnloopaRig(int leadCount = 600, QObject *parent = nullptr)
    {
        if (!parent) {
            owner = std::make_unique<QObject>();
            parent = owner.get();
        }
        SandboxServer::Options options;
        options.unloopaLeadCount = leadCount;
        options.unlimcallCdrDays = 1;
        options.unlimcallCdrsPerDay = 5;
        sandbox = new SandboxServer(options, parent);
        started = sandbox->start();
        network = new QNetworkAccessManager(parent);
        client = new VendorClient(Vendor::Unloopa, network, parent);
        client->setBaseUrl(sandbox->baseUrl(Vendor::Unloopa));
        setToken(SandboxServer::demoToken(Vendor::Unloopa));
        RetryPolicy fast;
        fast.baseDelayMs = 10;
        fast.maxDelayMs = 50;
        client->setRetryPolicy(fast);
        service = new UnloopaService(client, parent);
    }

    void setToken(const QByteArray &token)
    {
        client->setAuthenticator(
                std::make_shared<TokenAuthenticator>(TokenAuthenticator::Scheme::Bearer, token));
    }

    std::unique_ptr<QObject> owner; // set when no parent was given
    SandboxServer *sandbox = nullptr;
    QNetworkAccessManager *network = nullptr;
    VendorClient *client = nullptr;
    UnloopaService *service = nullptr;
    bool started = false;
};

#include "phone/PhoneTimeZones.h"

// Up to `count` sandbox leads with a phone that rings in `zone` only (inZone) or that does not
// (the rest): so a test's calling-window verdicts hold whatever hour it runs at, given the
// guard's fixed clock.
inline QList<UnloopaLead> leadsRingingIn(UnloopaService *service, const QByteArray &zone, int count,
                                         bool inZone = true)
{
    QList<UnloopaLead> found;
    for (int offset = 0; offset < 300 && found.size() < count; offset += 100) {
        QObject context;
        const auto page = awaitResult<UnloopaLeadPage>(
                [&](auto done) { service->fetchLeads({}, 100, offset, &context, done); });
        if (!page || !page->ok())
            break;
        for (const UnloopaLead &candidate : page->value().items) {
            const QList<QTimeZone> zones = PhoneTimeZones::zonesFor(candidate.phone);
            const bool ringsThere = zones.size() == 1 && zones.first().id() == zone;
            if (!candidate.phone.isEmpty() && ringsThere == inZone && found.size() < count)
                found.append(candidate);
        }
        if (page->value().items.size() < 100)
            break;
    }
    return found;
}

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

// Reads a CSV file with an independent reader (Python's csv module): {"bom": bool, "rows": [[...]]},
// the header being rows[0]. Empty object when python3 is missing or the file does not parse.
inline QJsonObject readCsvWithPython(const QString &path)
{
    static const char *script = R"PY(
import csv, io, json, sys
raw = open(sys.argv[1], 'rb').read()
text = raw.decode('utf-8-sig')
rows = list(csv.reader(io.StringIO(text, newline=''), strict=True))
print(json.dumps({'bom': raw.startswith(b'\xef\xbb\xbf'), 'rows': rows, 'crlf': text.endswith('\r\n')}))
)PY";
    QProcess python;
    python.start(QStringLiteral("python3"), {QStringLiteral("-c"), QString::fromUtf8(script), path});
    if (!python.waitForFinished(120'000) || python.exitCode() != 0)
        return {};
    return QJsonDocument::fromJson(python.readAllStandardOutput()).object();
}
