#pragma once

#include "core/ApiError.h"
#include "core/Vendor.h"

#include <QMap>
#include <QObject>
#include <QString>

class VendorClient;

// What the status bar shows for a vendor.
enum class ConnectionState {
    NotConfigured, // no credentials (or the keychain could not give them)
    Untested, // credentials present, no call has been answered yet
    Connected, // the last call reached the vendor and was accepted
    AuthFailed, // the vendor refused the credentials (401)
    Unreachable, // the last call did not reach the vendor (DNS, refused, timeout, TLS)
    Offline, // ...and the system says there is no network at all
};

namespace ConnectionStates {
QString id(ConnectionState state); // "not_configured", "connected", ... (CLI JSON, tests)
QString displayName(ConnectionState state); // "Not configured", "Connected", ...
} // namespace ConnectionStates

// Follows each vendor's connection state from what its VendorClient reports (every call counts,
// not only Test connection) and from the credentials being present.
class ConnectionMonitor : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionMonitor(QObject *parent = nullptr);

    void watch(VendorClient *client);

    ConnectionState state(Vendor vendor) const;
    // The last reason in words ("The Unloopa API key is missing or invalid..."), may be empty.
    QString detail(Vendor vendor) const;

    // Credentials appeared (Untested) or went away (NotConfigured, with the reason if any).
    void setConfigured(Vendor vendor, bool configured, const QString &detail = {});
    // A call's outcome: success → Connected; auth failure → AuthFailed; no answer → Unreachable
    // or Offline. Errors that say nothing about the connection (a 404, a bad argument) keep
    // Connected.
    void record(Vendor vendor, const ApiError &error);

Q_SIGNALS:
    void stateChanged(Vendor vendor, ConnectionState state, const QString &detail);

private:
    void set(Vendor vendor, ConnectionState state, const QString &detail);
    bool systemOffline() const;

    QMap<Vendor, ConnectionState> m_states;
    QMap<Vendor, QString> m_details;
    mutable bool m_networkInformationLoaded = false;
};
