#pragma once

#include "ConnectionMonitor.h"
#include "VendorSettings.h"
#include "core/ApiError.h"
#include "core/Vendor.h"
#include "credentials/VendorCredentials.h"

#include <QList>
#include <QMap>
#include <QObject>
#include <QPair>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class OutboundGate;
class QNetworkAccessManager;
class VendorClient;
class CredentialStore;
class ConnectionTester;
class UnloopaService;
class UnlimCallService;
class VerloopService;
class Outreach2dayService;

// The wiring both programs share: one QNetworkAccessManager, one VendorClient per vendor with
// its base URL and authenticator, the vendor services on top, and where credentials come from.
//
// Base URL precedence: command line (Options::commandLineUrls) > CAMPAIGN_CONSOLE_<VENDOR>_URL >
// Settings > the vendor's default (VendorEndpoints::resolve); UnlimCall's OAuth token URL likewise.
//
// Credentials: the keychain (CredentialStore) — or, for the CLI, the environment variables first
// (CredentialsFromEnvironment) — or, in demo mode, memory only (the keychain is never touched).
class ServiceHub : public QObject
{
    Q_OBJECT
public:
    enum class CredentialSource {
        Keychain, // the GUI
        EnvironmentThenKeychain, // the CLI: UNLOOPA_API_KEY... when set, else the keychain
        Memory, // demo mode and GUI tests: setCredentials()/saveCredentials() keep them in memory
    };

    struct Options
    {
        CredentialSource credentialSource = CredentialSource::Keychain;
        QMap<Vendor, QString> commandLineUrls; // --unloopa-url=... (empty: not given)
        QString settingsGroup = QStringLiteral("vendors"); // demo mode uses its own group
        QString keychainService; // empty: CredentialStore::defaultServiceName()
        QString commandLineTokenUrl; // --unlimcall-token-url=... (demo mode: the sandbox's)
    };

    explicit ServiceHub(const Options &options, QObject *parent = nullptr);
    ~ServiceHub() override;

    const Options &options() const { return m_options; }
    bool isDemo() const { return m_options.credentialSource == CredentialSource::Memory; }
    QNetworkAccessManager *network() const { return m_network; }
    VendorClient *client(Vendor vendor) const;
    VendorSettings &settings() { return m_settings; }
    ConnectionMonitor *monitor() const { return m_monitor; }
    // "Test connection" for every vendor (the Accounts page, the status bar and the CLI share it).
    ConnectionTester *tester() const { return m_tester; }
    // Null in Memory mode.
    CredentialStore *credentialStore() const { return m_store; }
    // Where webhook signing secrets are kept (the entries the receiver verifies deliveries with):
    // the keychain of credentialStore(); in Memory mode (demo) a keychain namespace of its own,
    // demoKeychainService(), so the sandbox's deliveries are verified the way UnlimCall's are while
    // the operator's own entries are never read or written.
    CredentialStore *webhookSecretStore() const { return m_store ? m_store : m_demoSecrets; }
    static QString demoKeychainService() { return QStringLiteral("campaign-console-demo"); }

    UnloopaService *unloopa() const { return m_unloopa; }
    UnlimCallService *unlimcall() const { return m_unlimcall; }
    VerloopService *verloop() const { return m_verloop; }
    Outreach2dayService *outreach2day() const { return m_outreach2day; }

    // Installs the outbound guard on every vendor's client (not owned; null uninstalls it): without
    // it no call that contacts a person is sent (README promise O1). The GUI and the CLI install
    // their OutboundSafety's guard.
    void setOutboundGate(OutboundGate *gate);
    OutboundGate *outboundGate() const { return m_gate; }

    // Demo mode: the sandbox's campaigns of a vendor (name, campaign id), which its page registers
    // while its list is empty (neither Verloop nor Outreach2day can list campaigns, and the
    // operator cannot know the sandbox's ids): the Voice page Verloop's, the Email campaigns page
    // Outreach2day's.
    void setDemoCampaigns(Vendor vendor, const QList<QPair<QString, QString>> &campaigns)
    {
        m_demoCampaigns.insert(vendor, campaigns);
    }
    QList<QPair<QString, QString>> demoCampaigns(Vendor vendor) const
    {
        return m_demoCampaigns.value(vendor);
    }

    // Resolves and installs every vendor's base URL (call again after Settings changed them).
    void applyBaseUrls();
    // Takes the command-line URLs of `options` (base and token URLs; they win over Settings) and
    // applies them: demo mode learns its sandbox's addresses only once the window is on screen.
    void overrideUrls(const Options &options);
    // The URL the vendor's client uses now.
    QUrl baseUrl(Vendor vendor) const;
    // UnlimCall's OAuth token URL in use, resolved with the base URLs' precedence (command line >
    // CAMPAIGN_CONSOLE_UNLIMCALL_TOKEN_URL > Settings > the documented one).
    QUrl tokenUrl() const { return m_tokenUrl; }

    // Credentials in use (installed on the client), if any.
    bool hasCredentials(Vendor vendor) const;
    std::optional<VendorCredentials> credentials(Vendor vendor) const;
    // Installs credentials on the vendor's client without storing them anywhere (demo tokens;
    // what load/save call after success). Registers the secrets for log redaction.
    void setCredentials(const VendorCredentials &credentials);
    void clearCredentials(Vendor vendor);

    // Loads the vendor's credentials from the configured source and installs them. `done` gets
    // nothing on success, else why not (keychain_entry_not_found, keychain_locked, ...,
    // invalid_credentials for incomplete environment variables).
    void loadCredentials(Vendor vendor, const QObject *context,
                         std::function<void(std::optional<ApiError>)> done);
    // At start-up: loads every vendor marked as saved in settings, reporting to the monitor.
    void loadSavedCredentials();
    // Validates, stores (keychain, or memory in demo mode) and installs. Marks them saved in
    // settings and mirrors the non-secret ids there.
    void saveCredentials(const VendorCredentials &credentials, const QObject *context,
                         std::function<void(std::optional<ApiError>)> done);
    // Deletes the stored entry and uninstalls the credentials.
    void removeCredentials(Vendor vendor, const QObject *context,
                           std::function<void(std::optional<ApiError>)> done);

Q_SIGNALS:
    void credentialsChanged(Vendor vendor);
    void baseUrlsChanged();

private:
    void installAuthenticator(const VendorCredentials &credentials);
    // UnlimCall credentials from the keychain as the operator's chosen sign-in mode uses them
    // (the entry may hold both a token and a client secret).
    VendorCredentials inChosenMode(VendorCredentials credentials) const;

    Options m_options;
    VendorSettings m_settings;
    QNetworkAccessManager *m_network = nullptr;
    QMap<Vendor, VendorClient *> m_clients;
    QMap<Vendor, VendorCredentials> m_credentials;
    QUrl m_tokenUrl;
    QMap<Vendor, QList<QPair<QString, QString>>> m_demoCampaigns;
    OutboundGate *m_gate = nullptr;
    ConnectionMonitor *m_monitor = nullptr;
    ConnectionTester *m_tester = nullptr;
    CredentialStore *m_store = nullptr;
    CredentialStore *m_demoSecrets = nullptr; // Memory mode's webhookSecretStore()
    UnloopaService *m_unloopa = nullptr;
    UnlimCallService *m_unlimcall = nullptr;
    VerloopService *m_verloop = nullptr;
    Outreach2dayService *m_outreach2day = nullptr;
};
