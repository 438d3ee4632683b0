// campaign-console-cli's Unloopa outreach and voice commands as a script runs them: the built
// program against a sandbox in this process (so the test can switch the plan, the credits and the
// clock), URL and key from the environment, the outbound guard on the console's own database in the
// test's throwaway HOME. Every contacting or spending command needs --yes, goes through the guard,
// and when refused sends nothing to the sandbox.

#include "CliHarness.h"
#include "TestMain.h"

#include "UnloopaTestSupport.h"
#include "phone/PhoneNumbers.h"
#include "sandbox/UnloopaCallsSandbox.h"
#include "sandbox/UnloopaOutreachSandbox.h"
#include "sandbox/UnloopaSandbox.h"
#include "unloopa/UnloopaRoutes.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>

using CliHarness::Run;
using UnloopaRoutes::Op;

class TestUnloopaVoiceCli : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<UnloopaRig> m_rig;
    QTemporaryDir m_dir;
    QList<QByteArray> m_outputs;

    UnloopaSandbox *module() const { return m_rig->sandbox->unloopa(); }

    // Runs the CLI while this process's event loop keeps serving the sandbox.
    Run run(const QStringList &arguments)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        CliHarness::addVendorUrl(env, Vendor::Unloopa, m_rig->sandbox->baseUrl(Vendor::Unloopa).toString());
        CliHarness::addDemoCredentials(env, Vendor::Unloopa);
        const Run r = CliHarness::run(arguments, env, CliHarness::Wait::ServingEvents);
        m_outputs << r.out << r.err;
        return r;
    }

    int requests(Op op, const QString &id = {}) const
    {
        const UnloopaRoutes::Route &route = UnloopaRoutes::route(op);
        return m_rig->sandbox->requestCount(Vendor::Unloopa, route.method, UnloopaRoutes::path(op, id));
    }

    // Calls that must reach the sandbox whatever the hour the test runs at: the calling window has
    // its own tests (tst_callingrules, tst_outboundguard), so these use the operator's explicit
    // override, which the CLI accepts only with a reason.
    static QStringList atAnyHour()
    {
        return {QStringLiteral("--bypass-calling-window"), QStringLiteral("--reason"),
                QStringLiteral("CLI test: placed whatever the hour")};
    }

    static QString errorCode(const Run &r)
    {
        return r.json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString();
    }

    static QJsonObject firstVerdict(const QJsonObject &decision)
    {
        return decision.value(QLatin1String("recipients")).toArray().first().toObject();
    }

    // Seeded leads with an email (and, when asked, a valid phone number), `skip` first ones left out.
    QList<UnloopaSandbox::Lead> leads(int count, bool withPhone, int skip = 0) const
    {
        QList<UnloopaSandbox::Lead> found;
        for (const UnloopaSandbox::Lead &lead : module()->leads()) {
            if (lead.email.isEmpty() || (withPhone && !PhoneNumbers::toE164(lead.phone)))
                continue;
            if (skip-- > 0)
                continue;
            found << lead;
            if (found.size() == count)
                break;
        }
        return found;
    }

    static QStringList leadOptions(const QList<UnloopaSandbox::Lead> &leads)
    {
        QStringList options;
        for (const UnloopaSandbox::Lead &lead : leads)
            options << QStringLiteral("--lead") << lead.id;
        return options;
    }

    Run dncAdd(const QString &value)
    {
        return run({QStringLiteral("dnc"), QStringLiteral("add"), value, QStringLiteral("--reason"),
                    QStringLiteral("asked not to be contacted")});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_rig = std::make_unique<UnloopaRig>(400, this);
        QVERIFY(m_rig->started);
        module()->setStepDuration(20);
    }

    void init()
    {
        module()->setPlan(UnloopaSandbox::Plan::Pro);
        module()->setVoiceCredits(45);
        module()->outreach()->setConfigured(true);
        m_rig->sandbox->clearRequests();
    }

    // ---- outreach --------------------------------------------------------------------------------

    void outreachStatusSaysWhatIsLeft()
    {
        Run r = run({QStringLiteral("outreach"), QStringLiteral("status")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.json().value(QLatin1String("configured")).toBool());
        const QJsonObject summary = r.json().value(QLatin1String("summary")).toObject();
        QVERIFY(summary.value(QLatin1String("total_accounts")).toInt() > 0);
        QVERIFY2(r.err.contains("emails left today"), r.err.constData());

        module()->outreach()->setConfigured(false);
        r = run({QStringLiteral("outreach"), QStringLiteral("status")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(!r.json().value(QLatin1String("configured")).toBool());
        QVERIFY2(r.err.contains(UnloopaOutreachSandbox::setupUrl().toUtf8()), r.err.constData());
    }

    void templatesAddUpdateRemove()
    {
        Run r = run({QStringLiteral("outreach"), QStringLiteral("templates"), QStringLiteral("add"),
                     QStringLiteral("--name"), QStringLiteral("Miami Pitch"), QStringLiteral("--subject"),
                     QStringLiteral("{{business_name}} - new website"), QStringLiteral("--body"),
                     QStringLiteral("Hi {{business_name}} in {{city}}, see {{video_url}} {{nickname}}")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString id = r.json().value(QLatin1String("id")).toString();
        QVERIFY(!id.isEmpty());
        // The placeholders used, flagged: {{video_url}} needs Pro, {{nickname}} is unknown.
        QJsonObject flags;
        for (const QJsonValue &p : r.json().value(QLatin1String("placeholders")).toArray())
            flags.insert(p.toObject().value(QLatin1String("name")).toString(), p.toObject());
        QCOMPARE(flags.value(QLatin1String("video_url")).toObject().value(QLatin1String("proOnly")).toBool(),
                 true);
        QCOMPARE(flags.value(QLatin1String("nickname")).toObject().value(QLatin1String("known")).toBool(),
                 false);
        QCOMPARE(flags.value(QLatin1String("city")).toObject().value(QLatin1String("known")).toBool(), true);

        r = run({QStringLiteral("outreach"), QStringLiteral("templates"), QStringLiteral("update"), id,
                 QStringLiteral("--subject"), QStringLiteral("Your new site, {{business_name}}")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = run({QStringLiteral("outreach"), QStringLiteral("templates"), QStringLiteral("list")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray prebuilt = r.json().value(QLatin1String("templates")).toArray();
        QVERIFY(!prebuilt.isEmpty());
        const QJsonArray custom = r.json().value(QLatin1String("custom_templates")).toArray();
        QCOMPARE(custom.size(), 1);
        QCOMPARE(custom.first().toObject().value(QLatin1String("subject")).toString(),
                 QStringLiteral("Your new site, {{business_name}}"));

        // Prebuilt templates are read-only: the vendor says so, exit 1.
        const QString prebuiltId = prebuilt.first().toObject().value(QLatin1String("id")).toString();
        r = run({QStringLiteral("outreach"), QStringLiteral("templates"), QStringLiteral("update"),
                 prebuiltId, QStringLiteral("--name"), QStringLiteral("Mine now")});
        QCOMPARE(r.exitCode, 1);

        r = run({QStringLiteral("outreach"), QStringLiteral("templates"), QStringLiteral("rm"), id});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = run({QStringLiteral("outreach"), QStringLiteral("templates"), QStringLiteral("list")});
        QVERIFY(r.json().value(QLatin1String("custom_templates")).toArray().isEmpty());

        // A template without a body is refused before anything is sent.
        const int posts = requests(Op::TemplateCreate);
        r = run({QStringLiteral("outreach"), QStringLiteral("templates"), QStringLiteral("add"),
                 QStringLiteral("--name"), QStringLiteral("x"), QStringLiteral("--subject"),
                 QStringLiteral("y")});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(requests(Op::TemplateCreate), posts);
    }

    // ---- numbers and agents ----------------------------------------------------------------------

    void numbersListAndSearch()
    {
        Run r = run({QStringLiteral("numbers"), QStringLiteral("list")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().value(QLatin1String("limit")).toInt(), 3);
        QCOMPARE(r.json().value(QLatin1String("count")).toInt(),
                 r.json().value(QLatin1String("numbers")).toArray().size());

        // Three digits or nothing is sent.
        QCOMPARE(run({QStringLiteral("numbers"), QStringLiteral("search"), QStringLiteral("30")}).exitCode,
                 2);
        QCOMPARE(requests(Op::NumberSearch), 0);
        r = run({QStringLiteral("numbers"), QStringLiteral("search"), QStringLiteral("305")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray found = r.json().value(QLatin1String("numbers")).toArray();
        QVERIFY(!found.isEmpty());
        for (const QJsonValue &number : found)
            QVERIFY(number.toObject()
                            .value(QLatin1String("phone_number"))
                            .toString()
                            .startsWith(QLatin1String("+1305")));
        QVERIFY2(r.err.contains("$1/month"), r.err.constData());
    }

    // Voice is Pro only: the vendor's refusal carries the upgrade link, exit 1.
    void voiceOnFreePlanShowsTheUpgrade()
    {
        module()->setPlan(UnloopaSandbox::Plan::Free);
        const Run r = run({QStringLiteral("numbers"), QStringLiteral("list")});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(errorCode(r), QStringLiteral("plan_required"));
        QVERIFY2(r.err.contains("https://whop.com/unloopa/"), r.err.constData());
    }

    void agentsAddUpdateRemove()
    {
        Run r = run({QStringLiteral("voice"), QStringLiteral("agents"), QStringLiteral("add"),
                     QStringLiteral("--name"), QStringLiteral("Sales Agent"), QStringLiteral("--voice-id"),
                     QStringLiteral("cjVigY5qzO86Huf0OWal"), QStringLiteral("--voice-name"),
                     QStringLiteral("Eric"), QStringLiteral("--script"),
                     QStringLiteral("You call {{business_name}} in {{city}}."), QStringLiteral("--stability"),
                     QStringLiteral("0.3"), QStringLiteral("--similarity"), QStringLiteral("0.85")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString id = r.json().value(QLatin1String("id")).toString();
        QVERIFY(!id.isEmpty());
        r = run({QStringLiteral("voice"), QStringLiteral("agents"), QStringLiteral("update"), id,
                 QStringLiteral("--name"), QStringLiteral("Closer")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = run({QStringLiteral("voice"), QStringLiteral("agents"), QStringLiteral("list")});
        QCOMPARE(r.exitCode, 0);
        QStringList names;
        for (const QJsonValue &agent : r.json().value(QLatin1String("agents")).toArray())
            names << agent.toObject().value(QLatin1String("name")).toString();
        QVERIFY2(names.contains(QStringLiteral("Closer")), qPrintable(names.join(QLatin1Char(','))));

        QCOMPARE(run({QStringLiteral("voice"), QStringLiteral("agents"), QStringLiteral("add"),
                      QStringLiteral("--name"), QStringLiteral("x"), QStringLiteral("--voice-id"),
                      QStringLiteral("v"), QStringLiteral("--script"), QStringLiteral("s"),
                      QStringLiteral("--stability"), QStringLiteral("2")})
                         .exitCode,
                 2);
        QCOMPARE(run({QStringLiteral("voice"), QStringLiteral("agents"), QStringLiteral("rm"), id}).exitCode,
                 2);
        QCOMPARE(requests(Op::AgentDelete, id), 0);
        r = run({QStringLiteral("voice"), QStringLiteral("agents"), QStringLiteral("rm"), id,
                 QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(requests(Op::AgentDelete, id), 1);
    }

    // ---- calls -----------------------------------------------------------------------------------

    // Calls placed on the sandbox run their course on its clock; the CLI retrieves every one (all
    // pages), keeps them, filters them like the API, shows the transcript and analysis, and finds
    // them offline by a word of their conversation, nothing fetched.
    void callsAreRetrievedKeptAndSearchable()
    {
        const QStringList endings{QStringLiteral("interested"), QStringLiteral("not_interested"),
                                  QStringLiteral("voicemail")};
        QStringList ids;
        const QList<UnloopaSandbox::Lead> callees = leads(3, true);
        for (int i = 0; i < 3; ++i) {
            module()->calls()->setNextEndings({endings.at(i)});
            UnloopaSimulatedCall call;
            call.businessName = callees.at(i).businessName;
            call.city = callees.at(i).city;
            call.phoneNumber = PhoneNumbers::toE164(callees.at(i).phone).value();
            call.agentName = QStringLiteral("Eric");
            call.firstMessage = QStringLiteral("Hi, is this %1?").arg(call.businessName);
            ids << module()->calls()->all().at(module()->calls()->place(call, module()->now())).id;
        }
        module()->advanceClock(60 * 60 * 1000);

        Run r = run({QStringLiteral("voice"), QStringLiteral("calls")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QStringList listed;
        for (const QJsonValue &call : r.json().value(QLatin1String("calls")).toArray())
            listed << call.toObject().value(QLatin1String("id")).toString();
        for (const QString &id : ids)
            QVERIFY2(listed.contains(id), qPrintable(id));

        r = run({QStringLiteral("voice"), QStringLiteral("calls"), QStringLiteral("--outcome"),
                 QStringLiteral("not_interested")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QStringList notInterested;
        for (const QJsonValue &call : r.json().value(QLatin1String("calls")).toArray()) {
            QCOMPARE(call.toObject().value(QLatin1String("outcome")).toString(),
                     QStringLiteral("not_interested"));
            notInterested << call.toObject().value(QLatin1String("id")).toString();
        }
        QVERIFY(notInterested.contains(ids.at(1)));
        QVERIFY(!notInterested.contains(ids.at(0)));
        QCOMPARE(run({QStringLiteral("voice"), QStringLiteral("calls"), QStringLiteral("--outcome"),
                      QStringLiteral("maybe")})
                         .exitCode,
                 2);

        r = run({QStringLiteral("voice"), QStringLiteral("calls"), QStringLiteral("show"), ids.at(0)});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().value(QLatin1String("business_name")).toString(), callees.at(0).businessName);
        QCOMPARE(r.json().value(QLatin1String("outcome")).toString(), QStringLiteral("interested"));
        QVERIFY(!r.json().value(QLatin1String("analysis")).toObject().isEmpty());
        const QString transcript = r.json().value(QLatin1String("transcript_text")).toString();
        QVERIFY2(transcript.contains(callees.at(0).businessName), r.out.constData());

        // Offline: the stored calls, searched in their transcripts, with nothing fetched.
        m_rig->sandbox->clearRequests();
        r = run({QStringLiteral("voice"), QStringLiteral("calls"), QStringLiteral("--offline"),
                 QStringLiteral("--search"), callees.at(0).businessName});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QStringList found;
        for (const QJsonValue &call : r.json().value(QLatin1String("calls")).toArray())
            found << call.toObject().value(QLatin1String("id")).toString();
        QVERIFY(found.contains(ids.at(0)));
        QVERIFY(!found.contains(ids.at(2)));
        r = run({QStringLiteral("voice"), QStringLiteral("calls"), QStringLiteral("--offline"),
                 QStringLiteral("--search"), QStringLiteral("zzqxnotaword")});
        QVERIFY(r.json().value(QLatin1String("calls")).toArray().isEmpty());
        r = run({QStringLiteral("voice"), QStringLiteral("calls"), QStringLiteral("show"), ids.at(2),
                 QStringLiteral("--offline")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().value(QLatin1String("outcome")).toString(), QStringLiteral("voicemail"));
        QCOMPARE(requests(Op::Calls), 0);
        QCOMPARE(requests(Op::Call, ids.at(2)), 0);

        // CSV through the one exporter, every column with the machine profile.
        const QString path = m_dir.filePath(QStringLiteral("calls.csv"));
        r = run({QStringLiteral("voice"), QStringLiteral("calls"), QStringLiteral("--offline"),
                 QStringLiteral("--output"), path, QStringLiteral("--profile"), QStringLiteral("machine")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray rows = readCsvWithPython(path).value(QLatin1String("rows")).toArray();
        QCOMPARE(rows.size(), r.json().value(QLatin1String("rows")).toInt() + 1);
        QCOMPARE(rows.first().toArray().first().toString(), QStringLiteral("id"));
        QVERIFY(rows.first().toArray().contains(QStringLiteral("transcript")));
    }

    void campaignsListAndUnknownDetail()
    {
        Run r = run({QStringLiteral("voice"), QStringLiteral("campaigns"), QStringLiteral("list")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.json().value(QLatin1String("campaigns")).isArray());
        r = run({QStringLiteral("voice"), QStringLiteral("campaigns"), QStringLiteral("show"),
                 QStringLiteral("00000000-0000-4000-8000-000000000000")});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(errorCode(r), QStringLiteral("not_found"));
        QCOMPARE(run({QStringLiteral("voice"), QStringLiteral("campaigns"), QStringLiteral("update"),
                      QStringLiteral("x"), QStringLiteral("--window"), QStringLiteral("17:00-09:00")})
                         .exitCode,
                 2);
        QCOMPARE(run({QStringLiteral("voice"), QStringLiteral("campaigns"), QStringLiteral("cancel"),
                      QStringLiteral("x")})
                         .exitCode,
                 2);
        QCOMPARE(requests(Op::CampaignUpdate, QStringLiteral("x")), 0);
    }

    // ---- through the outbound guard ----------------------------------------------------------

    // A listed address is left out by the guard (exit 5, the rest still sent, once); without --yes
    // and on a dry run nothing is sent.
    void outreachSendGoesThroughTheGuard()
    {
        const QList<UnloopaSandbox::Lead> three = leads(3, false);
        QCOMPARE(three.size(), 3);
        QVERIFY2(dncAdd(three.at(1).email).exitCode == 0, "dnc add");
        const QStringList send =
                QStringList{QStringLiteral("outreach"),  QStringLiteral("send"),
                            QStringLiteral("--subject"), QStringLiteral("Hello {{business_name}}"),
                            QStringLiteral("--body"),    QStringLiteral("We built you a site.")} +
                leadOptions(three);

        Run r = run(send);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--yes"), r.err.constData());
        r = run(send + QStringList{QStringLiteral("--dry-run")});
        QCOMPARE(r.exitCode, 5);
        QCOMPARE(r.json().value(QLatin1String("batches")).toArray().size(), 1);
        QCOMPARE(r.json().value(QLatin1String("batches")).toArray().first().toArray().size(), 2);
        const QJsonArray refused = r.json().value(QLatin1String("refused")).toArray();
        QCOMPARE(refused.size(), 1);
        QCOMPARE(refused.first().toObject().value(QLatin1String("reasonCode")).toString(),
                 QStringLiteral("do_not_contact"));
        QCOMPARE(requests(Op::OutreachSend), 0);

        r = run(send + QStringList{QStringLiteral("--yes")});
        QCOMPARE(r.exitCode, 5); // one lead refused: said so, the others sent
        QCOMPARE(requests(Op::OutreachSend), 1);
        QVERIFY2(r.err.contains("1 of 1 batch"), r.err.constData());
        const QJsonArray batches = r.json().value(QLatin1String("batches")).toArray();
        QCOMPARE(batches.size(), 1);
        QVERIFY2(QJsonDocument(batches.first().toObject()).toJson().contains("\"emails_queued\": 2"),
                 QJsonDocument(batches.first().toObject()).toJson().constData());
    }

    // Batches of at most 100, and never past what the accounts have left today without the
    // operator's say-so (dry runs: nothing sent).
    void outreachSendBatchesAndCapacity()
    {
        const QList<UnloopaSandbox::Lead> many = leads(150, false, 10);
        QCOMPARE(many.size(), 150);
        const QStringList send =
                QStringList{QStringLiteral("outreach"), QStringLiteral("send"),   QStringLiteral("--subject"),
                            QStringLiteral("s"),        QStringLiteral("--body"), QStringLiteral("b"),
                            QStringLiteral("--dry-run")} +
                leadOptions(many);
        Run r = run(send);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const int remaining = r.json().value(QLatin1String("remainingToday")).toInt();
        QVERIFY(remaining > 0 && remaining < 150);
        QCOMPARE(r.json().value(QLatin1String("overRemaining")).toArray().size(), 150 - remaining);

        r = run(send + QStringList{QStringLiteral("--beyond-remaining-today")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray batches = r.json().value(QLatin1String("batches")).toArray();
        QCOMPARE(batches.size(), 2);
        QCOMPARE(batches.at(0).toArray().size(), 100);
        QCOMPARE(batches.at(1).toArray().size(), 50);
        QVERIFY(r.json().value(QLatin1String("overRemaining")).toArray().isEmpty());
        QCOMPARE(requests(Op::OutreachSend), 0);
    }

    void numbersBuyAndRelease()
    {
        Run r = run({QStringLiteral("numbers"), QStringLiteral("list")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const int before = r.json().value(QLatin1String("count")).toInt();
        QCOMPARE(r.json().value(QLatin1String("limit")).toInt(), 3);

        QCOMPARE(run({QStringLiteral("numbers"), QStringLiteral("search"), QStringLiteral("30")}).exitCode,
                 2);
        QCOMPARE(requests(Op::NumberSearch), 0);
        r = run({QStringLiteral("numbers"), QStringLiteral("search"), QStringLiteral("305")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray found = r.json().value(QLatin1String("numbers")).toArray();
        QVERIFY(!found.isEmpty());
        const QString number = found.first().toObject().value(QLatin1String("phone_number")).toString();
        QVERIFY(number.startsWith(QLatin1String("+1305")));

        // Spending money: without --yes, or with a number that is not E.164, nothing is sent.
        r = run({QStringLiteral("numbers"), QStringLiteral("buy"), number});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("$1/month"), r.err.constData());
        QCOMPARE(run({QStringLiteral("numbers"), QStringLiteral("buy"), QStringLiteral("305-555-1234"),
                      QStringLiteral("--yes")})
                         .exitCode,
                 2);
        QCOMPARE(requests(Op::NumberBuy), 0);

        r = run({QStringLiteral("numbers"), QStringLiteral("buy"), number, QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString id = r.json().value(QLatin1String("id")).toString();
        QCOMPARE(r.json().value(QLatin1String("phone_number")).toString(), number);
        QCOMPARE(requests(Op::NumberBuy), 1);
        r = run({QStringLiteral("numbers"), QStringLiteral("list")});
        QCOMPARE(r.json().value(QLatin1String("count")).toInt(), before + 1);

        QCOMPARE(run({QStringLiteral("numbers"), QStringLiteral("release"), id}).exitCode, 2);
        QCOMPARE(requests(Op::NumberRelease, id), 0);
        r = run({QStringLiteral("numbers"), QStringLiteral("release"), id, QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = run({QStringLiteral("numbers"), QStringLiteral("list")});
        QCOMPARE(r.json().value(QLatin1String("count")).toInt(), before);
    }

    // Buys a number in `areaCode` (calls need one); its id.
    QString ownNumber(const QString &areaCode)
    {
        Run r = run({QStringLiteral("numbers"), QStringLiteral("search"), areaCode});
        const QString e164 = r.json().value(QLatin1String("numbers"))
                                     .toArray()
                                     .first()
                                     .toObject()
                                     .value(QLatin1String("phone_number"))
                                     .toString();
        r = run({QStringLiteral("numbers"), QStringLiteral("buy"), e164, QStringLiteral("--yes")});
        return r.json().value(QLatin1String("id")).toString();
    }

    QString createAgent()
    {
        const Run r = run({QStringLiteral("voice"), QStringLiteral("agents"), QStringLiteral("add"),
                           QStringLiteral("--name"), QStringLiteral("Caller"), QStringLiteral("--voice-id"),
                           QStringLiteral("cjVigY5qzO86Huf0OWal"), QStringLiteral("--script"),
                           QStringLiteral("You call {{business_name}}.")});
        return r.json().value(QLatin1String("id")).toString();
    }

    // A listed number exits 5 with the verdict and nothing reaches the sandbox; no credits: the
    // purchase links, nothing sent; a call placed once is then retrieved, kept and searchable.
    void callGoesThroughTheGuard()
    {
        const QString agent = createAgent();
        QVERIFY(!agent.isEmpty());
        QVERIFY(!ownNumber(QStringLiteral("305")).isEmpty()); // calls go out from a number of the account
        const QString listed = QStringLiteral("+13055550140");
        QVERIFY(dncAdd(listed).exitCode == 0);
        const QStringList callListed{QStringLiteral("voice"),   QStringLiteral("call"),
                                     QStringLiteral("--agent"), agent,
                                     QStringLiteral("--to"),    QStringLiteral("(305) 555-0140")};
        Run r = run(callListed + QStringList{QStringLiteral("--dry-run")});
        QCOMPARE(r.exitCode, 5);
        QCOMPARE(firstVerdict(r.json()).value(QLatin1String("recipient")).toString(), listed);
        QCOMPARE(firstVerdict(r.json()).value(QLatin1String("reasonCode")).toString(),
                 QStringLiteral("do_not_contact"));
        r = run(callListed + QStringList{QStringLiteral("--yes")} + atAnyHour());
        QCOMPARE(r.exitCode, 5);
        QCOMPARE(requests(Op::VoiceCall), 0);

        const UnloopaSandbox::Lead lead = leads(1, true).constFirst();
        const QStringList callLead{QStringLiteral("voice"),   QStringLiteral("call"),
                                   QStringLiteral("--agent"), agent,
                                   QStringLiteral("--to"),    lead.phone,
                                   QStringLiteral("--lead"),  lead.id};
        r = run(callLead + atAnyHour());
        QCOMPARE(r.exitCode, 2); // no --yes
        QVERIFY2(r.err.contains("1 voice credit"), r.err.constData());
        QCOMPARE(run({QStringLiteral("voice"), QStringLiteral("call"), QStringLiteral("--agent"), agent,
                      QStringLiteral("--to"), QStringLiteral("555"), QStringLiteral("--yes")})
                         .exitCode,
                 2);
        module()->setVoiceCredits(0);
        r = run(callLead + QStringList{QStringLiteral("--yes")} + atAnyHour());
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(errorCode(r), QStringLiteral("insufficient_credits"));
        QVERIFY2(r.err.contains("whop.com/checkout"), r.err.constData());
        QCOMPARE(requests(Op::VoiceCall), 0);

        module()->setVoiceCredits(45);
        r = run(callLead + QStringList{QStringLiteral("--yes")} + atAnyHour());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString callId = r.json().value(QLatin1String("call_id")).toString();
        QVERIFY(!callId.isEmpty());
        QCOMPARE(requests(Op::VoiceCall), 1);
        QCOMPARE(module()->voiceCredits(), 44);

        // The call is kept once retrieved.
        module()->advanceClock(60 * 60 * 1000);
        r = run({QStringLiteral("voice"), QStringLiteral("calls"), QStringLiteral("show"), callId});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().value(QLatin1String("business_name")).toString(), lead.businessName);
    }

    // ---- campaigns -------------------------------------------------------------------------------

    // Created for the leads the guard clears (the listed one left out), activated only with --yes,
    // triggered once every pending lead is cleared, paused, updated while paused, cancelled.
    void campaignLifecycleThroughTheGuard()
    {
        const QString agent = createAgent();
        Run r = run({QStringLiteral("numbers"), QStringLiteral("search"), QStringLiteral("212")});
        const QString e164 = r.json().value(QLatin1String("numbers"))
                                     .toArray()
                                     .first()
                                     .toObject()
                                     .value(QLatin1String("phone_number"))
                                     .toString();
        r = run({QStringLiteral("numbers"), QStringLiteral("buy"), e164, QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString number = r.json().value(QLatin1String("id")).toString();

        // US leads outside Hawaii, so that 12:00-16:00 New York time lies in each one's window.
        QList<UnloopaSandbox::Lead> chosen;
        for (const UnloopaSandbox::Lead &lead : leads(60, true, 30)) {
            const QString phone = PhoneNumbers::toE164(lead.phone).value_or(QString());
            if (phone.startsWith(QLatin1String("+1")) && !phone.startsWith(QLatin1String("+1808")) &&
                !phone.startsWith(QLatin1String("+1907")))
                chosen << lead;
            if (chosen.size() == 4)
                break;
        }
        QCOMPARE(chosen.size(), 4);
        QVERIFY(dncAdd(PhoneNumbers::toE164(chosen.at(3).phone).value()).exitCode == 0);
        const QStringList create = QStringList{QStringLiteral("voice"),
                                               QStringLiteral("campaigns"),
                                               QStringLiteral("create"),
                                               QStringLiteral("--name"),
                                               QStringLiteral("Plumbers"),
                                               QStringLiteral("--number"),
                                               number,
                                               QStringLiteral("--agent"),
                                               agent,
                                               QStringLiteral("--timezone"),
                                               QStringLiteral("America/New_York"),
                                               QStringLiteral("--window"),
                                               QStringLiteral("12:00-16:00"),
                                               QStringLiteral("--days"),
                                               QStringLiteral("mon,tue,wed,thu,fri"),
                                               QStringLiteral("--per-hour"),
                                               QStringLiteral("10")} +
                leadOptions(chosen);
        r = run(create + QStringList{QStringLiteral("--dry-run")});
        QCOMPARE(r.exitCode, 5);
        QCOMPARE(r.json().value(QLatin1String("callable")).toArray().size(), 3);
        QCOMPARE(r.json().value(QLatin1String("refused")).toArray().size(), 1);
        QCOMPARE(requests(Op::CampaignCreate), 0);

        r = run(create);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString id = r.json().value(QLatin1String("id")).toString();
        QCOMPARE(r.json().value(QLatin1String("status")).toString(), QStringLiteral("draft"));
        QCOMPARE(r.json().value(QLatin1String("console_lead_ids")).toArray().size(), 3);
        QCOMPARE(requests(Op::CampaignCreate), 1);

        r = run({QStringLiteral("voice"), QStringLiteral("campaigns"), QStringLiteral("activate"), id});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(requests(Op::CampaignUpdate, id), 0);
        r = run({QStringLiteral("voice"), QStringLiteral("campaigns"), QStringLiteral("activate"), id,
                 QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().value(QLatin1String("status")).toString(), QStringLiteral("active"));

        const QStringList trigger{QStringLiteral("voice"),   QStringLiteral("campaigns"),
                                  QStringLiteral("trigger"), id,
                                  QStringLiteral("--limit"), QStringLiteral("2")};
        const int patches = requests(Op::CampaignUpdate, id);
        r = run(trigger + atAnyHour());
        QVERIFY2(r.exitCode == 2, QByteArray(r.err + " " + r.out).constData());
        QVERIFY2(r.err.contains("2 voice credit"), r.err.constData());
        QCOMPARE(requests(Op::CampaignUpdate, id), patches);
        const int credits = module()->voiceCredits();
        r = run(trigger + QStringList{QStringLiteral("--yes")} + atAnyHour());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().value(QLatin1String("triggered")).toInt(), 2);
        QCOMPARE(module()->voiceCredits(), credits - 2);

        // A pending lead newly listed: the trigger is refused before anything is sent.
        QList<UnloopaSandbox::Lead> pending;
        r = run({QStringLiteral("voice"), QStringLiteral("calls"), QStringLiteral("--campaign"), id});
        QSet<QString> called;
        for (const QJsonValue &call : r.json().value(QLatin1String("calls")).toArray())
            called << call.toObject().value(QLatin1String("phoneNumber")).toString();
        for (int i = 0; i < 3; ++i) {
            const QString phone = PhoneNumbers::toE164(chosen.at(i).phone).value();
            if (!called.contains(phone)) {
                QVERIFY(dncAdd(phone).exitCode == 0);
                break;
            }
        }
        const int before = requests(Op::CampaignUpdate, id);
        r = run(trigger + QStringList{QStringLiteral("--yes")} + atAnyHour());
        QCOMPARE(r.exitCode, 5);
        QCOMPARE(requests(Op::CampaignUpdate, id), before);

        r = run({QStringLiteral("voice"), QStringLiteral("campaigns"), QStringLiteral("pause"), id});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().value(QLatin1String("status")).toString(), QStringLiteral("paused"));
        r = run({QStringLiteral("voice"), QStringLiteral("campaigns"), QStringLiteral("update"), id,
                 QStringLiteral("--per-hour"), QStringLiteral("5")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = run({QStringLiteral("voice"), QStringLiteral("campaigns"), QStringLiteral("show"), id});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().value(QLatin1String("calls_per_hour")).toInt(), 5);
        QCOMPARE(run({QStringLiteral("voice"), QStringLiteral("campaigns"), QStringLiteral("cancel"), id})
                         .exitCode,
                 2);
        r = run({QStringLiteral("voice"), QStringLiteral("campaigns"), QStringLiteral("cancel"), id,
                 QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().value(QLatin1String("status")).toString(), QStringLiteral("completed"));
        // Field updates only in draft or paused: Unloopa says invalid_state.
        r = run({QStringLiteral("voice"), QStringLiteral("campaigns"), QStringLiteral("update"), id,
                 QStringLiteral("--max"), QStringLiteral("5")});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(errorCode(r), QStringLiteral("invalid_state"));

        r = run({QStringLiteral("voice"), QStringLiteral("campaigns"), QStringLiteral("list"),
                 QStringLiteral("--offline")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(!r.json().value(QLatin1String("campaigns")).toArray().isEmpty());
    }

    // The operator's choice: not_interested numbers go on the do-not-contact list.
    void notInterestedGoesOnTheList()
    {
        const UnloopaSandbox::Lead callee = leads(1, true, 40).constFirst();
        const QString e164 = PhoneNumbers::toE164(callee.phone).value();
        module()->calls()->setNextEndings({QStringLiteral("not_interested")});
        UnloopaSimulatedCall call;
        call.businessName = callee.businessName;
        call.phoneNumber = e164;
        call.agentName = QStringLiteral("Eric");
        (void)module()->calls()->place(call, module()->now());
        module()->advanceClock(60 * 60 * 1000);

        Run r = run({QStringLiteral("dnc"), QStringLiteral("check"), e164});
        QVERIFY(!r.json().value(QLatin1String("listed")).toBool());
        r = run({QStringLiteral("voice"), QStringLiteral("calls"), QStringLiteral("--outcome"),
                 QStringLiteral("not_interested"), QStringLiteral("--dnc-not-interested")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.json().value(QLatin1String("doNotContact"))
                        .toObject()
                        .value(QLatin1String("added"))
                        .toInt() >= 1);
        r = run({QStringLiteral("dnc"), QStringLiteral("check"), e164});
        QVERIFY2(r.json().value(QLatin1String("listed")).toBool(), r.out.constData());
    }

    void cleanupTestCase()
    {
        const QByteArray token = SandboxServer::demoToken(Vendor::Unloopa);
        for (const QByteArray &output : std::as_const(m_outputs))
            QVERIFY2(!output.contains(token), "a token reached the CLI's output");
    }
};

CC_TEST_GUILESS_MAIN(TestUnloopaVoiceCli)
#include "tst_unloopavoicecli.moc"
