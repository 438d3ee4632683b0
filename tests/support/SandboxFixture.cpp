#include "SandboxFixture.h"

#include "core/Authenticator.h"
#include "core/VendorClient.h"

#include <QNetworkAccessManager>

SandboxServer::Options SandboxFixture::smallOptions()
{
    SandboxServer::Options options;
    options.unloopaLeadCount = 250;
    options.unlimcallCdrDays = 45;
    options.unlimcallCdrsPerDay = 40;
    options.outreachClockSpeed = 0; // Outreach2day sends only when a test advances its clock
    return options;
}

SandboxFixture::SandboxFixture(const SandboxServer::Options &options)
    : m_server(std::make_unique<SandboxServer>(options)), m_network(std::make_unique<QNetworkAccessManager>())
{ }

SandboxFixture::~SandboxFixture()
{
    for (VendorClient *client : std::as_const(m_allClients))
        client->abortAll();
    qDeleteAll(m_allClients);
    m_allClients.clear();
    m_clients.clear();
    m_network.reset();
    m_server.reset();
}

bool SandboxFixture::start()
{
    if (!m_server->start())
        return false;
    if (m_clients.isEmpty()) {
        for (Vendor vendor : Vendors::all())
            m_clients.insert(vendor, makeClient(vendor, token(vendor)));
    } else {
        // Restarted: the port may have changed.
        for (VendorClient *client : std::as_const(m_allClients))
            client->setBaseUrl(baseUrl(client->vendor()));
    }
    return true;
}

QString SandboxFixture::errorString() const
{
    return m_server->errorString();
}

VendorClient *SandboxFixture::client(Vendor vendor) const
{
    return m_clients.value(vendor);
}

VendorClient *SandboxFixture::clientWithToken(Vendor vendor, const QByteArray &token)
{
    return makeClient(vendor, token);
}

QUrl SandboxFixture::baseUrl(Vendor vendor) const
{
    return m_server->baseUrl(vendor);
}

VendorClient *SandboxFixture::makeClient(Vendor vendor, const QByteArray &token)
{
    auto *client = new VendorClient(vendor, m_network.get());
    client->setBaseUrl(baseUrl(vendor));
    if (!token.isEmpty()) {
        const auto scheme = vendor == Vendor::Verloop ? TokenAuthenticator::Scheme::Raw
                                                      : TokenAuthenticator::Scheme::Bearer;
        client->setAuthenticator(std::make_shared<TokenAuthenticator>(scheme, token));
    }
    m_allClients.append(client);
    return client;
}
