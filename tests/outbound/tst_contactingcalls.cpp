#include "TestMain.h"

#include "SandboxFixture.h"
#include "controllers/AgentCallPlacer.h"
#include "controllers/VerloopScheduler.h"
#include "core/VendorClient.h"
#include "outbound/OutboundGuard.h"
#include "outbound/SqliteOutboundStore.h"
#include "outreach2day/Outreach2dayService.h"
#include "sandbox/Outreach2daySandbox.h"
#include "sandbox/VerloopSandbox.h"
#include "unlimcall/UnlimCallService.h"
#include "unloopa/UnloopaOutreachService.h"
#include "unloopa/UnloopaRoutes.h"
#include "unloopa/UnloopaService.h"
#include "unloopa/UnloopaVoiceService.h"
#include "verloop/VerloopService.h"

#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTimeZone>

#include <functional>

// README promise O1: every request that contacts a person is listed here, and each one is proven
// to reach the vendor only under a clearance the outbound guard issued for it, once. A source scan
// keeps the list complete: a new ApiCall::contactingWith() anywhere in the code fails this test
// until its operation is added to operations().
namespace {

using Done = std::function<void(const ApiError &)>;

struct ContactingOperation
{
    QString name;
    QString source; // the file that builds its ApiCall with contactingWith()
    Vendor vendor = Vendor::UnlimCall;
    QByteArray method;
    QString path;
    OutboundAction action; // what the guard clears, for one recipient
    // Sends it through its real service under `clearance`; `done` gets the error (kind None when
    // the vendor accepted it).
    std::function<void(VendorClient *client, const QString &clearance, QObject *context, Done done)> send;
    // Puts the sandbox in the state the request needs (optional; runs before each send).
    std::function<void(SandboxServer *server)> prepare;
    // Whether the vendor's answer names what was placed (the audit log keeps it): Unloopa's
    // outreach send answers with counts only.
    bool answerNamesIt = true;
    // How many of its requests reached the sandbox, when `method` + `path` cannot say (a path with
    // an id made during the send).
    std::function<int(SandboxServer *server)> sent = {};
};

// Unloopa campaign actions: PATCHes of any campaign's path, except the test's own set-up (marked
// with ?setup in the query).
int campaignActionsSent(SandboxServer *server)
{
    const QList<SandboxRecordedRequest> log = server->requests();
    return int(std::count_if(log.cbegin(), log.cend(), [](const SandboxRecordedRequest &r) {
        return r.vendor == Vendor::Unloopa && r.method == "PATCH" &&
                r.path.startsWith(QStringLiteral("/voice/campaigns/")) &&
                !r.query.contains(QStringLiteral("setup"));
    }));
}

// What an Unloopa voice request needs first, set up through the services themselves: an agent and
// a phone number (reused when an earlier send made them: the sandbox allows 3 of each).
void withUnloopaVoice(
        VendorClient *client, QObject *context,
        std::function<void(UnloopaService *, UnloopaVoiceService *, QString agentId, QString numberId)> then)
{
    auto *unloopa = new UnloopaService(client, context);
    auto *voice = new UnloopaVoiceService(unloopa, context);
    voice->fetchAgents(context, [=](const Result<UnloopaVoiceAgents> &agents) {
        auto withAgent = [=](const QString &agentId) {
            voice->fetchNumbers(context, [=](const Result<UnloopaPhoneNumbers> &numbers) {
                if (numbers && !numbers->numbers.isEmpty()) {
                    then(unloopa, voice, agentId, numbers->numbers.first().id);
                    return;
                }
                UnloopaNumberSearch search;
                search.areaCode = QStringLiteral("305");
                voice->searchNumbers(
                        search, context, [=](const Result<QList<UnloopaAvailableNumber>> &found) {
                            const QString e164 =
                                    found && !found->isEmpty() ? found->first().phoneNumber : QString();
                            voice->buyNumber(e164, context, [=](const Result<UnloopaPhoneNumber> &bought) {
                                then(unloopa, voice, agentId, bought ? bought->id : QString());
                            });
                        });
            });
        };
        if (agents && !agents->agents.isEmpty()) {
            withAgent(agents->agents.first().id);
            return;
        }
        UnloopaAgentFields fields;
        fields.name = QStringLiteral("Sales Agent");
        fields.voiceId = QStringLiteral("cjVigY5qzO86Huf0OWal");
        fields.script = QStringLiteral("You are calling {{business_name}}.");
        voice->createAgent(fields, context, [=](const Result<UnloopaVoiceAgent> &agent) {
            withAgent(agent ? agent->id : QString());
        });
    });
}

// A draft Unloopa campaign for five leads with a phone, then `then` with its id.
void withUnloopaCampaign(VendorClient *client, QObject *context,
                         std::function<void(UnloopaVoiceService *, QString)> then)
{
    withUnloopaVoice(
            client, context,
            [=](UnloopaService *unloopa, UnloopaVoiceService *voice, QString agentId, QString numberId) {
                UnloopaLeadFilter withPhone;
                withPhone.hasPhone = true;
                unloopa->fetchLeads(withPhone, 20, 0, context, [=](const Result<UnloopaLeadPage> &page) {
                    UnloopaCampaignFields fields;
                    fields.name = QStringLiteral("Contacting calls");
                    fields.phoneNumberId = numberId;
                    fields.agentId = agentId;
                    if (page) {
                        for (const UnloopaLead &lead : page->items) {
                            if (!lead.phone.isEmpty() && fields.leadIds.size() < 5)
                                fields.leadIds.append(lead.id);
                        }
                    }
                    voice->createCampaign(fields, context, [=](const Result<UnloopaCampaign> &created) {
                        then(voice, created ? created->id : QString());
                    });
                });
            });
}

QList<ContactingOperation> operations()
{
    QList<ContactingOperation> list;

    UnlimCall::CallRequest call;
    call.aiAgentId = QStringLiteral("30");
    call.toNumber = QStringLiteral("+442079460958");
    list.append({QStringLiteral("UnlimCall AI-agent call"),
                 QStringLiteral("services/unlimcall/UnlimCallService.cpp"),
                 Vendor::UnlimCall,
                 "POST",
                 QStringLiteral("/calls"),
                 AgentCallPlacer::actionFor(call),
                 [call](VendorClient *client, const QString &clearance, QObject *context, Done done) {
                     auto *service = new UnlimCallService(client, context);
                     service->placeCall(call, clearance, context,
                                        [done](const Result<UnlimCall::CallQueued> &result) {
                                            done(result.ok() ? ApiError() : result.error());
                                        });
                 },
                 {}});
    // A Verloop call for 14:00 in London (13:00 UTC, an hour after the guard's now).
    VerloopMessage message;
    message.campaignId = VerloopSandbox::demoCampaignId();
    message.phoneNumber = QStringLiteral("+442079460958");
    message.scheduledAt = QDateTime(QDate(2026, 6, 10), QTime(14, 0), QTimeZone("Europe/London"));
    list.append({QStringLiteral("Verloop scheduled call"),
                 QStringLiteral("services/verloop/VerloopService.cpp"),
                 Vendor::Verloop,
                 "POST",
                 QStringLiteral("/Campaign/SendMessage"),
                 VerloopScheduler::actionFor(message, VerloopCampaignEntry(), OutboundOverrides()),
                 [message](VendorClient *client, const QString &clearance, QObject *context, Done done) {
                     auto *service = new VerloopService(client, context);
                     service->sendMessage(message, clearance, context,
                                          [done](const Result<VerloopMessageAccepted> &result) {
                                              done(result.ok() ? ApiError() : result.error());
                                          });
                 },
                 {}});
    // An Outreach2day launch and resume of the sandbox's demo campaign: one request that reaches
    // every contact, cleared whole for the campaign (OutboundAction::target).
    const QString campaign = Outreach2daySandbox::demoCampaignId();
    OutboundAction launch;
    launch.vendor = Vendor::Outreach2day;
    launch.action = QStringLiteral("campaign_launch");
    launch.target = campaign;
    launch.recipients = {Recipient::email(QStringLiteral("first@demo-contacts.example")),
                         Recipient::email(QStringLiteral("second@demo-contacts.example"))};
    const auto outreach = [](VendorClient *client, QObject *context) {
        auto *service = new Outreach2dayService(client, context);
        service->setWorkspaceId(SandboxServer::demoOutreachWorkspaceId());
        return service;
    };
    list.append({QStringLiteral("Outreach2day campaign launch"),
                 QStringLiteral("services/outreach2day/Outreach2dayService.cpp"), Vendor::Outreach2day,
                 "POST", QStringLiteral("/campaigns/%1/launch").arg(campaign), launch,
                 [campaign, outreach](VendorClient *client, const QString &clearance, QObject *context,
                                      Done done) {
                     // The demo campaign lacks only a schedule to pass preflight; an async launch
                     // answers with the job id the audit log keeps.
                     Outreach2dayService *service = outreach(client, context);
                     O2dSchedule schedule;
                     schedule.timezone = QStringLiteral("Europe/London");
                     schedule.weekdays = O2dSchedule::allWeekdays();
                     schedule.windows = {{QTime(9, 0), QTime(17, 0)}};
                     service->setSchedule(
                             campaign, schedule, context,
                             [service, campaign, clearance, context, done](const Result<::Done> &) {
                                 O2dLaunchOptions options;
                                 options.async = true;
                                 service->launch(campaign, options, clearance, context,
                                                 [done](const Result<O2dLaunchJob> &result) {
                                                     done(result.ok() ? ApiError() : result.error());
                                                 });
                             });
                 },
                 [campaign](SandboxServer *server) {
                     server->outreach2day()->forceCampaignStatus(campaign, QStringLiteral("draft"));
                 }});
    OutboundAction resume = launch;
    resume.action = QStringLiteral("campaign_resume");
    list.append({QStringLiteral("Outreach2day campaign resume"),
                 QStringLiteral("services/outreach2day/Outreach2dayService.cpp"), Vendor::Outreach2day,
                 "POST", QStringLiteral("/campaigns/%1/lifecycle").arg(campaign), resume,
                 [campaign, outreach](VendorClient *client, const QString &clearance, QObject *context,
                                      Done done) {
                     outreach(client, context)
                             ->resume(campaign, clearance, context, [done](const Result<::Done> &result) {
                                 done(result.ok() ? ApiError() : result.error());
                             });
                 },
                 [campaign](SandboxServer *server) {
                     server->outreach2day()->forceCampaignStatus(campaign, QStringLiteral("paused"));
                 }});
    // An Unloopa outreach batch: one request reaching every lead's address, cleared whole for the
    // lead ids it names. (A lead the sandbox does not have: answered 200 with failed 1.)
    UnloopaOutreachSendRequest batch;
    batch.leadIds = {QStringLiteral("00000000-0000-4000-8000-0000000000a1")};
    batch.customSubject = QStringLiteral("A new website for {{business_name}}");
    batch.customBody = QStringLiteral("Hi! I built {{website_url}} for you.");
    OutboundAction outreachSend;
    outreachSend.vendor = Vendor::Unloopa;
    outreachSend.action = QStringLiteral("outreach_send");
    outreachSend.target = batch.leadIds.first();
    outreachSend.recipients = {Recipient::email(QStringLiteral("owner@demo-lead.example"))};
    ContactingOperation unloopaSend{
            QStringLiteral("Unloopa outreach send"),
            QStringLiteral("services/unloopa/UnloopaOutreachService.cpp"),
            Vendor::Unloopa,
            "POST",
            QStringLiteral("/outreach/send"),
            outreachSend,
            [batch](VendorClient *client, const QString &clearance, QObject *context, Done done) {
                auto *unloopa = new UnloopaService(client, context);
                auto *service = new UnloopaOutreachService(unloopa, context);
                service->send(batch, clearance, context,
                              [done](const Result<UnloopaOutreachSendResult> &result) {
                                  done(result.ok() ? ApiError() : result.error());
                              });
            },
            {}};
    unloopaSend.answerNamesIt = false;
    list.append(unloopaSend);

    // An Unloopa single call (to a London number: inside the legal window at the guard's noon UTC).
    UnloopaCallRequest voiceCall;
    voiceCall.phoneNumber = QStringLiteral("+442079460959");
    OutboundAction unloopaCall;
    unloopaCall.vendor = Vendor::Unloopa;
    unloopaCall.action = QStringLiteral("voice_call");
    unloopaCall.recipients = {Recipient::phone(voiceCall.phoneNumber)};
    list.append({QStringLiteral("Unloopa voice call"),
                 QStringLiteral("services/unloopa/UnloopaVoiceService.cpp"),
                 Vendor::Unloopa,
                 "POST",
                 QStringLiteral("/voice/call"),
                 unloopaCall,
                 [voiceCall](VendorClient *client, const QString &clearance, QObject *context, Done done) {
                     withUnloopaVoice(
                             client, context,
                             [=](UnloopaService *, UnloopaVoiceService *voice, QString agentId, QString) {
                                 UnloopaCallRequest request = voiceCall;
                                 request.agentId = agentId;
                                 voice->placeCall(request, clearance, context,
                                                  [done](const Result<UnloopaCallStarted> &result) {
                                                      done(result.ok() ? ApiError() : result.error());
                                                  });
                             });
                 },
                 {}});
    // An Unloopa campaign's activation and trigger: one request letting Unloopa call every lead of
    // a campaign made just before the send, so the clearance names what every campaign path has.
    OutboundAction campaignAction;
    campaignAction.vendor = Vendor::Unloopa;
    campaignAction.target = QStringLiteral("/voice/campaigns/");
    campaignAction.recipients = {Recipient::phone(QStringLiteral("+442079460960"))};
    OutboundAction activate = campaignAction;
    activate.action = QStringLiteral("voice_campaign_activate");
    ContactingOperation unloopaActivate{
            QStringLiteral("Unloopa voice campaign activation"),
            QStringLiteral("services/unloopa/UnloopaVoiceService.cpp"),
            Vendor::Unloopa,
            "PATCH",
            QStringLiteral("/voice/campaigns/"),
            activate,
            [](VendorClient *client, const QString &clearance, QObject *context, Done done) {
                withUnloopaCampaign(client, context, [=](UnloopaVoiceService *voice, QString id) {
                    voice->activateCampaign(id, clearance, context,
                                            [done](const Result<UnloopaCampaign> &result) {
                                                done(result.ok() ? ApiError() : result.error());
                                            });
                });
            },
            {}};
    unloopaActivate.sent = campaignActionsSent;
    list.append(unloopaActivate);
    OutboundAction trigger = campaignAction;
    trigger.action = QStringLiteral("voice_campaign_trigger");
    ContactingOperation unloopaTrigger{
            QStringLiteral("Unloopa voice campaign trigger"),
            QStringLiteral("services/unloopa/UnloopaVoiceService.cpp"),
            Vendor::Unloopa,
            "PATCH",
            QStringLiteral("/voice/campaigns/"),
            trigger,
            [](VendorClient *client, const QString &clearance, QObject *context, Done done) {
                withUnloopaCampaign(client, context, [=](UnloopaVoiceService *voice, QString id) {
                    // Made active as sandbox state (a plain PATCH, not the service's cleared activation).
                    QUrlQuery setup;
                    setup.addQueryItem(QStringLiteral("setup"), QStringLiteral("1"));
                    const ApiCall makeActive = ApiCall::patch(
                            UnloopaRoutes::path(UnloopaRoutes::Op::CampaignUpdate, id),
                            QJsonObject{{QStringLiteral("action"), QStringLiteral("activate")}}, setup);
                    client->send(makeActive, context, [=](const ApiResponse &) {
                        voice->triggerCampaign(id, 2, clearance, context,
                                               [done](const Result<UnloopaTriggerResult> &result) {
                                                   done(result.ok() ? ApiError() : result.error());
                                               });
                    });
                });
            },
            {}};
    unloopaTrigger.answerNamesIt = false; // {triggered, calls}: no one id
    unloopaTrigger.sent = campaignActionsSent;
    list.append(unloopaTrigger);
    return list;
}

// Every contactingWith() in the product's sources, per file.
QMap<QString, int> contactingCallsInTheSources()
{
    QMap<QString, int> found;
    const QString root = QStringLiteral(CC_SOURCE_DIR);
    for (const QString &area : {QStringLiteral("services"), QStringLiteral("models"), QStringLiteral("ui"),
                                QStringLiteral("app")}) {
        QDirIterator it(root + QLatin1Char('/') + area, {QStringLiteral("*.cpp"), QStringLiteral("*.h")},
                        QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            const QString relative = path.mid(root.size() + 1);
            if (relative == QLatin1String("services/core/ApiCall.h")) // where it is defined
                continue;
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                continue;
            int count = 0;
            for (QByteArray line : file.readAll().split('\n')) {
                // Comments may name it: a line's code ends where " //" begins (a URL's "://" stays).
                if (const qsizetype comment = line.indexOf(" //"); comment >= 0)
                    line.truncate(comment);
                if (!line.trimmed().startsWith("//"))
                    count += int(line.count("contactingWith("));
            }
            if (count > 0)
                found[relative] += count;
        }
    }
    return found;
}

} // namespace

class TestContactingCalls : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxFixture> m_sandbox;
    QTemporaryDir m_dir;
    int m_databases = 0;
    std::unique_ptr<SqliteOutboundStore> m_store;
    std::unique_ptr<OutboundGuard> m_guard;
    QObject m_context;

    ContactingOperation operation(const QString &name) const
    {
        for (const ContactingOperation &op : operations()) {
            if (op.name == name)
                return op;
        }
        return {};
    }

    int requests(const ContactingOperation &op) const
    {
        if (op.sent)
            return op.sent(m_sandbox->server());
        return m_sandbox->server()->requestCount(op.vendor, op.method, op.path);
    }

    // The error the operation finished with (kind None: accepted); Cancelled when it never finished.
    ApiError send(const ContactingOperation &op, const QString &clearance)
    {
        std::optional<ApiError> error;
        if (op.prepare)
            op.prepare(m_sandbox->server());
        op.send(m_sandbox->client(op.vendor), clearance, &m_context,
                [&error](const ApiError &e) { error = e; });
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(error.has_value(), 30'000);
        }();
        ApiError cancelled;
        cancelled.kind = ApiError::Kind::Cancelled;
        return error.value_or(cancelled);
    }

    void addOperations()
    {
        QTest::addColumn<QString>("name");
        for (const ContactingOperation &op : operations())
            QTest::newRow(qPrintable(op.name)) << op.name;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ApiResponse>();
        QVERIFY(m_dir.isValid());
        m_sandbox = std::make_unique<SandboxFixture>();
        QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
    }

    void init()
    {
        m_sandbox->server()->clearRequests();
        for (Vendor vendor : Vendors::all())
            m_sandbox->client(vendor)->setOutboundGate(nullptr);
        m_guard.reset();
        m_store = std::make_unique<SqliteOutboundStore>(
                m_dir.filePath(QStringLiteral("outbound%1.sqlite").arg(++m_databases)));
        m_guard = std::make_unique<OutboundGuard>(m_store.get(), CallingRules());
        // 13:00 in London, 08:00 in New York, midday in Central Europe.
        m_guard->setClock([] { return QDateTime(QDate(2026, 6, 10), QTime(12, 0), Qt::UTC); });
    }

    // The list above is every contacting call there is.
    void everyContactingCallIsListed()
    {
        QMap<QString, int> listed;
        for (const ContactingOperation &op : operations())
            ++listed[op.source];
        const QMap<QString, int> found = contactingCallsInTheSources();
        QStringList unlisted;
        for (auto it = found.cbegin(); it != found.cend(); ++it) {
            if (listed.value(it.key()) != it.value())
                unlisted << QStringLiteral("%1 (%2 in the code, %3 listed)")
                                    .arg(it.key())
                                    .arg(it.value())
                                    .arg(listed.value(it.key()));
        }
        QVERIFY2(unlisted.isEmpty(),
                 qPrintable(QStringLiteral("contactingWith() not matched by operations() in this "
                                           "test: add each operation with a sender: ") +
                            unlisted.join(QStringLiteral(", "))));
        QCOMPARE(found, listed);
    }

    void refusedWithoutAGuard_data() { addOperations(); }
    void refusedWithoutAGuard()
    {
        QFETCH(QString, name);
        const ContactingOperation op = operation(name);
        const ApiError error = send(op, QStringLiteral("no-guard-issued-this"));
        QCOMPARE(error.kind, ApiError::Kind::Local);
        QCOMPARE(error.code, QStringLiteral("not_cleared"));
        QCOMPARE(requests(op), 0);
    }

    void refusedWithoutAClearance_data() { addOperations(); }
    void refusedWithoutAClearance()
    {
        QFETCH(QString, name);
        const ContactingOperation op = operation(name);
        m_sandbox->client(op.vendor)->setOutboundGate(m_guard.get());
        for (const QString &clearance : {QString(), QStringLiteral("never-issued")}) {
            const ApiError error = send(op, clearance);
            QCOMPARE(error.code, QStringLiteral("not_cleared"));
        }
        QCOMPARE(requests(op), 0);
    }

    // Sent once under its clearance; the same clearance again (a retry, a double click) is refused.
    void sentOnceUnderItsClearance_data() { addOperations(); }
    void sentOnceUnderItsClearance()
    {
        QFETCH(QString, name);
        const ContactingOperation op = operation(name);
        m_sandbox->client(op.vendor)->setOutboundGate(m_guard.get());
        const OutboundGuard::Clearance clearance = m_guard->clear(op.action);
        QVERIFY2(clearance, qPrintable(clearance.decision.verdicts.value(0).reason));
        const ApiError first = send(op, clearance.id);
        QVERIFY2(!first.isError(), qPrintable(first.summary()));
        QCOMPARE(requests(op), 1);
        QCOMPARE(m_store->intent(clearance.id)->state, OutboundIntent::State::Sent);
        QCOMPARE(!m_store->intent(clearance.id)->vendorRef.isEmpty(), op.answerNamesIt);

        const ApiError again = send(op, clearance.id);
        QCOMPARE(again.code, QStringLiteral("not_cleared"));
        QCOMPARE(requests(op), 1);
    }

    // O2 on every path: a listed recipient gets no clearance, so nothing reaches the vendor.
    void listedRecipientNeverReachesTheVendor_data() { addOperations(); }
    void listedRecipientNeverReachesTheVendor()
    {
        QFETCH(QString, name);
        const ContactingOperation op = operation(name);
        m_sandbox->client(op.vendor)->setOutboundGate(m_guard.get());
        const Recipient &recipient = op.action.recipients.first();
        DncEntry entry;
        entry.kind = recipient.channel == Recipient::Channel::Email ? DncEntry::Kind::Email
                                                                    : DncEntry::Kind::Phone;
        entry.value = recipient.address;
        entry.source = QStringLiteral("manual");
        entry.addedBy = QStringLiteral("tester");
        QVERIFY(m_store->addToDoNotContact({entry}));
        const OutboundGuard::Clearance clearance = m_guard->clear(op.action);
        QVERIFY(!clearance);
        QCOMPARE(clearance.decision.verdicts.first().reasonCode, QStringLiteral("do_not_contact"));
        QCOMPARE(send(op, clearance.id).code, QStringLiteral("not_cleared"));
        QCOMPARE(requests(op), 0);
    }
};

CC_TEST_GUILESS_MAIN(TestContactingCalls)
#include "tst_contactingcalls.moc"
