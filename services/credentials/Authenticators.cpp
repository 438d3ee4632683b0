#include "Authenticators.h"

#include "unlimcall/OAuthClientCredentials.h"

std::shared_ptr<Authenticator> makeAuthenticator(const VendorCredentials &credentials,
                                                 const TokenSource &source)
{
    if (credentials.vendor == Vendor::UnlimCall && credentials.usesOAuth() && source.network) {
        OAuthClientCredentials::Config config;
        config.tokenUrl =
                source.tokenUrl.isEmpty() ? VendorEndpoints::defaultUnlimCallTokenUrl() : source.tokenUrl;
        config.clientId = credentials.clientId;
        config.clientSecret = credentials.clientSecret;
        return std::make_shared<OAuthClientCredentials>(config, source.network);
    }
    const auto scheme = credentials.vendor == Vendor::Verloop ? TokenAuthenticator::Scheme::Raw
                                                              : TokenAuthenticator::Scheme::Bearer;
    return std::make_shared<TokenAuthenticator>(scheme, credentials.token);
}
