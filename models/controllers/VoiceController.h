#pragma once

#include "controllers/ContactList.h"
#include "outbound/OutboundTypes.h"
#include "verloop/VerloopCampaignRegistry.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QUrl>

#include <memory>
#include <optional>

class Database;
class ExportJob;
class OutboundGuard;
class RecordTableModel;
class ServiceHub;
class VerloopCallbackTokens;
class VerloopScheduler;

// What the Voice page does, without widgets: the Verloop campaign registry (Verloop cannot list
// campaigns, so the console keeps name <-> Campaign ID), the table of scheduled calls (the guard's
// saved intents for Verloop, with message_id and status; an intent whose outcome is unknown after
// a crash is marked and never resent), and one scheduling run at a time through VerloopScheduler:
// prepare() the plan, dryRun() it (nothing written), send() the allowed recipients.
//
// Nothing is opened before open(): the page calls it when it is first shown, so the console's
// start-up never waits on the registry's database.
class VoiceController : public QObject
{
    Q_OBJECT
public:
    enum class RingMode { Now, RecipientLocal, WithOffset };

    // What the operator asked for, in one scheduling run.
    struct Plan
    {
        QString campaignId; // UUID of a registered campaign
        QList<Contact> recipients;
        QList<QPair<QString, QString>> variableMapping; // variable <- contact field key
        QJsonObject fixedVariables; // the same for every recipient
        RingMode ringMode = RingMode::Now;
        QDateTime ringLocal; // wall clock (RecipientLocal, WithOffset)
        int ringOffsetSeconds = 0; // WithOffset
        QUrl callbackUrl;
        QJsonObject callbackState;
    };

    // `hub` (Verloop's service and credentials: the registry is per client id) and `guard` (and
    // its store) outlive the controller; a null guard: nothing can be scheduled (the page says
    // so). The registry lives in the console's database at `databasePath` (empty:
    // Database::defaultPath()).
    VoiceController(ServiceHub *hub, OutboundGuard *guard, const QString &databasePath,
                    QObject *parent = nullptr);
    ~VoiceController() override;

    // Opens the registry and loads the scheduled calls; false with problem() when the database
    // cannot be opened.
    bool open();
    bool isOpen() const { return m_open; }
    QString problem() const { return m_problem; }

    // --- campaigns of the Verloop account in use (its client id); none without credentials
    QList<VerloopCampaignEntry> campaigns() const;
    std::optional<VerloopCampaignEntry> campaign(const QString &nameOrId) const;
    // A sentence when a campaign with this name or Campaign ID is registered already (other
    // than `exceptId`, the one being edited), else empty.
    QString conflict(const QString &name, const QString &campaignId, const QString &exceptId = {}) const;
    // Adds, or replaces the one registered as `replacedId`. False (storeFailed() says why) when
    // the registry refuses it.
    bool saveCampaign(const VerloopCampaignEntry &entry, const QString &replacedId = {});
    bool removeCampaign(const QString &campaignId);

    // --- scheduled calls (guard intents for Verloop)
    RecordTableModel *scheduledCalls() const { return m_calls; }
    ExportJob *exportJob() const { return m_export; }
    void reloadScheduledCalls();
    int unknownCount() const { return m_unknown; }

    // --- one scheduling run
    // Why nothing can be scheduled (no guard), else empty.
    QString schedulingProblem() const;
    // Sets the scheduler's inputs; false with `usage` when nothing can be scheduled or the campaign
    // is not registered. Per-recipient problems (an invalid number, a time without offset for a
    // number that may be in several zones) are refusals in the dry run.
    bool prepare(const Plan &plan, QString *usage);
    GuardDecision dryRun(const OutboundOverrides &overrides);
    void send(const OutboundOverrides &overrides);
    void cancelSending();
    bool isSending() const;
    // How the last send() ended, in words (sent, refused, failed, not sent after a stop).
    QString resultSummary() const;
    VerloopScheduler *scheduler() const { return m_scheduler; }

Q_SIGNALS:
    void campaignsChanged();
    void scheduledCallsChanged();
    void sendProgress(int done, int total);
    void sendFinished();
    void storeFailed(const QString &problem);

private:
    // The registry of the client id in use now (credentials may change while the page is open).
    VerloopCampaignRegistry *registry() const;
    bool stored(const StoreStatus &status);
    // Demo mode: the sandbox's campaigns, while the registry is empty.
    void seedDemoCampaigns();

    ServiceHub *m_hub;
    QPointer<OutboundGuard> m_guard;
    QString m_databasePath;
    std::unique_ptr<Database> m_database;
    mutable std::unique_ptr<VerloopCampaignRegistry> m_registry;
    std::unique_ptr<VerloopCallbackTokens> m_callbackTokens; // Callback.URLs of the console's receiver
    VerloopScheduler *m_scheduler = nullptr;
    RecordTableModel *m_calls;
    ExportJob *m_export;
    bool m_open = false;
    int m_unknown = 0;
    QString m_problem;
};
