#include "OutboundTables.h"

#include "DncInput.h"

#include <QCoreApplication>
#include <QHash>

namespace {

QString title(const char *text)
{
    return QCoreApplication::translate("OutboundTables", text);
}

void setTime(RecordTable &table, int row, int column, const QDateTime &when)
{
    if (when.isValid())
        table.setDateTime(row, column, when.toMSecsSinceEpoch());
}

} // namespace

namespace OutboundTables {

RecordSchema dncSchema()
{
    using T = ColumnType;
    // Phone type: the machine profile writes numbers raw, the spreadsheet profile protects them.
    return RecordSchema({
            ColumnSpec::make(T::Phone, QStringLiteral("entry"), title("Entry")),
            ColumnSpec::make(T::Category, QStringLiteral("kind"), title("Kind")),
            ColumnSpec::make(T::Category, QStringLiteral("source"), title("Source")),
            ColumnSpec::make(T::Text, QStringLiteral("reason"), title("Reason")),
            ColumnSpec::make(T::DateTime, QStringLiteral("addedAt"), title("Added")),
            ColumnSpec::make(T::Text, QStringLiteral("addedBy"), title("Added by")),
    });
}

RecordTable dncRows(const QList<DncEntry> &entries)
{
    RecordTable table(dncSchema());
    table.reserve(int(entries.size()));
    for (const DncEntry &e : entries) {
        const int r = table.appendRow();
        table.setText(r, 0, DncInput::display(e));
        table.setText(r, 1, DncEntry::kindId(e.kind));
        table.setText(r, 2, e.source);
        table.setText(r, 3, e.reason);
        setTime(table, r, 4, e.addedAt);
        table.setText(r, 5, e.addedBy);
    }
    return table;
}

RecordSchema auditSchema()
{
    using T = ColumnType;
    return RecordSchema(
            {
                    ColumnSpec::make(T::Integer, QStringLiteral("id"), title("Row")).hidden().notSearchable(),
                    ColumnSpec::make(T::DateTime, QStringLiteral("at"), title("Decided")),
                    ColumnSpec::make(T::Category, QStringLiteral("vendor"), title("Vendor")),
                    ColumnSpec::make(T::Category, QStringLiteral("action"), title("Action")),
                    ColumnSpec::make(T::Phone, QStringLiteral("recipient"), title("Recipient")),
                    ColumnSpec::make(T::Category, QStringLiteral("verdict"), title("Verdict")),
                    ColumnSpec::make(T::Category, QStringLiteral("reasonCode"), title("Reason code"))
                            .hidden(),
                    ColumnSpec::make(T::Text, QStringLiteral("reason"), title("Reason")),
                    ColumnSpec::make(T::Text, QStringLiteral("overrideReason"), title("Override reason")),
                    ColumnSpec::make(T::DateTime, QStringLiteral("ringsAt"), title("Rings at")),
                    ColumnSpec::make(T::Integer, QStringLiteral("attemptWeight"), title("Attempts counted"))
                            .hidden(),
                    ColumnSpec::make(T::Text, QStringLiteral("intentId"), title("Intent"))
                            .hidden()
                            .notSearchable(),
                    ColumnSpec::make(T::Text, QStringLiteral("actor"), title("By")).hidden(),
                    ColumnSpec::make(T::Category, QStringLiteral("outcome"), title("Outcome")),
                    ColumnSpec::make(T::Text, QStringLiteral("vendorRef"), title("Vendor reference")),
                    ColumnSpec::make(T::Text, QStringLiteral("error"), title("Error")),
                    ColumnSpec::make(T::DateTime, QStringLiteral("outcomeAt"), title("Answered")).hidden(),
            },
            QStringLiteral("id"));
}

RecordTable auditRows(const QList<AuditAttempt> &attempts, const QList<AuditOutcome> &outcomes)
{
    QHash<qint64, const AuditOutcome *> latest;
    for (const AuditOutcome &o : outcomes)
        latest.insert(o.attemptId, &o); // outcomes come oldest first: the last one wins
    RecordTable table(auditSchema());
    table.reserve(int(attempts.size()));
    for (const AuditAttempt &a : attempts) {
        const int r = table.appendRow();
        table.setInteger(r, 0, a.id);
        setTime(table, r, 1, a.at);
        table.setText(r, 2, a.isListChange() ? QString() : Vendors::id(a.vendor));
        table.setText(r, 3, a.action);
        table.setText(r, 4, a.recipient);
        table.setText(r, 5, a.verdict);
        table.setText(r, 6, a.reasonCode);
        table.setText(r, 7, a.reason);
        table.setText(r, 8, a.overrideReason);
        setTime(table, r, 9, a.ringsAt);
        table.setInteger(r, 10, a.attemptWeight);
        table.setText(r, 11, a.intentId);
        table.setText(r, 12, a.actor);
        if (const AuditOutcome *o = latest.value(a.id)) {
            table.setText(r, 13, o->outcome);
            table.setText(r, 14, o->vendorRef);
            table.setText(r, 15, o->error);
            setTime(table, r, 16, o->at);
        }
    }
    return table;
}

} // namespace OutboundTables
