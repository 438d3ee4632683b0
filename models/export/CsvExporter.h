#pragma once

#include "store/Database.h"
#include "table/RecordTable.h"
#include "table/WorkerThread.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QSaveFile>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QAbstractItemModel;
class QIODevice;
class RecordTableModel;

// The one CSV writer (README promises C1-C3, D4).
//   - RFC 4180: CRLF line ends; fields holding , " CR or LF are quoted; quotes doubled.
//   - Formula injection (OWASP): a text cell starting with = + - @ TAB CR LF or NUL gets a
//     leading ' and is quoted, in BOTH profiles: `=1+2";=1+2` → `"'=1+2"";=1+2"`.
//     Numbers the console produces (Integer, Real, Money, Duration, DateTime, Bool) are
//     written plain, never prefixed.
//   - Spreadsheet profile: UTF-8 BOM; header = column titles; Phone cells protected
//     (`"'+13055550100"`, so spreadsheets keep the + and every digit); Money as a decimal amount
//     ("0.34"); DateTime in local time "yyyy-MM-dd HH:mm:ss"; Duration as h:mm:ss.
//   - Machine profile: no BOM; header = column keys; Phone raw (+13055550100); Money in minor
//     units as stored (34); DateTime ISO-8601 UTC "yyyy-MM-ddTHH:mm:ss.zzzZ"; Duration seconds.
//   - Bool: true/false. Null: empty field.
enum class CsvProfile { Spreadsheet, Machine };

// Low-level encoding, for streaming writers (the CLI's `cdrs` writes batch after batch).
namespace Csv {
// Appends one encoded field (no separator) for a text cell.
void appendTextField(QByteArray &out, QByteArrayView utf8);
void appendTextField(QByteArray &out, QStringView text);
// RFC 4180 quoting only, without the formula guard: for a body a vendor's parser reads (a contacts
// upload), where a leading ' would become part of the value. Never for a file a person opens.
void appendDataField(QByteArray &out, QByteArrayView utf8);
// BOM (spreadsheet profile only).
QByteArray preamble(CsvProfile profile);
// Header line (with CRLF) for the given columns of a schema.
QByteArray headerLine(const RecordSchema &schema, const QList<int> &columns, CsvProfile profile);
// Appends the lines (with CRLF) of table rows [rows[first], rows[last]) — the fast path over
// raw columns.
void appendRows(QByteArray &out, const RecordTable &table, const std::vector<int> &rows, size_t first,
                size_t last, const QList<int> &columns, CsvProfile profile);
} // namespace Csv

// The one way the console and the CLI write a file the operator asked for (README promise D4): the
// target appears complete (commit()) or not at all — a failed or abandoned write leaves a
// previous file byte-identical and no temporary file behind — and it is owner-only (0600) from its
// first byte, whatever mode a previous file had.
//
//   AtomicFileWriter file(path);
//   if (StoreStatus s = file.open(); !s) ...
//   file.write(bytes); ...                    // false once a write failed (commit() reports it)
//   if (StoreStatus s = file.commit(); !s) ...  // or discard(), or let it go out of scope
class AtomicFileWriter
{
public:
    explicit AtomicFileWriter(const QString &path);
    ~AtomicFileWriter(); // discards what was not committed
    AtomicFileWriter(const AtomicFileWriter &) = delete;
    AtomicFileWriter &operator=(const AtomicFileWriter &) = delete;

    StoreStatus open();
    bool write(QByteArrayView bytes);
    StoreStatus commit();
    void discard();

    QString path() const { return m_path; }
    qint64 bytesWritten() const { return m_bytes; }

private:
    QString m_path;
    QSaveFile m_file;
    qint64 m_bytes = 0;
    bool m_open = false;
};

struct CsvExportResult
{
    StoreStatus status; // Cancelled when cancelled; IoError when the file could not be written
    QString path;
    qint64 rows = 0; // data rows written (header excluded)
    qint64 bytes = 0;
    qint64 elapsedMs = 0;
};
Q_DECLARE_METATYPE(CsvExportResult)

// Exports what the operator sees: the model's visibleRows() in their order and its
// visibleColumns() in their order. Written atomically with QSaveFile (commit() checked), the
// file 0600; a cancelled or failed export leaves a previous file byte-identical and no
// temporary file behind (README promise D4).
//
//   auto *exporter = new CsvExporter(this);
//   connect(exporter, &CsvExporter::progress, bar, [bar](qint64 done, qint64 total) {...});
//   connect(exporter, &CsvExporter::finished, this, [](const CsvExportResult &r) {...});
//   exporter->start(model, path, CsvProfile::Spreadsheet);   // cancel() from the Cancel button
class CsvExporter : public QObject
{
    Q_OBJECT
public:
    explicit CsvExporter(QObject *parent = nullptr);
    // Cancels and waits for the worker.
    ~CsvExporter() override;

    // Snapshots the visible rows and columns now (GUI thread) and writes on a worker thread.
    // Returns false if an export is already running.
    // The finished file replaces its target only after the GUI thread has run the events queued
    // before that moment: a Cancel the operator clicked by then always wins.
    bool start(const RecordTableModel *model, const QString &path, CsvProfile profile);
    void cancel();
    bool isRunning() const { return m_running; }

    // Synchronous fast path (CLI, tests, benchmarks): writes `rows` x `columns` of `table`.
    // `progress` (optional) is called between chunks; returning false cancels.
    using ProgressFunction = std::function<bool(qint64 rowsDone, qint64 rowsTotal)>;
    static CsvExportResult exportTable(const RecordTable &table, const std::vector<int> &rows,
                                       const QList<int> &columns, const QString &path, CsvProfile profile,
                                       const ProgressFunction &progress = {});
    // Convenience: what the model shows (visible rows, visible columns).
    static CsvExportResult exportModel(const RecordTableModel &model, const QString &path, CsvProfile profile,
                                       const ProgressFunction &progress = {});
    // Slow path for small tables of any QAbstractItemModel (GUI thread; reads DisplayRole, or
    // RecordTableModel::RawRole when the model provides it): numeric values (int, double...)
    // plain, strings as text cells. `columns` in order; empty = all. Header from headerData().
    static CsvExportResult exportItemModel(const QAbstractItemModel &model, const QList<int> &columns,
                                           const QString &path, CsvProfile profile);

Q_SIGNALS:
    // From the GUI thread, at most every ~50 ms.
    void progress(qint64 rowsDone, qint64 rowsTotal);
    // Exactly once per start().
    void finished(const CsvExportResult &result);

private:
    void finish(const CsvExportResult &result);

    class CommitGate;
    bool m_running = false;
    std::shared_ptr<CommitGate> m_gate; // the current run's
    WorkerThread m_worker;
};
