#pragma once

#include "core/Vendor.h"

#include <QCoreApplication>
#include <QHash>
#include <QString>
#include <QUrl>

// How each vendor's events reach the console right now, and that mode in words for the Events
// page (and `events` tests). A vendor whose webhooks reach the receiver is in webhook mode; any
// other vendor is polled (PollingFallback) through what its API can read back:
//   UnlimCall     call records (CdrSync): outcomes only; transfers and do-not-call additions
//                 have no read endpoint and need the webhook
//   Outreach2day  its webhook events list: the very events deliveries carry, with their ids
//                 (the contact-changes feed and threads stay the Email page's LiveFeed)
//   Unloopa       the voice calls list (it sends no webhooks at all)
//   Verloop       nothing to read: its scheduled calls await their callback
class LiveModes
{
    Q_DECLARE_TR_FUNCTIONS(LiveModes)
public:
    enum class Mode {
        Webhooks,
        PollingCallRecords,
        PollingWebhookEvents,
        PollingVoiceCalls,
        AwaitingCallbacks
    };

    // Whether `vendor` can deliver webhooks to the console: the receiver listens, and a public
    // base URL the vendor can reach is registered (a loopback URL only serves a vendor on this
    // computer: the sandbox) — or, with none registered, the vendor is on this computer.
    static bool webhooksReach(bool receiverListening, const QUrl &publicBaseUrl, const QUrl &vendorBaseUrl);
    // False for Unloopa, which sends none.
    static bool sendsWebhooks(Vendor vendor);

    void setWebhooksReachable(Vendor vendor, bool reachable);
    bool webhooksReachable(Vendor vendor) const;

    Mode mode(Vendor vendor) const;
    // True when the polling fallback reads `vendor` (it has something to read and no webhooks).
    bool polls(Vendor vendor) const;
    QString text(Vendor vendor) const { return text(mode(vendor)); }
    static QString text(Mode mode);

    bool operator==(const LiveModes &other) const
    {
        for (const Vendor vendor : Vendors::all()) {
            if (webhooksReachable(vendor) != other.webhooksReachable(vendor))
                return false;
        }
        return true;
    }
    bool operator!=(const LiveModes &other) const { return !(*this == other); }

private:
    QHash<Vendor, bool> m_reachable;
};
