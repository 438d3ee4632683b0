#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QString>
#include <QTimeZone>

class SandboxServer;
struct SandboxRequest;
struct SandboxResponse;

// A voice campaign in the Verloop dashboard. Only published campaigns accept SendMessage.
struct VerloopCampaign
{
    QString id; // UUID
    QString name;
    bool published = true;
};

// One call accepted by POST /Campaign/SendMessage.
struct VerloopScheduledMessage
{
    QString messageId;
    QString campaignId;
    QString phoneNumber; // as sent
    QString scheduledTime; // ScheduledAt.Time as sent
    QDateTime scheduledAt; // resolved (a time without offset is in the dashboard's time zone)
    bool bypassCallingWindow = false;
    QJsonObject variables;
    QString callbackUrl;
    QJsonObject callbackState;
};

// Verloop's Twirp service (verloop-campaign-sendmessage.txt): POST /Campaign/SendMessage schedules
// one voice-AI call into a published campaign. Errors are Twirp's {"code","msg","meta"}; a
// missing or invalid field is invalid_argument naming the field in msg and meta.argument.
class VerloopSandbox : public QObject
{
    Q_OBJECT
public:
    explicit VerloopSandbox(SandboxServer *server, QObject *parent = nullptr);

    // The three published campaigns (seeded).
    QList<VerloopCampaign> campaigns() const { return m_campaigns; }
    // A campaign that exists but is not published: SendMessage refuses it like an unknown one.
    VerloopCampaign draftCampaign() const { return m_draft; }
    QList<VerloopScheduledMessage> scheduledMessages() const { return m_messages; }
    void clearScheduledMessages() { m_messages.clear(); }
    // "Without offset: interpreted using your dashboard's configured timezone."
    QTimeZone dashboardTimeZone() const;

private:
    SandboxResponse sendMessage(const SandboxRequest &request);

    QList<VerloopCampaign> m_campaigns;
    VerloopCampaign m_draft;
    QList<VerloopScheduledMessage> m_messages;
    QRandomGenerator m_messageIds;
};
