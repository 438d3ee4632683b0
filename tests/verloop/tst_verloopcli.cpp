// campaign-console-cli's verloop commands against the sandbox (in this process, so the test sees
// what reached Verloop): the campaign registry, and `verloop send` through the outbound guard —
// exit 5 when refused with nothing sent, 2 for a usage error, --dry-run sends nothing.

#include "CliHarness.h"
#include "SandboxFixture.h"
#include "TestMain.h"
#include "sandbox/VerloopSandbox.h"

#include <QJsonArray>
#include <QTemporaryDir>

#include <memory>

using CliHarness::Run;

namespace {
const QString kSendMessage = QStringLiteral("/Campaign/SendMessage");
}

class TestVerloopCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void campaignsAddListRemove();
    void listedNumberIsRefusedAndNothingSent();
    void scheduledOnceWithAnOffset();
    void ringTimeDecides_data();
    void ringTimeDecides();
    void usageErrors_data();
    void usageErrors();

private:
    Run cli(const QStringList &arguments) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &name : CliHarness::credentialVariables())
            env.remove(name);
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_data->path());
        env.insert(QStringLiteral("USER"), QStringLiteral("tester"));
        CliHarness::addVendorUrl(env, Vendor::Verloop, m_sandbox.baseUrl(Vendor::Verloop).toString());
        CliHarness::addDemoCredentials(env, Vendor::Verloop);
        return CliHarness::run(arguments, env, CliHarness::Wait::ServingEvents);
    }
    int sent() const { return m_sandbox.server()->requestCount(Vendor::Verloop, "POST", kSendMessage); }
    void registerRenewals()
    {
        const Run add = cli({QStringLiteral("verloop"), QStringLiteral("campaigns"), QStringLiteral("add"),
                             QStringLiteral("Renewals"), VerloopSandbox::demoCampaignId(),
                             QStringLiteral("--retries"), QStringLiteral("1")});
        QCOMPARE(add.exitCode, 0);
    }
    static QStringList send(const QStringList &more)
    {
        return QStringList{QStringLiteral("verloop"), QStringLiteral("send"), QStringLiteral("--campaign"),
                           QStringLiteral("Renewals")} +
                more;
    }

    SandboxFixture m_sandbox;
    std::unique_ptr<QTemporaryDir> m_data;
};

void TestVerloopCli::initTestCase()
{
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
}

void TestVerloopCli::init()
{
    m_data = std::make_unique<QTemporaryDir>();
    m_sandbox.server()->clearRequests();
    m_sandbox.server()->verloop()->clearScheduledMessages();
}

void TestVerloopCli::campaignsAddListRemove()
{
    registerRenewals();
    const Run list = cli({QStringLiteral("verloop"), QStringLiteral("campaigns"), QStringLiteral("list")});
    QCOMPARE(list.exitCode, 0);
    const QJsonArray campaigns = list.json().value(QStringLiteral("campaigns")).toArray();
    QCOMPARE(campaigns.size(), 1);
    QCOMPARE(campaigns.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("Renewals"));
    QCOMPARE(campaigns.at(0).toObject().value(QStringLiteral("campaignId")).toString(),
             VerloopSandbox::demoCampaignId());
    QCOMPARE(campaigns.at(0).toObject().value(QStringLiteral("retries")).toInt(), 1);

    const QStringList add{QStringLiteral("verloop"), QStringLiteral("campaigns"), QStringLiteral("add")};
    QCOMPARE(cli(add +
                 QStringList{QStringLiteral("renewals"),
                             QStringLiteral("0b6f2f0e-5d55-4c1e-9a59-3d0c64f1f7aa")})
                     .exitCode,
             2); // the name is taken
    QCOMPARE(cli(add + QStringList{QStringLiteral("Other"), QStringLiteral("summer-promo")}).exitCode, 2);
    QCOMPARE(cli(add +
                 QStringList{QStringLiteral("Other"), QStringLiteral("0b6f2f0e-5d55-4c1e-9a59-3d0c64f1f7aa"),
                             QStringLiteral("--retries"), QStringLiteral("11")})
                     .exitCode,
             2);

    const QStringList rm{QStringLiteral("verloop"), QStringLiteral("campaigns"), QStringLiteral("rm")};
    QCOMPARE(cli(rm + QStringList{QStringLiteral("Nope")}).exitCode, 2);
    QCOMPARE(cli(rm + QStringList{QStringLiteral("RENEWALS")}).exitCode, 0);
    const Run empty = cli({QStringLiteral("verloop"), QStringLiteral("campaigns"), QStringLiteral("list")});
    QCOMPARE(empty.json().value(QStringLiteral("campaigns")).toArray().size(), 0);
    QCOMPARE(sent(), 0);
}

void TestVerloopCli::listedNumberIsRefusedAndNothingSent()
{
    registerRenewals();
    QCOMPARE(cli({QStringLiteral("dnc"), QStringLiteral("add"), QStringLiteral("+12125550102"),
                  QStringLiteral("--reason"), QStringLiteral("asked")})
                     .exitCode,
             0);
    const Run refused =
            cli(send({QStringLiteral("--to"), QStringLiteral("(212) 555-0102"), QStringLiteral("--at"),
                      QStringLiteral("2027-01-15T14:00"), QStringLiteral("--yes")}));
    QCOMPARE(refused.exitCode, 5);
    const QJsonObject row = refused.json().value(QStringLiteral("recipients")).toArray().at(0).toObject();
    QCOMPARE(row.value(QStringLiteral("reasonCode")).toString(), QStringLiteral("do_not_contact"));
    QCOMPARE(row.value(QStringLiteral("state")).toString(), QStringLiteral("refused"));
    QCOMPARE(sent(), 0);
}

void TestVerloopCli::scheduledOnceWithAnOffset()
{
    registerRenewals();
    const QStringList arguments =
            send({QStringLiteral("--to"), QStringLiteral("212-555-0100"), QStringLiteral("--at"),
                  QStringLiteral("2027-01-15T14:00"), QStringLiteral("--var"),
                  QStringLiteral("customer_id=c-42"), QStringLiteral("--yes")});
    const Run first = cli(arguments);
    QVERIFY2(first.exitCode == 0, first.err.constData());
    const QJsonObject row = first.json().value(QStringLiteral("recipients")).toArray().at(0).toObject();
    QCOMPARE(row.value(QStringLiteral("state")).toString(), QStringLiteral("scheduled"));
    QCOMPARE(row.value(QStringLiteral("ringsAt")).toString(), QStringLiteral("2027-01-15T14:00:00-05:00"));
    const QList<VerloopScheduledMessage> messages = m_sandbox.server()->verloop()->scheduledMessages();
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messages.at(0).messageId, row.value(QStringLiteral("messageId")).toString());
    QCOMPARE(messages.at(0).scheduledTime, QStringLiteral("2027-01-15T14:00:00-05:00"));
    QCOMPARE(messages.at(0).variables.value(QStringLiteral("customer_id")).toString(),
             QStringLiteral("c-42"));

    // Run again (a retried script): the same call is never scheduled twice.
    const Run again = cli(arguments);
    QCOMPARE(again.exitCode, 5);
    QCOMPARE(again.json()
                     .value(QStringLiteral("recipients"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("reasonCode")),
             QStringLiteral("already_sent"));
    QCOMPARE(sent(), 1);
}

// 20:59 in the recipient's zone is allowed, 21:00 refused, judged at ring time; --dry-run sends
// nothing either way.
void TestVerloopCli::ringTimeDecides_data()
{
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("at");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("New York 20:59") << "+12125550100"
                                    << "2027-01-15T20:59" << 0;
    QTest::newRow("New York 21:00") << "+12125550100"
                                    << "2027-01-15T21:00" << 5;
    QTest::newRow("Los Angeles 20:59 as an instant") << "+13105550100"
                                                     << "2027-01-16T04:59:00Z" << 0;
    QTest::newRow("Los Angeles 21:00 as an instant") << "+13105550100"
                                                     << "2027-01-16T05:00:00Z" << 5;
}

void TestVerloopCli::ringTimeDecides()
{
    QFETCH(QString, to);
    QFETCH(QString, at);
    QFETCH(int, exitCode);
    registerRenewals();
    const Run dryRun =
            cli(send({QStringLiteral("--to"), to, QStringLiteral("--at"), at, QStringLiteral("--dry-run")}));
    QCOMPARE(dryRun.exitCode, exitCode);
    QCOMPARE(dryRun.json().value(QStringLiteral("recipients")).toArray().size(), 1);
    QCOMPARE(sent(), 0);
    const Run real =
            cli(send({QStringLiteral("--to"), to, QStringLiteral("--at"), at, QStringLiteral("--yes")}));
    QCOMPARE(real.exitCode, exitCode);
    QCOMPARE(sent(), exitCode == 0 ? 1 : 0);
}

void TestVerloopCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("bypass without a reason") << QStringList{QStringLiteral("--to"),
                                                            QStringLiteral("+12125550100"),
                                                            QStringLiteral("--at"),
                                                            QStringLiteral("2027-01-15T14:00"),
                                                            QStringLiteral("--bypass-calling-window"),
                                                            QStringLiteral("--yes")};
    QTest::newRow("zone-less time for a toll-free number")
            << QStringList{QStringLiteral("--to"), QStringLiteral("+18005550100"), QStringLiteral("--at"),
                           QStringLiteral("2027-01-15T14:00"), QStringLiteral("--yes")};
    QTest::newRow("not a time") << QStringList{QStringLiteral("--to"), QStringLiteral("+12125550100"),
                                               QStringLiteral("--at"), QStringLiteral("tomorrow"),
                                               QStringLiteral("--yes")};
    QTest::newRow("invalid number") << QStringList{QStringLiteral("--to"), QStringLiteral("+1 555"),
                                                   QStringLiteral("--yes")};
    QTest::newRow("no --yes") << QStringList{QStringLiteral("--to"), QStringLiteral("+12125550100"),
                                             QStringLiteral("--at"), QStringLiteral("2027-01-15T14:00")};
    QTest::newRow("bad --var") << QStringList{QStringLiteral("--to"), QStringLiteral("+12125550100"),
                                              QStringLiteral("--var"), QStringLiteral("novalue"),
                                              QStringLiteral("--yes")};
    QTest::newRow("http callback off this computer") << QStringList{
            QStringLiteral("--to"), QStringLiteral("+12125550100"), QStringLiteral("--callback-url"),
            QStringLiteral("http://hooks.example.com/x"), QStringLiteral("--yes")};
    QTest::newRow("unregistered campaign")
            << QStringList{QStringLiteral("--campaign"), QStringLiteral("Unknown"), QStringLiteral("--to"),
                           QStringLiteral("+12125550100"), QStringLiteral("--yes")};
}

void TestVerloopCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    registerRenewals();
    const Run run = cli(send(arguments));
    QCOMPARE(run.exitCode, 2);
    QVERIFY(!run.err.isEmpty());
    QCOMPARE(sent(), 0);
}

CC_TEST_GUILESS_MAIN(TestVerloopCli)
#include "tst_verloopcli.moc"
