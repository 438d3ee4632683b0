#pragma once

#include "core/Vendor.h"

#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// The built campaign-console-cli and campaign-console-sandbox programs as a script runs them, so
// every CLI test starts, feeds and reads them the same way. Tests that use it add
// add_dependencies(<test> campaign-console-cli [campaign-console-sandbox]) so the programs exist.
namespace CliHarness {

QString cliPath();
QString sandboxPath();

// What one CLI run printed and how it ended (exitCode -1: did not start, crashed or timed out).
struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const;
};

enum class Wait {
    Blocking, // the sandbox is another process
    ServingEvents // the sandbox lives in this process: keep its event loop running meanwhile
};

Run run(const QStringList &arguments, const QProcessEnvironment &environment, Wait wait = Wait::Blocking);

// The environment variables the CLI reads: the vendor's URL and its demo credentials.
void addVendorUrl(QProcessEnvironment &environment, Vendor vendor, const QString &url);
void addDemoCredentials(QProcessEnvironment &environment, Vendor vendor);
// Every credential variable the CLI reads, for tests that start from none.
QStringList credentialVariables();

// campaign-console-sandbox started with --print-urls; stopped when destroyed.
class SandboxProcess
{
public:
    SandboxProcess() = default;
    ~SandboxProcess();
    SandboxProcess(const SandboxProcess &) = delete;
    SandboxProcess &operator=(const SandboxProcess &) = delete;

    // Starts the program and reads the line of vendor URLs it prints; false with errorString().
    bool start(const QStringList &arguments);
    QString errorString() const { return m_error; }
    QByteArray urlLine() const { return m_urlLine; }
    QJsonObject urls() const;

private:
    QProcess m_process;
    QByteArray m_urlLine;
    QString m_error;
};

} // namespace CliHarness
