#include "LiveModes.h"

#include "core/UrlPolicy.h"

bool LiveModes::webhooksReach(bool receiverListening, const QUrl &publicBaseUrl, const QUrl &vendorBaseUrl)
{
    if (!receiverListening)
        return false;
    const bool vendorHere = UrlPolicy::isLoopbackHost(vendorBaseUrl.host());
    // Nothing registered: only a vendor on this computer (the sandbox, which demo mode subscribes
    // to the receiver's own address) can post to it.
    if (!publicBaseUrl.isValid() || publicBaseUrl.host().isEmpty())
        return vendorHere;
    return !UrlPolicy::isLoopbackHost(publicBaseUrl.host()) || vendorHere;
}

bool LiveModes::sendsWebhooks(Vendor vendor)
{
    return vendor != Vendor::Unloopa;
}

void LiveModes::setWebhooksReachable(Vendor vendor, bool reachable)
{
    m_reachable.insert(vendor, reachable && sendsWebhooks(vendor));
}

bool LiveModes::webhooksReachable(Vendor vendor) const
{
    return m_reachable.value(vendor, false);
}

LiveModes::Mode LiveModes::mode(Vendor vendor) const
{
    if (webhooksReachable(vendor))
        return Mode::Webhooks;
    switch (vendor) {
    case Vendor::UnlimCall:
        return Mode::PollingCallRecords;
    case Vendor::Outreach2day:
        return Mode::PollingWebhookEvents;
    case Vendor::Unloopa:
        return Mode::PollingVoiceCalls;
    case Vendor::Verloop:
        break;
    }
    return Mode::AwaitingCallbacks;
}

bool LiveModes::polls(Vendor vendor) const
{
    const Mode m = mode(vendor);
    return m != Mode::Webhooks && m != Mode::AwaitingCallbacks;
}

QString LiveModes::text(Mode mode)
{
    switch (mode) {
    case Mode::Webhooks:
        return tr("webhooks");
    case Mode::PollingCallRecords:
        return tr("polling call records — transfers and do-not-call additions need the webhook");
    case Mode::PollingWebhookEvents:
        return tr("polling the webhook events list");
    case Mode::PollingVoiceCalls:
        return tr("polling the voice calls list");
    case Mode::AwaitingCallbacks:
        break;
    }
    return tr("awaiting callbacks");
}
