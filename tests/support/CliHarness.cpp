#include "CliHarness.h"

#include "sandbox/SandboxServer.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

namespace CliHarness {

QString cliPath()
{
    return QStringLiteral(CC_CLI_PATH);
}

QString sandboxPath()
{
    return QStringLiteral(CC_SANDBOX_PATH);
}

QJsonObject Run::json() const
{
    return QJsonDocument::fromJson(out).object();
}

Run run(const QStringList &arguments, const QProcessEnvironment &environment, Wait wait)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(cliPath(), arguments);
    Run result;
    if (!process.waitForStarted())
        return result;
    const bool ended = wait == Wait::Blocking ? process.waitForFinished(-1)
                                              : (!finished.isEmpty() || finished.wait(300'000));
    if (!ended)
        return result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

void addVendorUrl(QProcessEnvironment &environment, Vendor vendor, const QString &url)
{
    environment.insert(QStringLiteral("CAMPAIGN_CONSOLE_%1_URL").arg(Vendors::id(vendor).toUpper()), url);
}

void addDemoCredentials(QProcessEnvironment &environment, Vendor vendor)
{
    switch (vendor) {
    case Vendor::Unloopa:
        environment.insert(QStringLiteral("UNLOOPA_API_KEY"),
                           QString::fromUtf8(SandboxServer::demoToken(Vendor::Unloopa)));
        break;
    case Vendor::UnlimCall:
        environment.insert(QStringLiteral("UNLIMCALL_API_TOKEN"),
                           QString::fromUtf8(SandboxServer::demoToken(Vendor::UnlimCall)));
        break;
    case Vendor::Verloop:
        environment.insert(QStringLiteral("VERLOOP_API_TOKEN"),
                           QString::fromUtf8(SandboxServer::demoToken(Vendor::Verloop)));
        environment.insert(QStringLiteral("VERLOOP_CLIENT_ID"), SandboxServer::demoVerloopClientId());
        break;
    case Vendor::Outreach2day:
        environment.insert(QStringLiteral("OUTREACH2DAY_API_KEY"),
                           QString::fromUtf8(SandboxServer::demoToken(Vendor::Outreach2day)));
        environment.insert(QStringLiteral("OUTREACH2DAY_WORKSPACE_ID"),
                           SandboxServer::demoOutreachWorkspaceId());
        break;
    }
}

QStringList credentialVariables()
{
    return {QStringLiteral("UNLOOPA_API_KEY"),      QStringLiteral("UNLIMCALL_API_TOKEN"),
            QStringLiteral("UNLIMCALL_CLIENT_ID"),  QStringLiteral("UNLIMCALL_CLIENT_SECRET"),
            QStringLiteral("VERLOOP_API_TOKEN"),    QStringLiteral("VERLOOP_CLIENT_ID"),
            QStringLiteral("OUTREACH2DAY_API_KEY"), QStringLiteral("OUTREACH2DAY_WORKSPACE_ID")};
}

SandboxProcess::~SandboxProcess()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10'000))
        m_process.kill();
}

bool SandboxProcess::start(const QStringList &arguments)
{
    m_process.setProgram(sandboxPath());
    m_process.setArguments(QStringList{QStringLiteral("--print-urls")} + arguments);
    m_process.start();
    if (!m_process.waitForStarted()) {
        m_error = m_process.errorString();
        return false;
    }
    (void)QTest::qWaitFor(
            [this] { return m_process.canReadLine() || m_process.state() != QProcess::Running; }, 60'000);
    m_urlLine = m_process.readLine();
    if (urls().isEmpty()) {
        m_error = QStringLiteral("campaign-console-sandbox printed no URLs: ") + QString::fromUtf8(m_urlLine);
        return false;
    }
    return true;
}

QJsonObject SandboxProcess::urls() const
{
    return QJsonDocument::fromJson(m_urlLine).object();
}

} // namespace CliHarness
