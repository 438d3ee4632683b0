#pragma once

#include "export/ExportJob.h"
#include "outbound/DncCsv.h"
#include "table/RecordFilter.h"

#include <QObject>
#include <QStringList>

template<typename T>
class QFutureWatcher;
class OutboundGuard;
class OutboundStore;
class RecordTableModel;

// What the Safety page does, without widgets: the do-not-contact list (add what the operator
// typed, remove with a reason that goes to the audit log, import a CSV — read on a worker thread,
// all rows or none —, export) and the audit log (attempts with their latest outcome, filtered by
// text, vendor, verdict, time and unknown outcome, exported as shown).
//
// Nothing is read before open(): the page calls it when first shown, so start-up never waits for
// the list and the log to be read.
class SafetyController : public QObject
{
    Q_OBJECT
public:
    // The columns of doNotContact() and audit() (OutboundTables' schemas).
    enum ListColumn { ListEntry, ListKind, ListSource, ListReason, ListAddedAt, ListAddedBy };
    enum AuditColumn {
        AuditId,
        AuditAt,
        AuditVendor,
        AuditAction,
        AuditRecipient,
        AuditVerdict,
        AuditReasonCode,
        AuditReason,
        AuditOverrideReason,
        AuditRingsAt,
        AuditWeight,
        AuditIntent,
        AuditActor,
        AuditOutcome,
        AuditVendorRef,
        AuditError,
        AuditOutcomeAt,
    };

    struct AuditFilter
    {
        QString text;
        QString vendor; // Vendors::id, empty = any
        QString verdict; // "allowed", "refused", "needs_override", empty = any
        int lastDays = 0; // decided in the last N days; 0 = any time
        bool unknownOnly = false; // only sends whose outcome is unknown

        RecordFilter toRecordFilter(const QDateTime &nowUtc) const;
    };

    struct ImportReport
    {
        bool cancelled = false;
        int rows = 0; // valid rows read
        int added = 0; // entries that were not listed yet
        QList<DncCsv::Problem> problems; // invalid rows: then nothing was imported
        StoreStatus status; // the store's answer when it was asked
        bool ok() const { return !cancelled && problems.isEmpty() && status.ok(); }
        QString summary() const; // one sentence for the operator
    };

    // `store` (the one the guard uses) outlives the controller. With a guard, the log is read
    // again whenever it appends an attempt or an outcome.
    explicit SafetyController(OutboundStore *store, OutboundGuard *guard = nullptr,
                              QObject *parent = nullptr);
    ~SafetyController() override;

    OutboundStore *store() const { return m_store; }

    // Reads the list and the log (the first call opens the database).
    void open();
    bool isOpen() const { return m_open; }
    void reload();
    // Why the list or the log could not be read; empty when they were.
    QString storeProblem() const { return m_storeProblem; }

    // --- the do-not-contact list
    RecordTableModel *doNotContact() const { return m_list; }
    void setListFilterText(const QString &text);
    // Adds a number (any form, read in the US without a country code), an address or @domain.
    // Empty on success, else a sentence (nothing added).
    QString add(const QString &text, const QString &reason);
    // Removes the entry as shown ("+13055551234", "a@example.com", "@example.com"); the reason is
    // required and kept in the audit log with the operator's name. Empty on success, else why not.
    QString remove(const QString &entry, const QString &reason);
    // A sentence when `text` cannot be listed, else empty (the add dialog checks as it is typed).
    static QString entryProblem(const QString &text);

    // Reads the CSV on a worker thread, then adds every row in one transaction, or nothing when a
    // row is invalid or the import is cancelled first. importFinished() says how it went.
    bool startImport(const QString &path, const QString &reason);
    void cancelImport();
    bool isImporting() const { return m_importing; }
    ExportJob *listExport() const { return m_listExport; }

    // --- the audit log
    RecordTableModel *audit() const { return m_audit; }
    void setAuditFilter(const AuditFilter &filter);
    AuditFilter auditFilter() const { return m_auditFilter; }
    // The vendors and verdicts in the log, for the filter choices.
    QStringList auditChoices(AuditColumn column) const;
    // Sends whose outcome is unknown (the console stopped between sending and saving the answer).
    int unknownOutcomeCount() const { return m_unknown; }
    ExportJob *auditExport() const { return m_auditExport; }

Q_SIGNALS:
    void listChanged();
    void auditChanged();
    void storeProblemChanged(const QString &problem);
    void importingChanged(bool importing);
    void importFinished(const SafetyController::ImportReport &report);

private:
    void reloadList();
    void reloadAudit();
    void setStoreProblem(const QString &problem);
    void importRead();

    OutboundStore *m_store;
    RecordTableModel *m_list;
    RecordTableModel *m_audit;
    ExportJob *m_listExport;
    ExportJob *m_auditExport;
    AuditFilter m_auditFilter;
    bool m_open = false;
    QString m_storeProblem;
    int m_unknown = 0;
    bool m_importing = false;
    bool m_importCancelled = false;
    QFutureWatcher<DncCsv::Import> *m_import = nullptr;
};
Q_DECLARE_METATYPE(SafetyController::ImportReport)
