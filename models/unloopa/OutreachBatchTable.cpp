#include "OutreachBatchTable.h"

#include "outbound/DecisionTable.h"

#include <QCoreApplication>

namespace OutreachBatchTable {

namespace {

QString translate(const char *text)
{
    return QCoreApplication::translate("OutreachBatchTable", text);
}

} // namespace

RecordSchema schema()
{
    using T = ColumnType;
    return RecordSchema({
            ColumnSpec::make(T::Integer, QStringLiteral("batch"), translate("Batch")),
            ColumnSpec::make(T::Integer, QStringLiteral("leads"), translate("Leads")),
            ColumnSpec::make(T::Category, QStringLiteral("state"), translate("State")),
            ColumnSpec::make(T::Integer, QStringLiteral("emails_queued"), translate("Queued")),
            ColumnSpec::make(T::Integer, QStringLiteral("emails_waiting_for_video"),
                             translate("Waiting for video")),
            ColumnSpec::make(T::Integer, QStringLiteral("skipped_duplicates"),
                             translate("Duplicates skipped")),
            ColumnSpec::make(T::Integer, QStringLiteral("failed"), translate("Failed")),
            ColumnSpec::make(T::Integer, QStringLiteral("manual_outreach"), translate("Manual outreach"))
                    .withToolTip(
                            translate("Leads Unloopa could not email: contact them yourself (see Detail)")),
            ColumnSpec::make(T::Text, QStringLiteral("detail"), translate("Detail")),
    });
}

RecordTable rows(const QList<OutreachSender::Batch> &batches)
{
    RecordTable table(schema());
    table.reserve(int(batches.size()));
    for (qsizetype i = 0; i < batches.size(); ++i) {
        const OutreachSender::Batch &batch = batches.at(i);
        const int r = table.appendRow();
        table.setInteger(r, Batch, i + 1);
        table.setInteger(r, Leads, batch.leads.size());
        table.setText(r, State, stateTitle(batch.state));
        if (batch.state == OutreachSender::Batch::State::Sent) {
            const UnloopaOutreachSendResult &result = batch.result;
            table.setInteger(r, Queued, result.emailsQueued);
            table.setInteger(r, WaitingForVideo, result.emailsWaitingForVideo);
            table.setInteger(r, Duplicates, result.skippedDuplicates);
            table.setInteger(r, Failed, result.failed);
            table.setInteger(r, ManualOutreach, result.manualOutreach.size());
        }
        table.setText(r, Detail, detail(batch));
    }
    return table;
}

QString stateTitle(OutreachSender::Batch::State state)
{
    using S = OutreachSender::Batch::State;
    switch (state) {
    case S::Waiting:
        return translate("Waiting");
    case S::Refused:
        return translate("Refused by the guard");
    case S::Sending:
        return translate("Sending");
    case S::Sent:
        return translate("Sent");
    case S::Failed:
        return translate("Failed, nothing sent");
    case S::Unknown:
        return translate("Unknown, never resent");
    case S::Cancelled:
        return translate("Cancelled, not sent");
    }
    return {};
}

QString detail(const OutreachSender::Batch &batch)
{
    using S = OutreachSender::Batch::State;
    QStringList parts;
    switch (batch.state) {
    case S::Sent:
        for (const UnloopaManualOutreach &manual : batch.result.manualOutreach)
            parts << translate("%1 <%2>: %3")
                             .arg(manual.businessName, manual.email,
                                  manual.reason.isEmpty() ? translate("contact by hand") : manual.reason);
        break;
    case S::Refused:
        for (const auto &[code, n] : batch.decision.refusedByReason())
            parts << translate("%1: %2").arg(DecisionTable::reasonTitle(code)).arg(n);
        break;
    case S::Failed:
    case S::Unknown:
        parts << (batch.error.explanation.isEmpty() ? batch.error.summary() : batch.error.explanation);
        break;
    default:
        break;
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace OutreachBatchTable
