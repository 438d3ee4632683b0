#pragma once

#include "events/EventStore.h"

#include <QByteArray>
#include <QDateTime>

// What a delivery's body says, read after it was verified (W1: never before): type, the vendor's
// event id, when it happened, the call, number, address and a one-line summary. A body that is not
// JSON still yields an event (type "unparsed"), so nothing verified is ever dropped.
//   UnlimCall:     {"event", "eventId", "callId", "phone", "timestamp"|"occurredAt"|..., ...}
//   Outreach2day:  {"id", "type", "timestamp", "data": {"email", "campaignId", ...}}
//   Verloop:       undocumented; "message_id", "status" and a timestamp are looked for.
namespace EventPayload {

// Fills type, eventId, dedupeKey, occurredAt, callId, phone, email and summary of `event` from its
// vendor, rawBody and receivedAt. `signedAt` (the signature's t, invalid if none) is the fallback
// time when the payload has none.
void describe(StoredEvent &event, const QDateTime &signedAt = {});

} // namespace EventPayload
