#include "DncCsv.h"

#include "DncInput.h"
#include "OutboundTables.h"
#include "export/CsvReader.h"

#include <QCoreApplication>
#include <QFile>
#include <QSet>

#include <numeric>

namespace DncCsv {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("DncCsv", text);
}

bool isEntryHeader(const QString &cell)
{
    static const QSet<QString> names = {QStringLiteral("entry"),  QStringLiteral("value"),
                                        QStringLiteral("number"), QStringLiteral("phone"),
                                        QStringLiteral("email"),  QStringLiteral("address"),
                                        QStringLiteral("domain")};
    return names.contains(cell.trimmed().toLower());
}

} // namespace

Import read(const QByteArray &csv, const QString &addedBy, const QString &reason,
            const QString &defaultRegion)
{
    Import result;
    QString problem;
    const std::optional<Csv::Records> parsed = Csv::read(csv, &problem);
    if (!parsed) {
        result.problems.append({0, problem});
        return result;
    }
    // Csv::read takes the first line as a header: without one, it is the first row (line 1).
    QList<QStringList> rows = parsed->rows;
    QList<int> lines = parsed->lineNumbers;
    int reasonColumn = 1;
    if (isEntryHeader(parsed->header.value(0))) {
        reasonColumn = -1;
        for (int c = 0; c < parsed->header.size(); ++c) {
            if (parsed->header.at(c).trimmed().compare(QLatin1String("reason"), Qt::CaseInsensitive) == 0)
                reasonColumn = c;
        }
    } else {
        rows.prepend(parsed->header);
        lines.prepend(1);
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QStringList &fields = rows.at(i);
        if (fields.join(QString()).trimmed().isEmpty())
            continue;
        std::optional<DncEntry> entry = DncInput::parse(fields.value(0), &problem, defaultRegion);
        if (!entry) {
            result.problems.append({lines.at(i), problem});
            continue;
        }
        entry->source = QStringLiteral("csv_import");
        const QString rowReason = reasonColumn >= 0 ? fields.value(reasonColumn).trimmed() : QString();
        entry->reason = rowReason.isEmpty() ? reason : rowReason;
        entry->addedAt = now;
        entry->addedBy = addedBy;
        result.entries.append(*entry);
    }
    if (result.entries.isEmpty() && result.problems.isEmpty())
        result.problems.append({0, tr("The file holds no entries.")});
    return result;
}

Import importFile(OutboundStore &store, const QString &path, const QString &addedBy, const QString &reason,
                  const QString &defaultRegion)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Import result;
        result.problems.append({0, tr("%1 cannot be read: %2").arg(path, file.errorString())});
        return result;
    }
    Import result = read(file.readAll(), addedBy, reason, defaultRegion);
    if (!result.problems.isEmpty())
        return result;
    const int before = int(store.doNotContactEntries().size());
    result.status = store.addToDoNotContact(result.entries);
    if (result.status)
        result.added = int(store.doNotContactEntries().size()) - before;
    return result;
}

CsvExportResult exportFile(const QList<DncEntry> &entries, const QString &path, CsvProfile profile)
{
    const RecordTable table = OutboundTables::dncRows(entries);
    std::vector<int> rows(size_t(table.rowCount()));
    std::iota(rows.begin(), rows.end(), 0);
    QList<int> columns(table.columnCount());
    std::iota(columns.begin(), columns.end(), 0);
    return CsvExporter::exportTable(table, rows, columns, path, profile);
}

} // namespace DncCsv
