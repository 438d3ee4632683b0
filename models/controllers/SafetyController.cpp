#include "SafetyController.h"

#include "outbound/DncInput.h"
#include "outbound/OutboundGuard.h"
#include "outbound/OutboundStore.h"
#include "outbound/OutboundTables.h"
#include "table/RecordTableModel.h"

#include <QCoreApplication>
#include <QFile>
#include <QFutureWatcher>
#include <QtConcurrent>

namespace {

const QString kUnknown = QStringLiteral("unknown");

} // namespace

RecordFilter SafetyController::AuditFilter::toRecordFilter(const QDateTime &nowUtc) const
{
    RecordFilter filter;
    filter.text = text;
    if (!vendor.isEmpty())
        filter.predicates.append(ColumnPredicate::oneOf(AuditVendor, {vendor}));
    if (!verdict.isEmpty())
        filter.predicates.append(ColumnPredicate::oneOf(AuditVerdict, {verdict}));
    if (lastDays > 0)
        filter.predicates.append(ColumnPredicate::range(
                AuditAt, double(nowUtc.addDays(-lastDays).toMSecsSinceEpoch()), std::nullopt));
    if (unknownOnly)
        filter.predicates.append(ColumnPredicate::oneOf(AuditOutcome, {kUnknown}));
    return filter;
}

QString SafetyController::ImportReport::summary() const
{
    if (cancelled)
        return tr("Import cancelled; nothing was added.");
    if (!problems.isEmpty())
        return tr("%n row(s) cannot be read; nothing was imported. Correct them and import the file again.",
                  nullptr, int(problems.size()));
    if (!status.ok())
        return status.message;
    return tr("%1 row(s) read; %2 new entry(ies) added, the others were listed already.")
            .arg(rows)
            .arg(added);
}

SafetyController::SafetyController(OutboundStore *store, OutboundGuard *guard, QObject *parent)
    : QObject(parent),
      m_store(store),
      m_list(new RecordTableModel(OutboundTables::dncSchema(), this)),
      m_audit(new RecordTableModel(OutboundTables::auditSchema(), this)),
      m_listExport(new ExportJob(this)),
      m_auditExport(new ExportJob(this))
{
    qRegisterMetaType<ImportReport>();
    if (guard) {
        connect(guard, &OutboundGuard::recordsChanged, this, [this] {
            if (m_open)
                reloadAudit();
        });
    }
}

SafetyController::~SafetyController()
{
    if (m_import) {
        // Nothing reaches the store after this: the worker only parses.
        m_import->disconnect(this);
        m_import->waitForFinished();
    }
}

void SafetyController::open()
{
    if (m_open)
        return;
    m_open = true;
    reload();
}

void SafetyController::reload()
{
    reloadList();
    reloadAudit();
}

void SafetyController::setStoreProblem(const QString &problem)
{
    if (problem == m_storeProblem)
        return;
    m_storeProblem = problem;
    Q_EMIT storeProblemChanged(problem);
}

void SafetyController::reloadList()
{
    const QList<DncEntry> entries = m_store->doNotContactEntries();
    const StoreStatus status = m_store->lastReadStatus();
    setStoreProblem(status.ok() ? QString() : status.message);
    m_list->setRows(OutboundTables::dncRows(entries));
    Q_EMIT listChanged();
}

void SafetyController::reloadAudit()
{
    const QList<AuditAttempt> attempts = m_store->attempts();
    const StoreStatus attemptsStatus = m_store->lastReadStatus();
    const QList<::AuditOutcome> outcomes = m_store->outcomes();
    const StoreStatus status = attemptsStatus.ok() ? m_store->lastReadStatus() : attemptsStatus;
    if (!status.ok())
        setStoreProblem(status.message);
    RecordTable rows = OutboundTables::auditRows(attempts, outcomes);
    int unknown = 0;
    for (int r = 0; r < rows.rowCount(); ++r)
        unknown += rows.text(r, AuditOutcome) == kUnknown ? 1 : 0;
    m_unknown = unknown;
    // Upserts by row id: the operator's selection and scroll position survive a new attempt.
    m_audit->mergeRows(std::move(rows));
    m_audit->setFilter(m_auditFilter.toRecordFilter(QDateTime::currentDateTimeUtc()));
    Q_EMIT auditChanged();
}

void SafetyController::setListFilterText(const QString &text)
{
    m_list->setFilterText(text);
}

QString SafetyController::entryProblem(const QString &text)
{
    QString problem;
    if (text.trimmed().isEmpty())
        return tr("Enter a phone number, an email address or @domain.");
    if (!DncInput::parse(text, &problem))
        return problem;
    return {};
}

QString SafetyController::add(const QString &text, const QString &reason)
{
    QString problem;
    std::optional<DncEntry> entry = DncInput::parse(text, &problem);
    if (!entry)
        return problem.isEmpty() ? entryProblem(text) : problem;
    entry->source = QStringLiteral("manual");
    entry->reason = reason.trimmed();
    entry->addedBy = localOperatorName();
    entry->addedAt = QDateTime::currentDateTimeUtc();
    if (const StoreStatus status = m_store->addToDoNotContact({*entry}); !status.ok())
        return status.message;
    if (m_open)
        reloadList();
    return {};
}

QString SafetyController::remove(const QString &entry, const QString &reason)
{
    if (reason.trimmed().isEmpty())
        return tr("Type why this entry is removed; the reason is kept in the audit log.");
    if (const StoreStatus status =
                m_store->removeFromDoNotContact(entry, reason.trimmed(), localOperatorName());
        !status.ok())
        return status.message;
    if (m_open)
        reload(); // the removal is an audit row too
    return {};
}

bool SafetyController::startImport(const QString &path, const QString &reason)
{
    if (m_importing)
        return false;
    m_importing = true;
    m_importCancelled = false;
    Q_EMIT importingChanged(true);
    m_import = new QFutureWatcher<DncCsv::Import>(this);
    connect(m_import, &QFutureWatcher<DncCsv::Import>::finished, this, &SafetyController::importRead);
    const QString addedBy = localOperatorName();
    m_import->setFuture(QtConcurrent::run([path, reason, addedBy] {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            DncCsv::Import failed;
            failed.problems.append({0,
                                    QCoreApplication::translate("SafetyController", "%1 cannot be read: %2")
                                            .arg(path, file.errorString())});
            return failed;
        }
        return DncCsv::read(file.readAll(), addedBy, reason.trimmed());
    }));
    return true;
}

void SafetyController::cancelImport()
{
    // The worker only parses; its result is dropped, so nothing is added.
    if (m_importing)
        m_importCancelled = true;
}

void SafetyController::importRead()
{
    const DncCsv::Import read = m_import->result();
    m_import->deleteLater();
    m_import = nullptr;
    ImportReport report;
    report.cancelled = m_importCancelled;
    report.rows = int(read.entries.size());
    report.problems = read.problems;
    if (!report.cancelled && report.problems.isEmpty()) {
        // One transaction: every row or none.
        const int before = m_list->table().rowCount();
        report.status = m_store->addToDoNotContact(read.entries);
        if (report.status.ok()) {
            reloadList();
            report.added = m_list->table().rowCount() - before;
        }
    }
    m_importing = false;
    Q_EMIT importingChanged(false);
    Q_EMIT importFinished(report);
}

void SafetyController::setAuditFilter(const AuditFilter &filter)
{
    m_auditFilter = filter;
    m_audit->setFilter(filter.toRecordFilter(QDateTime::currentDateTimeUtc()));
}

QStringList SafetyController::auditChoices(AuditColumn column) const
{
    QStringList values = m_audit->table().categoryValues(column);
    values.removeAll(QString());
    return values;
}
