#pragma once

#include "core/Result.h"
#include "store/UnloopaCallStore.h"
#include "unloopa/UnloopaVoiceTypes.h"

#include <QCoreApplication>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <memory>

class Database;
class ExportJob;
class OutboundGuard;
class RecordTableLoader;
class RecordTableModel;
class UnloopaPagedFetch;
class UnloopaService;
class UnloopaVoiceService;
class VoiceCampaignController;

// The Unloopa Voice page's calls, without widgets (issue 12): the calls kept in UnloopaCallStore
// shown in the one table model, read from the store first and then from Unloopa (every page of
// GET /voice/calls for the filter, each page stored before it is shown). The filters (status,
// outcome, campaign) narrow what is shown at once over everything stored and are sent to Unloopa
// on the next refresh, so the server's answer and the local view agree.
//
// The operator may choose that a not_interested outcome puts the number on the do-not-contact
// list (off until chosen; remembered): when chosen, every stored not_interested call is listed
// once, then each call seen to turn not_interested after a refresh — never again a number the
// operator removed from the list by hand for a call already handled. Listing pauses the active
// campaigns that would call the number (VoiceCampaignController).
class UnloopaCallsController : public QObject
{
    Q_OBJECT
public:
    // Opens (and migrates) the voice store on `databasePath` (empty: Database::defaultPath()).
    // None is owned; all outlive the controller. `guard` may be null: nothing is listed then.
    UnloopaCallsController(UnloopaService *unloopa, UnloopaVoiceService *voice, OutboundGuard *guard,
                           const QString &databasePath, QObject *parent = nullptr);
    ~UnloopaCallsController() override;

    // Null when the store could not be opened (storeProblem() says why).
    UnloopaCallStore *store() const { return m_store.get(); }
    StoreStatus storeProblem() const { return m_storeStatus; }
    // The campaign controller on this store (shared by the page's tabs).
    VoiceCampaignController *campaigns() const { return m_campaigns; }
    RecordTableModel *calls() const { return m_model; }
    ExportJob *exportJob() const { return m_export; }

    // Loads the stored calls into the model, then refresh().
    void open();
    // Every page of GET /voice/calls for the current filter, and the campaigns (for their names).
    void refresh();
    void cancelRefresh();
    bool isRefreshing() const;

    // Shown at once over the stored calls; sent to Unloopa on the next refresh.
    void setFilter(const UnloopaCallFilter &filter);
    UnloopaCallFilter filter() const { return m_filter; }
    // Free text over the searchable columns (business, number, notes, transcript).
    void setSearchText(const QString &text);

    // Stored first (detailReady(call, false)), then GET /voice/calls/{id} when the stored one is
    // not finished or has no transcript yet (detailReady(call, true)).
    void showDetail(const QString &callId);

    // The campaigns known here (id, name), newest first.
    QList<QPair<QString, QString>> campaignNames() const;

    // The operator's opt-in. Turning it on lists every stored not_interested call at once.
    bool listsNotInterested() const;
    void setListsNotInterested(bool on);
    // How many stored calls ended not_interested (for the confirmation).
    int notInterestedCount() const;

    // Words for the vendor's codes ("not_interested" → "Not interested"); the code itself when
    // unknown.
    static QString outcomeText(const QString &outcome);
    static QString statusText(const QString &status);

Q_SIGNALS:
    void refreshingChanged(bool refreshing);
    void refreshProgress(int fetched, int total);
    void refreshFailed(const ApiError &error);
    void refreshed(int fetched);
    void campaignsChanged();
    void storeFailed(const StoreStatus &status);
    void detailReady(const UnloopaCall &call, bool fresh);
    void detailFailed(const QString &callId, const ApiError &error);
    // Numbers put on the do-not-contact list, and the campaigns paused because of them.
    void notInterestedListed(int added, const QStringList &pausedCampaigns);
    void listingFailed(const ApiError &error);

private:
    void storePage(const QList<UnloopaCall> &page);
    void showStored(const QStringList &ids);
    void applyLocalFilter();
    void listNotInterested(const QList<UnloopaCall> &calls);
    void setRefreshing(bool refreshing);

    QPointer<UnloopaService> m_unloopa;
    QPointer<UnloopaVoiceService> m_voice;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<UnloopaCallStore> m_store;
    StoreStatus m_storeStatus;
    VoiceCampaignController *m_campaigns = nullptr;
    RecordTableModel *m_model;
    ExportJob *m_export;
    RecordTableLoader *m_loader = nullptr;
    QPointer<UnloopaPagedFetch> m_fetch;
    UnloopaCallFilter m_filter;
    QString m_searchText;
    bool m_refreshing = false;
};
