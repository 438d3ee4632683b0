#pragma once

#include "core/ApiError.h"
#include "outreach2day/Outreach2dayTypes.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

class ApiReply;
class EmailCampaignStore;
class Outreach2dayService;
class QTimer;

// The steps of one campaign, without widgets: kept in the store (the API lists steps but the
// console must show them offline too) and synced with Outreach2day — list on setCampaign(), and
// every add, update, move and delete sent first and saved as the vendor answered it. Also what
// the Steps section checks templates against (the campaign's contact fields) and its live
// preview, debounced so that typing sends one POST /campaigns/steps/preview per pause, and
// answers to older requests never overwrite a newer one.
class StepsController : public QObject
{
    Q_OBJECT
public:
    StepsController(Outreach2dayService *service, EmailCampaignStore *store, QObject *parent = nullptr);

    // Shows the stored steps at once, then reads them back from the API.
    void setCampaign(const QString &campaignId);
    QString campaignId() const { return m_campaignId; }
    QList<O2dStep> steps() const; // by order, as stored
    std::optional<O2dStep> step(const QString &stepId) const;
    void refresh();
    // Requests in flight (the section disables editing while a change is being sent).
    bool isBusy() const { return m_pending > 0; }

    // POST: `step` goes after the last one (its order is set here).
    void addStep(O2dStep step);
    // PATCH with the fields of `edited` that differ from the stored step (nothing when none).
    void saveStep(const O2dStep &edited);
    void removeStep(const QString &stepId);
    // Swaps the step with its neighbour above (delta -1) or below (+1): both orders are PATCHed,
    // then the list is read back.
    void moveStep(const QString &stepId, int delta);

    // The fields the campaign's contacts have: "email" plus every field its imports mapped to
    // and its stored contacts carry; before any import, ContactCsv::knownFields().
    QStringList contactFields() const;
    // The placeholders of `step` that are not in `fields`, sorted.
    static QStringList unknownPlaceholders(const O2dStep &step, const QStringList &fields);
    // A stored contact as the preview endpoint takes it: email, name (and firstName/lastName
    // split from it when the contact has none), then its custom fields.
    static QJsonObject previewFields(const O2dContact &contact);
    QList<O2dContact> contacts() const; // the campaign's stored contacts, for the picker

    // Renders `content` for `contact` once no new request came for previewDelayMs().
    void requestPreview(const O2dVariant &content, const QJsonObject &contact);
    void setPreviewDelayMs(int ms);
    int previewDelayMs() const;

Q_SIGNALS:
    void stepsChanged();
    void busyChanged(bool busy);
    // A change or a read failed; `what` says which in words ("Adding the step").
    void failed(const ApiError &error, const QString &what);
    void previewReady(const O2dPreview &preview);
    void previewFailed(const ApiError &error);

private:
    void begin();
    void end();
    void sendPreview();

    QPointer<Outreach2dayService> m_service;
    EmailCampaignStore *m_store;
    QString m_campaignId;
    int m_pending = 0;
    QTimer *m_previewTimer;
    O2dVariant m_previewContent;
    QJsonObject m_previewContact;
    QPointer<ApiReply> m_previewReply;
    quint64 m_previewSerial = 0;
};
