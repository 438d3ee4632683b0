#pragma once

#include <QHostAddress>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

// The in-app webhook receiver's settings (group "events"; LiveEvents applies them):
//   receiverEnabled   whether the console listens at all (default off: nothing is opened that the
//                     operator did not ask for)
//   bindAddress, port where it listens (default 127.0.0.1:8787, this computer only)
//   outreach2dayScheme how Outreach2day deliveries are signed (WebhookIngest::schemeId(); default
//                     "standard-webhooks": its reference gives a secret but no scheme)
// and the public base URL the operator registered with the vendors for the console's webhook
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
    // The URL Settings hold as typed (the field Settings edits), whatever the environment says.
    QString storedPublicBaseUrl() const;

    // A sentence when `url` cannot be a public base URL, else empty.
    static QString urlProblem(const QUrl &url);

    bool isReceiverEnabled() const;
    void setReceiverEnabled(bool enabled);
    // A stored address that does not parse reads as the default (loopback).
    QHostAddress bindAddress() const;
    void setBindAddress(const QHostAddress &address);
    quint16 port() const; // 0 = any free port (as `events listen --port 0`); junk reads as the default
    void setPort(quint16 port);
    // WebhookIngest::schemeId() of the Outreach2day signing scheme; an unknown one reads as the default.
    QString outreach2dayScheme() const;
    void setOutreach2dayScheme(const QString &schemeId);

private:
    QUrl configured() const;

    QProcessEnvironment m_environment;
};
