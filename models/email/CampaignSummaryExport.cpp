#include "CampaignSummaryExport.h"

#include "core/VendorClient.h"
#include "export/CsvExporter.h"
#include "outreach2day/Outreach2dayService.h"

#include <QTimer>

CampaignSummaryExport::CampaignSummaryExport(Outreach2dayService *service, QObject *parent)
    : QObject(parent), m_service(service)
{ }

QString CampaignSummaryExport::suggestedFileName(const QString &campaignId)
{
    return QStringLiteral("%1-summary.csv").arg(campaignId);
}

void CampaignSummaryExport::save(const QString &campaignId, const QString &path)
{
    if (isRunning() || campaignId.isEmpty() || path.isEmpty())
        return;
    if (!m_service) {
        QTimer::singleShot(0, this, [this, path] {
            Q_EMIT finished(path,
                            ApiError::local(Vendor::Outreach2day, QStringLiteral("not_configured"),
                                            tr("Outreach2day is not set up.")),
                            0);
        });
        return;
    }
    m_inFlight =
            m_service->exportSummary(campaignId, this, [this, path](const Result<O2dSummaryExport> &result) {
                m_inFlight = nullptr;
                if (!result) {
                    Q_EMIT finished(path, result.error(), 0);
                    return;
                }
                AtomicFileWriter file(path);
                StoreStatus written = file.open();
                if (written) {
                    file.write(result->content);
                    written = file.commit();
                }
                if (!written) {
                    Q_EMIT finished(path, written.toApiError(Vendor::Outreach2day), 0);
                    return;
                }
                Q_EMIT finished(path, ApiError(), result->content.size());
            });
}
