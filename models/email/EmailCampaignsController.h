#pragma once

#include "core/ApiError.h"

#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <memory>

class Database;
struct StoreStatus;
class EmailActivityStore;
class EmailCampaignStore;
class Outreach2dayService;
class RecordTableModel;

// The Email campaigns page's list, without widgets: the console's own record of its
// Outreach2day campaigns (the API cannot list campaigns or read one back), shown through the one
// table machinery. Creates campaigns (POST /campaigns), registers an existing one by id (checked
// with GET /stats, which also gives its status), and refreshes every campaign's stats.
//
// It owns the page's database and both stores on it: the campaigns (EmailCampaignStore) and what
// was seen of them once launched (EmailActivityStore: sends, changes, threads, the suppression
// mirror, webhooks, subsequences).
//
// Nothing is opened before open(): the page calls it when it is first shown (start-up time).
class EmailCampaignsController : public QObject
{
    Q_OBJECT
public:
    // `service` outlives the controller. The store lives in the console's database at
    // `databasePath` (empty: Database::defaultPath()).
    EmailCampaignsController(Outreach2dayService *service, const QString &databasePath,
                             QObject *parent = nullptr);
    ~EmailCampaignsController() override;

    // Opens the database and applies the store's migrations; false with problem() when it cannot.
    bool open();
    bool isOpen() const { return m_store != nullptr; }
    QString problem() const { return m_problem; }

    Outreach2dayService *service() const { return m_service; }
    EmailCampaignStore *store() const { return m_store.get(); }
    EmailActivityStore *activity() const { return m_activity.get(); }
    QString databasePath() const;
    RecordTableModel *campaigns() const { return m_campaigns; }
    // The campaign id behind a row of campaigns()' table.
    QString campaignIdAt(int tableRow) const;
    int campaignCount() const;
    // The campaigns launched at least once (any status but draft): the ones the live feed watches.
    QStringList launchedCampaigns() const;

    // Demo mode: registers these campaigns (name, id) while the list is empty, without asking the
    // API (the sandbox's own, which the operator cannot know), then reads their stats.
    void seedDemoCampaigns(const QList<QPair<QString, QString>> &campaigns);

    // Reads the list again from the store.
    void reload();
    // POST /campaigns; the answer is kept locally, then created(id). failed() otherwise.
    void create(const QString &name, const QString &priority);
    // A sentence when `campaignId` cannot be registered as typed (empty, known already), else empty.
    QString registrationProblem(const QString &campaignId) const;
    // Checks the id with GET /stats (an unknown campaign is refused), then keeps it locally
    // under `name` (the id when empty): registered(id), or failed().
    void registerCampaign(const QString &campaignId, const QString &name);
    // Forgets the campaign on this computer; it stays at Outreach2day.
    bool forget(const QString &campaignId);
    // GET /stats for every campaign; statsRefreshed() when all have answered.
    void refreshStats();
    bool isBusy() const { return m_pending > 0; }

Q_SIGNALS:
    void campaignsChanged();
    void created(const QString &campaignId);
    void registered(const QString &campaignId);
    void statsRefreshed(int refreshed, int failedCount);
    // A request or the store failed: a sentence to show (and the error, when it came from the API).
    void failed(const QString &what, const ApiError &error);
    void busyChanged(bool busy);

private:
    void begin();
    void end();
    bool stored(const QString &what, const StoreStatus &status);

    Outreach2dayService *m_service; // outlives the controller
    QString m_databasePath;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<EmailCampaignStore> m_store;
    std::unique_ptr<EmailActivityStore> m_activity; // declared after m_store: it goes first
    RecordTableModel *m_campaigns;
    QString m_problem;
    int m_pending = 0;
    int m_refreshOk = 0;
    int m_refreshFailed = 0;
    int m_refreshOutstanding = 0;
};
