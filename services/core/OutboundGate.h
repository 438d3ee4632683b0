#pragma once

#include <QString>

struct ApiCall;
struct ApiResponse;

// What the HTTP core asks before it sends a request that contacts a person (README promise O1).
// The one implementation is OutboundGuard (models/outbound); the core only knows this interface,
// so no vendor service can reach a person by forgetting to ask.
//
// VendorClient::send() calls redeem() for every call with ApiCall::contacting set. Without an
// installed gate, or when redeem() says no, the reply finishes with ApiError::Kind::Local, code
// "not_cleared", and nothing reaches the network. When a redeemed call finishes (success or not),
// the core reports its answer with recordOutcome().
class OutboundGate
{
public:
    virtual ~OutboundGate() = default;

    // True exactly once per clearance (ApiCall::clearanceId), and only for the vendor and
    // recipient it was issued for: a second send of the same clearance (a double click, a retry)
    // is refused. `why` gets a sentence when it says no.
    virtual bool redeem(const ApiCall &call, QString *why) = 0;
    // The vendor's answer to a redeemed call, appended to the audit log as an outcome row linked
    // to the attempt, and the saved intent marked sent (with the vendor's id) or failed.
    virtual void recordOutcome(const ApiCall &call, const ApiResponse &response) = 0;
};
