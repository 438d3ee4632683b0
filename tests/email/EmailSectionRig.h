#pragma once

// What the Email editor's section tests share: the sandbox over loopback, the real Outreach2day
// service on it, a real SQLite store and do-not-contact list in a throwaway directory, and a
// campaign created through the API.

#include "SandboxFixture.h"
#include "core/VendorClient.h"
#include "email/EditorSection.h"
#include "email/EmailCampaignStore.h"
#include "outbound/OutboundSafety.h"
#include "outreach2day/Outreach2dayService.h"
#include "store/Database.h"

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
        if (const StoreStatus s = m_db->open(); !s)
            return fail(s.summary());
        if (const StoreStatus s = m_db->migrate(); !s)
            return fail(s.summary());
        m_store = std::make_unique<EmailCampaignStore>(m_db.get());
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

    SandboxFixture &sandbox() { return m_sandbox; }
    const SandboxFixture &sandbox() const { return m_sandbox; }
    Outreach2dayService *service() const { return m_service.get(); }
    EmailCampaignStore *store() const { return m_store.get(); }
    OutboundSafety *outbound() const { return m_outbound.get(); }
    QString dir(const QString &name) const { return m_dir.filePath(name); }

private:
    bool fail(const QString &why)
    {
        m_error = why;
        return false;
    }

    SandboxFixture m_sandbox;
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<EmailCampaignStore> m_store;
    std::unique_ptr<OutboundSafety> m_outbound;
    std::unique_ptr<Outreach2dayService> m_service;
    QString m_error;
};
