#pragma once

// Header only: the tests that include it link cc_ui and cc_wiring, the support library does not.
#include "MainWindow.h"
#include "Wiring.h"
#include "accounts/ServiceHub.h"

#include <QSettings>
#include <QString>
#include <QTest>

#include <memory>

// The console as an operator opens it in demo mode, for acceptance tests that drive the real
// widgets: the sandbox, a hub holding the demo keys, MainWindow shown at 1400 × 1000 and started.
// Members are destroyed window first, sandbox last.
struct DemoConsole
{
    std::unique_ptr<Wiring::Demo> demo;
    std::unique_ptr<ServiceHub> hub;
    std::unique_ptr<MainWindow> window;

    // Empty when the window has started; else what failed. Settings are cleared first: a new
    // operator's console.
    QString open(int startTimeoutMs = 5000)
    {
        demo = std::make_unique<Wiring::Demo>();
        if (!demo->start())
            return demo->errorString();
        QSettings().clear();
        hub = std::make_unique<ServiceHub>(demo->hubOptions());
        demo->installCredentials(*hub);
        window = std::make_unique<MainWindow>(hub.get());
        window->resize(1400, 1000);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            return QStringLiteral("the main window was never exposed");
        if (!QTest::qWaitFor([this] { return window->isStarted(); }, startTimeoutMs))
            return QStringLiteral("the main window did not start within %1 ms").arg(startTimeoutMs);
        if (!window->outboundSafety())
            return QStringLiteral("the main window has no outbound guard");
        return {};
    }

    void close()
    {
        window.reset();
        hub.reset();
        demo.reset();
    }
};
