#pragma once

#include "OutboundTypes.h"
#include "table/RecordTable.h"

#include <QString>

// The guard's verdicts as words and as a table of the one table machinery, so a dry run is shown,
// sorted and exported like every other table, and a reason reads the same in the dry run and in
// the audit log.
namespace DecisionTable {

enum Column { RecipientLabel, Phone, Email, Verdict, ReasonCode, Reason };

RecordSchema schema();
// One row per recipient: refused first, then those needing an override, then the allowed ones,
// each group in the decision's order (what the operator has to look at comes first).
RecordTable rows(const GuardDecision &decision);

// "Allowed", "Refused", "Needs an override".
QString verdictTitle(RecipientVerdict::Verdict verdict);
// The audit log's stored verdict ("allowed", "refused", "needs_override") in words.
QString verdictTitle(const QString &storedVerdict);
// A reason code in a few words ("On the do-not-contact list"); an unknown code is shown as is.
QString reasonTitle(const QString &reasonCode);

// How many recipients only need an override (the others refused are refused for good).
int needsOverrideCount(const GuardDecision &decision);

} // namespace DecisionTable
