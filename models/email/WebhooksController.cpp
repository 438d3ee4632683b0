#include "WebhooksController.h"

#include "WebhookSecrets.h"
#include "core/VendorClient.h"
#include "export/ExportJob.h"
#include "outreach2day/Outreach2dayService.h"

namespace {
QString joined(const QStringList &values, const QString &none)
{
    return values.isEmpty() ? none : values.join(QStringLiteral(", "));
}
} // namespace

WebhooksController::WebhooksController(Outreach2dayService *service, EmailActivityStore *store,
                                       CredentialStore *keychain, QObject *parent)
    : QObject(parent),
      m_service(service),
      m_store(store),
      m_secrets(new WebhookSecrets(keychain, this)),
      m_events(eventSchema()),
      m_deliveries(deliverySchema()),
      m_export(new ExportJob(this))
{ }

void WebhooksController::loadEventTypes()
{
    if (!m_service)
        return;
    m_service->fetchWebhookEventTypes(this, [this](const Result<QStringList> &result) {
        if (!result.ok()) {
            Q_EMIT finished(tr("The webhook event types could not be read:"), result.error());
            return;
        }
        m_eventTypes = result.value();
        Q_EMIT eventTypesChanged();
    });
}

void WebhooksController::saveHook(const O2dWebhookSubscription &subscription, const QDateTime &graceUntil,
                                  bool secretSet)
{
    EmailActivityStore::Hook hook;
    if (const auto known = m_store->hook(subscription.id))
        hook = *known;
    hook.subscription = subscription;
    hook.subscription.secret.clear(); // the keychain's, never the store's
    if (secretSet)
        hook.secretSetAt = QDateTime::currentDateTimeUtc();
    if (graceUntil.isValid())
        hook.graceUntil = graceUntil;
    m_store->saveHook(hook);
    Q_EMIT hooksChanged();
}

void WebhooksController::saveStatus(const O2dWebhookSubscription &answer)
{
    const auto known = m_store->hook(answer.id);
    if (!known || !answer.endpoint.isEmpty())
        return saveHook(answer, QDateTime(), false);
    O2dWebhookSubscription kept = known->subscription;
    kept.status = answer.status;
    saveHook(kept, QDateTime(), false);
}

std::optional<O2dWebhookSubscription> WebhooksController::subscription(const QString &subscriptionId) const
{
    const auto known = m_store ? m_store->hook(subscriptionId) : std::nullopt;
    if (!known || known->removedAt.isValid())
        return std::nullopt;
    return known->subscription;
}

void WebhooksController::keychainFailed(const QString &what, const std::optional<ApiError> &error)
{
    Q_EMIT finished(what,
                    error.value_or(ApiError::local(Vendor::Outreach2day, QStringLiteral("keychain"),
                                                   tr("The keychain did not answer."))));
}

void WebhooksController::create(O2dWebhookSubscription subscription)
{
    if (!m_service)
        return;
    subscription.secret = WebhookSecrets::generate();
    m_service->createSubscription(subscription, this, [this](const Result<O2dWebhookSubscription> &result) {
        if (!result.ok()) {
            Q_EMIT finished(tr("The subscription was not created:"), result.error());
            return;
        }
        const O2dWebhookSubscription created = result.value();
        m_secrets->store(created.id, created.secret, this, [this, created](std::optional<ApiError> error) {
            // The subscription exists either way: keep its metadata, say whether its secret is kept.
            saveHook(created, QDateTime(), !error);
            if (error) {
                keychainFailed(tr("The subscription exists but its secret could not be kept in the keychain "
                                  "(rotate it once the keychain works):"),
                               error);
                return;
            }
            Q_EMIT secretIssued(created.id, created.secret);
            Q_EMIT finished(tr("Subscription %1 created.").arg(created.id), ApiError());
        });
    });
}

void WebhooksController::update(const QString &subscriptionId, const O2dWebhookSubscription &subscription)
{
    if (!m_service)
        return;
    m_service->updateSubscription(subscriptionId, subscription, this,
                                  [this, subscriptionId](const Result<O2dWebhookSubscription> &result) {
                                      if (result.ok())
                                          saveHook(result.value(), QDateTime(), false);
                                      Q_EMIT finished(
                                              result.ok() ? tr("Subscription %1 updated.").arg(subscriptionId)
                                                          : tr("The subscription was not updated:"),
                                              result.ok() ? ApiError() : result.error());
                                  });
}

void WebhooksController::test(const QString &subscriptionId)
{
    if (!m_service)
        return;
    m_service->testSubscription(
            subscriptionId, this, [this, subscriptionId](const Result<QJsonObject> &result) {
                Q_EMIT finished(result.ok() ? tr("Test event sent for %1.").arg(subscriptionId)
                                            : tr("The test event was refused:"),
                                result.ok() ? ApiError() : result.error());
                if (result.ok())
                    loadDeliveries(subscriptionId);
            });
}

void WebhooksController::pause(const QString &subscriptionId)
{
    if (!m_service)
        return;
    m_service->pauseSubscription(subscriptionId, this, [this](const Result<O2dWebhookSubscription> &result) {
        if (result.ok())
            saveStatus(result.value());
        Q_EMIT finished(result.ok() ? tr("Subscription %1 paused.").arg(result.value().id)
                                    : tr("The subscription could not be paused:"),
                        result.ok() ? ApiError() : result.error());
    });
}

void WebhooksController::resume(const QString &subscriptionId)
{
    if (!m_service)
        return;
    m_service->resumeSubscription(subscriptionId, this, [this](const Result<O2dWebhookSubscription> &result) {
        if (result.ok())
            saveStatus(result.value());
        Q_EMIT finished(result.ok() ? tr("Subscription %1 resumed.").arg(result.value().id)
                                    : tr("The subscription could not be resumed:"),
                        result.ok() ? ApiError() : result.error());
    });
}

void WebhooksController::rotate(const QString &subscriptionId, qint64 graceSeconds)
{
    if (!m_service)
        return;
    m_service->rotateSecret(
            subscriptionId, WebhookSecrets::generate(), this,
            [this, subscriptionId, graceSeconds](const Result<O2dWebhookSubscription> &result) {
                if (!result.ok()) {
                    Q_EMIT finished(tr("The secret was not rotated:"), result.error());
                    return;
                }
                O2dWebhookSubscription rotated = result.value();
                if (rotated.id.isEmpty())
                    rotated.id = subscriptionId;
                if (const auto known = m_store->hook(subscriptionId); known && rotated.endpoint.isEmpty()) {
                    const QString secret = rotated.secret;
                    rotated = known->subscription; // the answer may carry only the secret
                    rotated.secret = secret;
                }
                // Only now, with the vendor's confirmation, does the new secret replace the old one.
                m_secrets->rotate(
                        subscriptionId, rotated.secret, this,
                        [this, rotated, graceSeconds](std::optional<ApiError> error) {
                            if (error) {
                                keychainFailed(tr("Outreach2day rotated the secret but the keychain "
                                                  "could not keep it (rotate again):"),
                                               error);
                                return;
                            }
                            const QDateTime grace =
                                    QDateTime::currentDateTimeUtc().addSecs(qMax<qint64>(0, graceSeconds));
                            saveHook(rotated, grace, true);
                            Q_EMIT secretIssued(rotated.id, rotated.secret);
                            Q_EMIT finished(
                                    tr("Secret of %1 rotated; the previous one is accepted "
                                       "until %2.")
                                            .arg(rotated.id, grace.toLocalTime().toString(Qt::ISODate)),
                                    ApiError());
                        });
            });
}

void WebhooksController::remove(const QString &subscriptionId)
{
    if (!m_service)
        return;
    m_service->deleteSubscription(subscriptionId, this, [this, subscriptionId](const Result<Done> &result) {
        if (!result.ok()) {
            Q_EMIT finished(tr("The subscription was not deleted:"), result.error());
            return;
        }
        m_secrets->remove(subscriptionId, this, [this, subscriptionId](std::optional<ApiError> error) {
            if (auto hook = m_store->hook(subscriptionId)) {
                hook->removedAt = QDateTime::currentDateTimeUtc();
                m_store->saveHook(*hook);
            }
            Q_EMIT hooksChanged();
            if (error)
                keychainFailed(tr("Subscription deleted; its secret could not be removed from the keychain:"),
                               error);
            else
                Q_EMIT finished(tr("Subscription %1 deleted.").arg(subscriptionId), ApiError());
        });
    });
}

void WebhooksController::loadEvents()
{
    if (!m_service)
        return;
    if (m_eventsPager)
        m_eventsPager->cancel();
    m_events = RecordTable(eventSchema());
    CursorPager *pager = m_service->webhookEventsPager(this);
    m_eventsPager = pager;
    connect(pager, &CursorPager::page, this, [this](const QList<QJsonObject> &items) {
        for (const QJsonObject &item : items) {
            const O2dWebhookEvent event = O2dWebhookEvent::fromJson(item);
            const int row = m_events.appendRow();
            m_events.setText(row, 0, event.key());
            if (event.createdAt.isValid())
                m_events.setDateTime(row, 1, event.createdAt.toMSecsSinceEpoch());
            m_events.setText(row, 2, event.type);
            m_events.setText(row, 3, event.campaignId);
            m_events.setText(row, 4, event.email);
            m_events.setText(row, 5, event.replyIntent);
        }
        Q_EMIT eventsChanged();
    });
    connect(pager, &CursorPager::finished, this, [this, pager](const ApiError &error) {
        pager->deleteLater();
        if (error.isError() && error.kind != ApiError::Kind::Cancelled)
            Q_EMIT finished(tr("The webhook events could not be read:"), error);
    });
    pager->start();
}

void WebhooksController::loadDeliveries(const QString &subscriptionId)
{
    if (!m_service)
        return;
    if (m_deliveriesPager)
        m_deliveriesPager->cancel();
    m_deliveries = RecordTable(deliverySchema());
    Q_EMIT deliveriesChanged();
    CursorPager *pager = m_service->deliveriesPager(subscriptionId, this);
    m_deliveriesPager = pager;
    connect(pager, &CursorPager::page, this, [this](const QList<QJsonObject> &items) {
        for (const QJsonObject &item : items) {
            const O2dWebhookDelivery delivery = O2dWebhookDelivery::fromJson(item);
            const int row = m_deliveries.appendRow();
            m_deliveries.setText(row, 0, delivery.key());
            if (delivery.createdAt.isValid())
                m_deliveries.setDateTime(row, 1, delivery.createdAt.toMSecsSinceEpoch());
            m_deliveries.setText(row, 2, delivery.eventType);
            m_deliveries.setText(row, 3, delivery.status);
            m_deliveries.setInteger(row, 4, delivery.attempts);
            if (delivery.responseStatus > 0)
                m_deliveries.setInteger(row, 5, delivery.responseStatus);
            m_deliveries.setText(row, 6, delivery.error);
            if (delivery.nextAttemptAt.isValid())
                m_deliveries.setDateTime(row, 7, delivery.nextAttemptAt.toMSecsSinceEpoch());
        }
        Q_EMIT deliveriesChanged();
    });
    connect(pager, &CursorPager::finished, this, [this, pager](const ApiError &error) {
        pager->deleteLater();
        if (error.isError() && error.kind != ApiError::Kind::Cancelled)
            Q_EMIT finished(tr("The deliveries could not be read:"), error);
    });
    pager->start();
}

RecordSchema WebhooksController::hookSchema()
{
    return RecordSchema(
            {ColumnSpec::make(ColumnType::Text, QStringLiteral("id"), tr("Subscription")),
             ColumnSpec::make(ColumnType::Text, QStringLiteral("endpoint"), tr("Endpoint")),
             ColumnSpec::make(ColumnType::Text, QStringLiteral("eventTypes"), tr("Events")),
             ColumnSpec::make(ColumnType::Text, QStringLiteral("replyIntents"), tr("Reply intents")),
             ColumnSpec::make(ColumnType::Text, QStringLiteral("campaignIds"), tr("Campaigns")),
             ColumnSpec::make(ColumnType::Category, QStringLiteral("status"), tr("Status")),
             ColumnSpec::make(ColumnType::DateTime, QStringLiteral("secretSetAt"), tr("Secret kept")),
             ColumnSpec::make(ColumnType::DateTime, QStringLiteral("graceUntil"),
                              tr("Previous secret accepted until"))},
            QStringLiteral("id"));
}

RecordTable WebhooksController::hookTable() const
{
    RecordTable table(hookSchema());
    for (const EmailActivityStore::Hook &hook : m_store->hooks()) {
        if (hook.removedAt.isValid())
            continue;
        const O2dWebhookSubscription &s = hook.subscription;
        const int row = table.appendRow();
        table.setText(row, HookId, s.id);
        table.setText(row, Endpoint, s.endpoint);
        table.setText(row, Events, joined(s.eventTypes, tr("all")));
        QStringList intents = s.replyIntents;
        if (s.ignoreOoo)
            intents.append(tr("no out-of-office"));
        if (s.ignoreAutoReply)
            intents.append(tr("no auto-replies"));
        table.setText(row, Intents, joined(intents, tr("all")));
        table.setText(row, Campaigns, joined(s.campaignIds, tr("all")));
        table.setText(row, Status, s.status);
        if (hook.secretSetAt.isValid())
            table.setDateTime(row, SecretSet, hook.secretSetAt.toMSecsSinceEpoch());
        if (hook.graceUntil.isValid())
            table.setDateTime(row, GraceUntil, hook.graceUntil.toMSecsSinceEpoch());
    }
    return table;
}

RecordSchema WebhooksController::eventSchema()
{
    return RecordSchema(
            {ColumnSpec::make(ColumnType::Text, QStringLiteral("key"), tr("Key")).hidden(),
             ColumnSpec::make(ColumnType::DateTime, QStringLiteral("createdAt"), tr("Time")),
             ColumnSpec::make(ColumnType::Category, QStringLiteral("type"), tr("Event")),
             ColumnSpec::make(ColumnType::Category, QStringLiteral("campaignId"), tr("Campaign")),
             ColumnSpec::make(ColumnType::Text, QStringLiteral("email"), tr("Contact email")),
             ColumnSpec::make(ColumnType::Category, QStringLiteral("replyIntent"), tr("Reply intent"))},
            QStringLiteral("key"));
}

RecordSchema WebhooksController::deliverySchema()
{
    return RecordSchema(
            {ColumnSpec::make(ColumnType::Text, QStringLiteral("key"), tr("Key")).hidden(),
             ColumnSpec::make(ColumnType::DateTime, QStringLiteral("createdAt"), tr("Time")),
             ColumnSpec::make(ColumnType::Category, QStringLiteral("eventType"), tr("Event")),
             ColumnSpec::make(ColumnType::Category, QStringLiteral("status"), tr("Status")),
             ColumnSpec::make(ColumnType::Integer, QStringLiteral("attempts"), tr("Attempts")),
             ColumnSpec::make(ColumnType::Integer, QStringLiteral("responseStatus"), tr("HTTP status")),
             ColumnSpec::make(ColumnType::Text, QStringLiteral("error"), tr("Error")),
             ColumnSpec::make(ColumnType::DateTime, QStringLiteral("nextAttemptAt"), tr("Next attempt"))},
            QStringLiteral("key"));
}
