#include "StepsController.h"

#include "ContactCsv.h"
#include "EmailCampaignStore.h"
#include "core/VendorClient.h"
#include "outreach2day/Outreach2dayService.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTimer>

#include <algorithm>

namespace {

QJsonArray variantsJson(const QList<O2dVariant> &variants)
{
    QJsonArray array;
    for (const O2dVariant &variant : variants)
        array.append(variant.toJson());
    return array;
}

} // namespace

StepsController::StepsController(Outreach2dayService *service, EmailCampaignStore *store, QObject *parent)
    : QObject(parent), m_service(service), m_store(store), m_previewTimer(new QTimer(this))
{
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(400);
    connect(m_previewTimer, &QTimer::timeout, this, &StepsController::sendPreview);
}

void StepsController::setCampaign(const QString &campaignId)
{
    m_campaignId = campaignId;
    m_previewTimer->stop();
    ++m_previewSerial; // an answer for the previous campaign's preview is dropped
    Q_EMIT stepsChanged();
    refresh();
}

QList<O2dStep> StepsController::steps() const
{
    return m_campaignId.isEmpty() ? QList<O2dStep>() : m_store->steps(m_campaignId);
}

std::optional<O2dStep> StepsController::step(const QString &stepId) const
{
    return m_store->step(stepId);
}

void StepsController::begin()
{
    if (m_pending++ == 0)
        Q_EMIT busyChanged(true);
}

void StepsController::end()
{
    if (--m_pending == 0)
        Q_EMIT busyChanged(false);
}

void StepsController::refresh()
{
    if (m_campaignId.isEmpty() || !m_service)
        return;
    const QString campaignId = m_campaignId;
    begin();
    m_service->listSteps(campaignId, this, [this, campaignId](const Result<QList<O2dStep>> &result) {
        end();
        if (!result) {
            Q_EMIT failed(result.error(), tr("Reading the steps"));
            return;
        }
        QList<O2dStep> steps = result.value();
        for (O2dStep &step : steps) {
            if (step.campaignId.isEmpty())
                step.campaignId = campaignId;
        }
        m_store->saveSteps(campaignId, steps);
        if (campaignId == m_campaignId)
            Q_EMIT stepsChanged();
    });
}

void StepsController::addStep(O2dStep step)
{
    if (m_campaignId.isEmpty() || !m_service)
        return;
    const QList<O2dStep> existing = steps();
    step.order = existing.isEmpty() ? 1 : existing.constLast().order + 1;
    const QString campaignId = m_campaignId;
    begin();
    m_service->addStep(campaignId, step, this, [this, campaignId](const Result<O2dStep> &result) {
        end();
        if (!result) {
            Q_EMIT failed(result.error(), tr("Adding the step"));
            return;
        }
        O2dStep added = result.value();
        if (added.campaignId.isEmpty())
            added.campaignId = campaignId;
        m_store->saveStep(added);
        if (campaignId == m_campaignId)
            Q_EMIT stepsChanged();
    });
}

void StepsController::saveStep(const O2dStep &edited)
{
    const std::optional<O2dStep> stored = step(edited.id);
    if (!stored || !m_service)
        return;
    O2dStepUpdate update;
    if (edited.delayDays != stored->delayDays)
        update.delayDays = edited.delayDays;
    if (edited.subject != stored->subject)
        update.subject = edited.subject;
    if (edited.bodyHtml != stored->bodyHtml)
        update.bodyHtml = edited.bodyHtml;
    if (edited.bodyText != stored->bodyText)
        update.bodyText = edited.bodyText;
    if (variantsJson(edited.variants) != variantsJson(stored->variants))
        update.variants = edited.variants;
    if (update.isEmpty())
        return;
    const QString campaignId = stored->campaignId;
    begin();
    m_service->updateStep(edited.id, update, this, [this, campaignId](const Result<O2dStep> &result) {
        end();
        if (!result) {
            Q_EMIT failed(result.error(), tr("Saving the step"));
            return;
        }
        O2dStep saved = result.value();
        if (saved.campaignId.isEmpty())
            saved.campaignId = campaignId;
        m_store->saveStep(saved);
        if (campaignId == m_campaignId)
            Q_EMIT stepsChanged();
    });
}

void StepsController::removeStep(const QString &stepId)
{
    if (!m_service)
        return;
    const QString campaignId = m_campaignId;
    begin();
    m_service->deleteStep(stepId, this, [this, campaignId, stepId](const Result<Done> &result) {
        end();
        if (!result) {
            Q_EMIT failed(result.error(), tr("Deleting the step"));
            return;
        }
        m_store->removeStep(stepId);
        if (campaignId == m_campaignId)
            Q_EMIT stepsChanged();
    });
}

void StepsController::moveStep(const QString &stepId, int delta)
{
    const QList<O2dStep> list = steps();
    const auto it =
            std::find_if(list.cbegin(), list.cend(), [&](const O2dStep &s) { return s.id == stepId; });
    if (it == list.cend() || !m_service)
        return;
    const int index = int(it - list.cbegin());
    const int other = index + delta;
    if (other < 0 || other >= list.size())
        return;
    const QString movedId = list.at(index).id;
    const QString otherId = list.at(other).id;
    const int movedOrder = list.at(index).order;
    const int otherOrder = list.at(other).order;
    // One after the other (a vendor that renumbers on a PATCH of `order` needs only the first; one
    // that stores orders as given needs both), then the list as the vendor orders it.
    O2dStepUpdate first;
    first.order = otherOrder;
    begin();
    m_service->updateStep(movedId, first, this, [this, otherId, movedOrder](const Result<O2dStep> &result) {
        end();
        if (!result) {
            Q_EMIT failed(result.error(), tr("Moving the step"));
            refresh();
            return;
        }
        O2dStepUpdate second;
        second.order = movedOrder;
        begin();
        m_service->updateStep(otherId, second, this, [this](const Result<O2dStep> &answer) {
            end();
            if (!answer)
                Q_EMIT failed(answer.error(), tr("Moving the step"));
            refresh();
        });
    });
}

QStringList StepsController::contactFields() const
{
    if (m_campaignId.isEmpty())
        return ContactCsv::knownFields();
    QSet<QString> fields;
    for (const EmailCampaignStore::ImportRecord &record : m_store->imports(m_campaignId)) {
        const QJsonObject mapping = QJsonDocument::fromJson(record.mappingJson.toUtf8()).object();
        for (auto it = mapping.constBegin(); it != mapping.constEnd(); ++it) {
            if (!it.value().toString().isEmpty())
                fields.insert(it.value().toString());
        }
    }
    for (const O2dContact &contact : m_store->contacts(m_campaignId)) {
        const QJsonObject object = previewFields(contact);
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            fields.insert(it.key());
    }
    if (fields.isEmpty())
        return ContactCsv::knownFields();
    fields.insert(QStringLiteral("email"));
    QStringList sorted(fields.cbegin(), fields.cend());
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

QStringList StepsController::unknownPlaceholders(const O2dStep &step, const QStringList &fields)
{
    QStringList unknown;
    for (const QString &name : step.placeholders()) {
        if (!fields.contains(name))
            unknown.append(name);
    }
    return unknown;
}

QJsonObject StepsController::previewFields(const O2dContact &contact)
{
    QJsonObject fields;
    if (!contact.email.isEmpty())
        fields.insert(QStringLiteral("email"), contact.email);
    if (!contact.name.isEmpty()) {
        fields.insert(QStringLiteral("name"), contact.name);
        const QString name = contact.name.simplified();
        const int space = name.indexOf(QLatin1Char(' '));
        fields.insert(QStringLiteral("firstName"), space < 0 ? name : name.left(space));
        if (space >= 0)
            fields.insert(QStringLiteral("lastName"), name.mid(space + 1));
    }
    for (auto it = contact.customJson.constBegin(); it != contact.customJson.constEnd(); ++it)
        fields.insert(it.key(), it.value()); // the contact's own fields win over the split name
    return fields;
}

QList<O2dContact> StepsController::contacts() const
{
    return m_campaignId.isEmpty() ? QList<O2dContact>() : m_store->contacts(m_campaignId);
}

void StepsController::requestPreview(const O2dVariant &content, const QJsonObject &contact)
{
    m_previewContent = content;
    m_previewContact = contact;
    ++m_previewSerial; // whatever is in flight is now stale
    m_previewTimer->start();
}

void StepsController::setPreviewDelayMs(int ms)
{
    m_previewTimer->setInterval(ms);
}

int StepsController::previewDelayMs() const
{
    return m_previewTimer->interval();
}

void StepsController::sendPreview()
{
    if (!m_service)
        return;
    if (m_previewReply)
        m_previewReply->abort();
    const quint64 serial = m_previewSerial;
    m_previewReply = m_service->previewStep(m_previewContent, m_previewContact, this,
                                            [this, serial](const Result<O2dPreview> &result) {
                                                if (serial != m_previewSerial)
                                                    return; // a newer request superseded it
                                                if (result)
                                                    Q_EMIT previewReady(result.value());
                                                else if (result.error().kind != ApiError::Kind::Cancelled)
                                                    Q_EMIT previewFailed(result.error());
                                            });
}
