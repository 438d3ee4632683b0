#pragma once

#include "core/ApiError.h"

#include <QObject>
#include <QPointer>
#include <QString>

class EmailActivityStore;
class ExportJob;
class Outreach2dayService;
class RecordTableLoader;
class RecordTableModel;
class SendsSync;

// A campaign's sends for the dashboard's Sends table, without widgets: what the store holds,
// loaded off the GUI thread by the one table machinery (RecordTableLoader into a RecordTableModel,
// newest first), retrieved completely from Outreach2day by SendsSync (the one pager, resumed from
// a saved cursor), narrowed by free text and exported through the one exporter (ExportJob), as the
// call records are.
class CampaignSendsController : public QObject
{
    Q_OBJECT
public:
    CampaignSendsController(Outreach2dayService *service, EmailActivityStore *store,
                            QObject *parent = nullptr);
    // The loader stops before the model it fills goes.
    ~CampaignSendsController() override;

    // Shows `campaignId`'s sends as the store holds them (nothing is asked of Outreach2day).
    void setCampaign(const QString &campaignId);
    QString campaignId() const { return m_campaignId; }

    // Retrieves every send of the campaign into the store, then shows them (nothing while one runs).
    void retrieve();
    void cancel();
    bool isRetrieving() const;
    bool isLoading() const;

    // Free text over recipient, status, step and mailbox.
    void setFilterText(const QString &text);

    RecordTableModel *sends() const { return m_sends; }
    ExportJob *exportJob() const { return m_export; }

Q_SIGNALS:
    void retrievalStarted();
    void retrievalProgress(int fetched);
    // Kind None when every send was retrieved.
    void retrievalFinished(const ApiError &error, int fetched);
    // The table holds what the store has (`rows` read); a store error in `problem`.
    void loaded(qint64 rows, const QString &problem);

private:
    void load();

    EmailActivityStore *m_store;
    QString m_campaignId;
    RecordTableModel *m_sends;
    ExportJob *m_export;
    SendsSync *m_sync;
    RecordTableLoader *m_loader = nullptr;
};
