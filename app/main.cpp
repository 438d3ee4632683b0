// campaign-console: the desktop console. `--demo` runs it on the built-in sandbox.

#include "MainWindow.h"
#include "StartupReport.h"
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
    QApplication::setApplicationDisplayName(QCoreApplication::translate("main", "Campaign Console"));
    QApplication::setDesktopFileName(QStringLiteral("io.github.campaign_console.CampaignConsole"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/campaign-console.svg")));
    Redaction::installMessageHandler();

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
            "main",
            "One desktop console for outbound campaigns across Unloopa, UnlimCall, Verloop and "
            "Outreach2day."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(
            QStringLiteral("demo"),
            QCoreApplication::translate(
                    "main", "Start on the built-in sandbox with demo accounts (no vendor account needed)."));
    parser.addOption(demoOption);
    QMap<Vendor, QCommandLineOption> urlOptions;
    for (Vendor vendor : Vendors::all()) {
        const QCommandLineOption option(
                VendorEndpoints::commandLineOption(vendor),
                QCoreApplication::translate("main", "%1's base URL (overrides %2 and Settings).")
                        .arg(Vendors::displayName(vendor), VendorEndpoints::environmentVariable(vendor)),
                QStringLiteral("url"));
        parser.addOption(option);
        urlOptions.insert(vendor, option);
    }
    const QCommandLineOption tokenUrlOption(
            VendorEndpoints::unlimcallTokenUrlOption(),
            QCoreApplication::translate("main", "UnlimCall's OAuth token URL (overrides %1 and Settings).")
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
    ServiceHub hub(global.demo ? demo.hubOptions()
                               : Wiring::hubOptions(global, ServiceHub::CredentialSource::Keychain));
    MainWindow window(&hub);
    // The window's first frame needs neither the demo sandbox (seeding its data takes longer than
    // showing the window) nor the keychain: both come after it, before the pages are built.
    if (global.demo) {
        window.deferUntilShown([&demo, &hub, &window] {
            if (!demo.attach(hub)) {
                QMessageBox::critical(
                        &window, QCoreApplication::translate("main", "Campaign Console"),
                        QCoreApplication::translate("main", "The demo sandbox could not start: %1")
                                .arg(demo.errorString()));
                QCoreApplication::exit(1);
            }
        });
    } else {
        window.deferUntilShown([&hub] { hub.loadSavedCredentials(); });
    }
    StartupReport::watch(&window);
    QObject::connect(&window, &MainWindow::started, &window, &StartupReport::ready);
    window.show();
    return app.exec();
}
