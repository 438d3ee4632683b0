#pragma once

#include "core/Vendor.h"
#include "events/EventStore.h"
#include "events/LiveModes.h"
#include "store/Database.h"

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class CdrStore;
class CredentialStore;
class EmailActivityStore;
class EventApplier;
class KeychainWebhookSecrets;
class LeadStore;
class OutboundStore;
class Outreach2dayService;
class PollingFallback;
class SuppressionSync;
class UnlimCallService;
class UnloopaService;
class VerloopService;
class VerloopCallbackTokens;
class WebhookIngest;
class WebhookReceiver;

// The console's live-events runtime (issue #13), one per window, built after its first frame:
// the event log on the console database, the one sink (WebhookIngest: verify → store → ack) with
// the webhook secrets from the keychain, the effects of each new event (EventApplier), and the
// webhook receiver, which listens only while EventReceiverSettings says so (default off).
//
//   LiveEvents live({databasePath, hub->credentialStore(), outbound->store(), hub->outreach2day()});
//   live.applySettings();              // listens (or not) as Settings say; again after they change
//   connect(&live, &LiveEvents::eventStored, ...);   // every NEW event, whichever source saw it
//
// Events seen by polling (PollingFallback, for each vendor whose webhooks cannot reach the
// receiver) are applied and announced like a webhook's, so the Events page, notifications and
// the effects treat them alike; record() is the same way in for one event.
class LiveEvents : public QObject
{
    Q_OBJECT
public:
    // What the runtime works on; none is owned, each may be null (its part is then skipped).
    struct Dependencies
    {
        QString databasePath; // empty: Database::defaultPath()
        CredentialStore *keychain = nullptr; // the webhook secrets (null: none, deliveries are refused)
        OutboundStore *outbound = nullptr; // dnc.added and unsubscribes land on its list
        Outreach2dayService *outreach2day = nullptr; // unsubscribes are mirrored there; polled
        UnlimCallService *unlimCall = nullptr; // its call records are polled
        UnloopaService *unloopa = nullptr; // its voice calls list is polled
        VerloopService *verloop = nullptr; // only its base URL: nothing to poll
    };

    // The receiver as the operator should read it.
    struct ReceiverState
    {
        enum class Kind { Off, Listening, CannotListen };
        Kind kind = Kind::Off;
        QHostAddress address; // where it listens, or tried to (unset while Off)
        quint16 port = 0;
        QString reason; // CannotListen: why (the system's words)

        // "Off", "Listening on 127.0.0.1:8787", "Cannot listen on 127.0.0.1:8787: <reason>".
        QString describe() const;
    };

    // One address to give a vendor.
    struct RegisterUrl
    {
        Vendor vendor = Vendor::UnlimCall;
        QString url; // Verloop: the shape, ".../hooks/verloop/<token>" (the console fills each call's)
    };

    explicit LiveEvents(const Dependencies &dependencies, QObject *parent = nullptr);
    ~LiveEvents() override;

    // Empty when the event log opened; else why not (then nothing is received or recorded).
    QString storeProblem() const { return m_storeProblem; }
    // Null when the store could not be opened.
    EventStore *store() const { return m_store.get(); }
    // The connection the runtime's stores use (GUI thread only).
    Database *database() const { return m_database.get(); }
    QString databasePath() const { return m_databasePath; }

    // (Re)starts or stops the receiver as EventReceiverSettings say now; stateChanged() follows
    // when the state changed. Also reads the webhook secrets again.
    void applySettings();
    ReceiverState receiverState() const { return m_state; }
    // The public base URL (EventReceiverSettings) — else, while listening, the local address —
    // followed by each vendor's path; empty when there is neither.
    QList<RegisterUrl> urlsToRegister() const;
    // How each vendor's events reach the console now (webhooks, or what is polled).
    const LiveModes &liveModes() const { return m_modes; }

    // Reads the webhook secrets from the keychain again (after a subscription or a rotation);
    // until the first read has finished deliveries are answered 503 (the vendor retries).
    // `done` (optional) runs on `context` with the problem, if any.
    void refreshSecrets(const QObject *context = nullptr,
                        std::function<void(std::optional<QString> problem)> done = {});

    // Stores an event learned by polling (source "poll"); a new one is applied and announced by
    // eventStored(), a duplicate changes nothing. The polling fallback's way in.
    EventStore::InsertResult record(const StoredEvent &event);

Q_SIGNALS:
    // A new event was stored (by the receiver or record()); emitted once per distinct event.
    void eventStored(const StoredEvent &event);
    // receiverState(), urlsToRegister() or liveModes() changed (after applySettings()).
    void stateChanged();

private:
    void announce(const StoredEvent &event);
    void setState(const ReceiverState &state);
    QStringList urlTexts() const;

    QString m_databasePath;
    std::unique_ptr<Database> m_database;
    QString m_storeProblem;
    std::unique_ptr<EventStore> m_store;
    std::unique_ptr<VerloopCallbackTokens> m_tokens;
    std::unique_ptr<EmailActivityStore> m_activity;
    std::unique_ptr<LeadStore> m_leads;
    std::unique_ptr<CdrStore> m_cdrs; // the UnlimCall hooks whose secrets the keychain keeps
    SuppressionSync *m_suppressions = nullptr;
    KeychainWebhookSecrets *m_secrets = nullptr;
    EventApplier *m_applier = nullptr;
    WebhookIngest *m_ingest = nullptr;
    WebhookReceiver *m_receiver = nullptr;
    // Polls each vendor whose webhooks cannot reach the receiver (liveModes()); what it stores
    // is announced as a webhook's is.
    PollingFallback *m_polling = nullptr;
    QHash<Vendor, QUrl> m_vendorUrls; // each vendor's API base URL: can its webhooks reach us?
    ReceiverState m_state;
    LiveModes m_modes;
    QStringList m_shownUrls; // urlsToRegister() when stateChanged() last said so
};
