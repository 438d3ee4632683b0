#pragma once

#include "email/EmailActivityStore.h"
#include "table/RecordTable.h"

#include <QCoreApplication>

// The suppression mirror (EmailActivityStore) as rows for the one table machinery: each address
// with where it came from first and whether it is listed at Outreach2day and in the do-not-contact
// list (listed, removed by the operator, or not listed). SuppressionSync changes the mirror; this
// only shows it.
class SuppressionTable
{
    Q_DECLARE_TR_FUNCTIONS(SuppressionTable)
public:
    enum Column { Email, Source, Reason, AtVendor, Here, Added, Updated };
    static RecordSchema schema(); // email (key), source, reason, at Outreach2day, here, added, updated
    static RecordTable rows(const EmailActivityStore &store);
    static QString sourceLabel(EmailActivityStore::SuppressionSource source);
};
