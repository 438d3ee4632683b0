// campaign-console-cli: every vendor operation, scriptable. JSON on stdout, a human sentence on
// stderr, and an exit status that says what went wrong (CliExit).

#include "CliCommand.h"
#include "CliContext.h"
#include "Wiring.h"
#include "accounts/ServiceHub.h"
#include "core/Redaction.h"
#include "core/VendorEndpoints.h"
#include "credentials/CredentialsFromEnvironment.h"

#include <QCoreApplication>
#include <QSet>
#include <QTextStream>

#include <cstdio>

namespace {

QString helpText()
{
    QString text;
    QTextStream out(&text);
    out << "Usage: campaign-console-cli [--demo] [--<vendor>-url <url>] <command> [arguments]\n\n"
        << "Commands:\n";
    for (const CliCommand &command : CliCommands::all())
        out << "  " << QString(command.name + QLatin1Char(' ') + command.usage).trimmed() << "\n      "
            << command.summary << "\n";
    out << "  help [command]\n      Shows this text, or one command's usage.\n\n"
        << "Options:\n"
        << "  --demo                 Run against the built-in sandbox with its demo accounts.\n";
    for (Vendor vendor : Vendors::all())
        out << "  --" << VendorEndpoints::commandLineOption(vendor) << " <url>"
            << QString(qMax(1, 15 - int(VendorEndpoints::commandLineOption(vendor).size())), QLatin1Char(' '))
            << Vendors::displayName(vendor) << "'s base URL (also "
            << VendorEndpoints::environmentVariable(vendor) << ").\n";
    out << "\nCredentials come from these environment variables when set, else from the keychain:\n";
    for (Vendor vendor : Vendors::all())
        out << "  " << Vendors::displayName(vendor) << ": " << CredentialsFromEnvironment::whatToSet(vendor)
            << "\n";
    out << "  UnlimCall's OAuth token URL: --" << VendorEndpoints::unlimcallTokenUrlOption() << " <url> or "
        << VendorEndpoints::unlimcallTokenUrlVariable() << " (default "
        << VendorEndpoints::defaultUnlimCallTokenUrl().toString() << ").\n";
    out << "\nOutput: JSON on stdout; a sentence on stderr. Exit status: 0 success, 1 vendor error, "
           "2 usage error,\n3 not configured (credentials, keychain, base URL), 4 network or timeout, 5 "
           "refused "
           "by the\noutbound guard (do-not-contact list, calling window, daily attempt limit), 6 preflight "
           "checks\nstill blocking a launch (email preflight).\n";
    return text;
}

void print(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

// Points at the right way to configure a vendor when its credentials are simply absent.
ApiError explainMissing(Vendor vendor, ApiError error)
{
    if (error.code == QLatin1String("keychain_entry_not_found") ||
        error.code == QLatin1String("not_configured")) {
        error.explanation =
                QStringLiteral("No %1 credentials: set %2, or save them under Accounts in the console.")
                        .arg(Vendors::displayName(vendor), CredentialsFromEnvironment::whatToSet(vendor));
    }
    return error;
}

} // namespace

int main(int argc, char *argv[])
{
    Wiring::disableCoreDumpsInRelease();
    QCoreApplication app(argc, argv);
    Wiring::setApplicationIdentity();
    Redaction::installMessageHandler();

    // Two files registering the same name would make one of them unreachable: fail loudly.
    QSet<QString> names;
    for (const CliCommand &command : CliCommands::all()) {
        if (names.contains(command.name)) {
            print(stderr,
                  QStringLiteral("Internal error: the command '%1' is registered twice.\n")
                          .arg(command.name));
            return CliExit::VendorError;
        }
        names.insert(command.name);
    }

    QStringList arguments = app.arguments().mid(1);
    Wiring::GlobalOptions global;
    if (const auto problem = Wiring::takeGlobalOptions(arguments, global)) {
        print(stderr, *problem + QLatin1Char('\n'));
        return CliExit::Usage;
    }

    if (arguments.isEmpty()) {
        print(stderr, helpText());
        return CliExit::Usage;
    }
    if (arguments.first() == QLatin1String("help") || arguments.first() == QLatin1String("--help") ||
        arguments.first() == QLatin1String("-h")) {
        int consumed = 0;
        const CliCommand *command = CliCommands::find(arguments.mid(1), &consumed);
        if (command && consumed == arguments.size() - 1) {
            print(stdout,
                  QStringLiteral("Usage: campaign-console-cli %1 %2\n%3\n")
                          .arg(command->name, command->usage, command->summary));
        } else {
            print(stdout, helpText());
        }
        return CliExit::Ok;
    }
    if (arguments.first() == QLatin1String("--version")) {
        print(stdout, QCoreApplication::applicationVersion() + QLatin1Char('\n'));
        return CliExit::Ok;
    }

    int consumed = 0;
    const CliCommand *command = CliCommands::find(arguments, &consumed);
    if (!command) {
        print(stderr,
              QStringLiteral("Unknown command '%1'. Run 'campaign-console-cli help' for the list.\n")
                      .arg(arguments.join(QLatin1Char(' '))));
        return CliExit::Usage;
    }

    Wiring::Demo demo;
    ServiceHub::Options hubOptions =
            Wiring::hubOptions(global, ServiceHub::CredentialSource::EnvironmentThenKeychain);
    if (global.demo) {
        if (!demo.start()) {
            print(stderr, QStringLiteral("The demo sandbox could not start: %1\n").arg(demo.errorString()));
            return CliExit::Network;
        }
        hubOptions = demo.hubOptions();
    }
    ServiceHub hub(hubOptions);
    if (global.demo)
        demo.installCredentials(hub);

    CliContext context(hub, global.demo);
    for (Vendor vendor : std::as_const(command->vendors)) {
        if (const auto problem = context.loadCredentials(vendor))
            return context.fail(explainMissing(vendor, *problem));
    }
    return command->run(context, arguments.mid(consumed));
}
