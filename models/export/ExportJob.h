#pragma once

#include "export/CsvExporter.h"

#include <QObject>

class RecordTableModel;

// One page's export: what its table shows written to CSV by the one CsvExporter, one export at a
// time (start() refuses while one runs, so a second request cannot start a second file), with
// its progress and a way out (cancel(): the target is left as it was, no partial file). The
// busy state and progress are kept here so any view (the export control) can show them, also
// one attached while an export runs.
class ExportJob : public QObject
{
    Q_OBJECT
public:
    explicit ExportJob(QObject *parent = nullptr);

    // Snapshots the model's visible rows and columns now and writes them on a worker thread.
    // False (nothing started) while an export runs or without a model.
    bool start(const RecordTableModel *model, const QString &path, CsvProfile profile);
    void cancel();
    bool isBusy() const { return m_busy; }
    qint64 rowsDone() const { return m_rowsDone; }
    qint64 rowsTotal() const { return m_rowsTotal; }

Q_SIGNALS:
    void busyChanged(bool busy);
    // From start() (0 of the rows to write) until the end; at most every ~50 ms in between.
    void progress(qint64 rowsDone, qint64 rowsTotal);
    // Exactly once per successful start(); status Cancelled after cancel().
    void finished(const CsvExportResult &result);

private:
    void setBusy(bool busy);

    CsvExporter *m_exporter;
    bool m_busy = false;
    qint64 m_rowsDone = 0;
    qint64 m_rowsTotal = 0;
};
