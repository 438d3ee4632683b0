#include "Authenticators.h"

#include "unlimcall/OAuthClientCredentials.h"

std::shared_ptr<Authenticator> makeAuthenticator(const VendorCredentials &credentials)
{
    if (credentials.vendor == Vendor::UnlimCall && credentials.usesOAuth()) {
        // The token URL follows the client's base URL (OAuthClientCredentials::defaultTokenUrl).
        OAuthClientCredentials::Config config;
        config.clientId = credentials.clientId;
        config.clientSecret = credentials.clientSecret;
        return std::make_shared<OAuthClientCredentials>(config);
    }
    const auto scheme = credentials.vendor == Vendor::Verloop ? TokenAuthenticator::Scheme::Raw
                                                              : TokenAuthenticator::Scheme::Bearer;
    return std::make_shared<TokenAuthenticator>(scheme, credentials.token);
}
