#pragma once

#include "core/ApiError.h"
#include "email/EmailActivityStore.h"
#include "outreach2day/Outreach2dayTypes.h"

#include <QObject>
#include <QPointer>

class Outreach2dayService;

// A campaign's subsequences and its reply routing, without widgets. Outreach2day has no endpoint
// that reads either back, so both are kept in EmailActivityStore: a subsequence once created, the
// routing rules once the vendor accepted them (PATCH sends the whole policy).
class SubsequencesController : public QObject
{
    Q_OBJECT
public:
    SubsequencesController(Outreach2dayService *service, EmailActivityStore *store,
                           QObject *parent = nullptr);

    void setCampaign(const QString &campaignId);
    QString campaignId() const { return m_campaignId; }
    QList<O2dSubsequence> subsequences() const;
    O2dRoutingPolicy routing() const; // as last accepted
    QDateTime routingAppliedAt() const;

    void create(const QString &name); // POST /campaigns/{id}/subsequences
    void applyRouting(const O2dRoutingPolicy &policy); // PATCH /campaigns/{id}/subsequence-routing

Q_SIGNALS:
    void subsequencesChanged();
    void routingChanged();
    void finished(const QString &what, const ApiError &error); // kind None when it worked

private:
    QPointer<Outreach2dayService> m_service;
    EmailActivityStore *m_store;
    QString m_campaignId;
};
