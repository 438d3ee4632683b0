#pragma once

#include "OutboundTypes.h"
#include "table/RecordTable.h"

#include <QList>

// The do-not-contact list and the audit log as tables of the one table machinery, so the Safety
// page's views, the CSV export and the CLI agree on one set of columns (keys = machine-profile CSV
// header).
namespace OutboundTables {

// entry ("+13055551234", "a@example.com", "@example.com": what `dnc import` reads back), kind,
// source, reason, addedAt, addedBy.
RecordSchema dncSchema();
RecordTable dncRows(const QList<DncEntry> &entries);

// One row per attempt, oldest first, with the latest outcome linked to it (empty when none yet):
// id, at, vendor (empty on a do-not-contact change), action, recipient, verdict, reasonCode,
// reason, overrideReason, ringsAt, attemptWeight, intentId, actor, outcome, vendorRef, error,
// outcomeAt.
RecordSchema auditSchema();
RecordTable auditRows(const QList<AuditAttempt> &attempts, const QList<AuditOutcome> &outcomes);

} // namespace OutboundTables
