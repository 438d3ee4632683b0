#pragma once

#include "ContactCsv.h"
#include "EmailCampaignStore.h"
#include "core/ApiError.h"
#include "outreach2day/Outreach2dayTypes.h"

#include <QFutureWatcher>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <atomic>
#include <memory>

class ApiReply;
class OutboundStore;
class Outreach2dayService;
class QTemporaryFile;

// One contact import from a CSV file to a campaign, from start to summary: small files go to the
// direct endpoint (header rewritten while streaming), larger ones (over directLimitBytes(), stated
// in the README) to the staged import with the vendor's mapping preview and polled status.
// The Idempotency-Key (ContactCsv::idempotencyKey) is saved in the store before the first byte
// is sent (README promise H9): a re-run of the same import after a crash or restart reuses it and
// never duplicates contacts. Progress with cancel; the summary holds local and vendor row errors
// and the addresses the do-not-contact list covers (they are suppressed before launch).
class ContactImporter : public QObject
{
    Q_OBJECT
public:
    struct Summary
    {
        ApiError error; // kind None on success
        QString mode; // "direct" or "staged"
        QString idempotencyKey;
        bool reused = false; // the same import was run before: the key was reused
        qint64 rowsSent = 0;
        int imported = 0;
        int invalid = 0;
        QList<ContactCsv::RowError> rowErrors; // local and the vendor's
        QStringList doNotContact; // imported addresses the do-not-contact list covers
    };

    // `outbound` may be null (no do-not-contact report).
    ContactImporter(Outreach2dayService *service, EmailCampaignStore *store, OutboundStore *outbound,
                    QObject *parent = nullptr);
    // Stops a preparation in progress and waits for it.
    ~ContactImporter() override;

    static qint64 directLimitBytes(); // 1 MiB
    void setDirectLimitBytes(qint64 bytes); // tests
    // Poll interval of the staged import's status (default 1000 ms; tests shorten it).
    void setPollIntervalMs(int ms);

    void start(const QString &campaignId, const QString &csvPath, const QMap<QString, QString> &mapping);
    void cancel();
    bool isRunning() const;

Q_SIGNALS:
    // phase: "preparing", "uploading", "mapping", "processing"; total -1 when unknown.
    void progress(const QString &phase, qint64 done, qint64 total);
    // Staged imports: the vendor's own view of the columns before the mapping is confirmed.
    void mappingPreviewed(const O2dMappingPreview &preview);
    void finished(const ContactImporter::Summary &summary);

private:
    // What the worker thread prepares before anything is sent: the key and the body.
    struct Prepared
    {
        QString problem;
        QByteArray sha256;
        QString idempotencyKey;
        QByteArray boundary;
        ContactCsv::BodyResult body;
    };
    static Prepared prepare(const QString &campaignId, const QString &csvPath, const QString &bodyPath,
                            const QMap<QString, QString> &mapping, bool staged,
                            const std::function<bool(qint64, qint64)> &progress);

    void onPrepared();
    // Emits progress() in `phase`; false when a slot cancelled the run meanwhile.
    bool report(const QString &phase, qint64 done, qint64 total);
    void sendDirect();
    void sendStaged();
    void followUpload(); // the body's bytes sent, as "uploading" progress
    // Takes the staged import on from whatever state the vendor reports.
    void advance(const O2dImportStatus &status);
    void confirmMapping();
    void poll();
    bool saveRecord(const QString &state, const QString &importId = {}, const QByteArray &resultJson = {});
    void reportDoNotContact();
    void fail(const ApiError &error);
    void finish();
    // Callbacks of an earlier run (before a cancel) are ignored.
    bool current(int run) const { return m_running && run == m_run; }

    QPointer<Outreach2dayService> m_service;
    EmailCampaignStore *m_store;
    OutboundStore *m_outbound;
    qint64 m_directLimit = directLimitBytes();
    int m_pollMs = 1000;

    bool m_running = false;
    int m_run = 0;
    QString m_phase;
    std::shared_ptr<std::atomic_bool> m_cancel;
    QFutureWatcher<Prepared> m_preparing;
    QString m_campaignId;
    QString m_csvPath;
    QMap<QString, QString> m_mapping;
    bool m_staged = false;
    std::unique_ptr<QTemporaryFile> m_bodyFile;
    Prepared m_prepared;
    EmailCampaignStore::ImportRecord m_record;
    Summary m_summary;
    QPointer<ApiReply> m_reply;
    QTimer m_pollTimer;
};

Q_DECLARE_METATYPE(ContactImporter::Summary)
