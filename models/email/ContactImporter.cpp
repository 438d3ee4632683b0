#include "ContactImporter.h"

#include "core/VendorClient.h"
#include "outbound/OutboundStore.h"
#include "outreach2day/Outreach2dayService.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryFile>
#include <QtConcurrent>

namespace {

ApiError localError(const QString &code, const QString &explanation)
{
    ApiError error;
    error.vendor = Vendor::Outreach2day;
    error.kind = ApiError::Kind::Local;
    error.code = code;
    error.explanation = explanation;
    return error;
}

QMap<QString, QString> mappedOnly(const QMap<QString, QString> &mapping)
{
    QMap<QString, QString> out;
    for (auto it = mapping.cbegin(); it != mapping.cend(); ++it) {
        if (!it.value().trimmed().isEmpty())
            out.insert(it.key(), it.value().trimmed());
    }
    return out;
}

} // namespace

ContactImporter::ContactImporter(Outreach2dayService *service, EmailCampaignStore *store,
                                 OutboundStore *outbound, QObject *parent)
    : QObject(parent), m_service(service), m_store(store), m_outbound(outbound)
{
    qRegisterMetaType<ContactImporter::Summary>();
    m_pollTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &ContactImporter::poll);
    connect(&m_preparing, &QFutureWatcher<Prepared>::finished, this, &ContactImporter::onPrepared);
}

ContactImporter::~ContactImporter()
{
    if (m_cancel)
        m_cancel->store(true);
    m_preparing.waitForFinished();
}

qint64 ContactImporter::directLimitBytes()
{
    return 1024 * 1024;
}

void ContactImporter::setDirectLimitBytes(qint64 bytes)
{
    m_directLimit = bytes;
}

void ContactImporter::setPollIntervalMs(int ms)
{
    m_pollMs = qMax(0, ms);
}

bool ContactImporter::isRunning() const
{
    return m_running;
}

void ContactImporter::start(const QString &campaignId, const QString &csvPath,
                            const QMap<QString, QString> &mapping)
{
    if (m_running)
        return;
    m_running = true;
    ++m_run;
    m_phase = QStringLiteral("preparing");
    m_campaignId = campaignId.trimmed();
    m_csvPath = csvPath;
    m_mapping = mapping;
    m_summary = Summary();
    m_record = EmailCampaignStore::ImportRecord();
    m_prepared = Prepared();
    m_cancel = std::make_shared<std::atomic_bool>(false);

    // Problems found here are reported from the event loop, as every other outcome is: start()
    // never calls back into its caller.
    const int run = m_run;
    const auto failLater = [this, run](const ApiError &error) {
        QTimer::singleShot(0, this, [this, run, error] {
            if (current(run))
                fail(error);
        });
    };
    if (!m_service || !m_store) {
        failLater(localError(QStringLiteral("import_unavailable"),
                             tr("The import has no service or store to work with.")));
        return;
    }
    const QFileInfo file(csvPath);
    if (!file.isFile() || !file.isReadable()) {
        failLater(localError(QStringLiteral("import_file"), tr("%1 cannot be read.").arg(csvPath)));
        return;
    }
    // The direct endpoint takes no mapping: small files go there with the header rewritten, larger
    // ones to the staged import, where the vendor reads the file as it is and takes the mapping.
    m_staged = file.size() > m_directLimit;
    m_summary.mode = m_staged ? QStringLiteral("staged") : QStringLiteral("direct");

    m_bodyFile =
            std::make_unique<QTemporaryFile>(QDir::temp().filePath(QStringLiteral("cc-import-XXXXXX.body")));
    if (!m_bodyFile->open()) {
        failLater(localError(QStringLiteral("import_file"),
                             tr("No temporary file for the upload: %1").arg(m_bodyFile->errorString())));
        return;
    }
    m_bodyFile->close(); // the worker writes it by name

    if (!report(m_phase, 0, file.size()))
        return;
    const std::shared_ptr<std::atomic_bool> cancel = m_cancel;
    const auto report = [this, cancel](qint64 done, qint64 total) {
        if (cancel->load())
            return false;
        Q_EMIT progress(QStringLiteral("preparing"), done, total); // queued to the receivers' thread
        return true;
    };
    m_preparing.setFuture(QtConcurrent::run(&ContactImporter::prepare, m_campaignId, csvPath,
                                            m_bodyFile->fileName(), mapping, m_staged,
                                            std::function<bool(qint64, qint64)>(report)));
}

ContactImporter::Prepared ContactImporter::prepare(const QString &campaignId, const QString &csvPath,
                                                   const QString &bodyPath,
                                                   const QMap<QString, QString> &mapping, bool staged,
                                                   const std::function<bool(qint64, qint64)> &progress)
{
    Prepared prepared;
    prepared.sha256 = ContactCsv::fileSha256(csvPath, &prepared.problem);
    if (!prepared.problem.isEmpty())
        return prepared;
    prepared.idempotencyKey = ContactCsv::idempotencyKey(campaignId, prepared.sha256, mapping);
    // Derived from the key, so the same import is the same body byte for byte (a vendor may compare
    // a replayed request with the first).
    prepared.boundary = "cc-import-" + prepared.idempotencyKey.mid(8, 32).toLatin1();
    QList<QPair<QString, QString>> fields;
    if (staged)
        fields.append({QStringLiteral("campaignId"), campaignId});
    prepared.body = ContactCsv::writeMultipart(csvPath, bodyPath, prepared.boundary, mapping, !staged, fields,
                                               progress);
    if (!prepared.body.problem.isEmpty())
        prepared.problem = prepared.body.problem;
    else if (prepared.body.sha256 != prepared.sha256)
        prepared.problem =
                tr("%1 changed while it was being read: try again once nothing writes to it.").arg(csvPath);
    return prepared;
}

void ContactImporter::onPrepared()
{
    if (!m_running)
        return;
    m_prepared = m_preparing.result();
    if (m_cancel->load()) {
        ApiError error;
        error.vendor = Vendor::Outreach2day;
        error.kind = ApiError::Kind::Cancelled;
        error.code = QStringLiteral("cancelled");
        error.explanation = tr("Import cancelled before anything was sent.");
        fail(error);
        return;
    }
    if (!m_prepared.problem.isEmpty()) {
        fail(localError(QStringLiteral("import_file"), m_prepared.problem));
        return;
    }
    m_summary.idempotencyKey = m_prepared.idempotencyKey;
    m_summary.rowsSent = m_prepared.body.rows;
    m_summary.rowErrors = m_prepared.body.errors;
    if (m_prepared.body.rows == 0) {
        fail(localError(QStringLiteral("import_empty"),
                        tr("No row of the file has a valid email address: nothing to import.")));
        return;
    }

    // README promise H9: the key is on disk before the first byte goes out; a re-run of the same
    // import (same campaign, content and mapping) finds it and goes on from where it was.
    const std::optional<EmailCampaignStore::ImportRecord> earlier =
            m_store->import(m_prepared.idempotencyKey);
    m_summary.reused = earlier.has_value();
    if (earlier) {
        m_record = *earlier;
    } else {
        m_record.idempotencyKey = m_prepared.idempotencyKey;
        m_record.campaignId = m_campaignId;
        m_record.fileName = QFileInfo(m_csvPath).fileName();
        m_record.fileSha256 = QString::fromLatin1(m_prepared.sha256);
        m_record.mappingJson = QString::fromUtf8(ContactCsv::mappingJson(m_mapping));
        m_record.mode = m_summary.mode;
        m_record.createdAt = QDateTime::currentDateTimeUtc();
    }
    if (!saveRecord(earlier && !earlier->state.isEmpty() && earlier->state != QLatin1String("failed")
                            ? earlier->state
                            : QStringLiteral("sending")))
        return;
    if (m_staged)
        sendStaged();
    else
        sendDirect();
}

bool ContactImporter::saveRecord(const QString &state, const QString &importId, const QByteArray &resultJson)
{
    m_record.state = state;
    if (!importId.isEmpty())
        m_record.importId = importId;
    if (!resultJson.isEmpty())
        m_record.resultJson = QString::fromUtf8(resultJson);
    m_record.updatedAt = QDateTime::currentDateTimeUtc();
    if (const StoreStatus status = m_store->saveImport(m_record); !status) {
        fail(status.toApiError(Vendor::Outreach2day));
        return false;
    }
    return true;
}

void ContactImporter::followUpload()
{
    if (!m_reply)
        return;
    const int run = m_run;
    connect(m_reply, &ApiReply::uploadProgress, this, [this, run](qint64 sent, qint64 total) {
        if (current(run) && m_phase == QLatin1String("uploading"))
            report(m_phase, sent, total);
    });
}

bool ContactImporter::report(const QString &phase, qint64 done, qint64 total)
{
    m_phase = phase;
    const int run = m_run;
    Q_EMIT progress(phase, done, total);
    return current(run); // a slot may have cancelled
}

void ContactImporter::sendDirect()
{
    if (!report(QStringLiteral("uploading"), 0, -1))
        return;
    const int run = m_run;
    m_reply = m_service->importContactsDirect(
            m_campaignId, m_bodyFile->fileName(), m_prepared.boundary, m_prepared.idempotencyKey, this,
            [this, run](const Result<O2dImportResult> &result) {
                if (!current(run))
                    return;
                if (!result) {
                    fail(result.error());
                    return;
                }
                const O2dImportResult &answer = result.value();
                if (!saveRecord(QStringLiteral("completed"), {},
                                QJsonDocument(answer.toJson()).toJson(QJsonDocument::Compact)))
                    return;
                m_summary.imported = answer.imported;
                m_summary.invalid = answer.invalid;
                m_summary.rowErrors += ContactCsv::vendorRowErrors(answer.errors, m_prepared.body.lines);
                reportDoNotContact();
                finish();
            });
    followUpload();
}

void ContactImporter::sendStaged()
{
    const int run = m_run;
    if (!m_record.importId.isEmpty()) {
        // The vendor already has this import (an earlier run got its id): follow it from there.
        m_phase = QStringLiteral("processing");
        m_reply = m_service->fetchImportStatus(m_record.importId, this,
                                               [this, run](const Result<O2dImportStatus> &r) {
                                                   if (!current(run))
                                                       return;
                                                   if (!r) {
                                                       fail(r.error());
                                                       return;
                                                   }
                                                   advance(r.value());
                                               });
        return;
    }
    if (!report(QStringLiteral("uploading"), 0, -1))
        return;
    m_reply = m_service->startStagedImport(
            m_bodyFile->fileName(), m_prepared.boundary, m_prepared.idempotencyKey, this,
            [this, run](const Result<O2dImportStatus> &result) {
                if (!current(run))
                    return;
                if (!result) {
                    fail(result.error());
                    return;
                }
                if (result->importId.isEmpty()) {
                    ApiError error;
                    error.vendor = Vendor::Outreach2day;
                    error.kind = ApiError::Kind::Malformed;
                    error.code = QStringLiteral("malformed");
                    error.explanation =
                            tr("Outreach2day accepted the import but gave no import id to follow it by.");
                    fail(error);
                    return;
                }
                if (!saveRecord(QStringLiteral("mapping"), result->importId))
                    return;
                // A replayed answer (the same import sent before) is the vendor's first answer, not
                // where the import stands now: follow it from its current status.
                sendStaged();
            });
    followUpload();
}

void ContactImporter::advance(const O2dImportStatus &status)
{
    if (status.status == QLatin1String("pending_mapping")) {
        confirmMapping();
        return;
    }
    if (status.isFinished()) {
        const QByteArray json = QJsonDocument(status.toJson()).toJson(QJsonDocument::Compact);
        if (!saveRecord(status.succeeded() ? QStringLiteral("completed") : QStringLiteral("failed"), {},
                        json))
            return;
        m_summary.imported = status.imported;
        m_summary.invalid = status.invalid;
        m_summary.rowErrors += ContactCsv::vendorRowErrors(status.errors, m_prepared.body.lines);
        if (!status.succeeded()) {
            ApiError error;
            error.vendor = Vendor::Outreach2day;
            error.kind = ApiError::Kind::Vendor;
            error.code = status.status;
            error.explanation =
                    tr("Outreach2day ended the import with the status “%1”; the row errors say why.")
                            .arg(status.status);
            fail(error);
            return;
        }
        reportDoNotContact();
        finish();
        return;
    }
    if (report(QStringLiteral("processing"), qMax(0, status.processedRows), status.totalRows))
        m_pollTimer.start(m_pollMs);
}

void ContactImporter::confirmMapping()
{
    if (!report(QStringLiteral("mapping"), 0, -1))
        return;
    const int run = m_run;
    m_reply = m_service->fetchMappingPreview(
            m_record.importId, this, [this, run](const Result<O2dMappingPreview> &preview) {
                if (!current(run))
                    return;
                if (!preview) {
                    fail(preview.error());
                    return;
                }
                Q_EMIT mappingPreviewed(preview.value());
                if (!current(run)) // cancelled from a slot
                    return;
                // The operator's mapping, not the vendor's suggestion: it is what they saw and edited.
                m_reply = m_service->confirmMapping(m_record.importId, mappedOnly(m_mapping), this,
                                                    [this, run](const Result<O2dImportStatus> &status) {
                                                        if (!current(run))
                                                            return;
                                                        if (!status) {
                                                            fail(status.error());
                                                            return;
                                                        }
                                                        if (!saveRecord(QStringLiteral("processing")))
                                                            return;
                                                        advance(status.value());
                                                    });
            });
}

void ContactImporter::poll()
{
    if (!m_running)
        return;
    const int run = m_run;
    m_reply = m_service->fetchImportStatus(m_record.importId, this,
                                           [this, run](const Result<O2dImportStatus> &r) {
                                               if (!current(run))
                                                   return;
                                               if (!r) {
                                                   fail(r.error());
                                                   return;
                                               }
                                               advance(r.value());
                                           });
}

void ContactImporter::reportDoNotContact()
{
    if (!m_outbound)
        return;
    // The list decides with its own rule (the address, its domain, parent domains). Asking it for
    // each of a million addresses would hold the GUI thread for minutes: the entries are read once,
    // and only an address with a candidate among them is put to the list. This is a report: launch
    // suppresses listed addresses in any case.
    QSet<QString> values;
    for (const DncEntry &entry : m_outbound->doNotContactEntries()) {
        if (entry.kind != DncEntry::Kind::Phone)
            values.insert(entry.value);
    }
    if (values.isEmpty())
        return;
    const auto mightBeListed = [&values](const QString &address) {
        if (values.contains(address))
            return true;
        QString domain = address.section(QLatin1Char('@'), -1);
        while (domain.contains(QLatin1Char('.'))) {
            if (values.contains(domain))
                return true;
            domain = domain.section(QLatin1Char('.'), 1);
        }
        return false;
    };
    for (const QString &address : std::as_const(m_prepared.body.emails)) {
        if (mightBeListed(address) && m_outbound->listedEntry(Recipient::email(address)))
            m_summary.doNotContact.append(address);
    }
    m_summary.doNotContact.removeDuplicates();
}

void ContactImporter::cancel()
{
    if (!m_running)
        return;
    if (m_phase == QLatin1String("preparing")) {
        m_cancel->store(true); // the worker stops at its next chunk; onPrepared() reports it
        return;
    }
    ApiError error;
    error.vendor = Vendor::Outreach2day;
    error.kind = ApiError::Kind::Cancelled;
    error.code = QStringLiteral("cancelled");
    if (m_phase == QLatin1String("uploading"))
        error.explanation =
                tr("Import cancelled while the file was being sent: Outreach2day may have received it. "
                   "Running the same import again reuses its key, so no contact is added twice.");
    else
        error.explanation = tr("The console stopped following the import. Outreach2day goes on with what it "
                               "received (its API "
                               "has no way to stop an import); run the same import again to follow it to the "
                               "end — it reuses "
                               "its key and adds no contact twice.");
    fail(error);
}

void ContactImporter::fail(const ApiError &error)
{
    m_summary.error = error;
    finish();
}

void ContactImporter::finish()
{
    if (!m_running)
        return;
    m_running = false;
    ++m_run; // late callbacks of this run are ignored
    m_pollTimer.stop();
    if (m_reply && !m_reply->isFinished())
        m_reply->abort();
    m_reply = nullptr;
    if (m_cancel)
        m_cancel->store(true);
    m_summary.invalid += int(m_prepared.body.errors.size()); // rows left out locally are invalid too
    if (m_preparing.isRunning()) {
        // Only after a failure before the worker started writing (nothing else runs while it does).
        m_preparing.waitForFinished();
    }
    m_bodyFile.reset();
    const Summary summary = m_summary;
    Q_EMIT finished(summary);
}
