#include "SuppressionTable.h"

QString SuppressionTable::sourceLabel(EmailActivityStore::SuppressionSource source)
{
    switch (source) {
    case EmailActivityStore::SuppressionSource::Console:
        return tr("Console");
    case EmailActivityStore::SuppressionSource::Outreach2day:
        return tr("Outreach2day");
    case EmailActivityStore::SuppressionSource::Unsubscribe:
        return tr("Unsubscribe");
    }
    return {};
}

RecordSchema SuppressionTable::schema()
{
    return RecordSchema(
            {ColumnSpec::make(ColumnType::Text, QStringLiteral("email"), tr("Email")),
             ColumnSpec::make(ColumnType::Category, QStringLiteral("source"), tr("Source")),
             ColumnSpec::make(ColumnType::Text, QStringLiteral("reason"), tr("Reason")),
             ColumnSpec::make(ColumnType::Category, QStringLiteral("atVendor"), tr("At Outreach2day")),
             ColumnSpec::make(ColumnType::Category, QStringLiteral("here"), tr("Do-not-contact list")),
             ColumnSpec::make(ColumnType::DateTime, QStringLiteral("createdAt"), tr("Added")),
             ColumnSpec::make(ColumnType::DateTime, QStringLiteral("updatedAt"), tr("Last change"))},
            QStringLiteral("email"));
}

RecordTable SuppressionTable::rows(const EmailActivityStore &store)
{
    RecordTable table(schema());
    const QList<EmailActivityStore::Suppression> entries = store.suppressions();
    table.reserve(int(entries.size()));
    const auto side = [](bool listed, const QDateTime &removed) {
        return listed ? tr("Listed") : removed.isValid() ? tr("Removed") : tr("Not listed");
    };
    for (const EmailActivityStore::Suppression &entry : entries) {
        const int row = table.appendRow();
        table.setText(row, Email, entry.email);
        table.setText(row, Source, sourceLabel(entry.source));
        table.setText(row, Reason, entry.reason);
        table.setText(row, AtVendor, side(entry.atVendor, entry.removedAtVendor));
        table.setText(row, Here, side(entry.inLocalList, entry.removedLocally));
        if (entry.createdAt.isValid())
            table.setDateTime(row, Added, entry.createdAt.toMSecsSinceEpoch());
        if (entry.updatedAt.isValid())
            table.setDateTime(row, Updated, entry.updatedAt.toMSecsSinceEpoch());
    }
    return table;
}
