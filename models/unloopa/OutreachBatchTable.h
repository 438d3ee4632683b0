#pragma once

#include "OutreachSender.h"
#include "table/RecordTable.h"

#include <QString>

// An outreach send's batches as a table of the one table machinery: one row per batch with its
// state and Unloopa's answer (queued, waiting for video, duplicates skipped, failed,
// manual_outreach), so the results are shown, sorted and exported like every other table.
namespace OutreachBatchTable {

enum Column { Batch, Leads, State, Queued, WaitingForVideo, Duplicates, Failed, ManualOutreach, Detail };

RecordSchema schema();
// One row per batch, in sending order. The counts are empty until Unloopa has answered.
RecordTable rows(const QList<OutreachSender::Batch> &batches);

// A batch's state in words ("Sent", "Refused by the guard", "Unknown — never resent", ...).
QString stateTitle(OutreachSender::Batch::State state);
// What the operator needs beside the counts: the leads to contact by hand, why the guard refused,
// or the vendor's error.
QString detail(const OutreachSender::Batch &batch);

} // namespace OutreachBatchTable
