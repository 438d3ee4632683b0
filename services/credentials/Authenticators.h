#pragma once

#include "VendorCredentials.h"
#include "core/Authenticator.h"

#include <memory>

// The authenticator a vendor client uses for these credentials: a TokenAuthenticator with
// Bearer for Unloopa, UnlimCall and Outreach2day and the raw token for Verloop. (UnlimCall's
// OAuth 2.0 client credentials will be chosen here too, when usesOAuth().)
std::shared_ptr<Authenticator> makeAuthenticator(const VendorCredentials &credentials);
