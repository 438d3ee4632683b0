#pragma once

#include "OutboundStore.h"
#include "OutboundTypes.h"
#include "export/CsvExporter.h"

#include <QByteArray>
#include <QList>
#include <QString>

// The do-not-contact list to and from CSV.
//
// Import: one entry per row — a phone number (normalised to E.164 with libphonenumber, numbers
// without a country code read in `defaultRegion`), an email address, or @domain. With a header
// row (its first cell is "entry", "value", "number", "phone", "email", "address" or "domain"),
// the entry is read from the first column and the reason from a "reason" column; without one,
// the entry is the first column and the reason the second. Blank rows are skipped. Any invalid row is
// reported with its line number and then NOTHING is imported (the list is never half imported).
// The console's own export reads back unchanged.
//
// Export: OutboundTables::dncSchema() through the one exporter (atomic, owner-only).
namespace DncCsv {

struct Problem
{
    int line = 0; // 1-based line of the file; 0 when the file itself could not be read
    QString sentence;
};

struct Import
{
    QList<DncEntry> entries; // every row's entry (source "csv_import"), in file order
    QList<Problem> problems; // empty when every row is valid
    int added = 0; // after import(): entries that were not listed yet
    StoreStatus status; // after import(): the store's answer
    bool ok() const { return problems.isEmpty() && status.ok(); }
};

// Reads rows without storing anything. `reason` applies to rows that give none.
Import read(const QByteArray &csv, const QString &addedBy, const QString &reason = {},
            const QString &defaultRegion = QStringLiteral("US"));
// Reads `path` and, when every row is valid, adds all entries to `store` in one transaction.
Import importFile(OutboundStore &store, const QString &path, const QString &addedBy,
                  const QString &reason = {}, const QString &defaultRegion = QStringLiteral("US"));

CsvExportResult exportFile(const QList<DncEntry> &entries, const QString &path, CsvProfile profile);

} // namespace DncCsv
