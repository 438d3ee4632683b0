// campaign-console-cli as a script sees it: the built program run against the sandbox program,
// URLs and credentials from the environment. JSON on stdout, a sentence on stderr, distinct exit
// statuses, and never a token in either stream.

#include "CliHarness.h"
#include "TestMain.h"
#include "sandbox/SandboxServer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>

namespace {
using CliHarness::Run;

const QString WrongUnloopaKey = QStringLiteral("unlpa_live_not-the-right-key");
} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void helpListsTheCommands();
    void quotaPrintsJson();
    void meAndBalancePrintJson();
    void accountsTestCoversEveryVendor();
    void accountsTestOneVendor();
    void wrongKeyExplainsAndExitsWithThree();
    void missingCredentialsExitWithThree();
    void incompleteEnvironmentCredentialsExitWithThree();
    void refusedUrlExitsWithThree();
    void unreachableVendorExitsWithFour();
    void usageErrorsExitWithTwo();
    void commandLineUrlWinsOverEnvironment();
    void demoNeedsNoAccount();
    void noTokenInAnyOutput();
    void coreDumpsFollowTheBuildType();

private:
    QProcessEnvironment environment(bool withCredentials = true) const;
    Run run(const QStringList &arguments, const QProcessEnvironment &environment);

    CliHarness::SandboxProcess m_sandbox;
    QJsonObject m_urls;
    QList<QByteArray> m_outputs; // everything the CLI printed, for the token check
};

void TestCli::initTestCase()
{
    QVERIFY2(m_sandbox.start({QStringLiteral("--leads"), QStringLiteral("200"), QStringLiteral("--cdr-days"),
                              QStringLiteral("3")}),
             qPrintable(m_sandbox.errorString()));
    m_urls = m_sandbox.urls();
    QVERIFY2(m_urls.contains(QStringLiteral("unloopa")), m_sandbox.urlLine().constData());
}

QProcessEnvironment TestCli::environment(bool withCredentials) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : CliHarness::credentialVariables())
        env.remove(name);
    for (Vendor vendor : Vendors::all()) {
        CliHarness::addVendorUrl(env, vendor, m_urls.value(Vendors::id(vendor)).toString());
        if (withCredentials)
            CliHarness::addDemoCredentials(env, vendor);
    }
    return env;
}

Run TestCli::run(const QStringList &arguments, const QProcessEnvironment &environment)
{
    const Run result = CliHarness::run(arguments, environment);
    m_outputs << result.out << result.err;
    return result;
}

void TestCli::helpListsTheCommands()
{
    const Run help = run({QStringLiteral("help")}, environment());
    QCOMPARE(help.exitCode, 0);
    for (const char *command :
         {"accounts test", "quota", "me", "balance", "UNLOOPA_API_KEY", "--unloopa-url"})
        QVERIFY2(help.out.contains(command), command);
}

void TestCli::quotaPrintsJson()
{
    const Run quota = run({QStringLiteral("quota")}, environment());
    QCOMPARE(quota.exitCode, 0);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(quota.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, quota.out.constData());
    QVERIFY(!document.object().value(QStringLiteral("plan")).toString().isEmpty());
    QVERIFY(document.object()
                    .value(QStringLiteral("websites"))
                    .toObject()
                    .contains(QStringLiteral("remaining")));
    QVERIFY2(quota.err.contains("websites left"), quota.err.constData()); // the human sentence
}

void TestCli::meAndBalancePrintJson()
{
    const Run me = run({QStringLiteral("me")}, environment());
    QCOMPARE(me.exitCode, 0);
    QVERIFY(!me.json().value(QStringLiteral("companyName")).toString().isEmpty());

    const Run balance = run({QStringLiteral("balance")}, environment());
    QCOMPARE(balance.exitCode, 0);
    const QJsonObject json = balance.json();
    QVERIFY(json.value(QStringLiteral("balance")).isDouble());
    const QString currency = json.value(QStringLiteral("currency")).toString();
    QVERIFY(!currency.isEmpty());
    QVERIFY2(balance.err.contains(currency.toUtf8()), balance.err.constData());
}

void TestCli::accountsTestCoversEveryVendor()
{
    const Run test = run({QStringLiteral("accounts"), QStringLiteral("test")}, environment());
    QCOMPARE(test.exitCode, 0);
    const QJsonObject json = test.json();
    QVERIFY(json.value(QStringLiteral("ok")).toBool());
    const QJsonArray results = json.value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 4);
    for (const QJsonValue &value : results) {
        const QJsonObject result = value.toObject();
        QVERIFY2(result.value(QStringLiteral("ok")).toBool(),
                 qPrintable(result.value(QStringLiteral("summary")).toString()));
        QVERIFY(!result.value(QStringLiteral("summary")).toString().isEmpty());
    }
    // Verloop was only format-checked, and says so.
    QCOMPARE(results.at(2).toObject().value(QStringLiteral("vendor")).toString(), QStringLiteral("verloop"));
    QCOMPARE(results.at(2).toObject().value(QStringLiteral("probed")).toBool(), false);
}

void TestCli::accountsTestOneVendor()
{
    const Run test = run({QStringLiteral("accounts"), QStringLiteral("test"), QStringLiteral("unlimcall")},
                         environment());
    QCOMPARE(test.exitCode, 0);
    const QJsonArray results = test.json().value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 1);
    const QJsonObject details = results.at(0).toObject().value(QStringLiteral("details")).toObject();
    QVERIFY(details.value(QStringLiteral("balance")).toObject().contains(QStringLiteral("currency")));
    QVERIFY(test.err.contains("UnlimCall: Connected as"));
}

void TestCli::wrongKeyExplainsAndExitsWithThree()
{
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("UNLOOPA_API_KEY"), WrongUnloopaKey);
    const Run quota = run({QStringLiteral("quota")}, env);
    QCOMPARE(quota.exitCode, 3);
    const QJsonObject error = quota.json().value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("httpStatus")).toInt(), 401);
    QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("unauthorized"));
    QVERIFY2(quota.err.contains("missing or invalid"), quota.err.constData());

    // The same through accounts test.
    const Run test =
            run({QStringLiteral("accounts"), QStringLiteral("test"), QStringLiteral("unloopa")}, env);
    QCOMPARE(test.exitCode, 3);
    QVERIFY(!test.json().value(QStringLiteral("ok")).toBool());
    QVERIFY2(test.err.contains("missing or invalid"), test.err.constData());
}

void TestCli::missingCredentialsExitWithThree()
{
    // No environment credentials and no keychain (no session bus here): a clear sentence, exit 3.
    const Run quota = run({QStringLiteral("quota")}, environment(false));
    QCOMPARE(quota.exitCode, 3);
    QVERIFY2(!quota.err.trimmed().isEmpty(), "a sentence on stderr");
    QVERIFY(quota.json().contains(QStringLiteral("error")));

    const Run test = run({QStringLiteral("accounts"), QStringLiteral("test")}, environment(false));
    QCOMPARE(test.exitCode, 3);
}

void TestCli::incompleteEnvironmentCredentialsExitWithThree()
{
    QProcessEnvironment env = environment();
    env.remove(QStringLiteral("OUTREACH2DAY_WORKSPACE_ID"));
    const Run test =
            run({QStringLiteral("accounts"), QStringLiteral("test"), QStringLiteral("outreach2day")}, env);
    QCOMPARE(test.exitCode, 3);
    QVERIFY2(test.err.contains("workspace"), test.err.constData());
    QVERIFY2(test.err.contains("OUTREACH2DAY_WORKSPACE_ID"), test.err.constData());
}

void TestCli::refusedUrlExitsWithThree()
{
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("CAMPAIGN_CONSOLE_UNLOOPA_URL"),
               QStringLiteral("http://unloopa.example.com/api/v1"));
    const Run quota = run({QStringLiteral("quota")}, env);
    QCOMPARE(quota.exitCode, 3);
    QCOMPARE(quota.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
             QStringLiteral("url_refused"));
    QVERIFY2(quota.err.contains("https"), quota.err.constData());
}

void TestCli::unreachableVendorExitsWithFour()
{
    // A loopback port nobody listens on: connection refused (retried, then reported).
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("CAMPAIGN_CONSOLE_UNLIMCALL_URL"),
               QStringLiteral("http://127.0.0.1:9/unlimcall/api/v1"));
    const Run me = run({QStringLiteral("me")}, env);
    QCOMPARE(me.exitCode, 4);
    QVERIFY(!me.err.trimmed().isEmpty());
}

void TestCli::usageErrorsExitWithTwo()
{
    QCOMPARE(run({}, environment()).exitCode, 2);
    const Run unknown = run({QStringLiteral("frobnicate")}, environment());
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.err.contains("Unknown command"));
    QCOMPARE(run({QStringLiteral("quota"), QStringLiteral("extra")}, environment()).exitCode, 2);
    QCOMPARE(run({QStringLiteral("accounts"), QStringLiteral("test"), QStringLiteral("acme")}, environment())
                     .exitCode,
             2);
    QCOMPARE(run({QStringLiteral("quota"), QStringLiteral("--unloopa-url")}, environment()).exitCode, 2);
}

void TestCli::commandLineUrlWinsOverEnvironment()
{
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("CAMPAIGN_CONSOLE_UNLOOPA_URL"),
               QStringLiteral("http://127.0.0.1:9/unloopa/api/v1"));
    const Run quota =
            run({QStringLiteral("--unloopa-url=") + m_urls.value(QStringLiteral("unloopa")).toString(),
                 QStringLiteral("quota")},
                env);
    QCOMPARE(quota.exitCode, 0);
    const Run separate = run({QStringLiteral("quota"), QStringLiteral("--unloopa-url"),
                              m_urls.value(QStringLiteral("unloopa")).toString()},
                             env);
    QCOMPARE(separate.exitCode, 0);
}

void TestCli::demoNeedsNoAccount()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("UNLOOPA_API_KEY"));
    const Run quota = run({QStringLiteral("--demo"), QStringLiteral("quota")}, env);
    QCOMPARE(quota.exitCode, 0);
    QVERIFY(!quota.json().value(QStringLiteral("plan")).toString().isEmpty());
    const Run test = run({QStringLiteral("accounts"), QStringLiteral("test"), QStringLiteral("--demo")}, env);
    QCOMPARE(test.exitCode, 0);
    QCOMPARE(test.json().value(QStringLiteral("results")).toArray().size(), 4);
}

void TestCli::noTokenInAnyOutput()
{
    QVERIFY(m_outputs.size() > 20);
    QList<QByteArray> tokens{WrongUnloopaKey.toUtf8()};
    for (Vendor vendor : Vendors::all())
        tokens << SandboxServer::demoToken(vendor);
    for (const QByteArray &output : std::as_const(m_outputs)) {
        for (const QByteArray &token : std::as_const(tokens))
            QVERIFY2(!output.contains(token), output.constData());
    }
}

// The "Max core file size" line of /proc/<pid>/limits, whitespace simplified.
static QByteArray coreLimitLine(const QString &pid)
{
    QFile limits(QStringLiteral("/proc/%1/limits").arg(pid));
    if (!limits.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : limits.readAll().split('\n')) {
        if (line.startsWith("Max core file size"))
            return line.simplified();
    }
    return {};
}

// Release builds (CI) turn core dumps off (S5); debug builds keep the limit they inherited, so a
// developer still gets a core. Each build checks its own rule.
void TestCli::coreDumpsFollowTheBuildType()
{
#if !defined(Q_OS_LINUX)
    QSKIP("Reads /proc/<pid>/limits.");
#else
    // A vendor that accepts the connection and never answers keeps the CLI running while we look.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    QList<QTcpSocket *> held;
    connect(&silent, &QTcpServer::newConnection, this, [&] { held << silent.nextPendingConnection(); });
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("CAMPAIGN_CONSOLE_UNLIMCALL_URL"),
               QStringLiteral("http://127.0.0.1:%1/unlimcall/api/v1").arg(silent.serverPort()));
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(CliHarness::cliPath(), {QStringLiteral("me")});
    QVERIFY(process.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(!held.isEmpty(), 60'000);
    const QByteArray coreLine = coreLimitLine(QString::number(process.processId()));
    process.kill();
    process.waitForFinished();
#if defined(QT_NO_DEBUG)
    QCOMPARE(coreLine, QByteArray("Max core file size 0 0 bytes"));
#else
    const QByteArray inherited = coreLimitLine(QStringLiteral("self"));
    QVERIFY(!inherited.isEmpty());
    QCOMPARE(coreLine, inherited);
#endif
#endif
}

CC_TEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
