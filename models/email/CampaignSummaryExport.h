#pragma once

#include "core/ApiError.h"

#include <QObject>
#include <QPointer>
#include <QString>

class ApiReply;
class Outreach2dayService;

// The vendor's summary export of a campaign (GET /campaigns/{id}/export?kind=summary) saved as a
// file: written atomically and owner-only, as every export of the console is (a failed write
// leaves a previous file as it was).
class CampaignSummaryExport : public QObject
{
    Q_OBJECT
public:
    explicit CampaignSummaryExport(Outreach2dayService *service, QObject *parent = nullptr);

    // The name a save dialog suggests (the vendor's answer may name another; the operator's wins).
    static QString suggestedFileName(const QString &campaignId);

    // Asks Outreach2day for the summary and writes it to `path` (nothing while one runs).
    void save(const QString &campaignId, const QString &path);
    bool isRunning() const { return !m_inFlight.isNull(); }

Q_SIGNALS:
    // Kind None when the file is written (`bytes` of it).
    void finished(const QString &path, const ApiError &error, qint64 bytes);

private:
    QPointer<Outreach2dayService> m_service;
    QPointer<ApiReply> m_inFlight;
};
