#include "PollSources.h"

#include "core/CursorPager.h"
#include "events/EventPayload.h"
#include "outreach2day/Outreach2dayService.h"
#include "phone/PhoneNumbers.h"
#include "store/CdrSync.h"
#include "unloopa/UnloopaService.h"

#include <QJsonDocument>

namespace {

QString e164(const QString &text)
{
    return text.isEmpty() ? QString() : PhoneNumbers::toE164(text).value_or(QString());
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

StoredEvent polled(Vendor vendor, const QDateTime &receivedAt, const QString &verification)
{
    StoredEvent event;
    event.vendor = vendor;
    event.source = StoredEvent::sourcePoll();
    event.receivedAt = receivedAt;
    event.verification = verification;
    return event;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// UnlimCall

CdrPollSource::CdrPollSource(UnlimCallService *service, const QString &databasePath, QObject *parent)
    : PollSource(parent), m_sync(new CdrSync(service, databasePath, this))
{
    connect(m_sync, &CdrSync::recordsReceived, this, [this](const QList<UnlimCall::Cdr> &records) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QList<StoredEvent> events;
        for (const UnlimCall::Cdr &cdr : records) {
            if (cdr.startMs + qint64(cdr.duration) * 1000 >= m_sinceMs)
                events.append(eventFor(cdr, now));
        }
        if (!events.isEmpty())
            Q_EMIT found(events);
    });
    connect(m_sync, &CdrSync::finished, this, &PollSource::finished);
}

CdrPollSource::~CdrPollSource() = default;

bool CdrPollSource::poll(const QDateTime &since)
{
    m_sinceMs = since.toMSecsSinceEpoch();
    // A call that ended after `since` started up to its duration before: the sync's own overlap
    // reaches that far back (and reads only what the call records lack).
    return m_sync->start(m_sinceMs - CdrSync::defaultOverlapMs, QDateTime::currentMSecsSinceEpoch());
}

void CdrPollSource::cancel()
{
    m_sync->cancel();
}

bool CdrPollSource::isRunning() const
{
    return m_sync->isRunning();
}

QString CdrPollSource::needsTheWebhook()
{
    return tr("transfer / do-not-call: needs the webhook");
}

StoredEvent CdrPollSource::eventFor(const UnlimCall::Cdr &cdr, const QDateTime &receivedAt)
{
    StoredEvent event = polled(Vendor::UnlimCall, receivedAt, tr("read from the call records (not signed)"));
    event.type = QStringLiteral("call.ended");
    event.eventId = cdr.id;
    event.dedupeKey = EventStore::dedupeKeyFor(Vendor::UnlimCall, QStringLiteral("cdr:") + cdr.id, {});
    event.phone = e164(cdr.dst);
    event.occurredAt = QDateTime::fromMSecsSinceEpoch(cdr.startMs + qint64(cdr.duration) * 1000, Qt::UTC);
    QStringList parts{event.type};
    parts << (event.phone.isEmpty() ? cdr.dst : event.phone);
    if (!cdr.disposition.isEmpty())
        parts << cdr.disposition;
    parts << needsTheWebhook();
    event.summary = parts.join(QStringLiteral(" · "));
    event.rawBody = compact(cdr.toJson());
    return event;
}

// ---------------------------------------------------------------------------------------------
// Outreach2day

O2dEventsPollSource::O2dEventsPollSource(Outreach2dayService *service, QObject *parent)
    : PollSource(parent), m_service(service)
{ }

QStringList O2dEventsPollSource::polledTypes()
{
    return {QStringLiteral("reply.received"), QStringLiteral("contact.bounced"),
            QStringLiteral("contact.unsubscribed")};
}

StoredEvent O2dEventsPollSource::eventFor(const QJsonObject &item, const QDateTime &receivedAt)
{
    StoredEvent event =
            polled(Vendor::Outreach2day, receivedAt, tr("read from the webhook events list (not signed)"));
    event.rawBody = compact(item);
    EventPayload::describe(event);
    if (!polledTypes().contains(event.type))
        event.type.clear();
    return event;
}

bool O2dEventsPollSource::poll(const QDateTime &since)
{
    if (m_pager || !m_service)
        return false;
    CursorPager *pager = m_service->webhookEventsPager(this);
    m_pager = pager;
    connect(pager, &CursorPager::page, this, [this, since](const QList<QJsonObject> &items) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QList<StoredEvent> events;
        for (const QJsonObject &item : items) {
            const StoredEvent event = eventFor(item, now);
            if (!event.type.isEmpty() && event.occurredAt >= since)
                events.append(event);
        }
        if (!events.isEmpty())
            Q_EMIT found(events);
    });
    connect(pager, &CursorPager::finished, this, [this, pager](const ApiError &error) {
        pager->deleteLater();
        m_pager = nullptr;
        Q_EMIT finished(error);
    });
    pager->start();
    return true;
}

bool O2dEventsPollSource::isRunning() const
{
    return !m_pager.isNull();
}

void O2dEventsPollSource::cancel()
{
    if (m_pager)
        m_pager->cancel();
}

// ---------------------------------------------------------------------------------------------
// Unloopa

UnloopaCallsPollSource::UnloopaCallsPollSource(UnloopaService *service, QObject *parent)
    : PollSource(parent), m_service(service)
{ }

StoredEvent UnloopaCallsPollSource::eventFor(const UnloopaCall &call, const QDateTime &receivedAt)
{
    StoredEvent event =
            polled(Vendor::Unloopa, receivedAt, tr("read from the voice calls list (not signed)"));
    if (!call.isFinished() || call.id.isEmpty())
        return event;
    event.type = QStringLiteral("call.") + call.status;
    event.eventId = call.id;
    event.callId = call.id;
    event.dedupeKey = EventStore::dedupeKeyFor(Vendor::Unloopa, QStringLiteral("call:") + call.id, {});
    event.phone = e164(call.phoneNumber);
    event.occurredAt = call.completedAt.isValid() ? call.completedAt
            : call.startedAt.isValid()            ? call.startedAt
                                                  : call.createdAt;
    QStringList parts{event.type};
    parts << (event.phone.isEmpty() ? call.phoneNumber : event.phone);
    if (!call.outcome.isEmpty())
        parts << call.outcome;
    if (!call.businessName.isEmpty())
        parts << call.businessName;
    event.summary = parts.join(QStringLiteral(" · "));
    event.rawBody = compact(call.toJson());
    return event;
}

bool UnloopaCallsPollSource::poll(const QDateTime &since)
{
    if (m_fetch || !m_service)
        return false;
    auto *fetch = new UnloopaPagedFetch(m_service, UnloopaCallFilter{}, this);
    m_fetch = fetch;
    connect(fetch, &UnloopaPagedFetch::callsPage, this, [this, since](const QList<UnloopaCall> &calls) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QList<StoredEvent> events;
        for (const UnloopaCall &call : calls) {
            const StoredEvent event = eventFor(call, now);
            if (!event.type.isEmpty() && (!event.occurredAt.isValid() || event.occurredAt >= since))
                events.append(event);
        }
        if (!events.isEmpty())
            Q_EMIT found(events);
    });
    connect(fetch, &UnloopaPagedFetch::finished, this, [this, fetch](const ApiError &error) {
        fetch->deleteLater();
        m_fetch = nullptr;
        Q_EMIT finished(error);
    });
    fetch->start();
    return true;
}

bool UnloopaCallsPollSource::isRunning() const
{
    return !m_fetch.isNull();
}

void UnloopaCallsPollSource::cancel()
{
    if (m_fetch)
        m_fetch->cancel();
}
