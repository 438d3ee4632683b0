#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

// One Outreach2day campaign as the sandbox keeps it: what the console built (steps, mailboxes,
// schedule, stop rules), its launches, subsequences and reply routing. Outreach2daySandbox owns
// the campaigns and answers their endpoints; Outreach2daySending sends them.
struct SandboxO2dCampaign
{
    struct Variant
    {
        QString subject, bodyHtml, bodyText;
        int weight = 0;
    };
    struct Step
    {
        QString id;
        int order = 0;
        qint64 delaySeconds = 0; // after the previous step's send (the first: after launch)
        QString subject, bodyHtml, bodyText;
        QList<Variant> variants; // A/B: weights sum to 100
    };
    struct Mailbox
    {
        QString id; // cmb_: the campaign-mailbox link
        QString mailboxId; // mbx_: the workspace's mailbox
        QString address;
        QString state = QStringLiteral("active");
        int dailyLimit = 30, weight = 100, gapBaseSeconds = 120, gapJitterSeconds = 60;
    };
    struct Window
    {
        QString start, end; // "HH:MM" in the campaign's time zone
    };
    struct LaunchJob
    {
        QString id;
        QString status; // queued, running, completed, failed
        QStringList contactIds; // the tranche, taken when the job was accepted
        int polls = 0;
        QString error;
        QDateTime createdAt, finishedAt;
    };
    struct Subsequence
    {
        QString id; // sub_
        QString name;
        QString enrollmentMode; // manual, automatic
        QDateTime createdAt;
        int enrolled = 0; // contacts routed into it by a reply's intent
    };
    struct RoutingRule
    {
        QString trigger; // reply_intent
        QString value; // the intent
        QString subsequenceId;
    };

    QString id, name, priority, status = QStringLiteral("draft");
    QDateTime createdAt, updatedAt;
    QList<Step> steps; // in order
    QList<Mailbox> mailboxes;
    QString timezone; // empty: no schedule
    QStringList weekdays;
    QList<Window> windows;
    bool stopOnReply = true, stopOnUnsub = true, stopOnBounce = true;
    QList<LaunchJob> launchJobs;
    QList<Subsequence> subsequences;
    QList<RoutingRule> routing;
};
