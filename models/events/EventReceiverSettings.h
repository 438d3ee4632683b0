#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

// The public base URL the operator registered with the vendors for the console's webhook
// receiver: the https address of the tunnel or reverse proxy in front of it (the vendors require
// https; plain http is accepted for loopback only, the sandbox's case). While it is set the
// receiver counts as on for Verloop: each scheduled call's Callback.URL is the console's own
// <base>/hooks/verloop/<token> (VerloopScheduler). Kept in Settings (group "events"); the
// environment variable CAMPAIGN_CONSOLE_EVENTS_PUBLIC_URL wins, for scripts and the CLI.
class EventReceiverSettings
{
public:
    static QString publicUrlVariable() { return QStringLiteral("CAMPAIGN_CONSOLE_EVENTS_PUBLIC_URL"); }

    explicit EventReceiverSettings(
            const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

    // Empty when the operator registered none (or what is set is not a usable URL: see problem()).
    QUrl publicBaseUrl() const;
    // Why the URL set cannot be used (not https, a user name in it...), else empty.
    QString problem() const;
    void setPublicBaseUrl(const QUrl &url); // empty: off

    // A sentence when `url` cannot be a public base URL, else empty.
    static QString urlProblem(const QUrl &url);

private:
    QUrl configured() const;

    QProcessEnvironment m_environment;
};
