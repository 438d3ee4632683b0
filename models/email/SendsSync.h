#pragma once

#include "core/ApiError.h"

#include <QObject>
#include <QPointer>
#include <QString>

class CursorPager;
class EmailActivityStore;
class Outreach2dayService;

// Retrieves every send of a campaign into the store by cursor (the one pager, page limit 500: a
// cursor cannot be followed in parallel, so the largest page the vendor accepts is the fastest).
// Each page is stored (upsert by id) before its next cursor is saved, so an interrupted run (a
// crash, a cancel, a network error) resumes from the saved cursor and loses nothing; a completed
// run clears it, so the next run starts over and refreshes every send's status. A saved cursor the
// vendor no longer accepts (an HTTP 4xx on the very first request) is dropped and the run starts
// from the first page: sends are stored by id, so nothing doubles.
class SendsSync : public QObject
{
    Q_OBJECT
public:
    static QString cursorList() { return QStringLiteral("sends"); }

    SendsSync(Outreach2dayService *service, EmailActivityStore *store, QObject *parent = nullptr);

    // Starts (or resumes, when `resume` and a cursor is saved) the retrieval of `campaignId`'s sends.
    void start(const QString &campaignId, bool resume = true);
    void cancel(); // stops after the page in flight; the saved cursor stays for a resume
    bool isRunning() const { return !m_pager.isNull(); }
    bool resumed() const { return m_resumed; }
    int fetched() const { return m_fetched; }

Q_SIGNALS:
    // After each stored page: sends stored in this run, pages answered.
    void progress(int fetched, int pages);
    // Kind None when every send was retrieved; Cancelled after cancel(); else the error.
    void finished(const ApiError &error, int fetched);

private:
    void run(const QString &cursor);

    QPointer<Outreach2dayService> m_service;
    EmailActivityStore *m_store;
    QString m_campaignId;
    QPointer<CursorPager> m_pager;
    bool m_resumed = false;
    int m_fetched = 0;
    int m_pages = 0;
};
