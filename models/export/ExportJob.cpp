#include "ExportJob.h"

#include "table/RecordTableModel.h"

ExportJob::ExportJob(QObject *parent) : QObject(parent), m_exporter(new CsvExporter(this))
{
    connect(m_exporter, &CsvExporter::progress, this, [this](qint64 done, qint64 total) {
        m_rowsDone = done;
        m_rowsTotal = total;
        Q_EMIT progress(done, total);
    });
    connect(m_exporter, &CsvExporter::finished, this, [this](const CsvExportResult &result) {
        setBusy(false);
        Q_EMIT finished(result);
    });
}

bool ExportJob::start(const RecordTableModel *model, const QString &path, CsvProfile profile)
{
    if (m_busy || !model || !m_exporter->start(model, path, profile))
        return false;
    m_rowsDone = 0;
    m_rowsTotal = model->rowCount();
    setBusy(true);
    Q_EMIT progress(m_rowsDone, m_rowsTotal);
    return true;
}

void ExportJob::cancel()
{
    if (m_busy)
        m_exporter->cancel();
}

void ExportJob::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}
