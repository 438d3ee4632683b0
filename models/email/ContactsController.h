#pragma once

#include "core/ApiError.h"
#include "outreach2day/Outreach2dayTypes.h"
#include "table/RecordTable.h"

#include <QObject>
#include <QPointer>
#include <QString>

class CursorPager;
class EmailCampaignStore;
class Outreach2dayService;

// The contacts of one campaign, without widgets: listed from Outreach2day through the one cursor
// pager (README promises P1, P2), each page saved in the store as it arrives, so the Contacts
// section shows the stored list at once and offline; and the campaign's import history (every
// logical import with its Idempotency-Key, README promise H9). Tables for the one table
// machinery.
class ContactsController : public QObject
{
    Q_OBJECT
public:
    ContactsController(Outreach2dayService *service, EmailCampaignStore *store, QObject *parent = nullptr);

    void setCampaign(const QString &campaignId); // shows the stored contacts, then refresh()
    QString campaignId() const { return m_campaignId; }
    // Lists the contacts again from the first page; a refresh in flight is cancelled first.
    void refresh();
    bool isRefreshing() const;
    int contactCount() const;

    static RecordSchema contactSchema(); // email, name, status, fields, added; id hidden key
    RecordTable contactTable() const; // every stored contact of the campaign
    static RecordTable contactRows(const QList<O2dContact> &contacts);
    static RecordSchema importSchema(); // file, mode, state, imported, invalid, started, updated
    RecordTable importTable() const;

    EmailCampaignStore *store() const { return m_store; }

Q_SIGNALS:
    void contactsChanged(); // the campaign changed: read contactTable() again
    // One page was stored: merge these rows (upserted by id) rather than reading everything again.
    void contactsAdded(const QList<O2dContact> &contacts);
    void importsChanged();
    // The end of a refresh: kind None when every page was read.
    void refreshFinished(const ApiError &error);

public Q_SLOTS:
    // Re-reads the import history (after an import dialog closes).
    void reloadImports();

private:
    QPointer<Outreach2dayService> m_service;
    EmailCampaignStore *m_store;
    QString m_campaignId;
    QPointer<CursorPager> m_pager;
};
