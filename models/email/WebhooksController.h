#pragma once

#include "core/ApiError.h"
#include "core/CursorPager.h" // QPointer<CursorPager> needs the whole type in every includer
#include "email/EmailActivityStore.h"
#include "outreach2day/Outreach2dayTypes.h"
#include "table/RecordTable.h"

#include <QObject>
#include <QPointer>

class CredentialStore;
class ExportJob;
class Outreach2dayService;
class WebhookSecrets;

// Outreach2day webhook subscriptions without widgets. The console makes each secret
// (WebhookSecrets::generate), the vendor confirms it, then it goes to the keychain and is handed
// out once through secretIssued() for the operator to copy: it is never in the store, settings or
// any table. Rotation (W3): the new secret is kept once the vendor confirmed it, the previous one
// stays accepted until the grace period the operator set ends. The local side of each
// subscription (filters, status, grace) is in EmailActivityStore.
class WebhooksController : public QObject
{
    Q_OBJECT
public:
    WebhooksController(Outreach2dayService *service, EmailActivityStore *store, CredentialStore *keychain,
                       QObject *parent = nullptr);

    void loadEventTypes(); // GET /campaigns/webhooks/event-types: eventTypesChanged
    QStringList eventTypes() const { return m_eventTypes; }

    void create(O2dWebhookSubscription subscription); // its secret is made here
    // PATCH with the endpoint, event types, filters and switches given (never a secret: rotate()).
    void update(const QString &subscriptionId, const O2dWebhookSubscription &subscription);
    // The subscription as kept locally (no secret), if this console knows it.
    std::optional<O2dWebhookSubscription> subscription(const QString &subscriptionId) const;
    void test(const QString &subscriptionId);
    void pause(const QString &subscriptionId);
    void resume(const QString &subscriptionId);
    void rotate(const QString &subscriptionId, qint64 graceSeconds);
    void remove(const QString &subscriptionId); // at the vendor, then the keychain entries
    void loadEvents(); // every webhook event through the pager
    void loadDeliveries(const QString &subscriptionId);

    static RecordSchema
    hookSchema(); // id (key), endpoint, events, intents, campaigns, status, secret set, grace
    enum HookColumn { HookId, Endpoint, Events, Intents, Campaigns, Status, SecretSet, GraceUntil };
    RecordTable hookTable() const;
    static RecordSchema eventSchema(); // key hidden, time, type, campaign, email, intent
    RecordTable eventTable() const { return m_events; }
    static RecordSchema
    deliverySchema(); // key hidden, time, event, status, attempts, HTTP status, error, next
    RecordTable deliveryTable() const { return m_deliveries; }
    ExportJob *exportJob() const { return m_export; } // the events or deliveries, one at a time

Q_SIGNALS:
    void eventTypesChanged();
    void hooksChanged();
    void eventsChanged();
    void deliveriesChanged();
    // A secret in force for the first time (created or rotated): show it once, keep it nowhere.
    void secretIssued(const QString &subscriptionId, const QString &secret);
    void finished(const QString &what, const ApiError &error); // kind None when it worked

private:
    void saveHook(const O2dWebhookSubscription &subscription, const QDateTime &graceUntil, bool secretSet);
    // After pause/resume: the answer need not repeat the endpoint and filters, so a known
    // subscription keeps them and takes only the new status.
    void saveStatus(const O2dWebhookSubscription &answer);
    void keychainFailed(const QString &what, const std::optional<ApiError> &error);

    QPointer<Outreach2dayService> m_service;
    EmailActivityStore *m_store;
    WebhookSecrets *m_secrets;
    QStringList m_eventTypes;
    RecordTable m_events;
    RecordTable m_deliveries;
    QPointer<CursorPager> m_eventsPager;
    QPointer<CursorPager> m_deliveriesPager;
    ExportJob *m_export;
};
