#pragma once

#include "core/ApiError.h"
#include "core/CursorPager.h" // QPointer<CursorPager> needs the whole type in every includer
#include "email/EmailActivityStore.h"
#include "table/RecordTable.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

class ExportJob;
class Outreach2dayService;

// The Unibox without widgets: reply threads across campaigns, read from GET /threads through the
// one cursor pager into EmailActivityStore (the API has no endpoint for a thread's messages, so
// what was seen stays readable offline), grouped by reply intent.
class UniboxController : public QObject
{
    Q_OBJECT
public:
    UniboxController(Outreach2dayService *service, EmailActivityStore *store, QObject *parent = nullptr);

    // Lists every thread again (all intents, all campaigns); one in flight is cancelled first.
    void refresh();
    bool isRefreshing() const;

    // The intents seen, the documented ones first (interested, not_interested), then the others
    // the API returned, alphabetically; "" (no intent) last when a thread has none.
    QStringList intents() const;
    int threadCount(const QString &intent) const;
    // "not_interested" → "Not interested"; "" → "No intent".
    static QString intentLabel(const QString &intent);

    static RecordSchema threadSchema(); // latest, email, subject, snippet, campaign, contact; id hidden key
    enum Column { Id, Latest, Email, Subject, Snippet, Campaign, Contact, Messages };
    RecordTable threadTable(const QString &intent) const;
    EmailActivityStore *store() const { return m_store; }
    ExportJob *exportJob() const { return m_export; } // the threads table through the one exporter

Q_SIGNALS:
    void threadsChanged(); // a page was stored: read intents() and threadTable() again
    void refreshFinished(const ApiError &error); // kind None when every page was read

private:
    QPointer<Outreach2dayService> m_service;
    EmailActivityStore *m_store;
    QPointer<CursorPager> m_pager;
    ExportJob *m_export;
};
