#pragma once

// What the Email editor's section tests share: the sandbox over loopback, the real Outreach2day
// service on it, a real SQLite store and do-not-contact list in a throwaway directory, and a
// campaign created through the API.

#include "SandboxFixture.h"
#include "common/ExportControl.h"
#include "core/VendorClient.h"
#include "email/EditorSection.h"
#include "email/EmailActivityStore.h"
#include "email/EmailCampaignStore.h"
#include "export/ExportJob.h"
#include "outbound/OutboundSafety.h"
#include "outreach2day/Outreach2dayService.h"
#include "sandbox/Outreach2daySandbox.h"
#include "sandbox/SandboxServer.h"
#include "store/Database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

class EmailSectionRig
{
public:
    // False with errorString() when something could not be started.
    bool start()
    {
        if (!m_sandbox.start())
            return fail(m_sandbox.errorString());
        if (!m_dir.isValid())
            return fail(QStringLiteral("no temporary directory"));
        m_db = std::make_unique<Database>(m_dir.filePath(QStringLiteral("console.db")));
        m_db->registerMigrations(EmailCampaignStore::component(), EmailCampaignStore::migrations());
        m_db->registerMigrations(EmailActivityStore::component(), EmailActivityStore::migrations());
        if (const StoreStatus s = m_db->open(); !s)
            return fail(s.summary());
        if (const StoreStatus s = m_db->migrate(); !s)
            return fail(s.summary());
        m_store = std::make_unique<EmailCampaignStore>(m_db.get());
        m_activity = std::make_unique<EmailActivityStore>(m_db.get());
        m_outbound = std::make_unique<OutboundSafety>(m_dir.filePath(QStringLiteral("outbound.db")));
        m_service = std::make_unique<Outreach2dayService>(m_sandbox.client(Vendor::Outreach2day));
        m_service->setWorkspaceId(SandboxFixture::outreachWorkspaceId());
        return true;
    }
    QString errorString() const { return m_error; }

    EmailContext context() const
    {
        EmailContext context;
        context.service = m_service.get();
        context.store = m_store.get();
        context.outbound = m_outbound.get();
        context.activity = m_activity.get();
        return context;
    }

    // Creates a campaign through the API and keeps it in the store; empty on failure.
    QString createCampaign(const QString &name)
    {
        QObject context;
        std::optional<Result<O2dCampaign>> answer;
        m_service->createCampaign(name, QStringLiteral("MEDIUM"), &context,
                                  [&answer](const Result<O2dCampaign> &result) { answer = result; });
        if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 10000) || !answer->ok()) {
            m_error = answer ? answer->error().summary() : QStringLiteral("no answer to POST /campaigns");
            return {};
        }
        m_store->saveCampaign(answer->value());
        return answer->value().id;
    }

    // Waits for one service call's answer (`call` gets the context and the callback).
    template<typename T, typename Call>
    std::optional<Result<T>> await(Call call)
    {
        QObject context;
        std::optional<Result<T>> answer;
        call(&context, [&answer](const Result<T> &result) { answer = result; });
        if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 10000))
            return std::nullopt;
        return answer;
    }

    // A campaign created through the API with `contacts` contacts, one step, one mailbox and a
    // schedule open all day every day, launched, and the sandbox's clock moved on by
    // `advanceSeconds` (sends, replies, bounces and unsubscribes happen); empty on failure.
    QString runningCampaign(const QString &name, int contacts, qint64 advanceSeconds)
    {
        const QString id = createCampaign(name);
        if (id.isEmpty())
            return {};
        const QString base = QStringLiteral("/campaigns/%1").arg(id);
        const auto json = [](const QJsonObject &object) {
            return QJsonDocument(object).toJson(QJsonDocument::Compact);
        };
        QByteArray csv = "email,firstName\r\n";
        for (int i = 0; i < contacts; ++i)
            csv += QStringLiteral("lead%1@%2.example,Lead%1\r\n").arg(i).arg(id).toUtf8();
        const QByteArray multipart =
                "--rig\r\nContent-Disposition: form-data; name=\"file\"; filename=\"leads.csv\"\r\n"
                "Content-Type: text/csv\r\n\r\n" +
                csv + "\r\n--rig--\r\n";
        const QJsonArray weekdays{QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"),
                                  QStringLiteral("thu"), QStringLiteral("fri"), QStringLiteral("sat"),
                                  QStringLiteral("sun")};
        const QJsonArray windows{QJsonObject{{QStringLiteral("start"), QStringLiteral("00:00")},
                                             {QStringLiteral("end"), QStringLiteral("23:59")}}};
        if (raw("POST", base + QStringLiteral("/steps"),
                json({{QStringLiteral("subject"), QStringLiteral("Hello {{firstName}}")},
                      {QStringLiteral("bodyText"), QStringLiteral("Hi {{firstName}}")}})) /
                            100 !=
                    2 ||
            raw("POST", base + QStringLiteral("/contacts/import"), multipart,
                "multipart/form-data; boundary=rig") /
                            100 !=
                    2 ||
            raw("POST", base + QStringLiteral("/mailboxes"),
                json({{QStringLiteral("mailboxAddress"), QStringLiteral("sender@cooloutreach.com")},
                      {QStringLiteral("dailyLimit"), 5000},
                      {QStringLiteral("gapBaseSeconds"), 0},
                      {QStringLiteral("gapJitterSeconds"), 0}})) /
                            100 !=
                    2 ||
            raw("PUT", base + QStringLiteral("/schedule"),
                json({{QStringLiteral("timezone"), QStringLiteral("UTC")},
                      {QStringLiteral("weekdays"), weekdays},
                      {QStringLiteral("windows"), windows}})) /
                            100 !=
                    2 ||
            raw("POST", base + QStringLiteral("/launch"), {}) / 100 != 2) {
            m_error = QStringLiteral("the campaign could not be set up and launched: ") + m_error;
            return {};
        }
        o2d()->clock().advance(advanceSeconds);
        o2d()->simulate();
        return id;
    }
    Outreach2daySandbox *o2d() const { return m_sandbox.server()->outreach2day(); }

    SandboxFixture &sandbox() { return m_sandbox; }
    const SandboxFixture &sandbox() const { return m_sandbox; }
    Outreach2dayService *service() const { return m_service.get(); }
    EmailCampaignStore *store() const { return m_store.get(); }
    OutboundSafety *outbound() const { return m_outbound.get(); }
    QString dir(const QString &name) const { return m_dir.filePath(name); }
    // Exports what `control` shows into the file `name` here (machine profile): the exporter's
    // result, status Cancelled when it did not finish in time.
    CsvExportResult exportTo(ExportControl *control, const QString &name) const
    {
        const QString path = m_dir.filePath(name);
        control->setPathChooser([path](const QString &, CsvProfile) { return path; });
        QSignalSpy finished(control->job(), &ExportJob::finished);
        control->requestExport(CsvProfile::Machine);
        if (!finished.wait(15000)) {
            CsvExportResult none;
            none.status =
                    StoreStatus::failure(StoreStatus::Code::Cancelled, QStringLiteral("no export finished"));
            return none;
        }
        return finished.first().first().value<CsvExportResult>();
    }
    EmailActivityStore *activity() const { return m_activity.get(); }

private:
    // One request straight to the sandbox (test set-up the console does not do itself); its status.
    int raw(const QByteArray &verb, const QString &path, const QByteArray &body,
            const QByteArray &contentType = QByteArrayLiteral("application/json"))
    {
        QUrl url = m_sandbox.baseUrl(Vendor::Outreach2day);
        url.setPath(url.path() + path);
        url.setQuery(QUrlQuery{{QStringLiteral("workspaceId"), SandboxFixture::outreachWorkspaceId()}});
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + SandboxFixture::token(Vendor::Outreach2day));
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        QNetworkReply *reply = m_sandbox.network()->sendCustomRequest(request, verb, body);
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000))
            return 0;
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status / 100 != 2)
            m_error = QString::fromUtf8(verb + ' ' + path.toUtf8() + " → " + reply->readAll());
        return status;
    }

    bool fail(const QString &why)
    {
        m_error = why;
        return false;
    }

    SandboxFixture m_sandbox;
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<EmailCampaignStore> m_store;
    std::unique_ptr<EmailActivityStore> m_activity;
    std::unique_ptr<OutboundSafety> m_outbound;
    std::unique_ptr<Outreach2dayService> m_service;
    QString m_error;
};
