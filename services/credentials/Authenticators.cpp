#include "Authenticators.h"

std::shared_ptr<Authenticator> makeAuthenticator(const VendorCredentials &credentials)
{
    // The UnlimCall OAuth 2.0 client-credentials authenticator hooks in here (usesOAuth()).
    const auto scheme = credentials.vendor == Vendor::Verloop ? TokenAuthenticator::Scheme::Raw
                                                              : TokenAuthenticator::Scheme::Bearer;
    return std::make_shared<TokenAuthenticator>(scheme, credentials.token);
}
