#pragma once

#include "ContactCsv.h"
#include "core/ApiError.h"
#include "outreach2day/Outreach2dayTypes.h"

#include <QMap>
#include <QObject>
#include <QPointer>
#include <QString>

class EmailCampaignStore;
class OutboundStore;
class Outreach2dayService;

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
};
