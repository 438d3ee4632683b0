#pragma once

#include "Outreach2dayPager.h"
#include "SandboxServer.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QRandomGenerator>
#include <QStringList>

#include <functional>

class MultipartForm;
class SandboxClock;

// The contacts of Outreach2day's campaigns as the sandbox keeps them: imported directly
// (multipart, the header names the fields) or staged (upload → mapping preview computed from the
// uploaded header → mapping confirm → status polled until completed, each poll processing a share
// of the rows), replayed by Idempotency-Key, listed with a cursor, suppressed for the whole
// workspace (listed, asked about, removed), every status change logged for the changes feed
// (GET /campaigns/{id}/contacts/changes). A contact is keyed by its email (case-insensitive) within its
// campaign; ids grow, so a cursor ("after this id") survives imports made while a list is paged.
//
// The campaigns themselves belong to Outreach2daySandbox, which checks a campaign exists before
// handing a request over and is told when a campaign's contacts change.
class Outreach2dayContacts
{
public:
    struct Contact
    {
        QString id; // "cnt_000001"
        QString email; // as imported
        QString firstName;
        QString lastName;
        QString status = QStringLiteral("pending");
        QJsonObject custom; // company, title and any other column
        QDateTime createdAt;
        QDateTime updatedAt; // the last status change
    };
    using PagingFault = Outreach2dayPager::Fault;
    static constexpr int maxPageLimit = Outreach2dayPager::maxPageLimit;
    static constexpr int defaultPageLimit = Outreach2dayPager::defaultPageLimit;
    // The largest direct import upload; larger files go through POST /imports.
    static constexpr qint64 maxDirectImportBytes = 2 * 1024 * 1024;

    Outreach2dayContacts(QRandomGenerator random, Outreach2dayPager *pager, const SandboxClock *clock,
                         std::function<bool(const QString &)> campaignExists,
                         std::function<void(const QString &)> campaignChanged);

    // The endpoints (the campaign of campaignId exists).
    SandboxResponse importDirect(const QString &campaignId, const SandboxRequest &request);
    SandboxResponse startImport(const SandboxRequest &request); // POST /imports
    SandboxResponse mappingPreview(const SandboxRequest &request);
    SandboxResponse confirmMapping(const SandboxRequest &request);
    SandboxResponse importStatus(const SandboxRequest &request);
    SandboxResponse list(const QString &campaignId, const SandboxRequest &request);
    SandboxResponse changes(const QString &campaignId, const SandboxRequest &request);
    SandboxResponse suppress(const SandboxRequest &request); // POST /campaigns/suppressions
    SandboxResponse suppressionStatus(const SandboxRequest &request); // GET …/suppressions/status
    SandboxResponse listSuppressions(const SandboxRequest &request); // GET /campaigns/suppressions
    SandboxResponse unsuppress(const SandboxRequest &request); // DELETE …/suppressions?email=

    // For the campaigns.
    QList<Contact> contacts(const QString &campaignId) const { return m_books.value(campaignId).contacts; }
    int count(const QString &campaignId, const QString &status = {}) const;
    // The first `limit` (-1: all) pending contacts by id: a launch's tranche.
    QStringList pending(const QString &campaignId, int limit) const;
    // Pending contacts among `ids` become active (being contacted); suppressed ones stay out.
    // Returns the indexes of the contacts activated.
    QList<int> activate(const QString &campaignId, const QStringList &ids);
    // A contact by its index in the campaign (they are never removed), and its status changed
    // at `atMs` (logged in the changes feed; never before the campaign's last change).
    const Contact &contactAt(const QString &campaignId, int index) const;
    void setStatus(const QString &campaignId, int index, const QString &status, qint64 atMs);
    // The contact with that email, created (suppressed when the workspace suppressed it) if new.
    Contact &upsert(const QString &campaignId, const QString &email, bool *created);
    bool isSuppressed(const QString &email) const;
    // Adds addresses to the workspace's suppressions; their pending and active contacts become
    // suppressed. Returns how many contacts that changed; `added`: addresses not listed before.
    // `atMs`: when (-1: now on the clock).
    int addSuppressions(const QStringList &emails, const QString &reason, int *added = nullptr,
                        qint64 atMs = -1);

    // Test switches.
    void setImportPolls(int polls) { m_importPolls = qMax(1, polls); }
    int importPolls() const { return m_importPolls; }

private:
    struct Change
    {
        qint64 seq = 0; // grows across the workspace: the feed's cursor key
        int contact = 0; // index in the book
        QString status, previousStatus;
        qint64 atMs = 0;
    };
    struct Book
    {
        QList<Contact> contacts; // in id order
        QHash<QString, int> byEmail; // lower-cased email → index
        QList<Change> changes; // in time order
    };
    struct Suppression
    {
        qint64 seq = 0;
        QString email; // lower-cased
        QString reason;
        QDateTime createdAt;
        bool removed = false; // kept so that cursors stay valid
    };
    struct StagedImport
    {
        QString id, campaignId;
        QString status; // pending_mapping, processing, completed, failed
        QStringList columns;
        QList<QPair<int, QStringList>> rows; // file line, fields
        QMap<QString, QString> mapping; // column → field, once confirmed
        int processed = 0, imported = 0, invalid = 0, polls = 0;
        QJsonArray errors;
        QDateTime createdAt;
    };
    struct Replay
    {
        QByteArray fingerprint; // the campaign and file content the first request carried
        SandboxResponse response;
    };
    struct ImportTally
    {
        int parsed = 0, valid = 0, invalid = 0, created = 0, upserted = 0;
        QJsonArray errors;
    };

    // Idempotency-Key: the earlier answer to the same key and content, a 422 for the same key with
    // other content, or nothing (then remember() the answer).
    std::optional<SandboxResponse> replayed(const QString &scope, const SandboxRequest &request,
                                            const QByteArray &fingerprint);
    SandboxResponse remember(const QString &scope, const SandboxRequest &request,
                             const QByteArray &fingerprint, const SandboxResponse &response);
    // The multipart form of the request, or the 400/415 that says why not.
    std::optional<MultipartForm> formOf(const SandboxRequest &request, SandboxResponse *refused) const;
    // Upserts rows (fields by `mapping`: column index → field) into the campaign's contacts.
    void importRows(const QString &campaignId, const QList<QPair<int, QStringList>> &rows,
                    const QList<QPair<int, QString>> &mapping, const QStringList &columns,
                    ImportTally *tally);
    void advanceImport(StagedImport &import);
    QString randomImportId();
    static QJsonObject contactJson(const QString &campaignId, const Contact &contact);
    QJsonObject suppressionJson(const Suppression &entry) const;
    static QJsonObject importStatusJson(const StagedImport &import);

    QRandomGenerator m_random;
    std::function<bool(const QString &)> m_campaignExists;
    std::function<void(const QString &)> m_changed;
    QHash<QString, Book> m_books; // campaign id → its contacts
    QMap<QString, StagedImport> m_imports;
    QHash<QString, Replay> m_replays; // scope + key → first answer
    QList<Suppression> m_suppressionLog; // in the order added
    QHash<QString, int> m_suppressions; // lower-cased email → its entry in the log
    qint64 m_lastContactNumber = 0;
    qint64 m_lastSeq = 0;
    int m_importPolls = 3;
    Outreach2dayPager *m_pager;
    const SandboxClock *m_clock;
};
