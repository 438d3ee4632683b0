#pragma once

#include <QString>
#include <QWidget>

class CredentialStore;
class EmailActivityStore;
class EmailCampaignStore;
class Notifier;
class OutboundSafety;
class Outreach2dayService;
class SuppressionSync;

// What every part of the Email campaigns page works with. Owned by the page.
struct EmailContext
{
    Outreach2dayService *service = nullptr;
    EmailCampaignStore *store = nullptr; // on the page's own Database (PageContext::databasePath)
    OutboundSafety *outbound = nullptr; // the do-not-contact list and the guard
    Notifier *notifier = nullptr;
    // #11: what was seen of running campaigns (threads, suppression mirror, webhooks, subsequences).
    EmailActivityStore *activity = nullptr;
    CredentialStore *credentials = nullptr; // the keychain (webhook secrets)
    // The one suppression sync of the page (on `service`, `activity` and the outbound store), so
    // the Suppressions view shows at once what the live feed's unsubscribes add. The view makes
    // its own when none is given.
    SuppressionSync *suppressions = nullptr;
};

// One section of the campaign editor (details, steps, contacts, mailboxes, schedule and stop
// rules, preflight, launch), in the API's own order. Each shows what is missing, and any section
// is reachable at any time.
class EditorSection : public QWidget
{
    Q_OBJECT
public:
    using QWidget::QWidget;

    // Shows `campaignId` (from the store, refreshing from the API where it can read back).
    virtual void setCampaign(const QString &campaignId) = 0;
    // What this section still lacks before launch, in words ("Add at least one step."); empty
    // when complete.
    virtual QString missing() const = 0;

Q_SIGNALS:
    // Something the other sections depend on changed (steps, contacts, mailboxes, schedule): the
    // editor re-reads missing() and the capacity planner recomputes.
    void changed();
};
