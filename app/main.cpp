// campaign-console: the desktop console. `--demo` runs it on the built-in sandbox.

#include "MainWindow.h"
#include "Wiring.h"
#include "accounts/ServiceHub.h"
#include "core/Redaction.h"
#include "core/VendorEndpoints.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>

int main(int argc, char *argv[])
{
    Wiring::disableCoreDumpsInRelease();
    QApplication app(argc, argv);
    Wiring::setApplicationIdentity();
    QApplication::setApplicationDisplayName(QStringLiteral("Campaign Console"));
    QApplication::setDesktopFileName(QStringLiteral("io.github.campaign_console.CampaignConsole"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/campaign-console.svg")));
    Redaction::installMessageHandler();

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "One desktop console for outbound campaigns across Unloopa, UnlimCall, Verloop and "
            "Outreach2day."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(
            QStringLiteral("demo"),
            QStringLiteral("Start on the built-in sandbox with demo accounts (no vendor account needed)."));
    parser.addOption(demoOption);
    QMap<Vendor, QCommandLineOption> urlOptions;
    for (Vendor vendor : Vendors::all()) {
        const QCommandLineOption option(
                VendorEndpoints::commandLineOption(vendor),
                QStringLiteral("%1's base URL (overrides %2 and Settings).")
                        .arg(Vendors::displayName(vendor), VendorEndpoints::environmentVariable(vendor)),
                QStringLiteral("url"));
        parser.addOption(option);
        urlOptions.insert(vendor, option);
    }
    const QCommandLineOption tokenUrlOption(
            VendorEndpoints::unlimcallTokenUrlOption(),
            QStringLiteral("UnlimCall's OAuth token URL (overrides %1 and Settings).")
                    .arg(VendorEndpoints::unlimcallTokenUrlVariable()),
            QStringLiteral("url"));
    parser.addOption(tokenUrlOption);
    parser.process(app);

    Wiring::GlobalOptions global;
    global.demo = parser.isSet(demoOption);
    global.tokenUrl = parser.value(tokenUrlOption);
    for (auto it = urlOptions.cbegin(); it != urlOptions.cend(); ++it) {
        if (parser.isSet(it.value()))
            global.urls.insert(it.key(), parser.value(it.value()));
    }

    Wiring::Demo demo;
    ServiceHub::Options hubOptions = Wiring::hubOptions(global, ServiceHub::CredentialSource::Keychain);
    if (global.demo) {
        if (!demo.start()) {
            QMessageBox::critical(
                    nullptr, QStringLiteral("Campaign Console"),
                    QStringLiteral("The demo sandbox could not start: %1").arg(demo.errorString()));
            return 1;
        }
        hubOptions = demo.hubOptions();
    }
    ServiceHub hub(hubOptions);
    if (global.demo)
        demo.installCredentials(hub);
    else
        hub.loadSavedCredentials();

    MainWindow window(&hub);
    window.show();
    return app.exec();
}
