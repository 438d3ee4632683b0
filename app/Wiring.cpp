#include "Wiring.h"

#include "core/VendorEndpoints.h"
#include "sandbox/Outreach2daySandbox.h"
#include "sandbox/SandboxServer.h"
#include "sandbox/VerloopSandbox.h"

#include <QCoreApplication>

#if defined(Q_OS_UNIX)
#include <sys/resource.h>
#endif
#if defined(Q_OS_LINUX)
#include <sys/prctl.h>
#endif

namespace Wiring {

std::optional<QString> takeGlobalOptions(QStringList &arguments, GlobalOptions &options)
{
    QStringList rest;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--demo")) {
            options.demo = true;
            continue;
        }
        bool matched = false;
        std::optional<QString> problem;
        // --name=value or --name value
        const auto take = [&](const QString &option, QString &value) {
            const QString name = QStringLiteral("--") + option;
            if (argument == name) {
                if (i + 1 >= arguments.size())
                    problem = QStringLiteral("%1 needs a URL, e.g. %1=https://staging.example.com/api/v1")
                                      .arg(name);
                else
                    value = arguments.at(++i);
                return true;
            }
            if (!argument.startsWith(name + QLatin1Char('=')))
                return false;
            value = argument.mid(name.size() + 1);
            return true;
        };
        for (Vendor vendor : Vendors::all()) {
            QString url;
            if (take(VendorEndpoints::commandLineOption(vendor), url)) {
                options.urls.insert(vendor, url);
                matched = true;
                break;
            }
        }
        if (!matched)
            matched = take(VendorEndpoints::unlimcallTokenUrlOption(), options.tokenUrl);
        if (problem)
            return problem;
        if (!matched)
            rest << argument;
    }
    arguments = rest;
    return std::nullopt;
}

Demo::Demo() = default;
Demo::~Demo() = default;

bool Demo::start()
{
    SandboxServer::Options options;
    // A launched demo campaign shows its sends, replies and unsubscribes within minutes: an hour
    // of Outreach2day's sending passes in a minute.
    options.outreachClockSpeed = 60;
    m_sandbox = std::make_unique<SandboxServer>(options);
    return m_sandbox->start();
}

QString Demo::errorString() const
{
    return m_sandbox ? m_sandbox->errorString() : QString();
}

ServiceHub::Options Demo::hubOptions() const
{
    ServiceHub::Options options;
    options.credentialSource = ServiceHub::CredentialSource::Memory;
    options.settingsGroup = QStringLiteral("demo/vendors");
    if (!m_sandbox || !m_sandbox->isRunning())
        return options;
    for (Vendor vendor : Vendors::all())
        options.commandLineUrls.insert(vendor, m_sandbox->baseUrl(vendor).toString());
    options.commandLineTokenUrl = m_sandbox->unlimcallTokenUrl().toString();
    return options;
}

bool Demo::attach(ServiceHub &hub)
{
    if (!start())
        return false;
    hub.overrideUrls(hubOptions());
    installCredentials(hub);
    return true;
}

void Demo::installCredentials(ServiceHub &hub) const
{
    // Before the credentials: the Voice page registers these when Verloop's arrive; the Email
    // campaigns page registers the Outreach2day one when it opens.
    hub.setDemoCampaigns(Vendor::Verloop,
                         {{QCoreApplication::translate("Wiring", "Sandbox campaign (office hours)"),
                           VerloopSandbox::demoCampaignId()}});
    hub.setDemoCampaigns(Vendor::Outreach2day,
                         {{QCoreApplication::translate("Wiring", "Q1 SaaS Outreach"),
                           Outreach2daySandbox::demoCampaignId()}});
    for (Vendor vendor : Vendors::all()) {
        VendorCredentials credentials;
        credentials.vendor = vendor;
        credentials.token = SandboxServer::demoToken(vendor);
        if (vendor == Vendor::Verloop)
            credentials.clientId = SandboxServer::demoVerloopClientId();
        if (vendor == Vendor::Outreach2day)
            credentials.workspaceId = SandboxServer::demoOutreachWorkspaceId();
        hub.setCredentials(credentials);
    }
}

ServiceHub::Options hubOptions(const GlobalOptions &options, ServiceHub::CredentialSource source)
{
    ServiceHub::Options hub;
    hub.credentialSource = source;
    hub.commandLineUrls = options.urls;
    hub.commandLineTokenUrl = options.tokenUrl;
    return hub;
}

void disableCoreDumpsInRelease()
{
#if defined(Q_OS_UNIX) && defined(QT_NO_DEBUG)
    const struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
#endif
#if defined(Q_OS_LINUX) && defined(QT_NO_DEBUG)
    // A core_pattern that pipes to a handler (systemd-coredump) ignores RLIMIT_CORE; this does not.
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("CampaignConsole"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("campaign-console.github.io"));
    QCoreApplication::setApplicationName(QStringLiteral("campaign-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CC_VERSION_STRING));
}

} // namespace Wiring
