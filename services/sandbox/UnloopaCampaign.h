#pragma once

#include "SandboxServer.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTime>

#include <optional>

// One Unloopa voice campaign as the sandbox keeps it: its configuration (what the agent says, the
// number it calls from, when it may call: time zone, calling window, days, calls per hour, the
// maximum), its callable leads in calling order and the calls it placed. The calling-time
// arithmetic lives here: whether a moment is inside the window on an allowed day in the campaign's
// zone, and when the window next opens.
struct UnloopaSimulatedCampaign
{
    struct Lead
    {
        QString id;
        QString businessName;
        QString phone; // E.164
        QString city;
        QString industry;
        QString websiteUrl;
    };

    QString id;
    QString name;
    QString status = QStringLiteral("draft"); // draft, active, paused, completed
    QString agentId; // empty: voice_id + script given directly
    QString phoneNumberId;
    QString agentName;
    QString voiceId;
    QString voiceName;
    QString script;
    int scriptVersion = 1;
    QString firstMessage;
    QString timezone = QStringLiteral("America/New_York");
    QTime windowStart = QTime(9, 0);
    QTime windowEnd = QTime(17, 0);
    QStringList days{QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"),
                     QStringLiteral("thu"), QStringLiteral("fri")};
    int callsPerHour = 10;
    int maxCalls = 0; // 0: no maximum
    int leadsCount = 0; // leads selected (callable or not)
    QList<Lead> leads; // the callable ones, in calling order
    int nextLead = 0; // leads before this one have been called
    bool cancelled = false; // cancel dropped the leads not called yet
    QList<int> calls; // indexes into the calls store
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime activatedAt;
    QDateTime nextSlot; // when it may place its next call on its own (active)

    static constexpr int maxCallsPerHour = 60;
    static QStringList dayNames(); // mon … sun

    bool inWindow(const QDateTime &time) const;
    // The first moment at or after `time` inside the window on an allowed day.
    QDateTime nextWindowOpening(const QDateTime &time) const;
    int pendingLeads() const { return cancelled ? 0 : int(leads.size()) - nextLead; }
    // Whether it may still call (leads left and below its maximum).
    bool canCallMore() const { return pendingLeads() > 0 && (maxCalls == 0 || int(calls.size()) < maxCalls); }

    // Reads the timing fields present in `body` (timezone, calling_window_start/end, calling_days,
    // calls_per_hour, max_calls) and name / script / first_message / voice_id / voice_name.
    std::optional<SandboxResponse> readSettings(const QJsonObject &body);
    QJsonObject settingsJson() const;
};
