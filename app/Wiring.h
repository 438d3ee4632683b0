#pragma once

#include "accounts/ServiceHub.h"
#include "core/Vendor.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class SandboxServer;

// What both programs do the same way before they show or run anything.
namespace Wiring {

// The options both programs take: --demo, --<vendor>-url and --unlimcall-token-url.
struct GlobalOptions
{
    bool demo = false;
    QMap<Vendor, QString> urls;
    QString tokenUrl;
};

// Removes --demo, --<vendor>-url=<url>, --<vendor>-url <url> and the same forms of
// --unlimcall-token-url from `arguments` (anywhere, the program name excluded). Returns a sentence
// when one is malformed.
std::optional<QString> takeGlobalOptions(QStringList &arguments, GlobalOptions &options);

// The sandbox of demo mode, started in-process, and the hub options pointing every vendor at it.
// Demo mode keeps credentials in memory and its settings in their own group: the operator's
// keychain and settings are never touched.
class Demo
{
public:
    Demo();
    ~Demo();
    // False with errorString() when the sandbox cannot listen.
    bool start();
    QString errorString() const;
    SandboxServer *sandbox() const { return m_sandbox.get(); }
    // Demo mode's hub options; the sandbox's URLs only once it has started.
    ServiceHub::Options hubOptions() const;
    // Installs the sandbox's demo tokens on every vendor client (and names the sandbox's Verloop
    // campaign for the Voice page).
    void installCredentials(ServiceHub &hub) const;
    // start(), then points a hub made from hubOptions() before it at the sandbox and installs the
    // demo tokens: the console shows its window first, as seeding the sandbox's data takes longer.
    bool attach(ServiceHub &hub);

private:
    std::unique_ptr<SandboxServer> m_sandbox;
};

// Hub options for a normal run: the given command-line URLs, credentials from `source`.
ServiceHub::Options hubOptions(const GlobalOptions &options, ServiceHub::CredentialSource source);

// Release builds write no core dumps: one would hold the tokens in memory (README promise S5).
void disableCoreDumpsInRelease();

// Organisation and application names shared by both programs (so the CLI reads the console's
// settings).
void setApplicationIdentity();

} // namespace Wiring
