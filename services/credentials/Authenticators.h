#pragma once

#include "VendorCredentials.h"
#include "core/Authenticator.h"

#include <QUrl>

#include <memory>

class QNetworkAccessManager;

// Where an authenticator that fetches tokens (UnlimCall's OAuth client credentials) gets them:
// through the application's one network manager, from the configured token URL.
struct TokenSource
{
    QNetworkAccessManager *network = nullptr;
    QUrl tokenUrl;
};

// The authenticator a vendor client uses for these credentials: OAuth 2.0 client credentials
// for UnlimCall when usesOAuth(), else a TokenAuthenticator with Bearer for Unloopa, UnlimCall and
// Outreach2day and the raw token for Verloop.
std::shared_ptr<Authenticator> makeAuthenticator(const VendorCredentials &credentials,
                                                 const TokenSource &source);
