#pragma once

#include "events/EventStore.h"
#include "events/Notification.h"

#include <optional>

// Which stored events (webhook or poll) an operator is told about, and what the notification says
// and opens:
//   UnlimCall call.transferred                        TransferToHuman, about the lead, else the call
//   Outreach2day reply.received with intent interested InterestedReply, about the lead, else the
//                                                     reply thread
// Every other event raises none. Each notification names its fact (transferFact, replyFact) so
// the same fact seen by another source — the #11 live feed's interested replies, a polled row —
// is notified once (Notifier drops the second).
namespace NotificationPolicy {

std::optional<Notification> forEvent(const StoredEvent &event);

// One contact's reply to one campaign, whoever saw it (the webhook's data.campaignId and
// data.email, the live feed's Reply).
QString replyFact(const QString &campaignId, const QString &email);
// One call handed to a human.
QString transferFact(const QString &callId);

} // namespace NotificationPolicy
