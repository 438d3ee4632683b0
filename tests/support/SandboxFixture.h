#pragma once

#include "core/Vendor.h"
#include "sandbox/SandboxServer.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <memory>

class QNetworkAccessManager;
class VendorClient;

// What an integration test needs to talk to the vendors: a started sandbox with small data, one
// QNetworkAccessManager, and one VendorClient per vendor pointed at the sandbox with the demo
// token. Everything is owned here and torn down in the right order (clients, network, server).
//
//     SandboxFixture sandbox;
//     QVERIFY2(sandbox.start(), qPrintable(sandbox.errorString()));
//     UnloopaService service(sandbox.client(Vendor::Unloopa));
class SandboxFixture
{
public:
    // Small data sizes so each test starts in milliseconds.
    static SandboxServer::Options smallOptions();

    explicit SandboxFixture(const SandboxServer::Options &options = smallOptions());
    ~SandboxFixture();
    SandboxFixture(const SandboxFixture &) = delete;
    SandboxFixture &operator=(const SandboxFixture &) = delete;

    bool start();
    QString errorString() const;

    SandboxServer *server() const { return m_server.get(); }
    QNetworkAccessManager *network() const { return m_network.get(); }

    // The vendor's client with the sandbox base URL and the demo token (Bearer, raw for Verloop).
    VendorClient *client(Vendor vendor) const;
    // A new client (owned by the fixture) with another token, e.g. a wrong one or the
    // limited-scope token; an empty token gives a client without credentials.
    VendorClient *clientWithToken(Vendor vendor, const QByteArray &token);

    QUrl baseUrl(Vendor vendor) const;
    static QByteArray token(Vendor vendor) { return SandboxServer::demoToken(vendor); }
    static QString outreachWorkspaceId() { return SandboxServer::demoOutreachWorkspaceId(); }
    static QString verloopClientId() { return SandboxServer::demoVerloopClientId(); }

private:
    VendorClient *makeClient(Vendor vendor, const QByteArray &token);

    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    QHash<Vendor, VendorClient *> m_clients;
    QList<VendorClient *> m_allClients; // owned
};
