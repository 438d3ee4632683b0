// UnloopaSandbox's control endpoint, GET/POST /_sandbox/unloopa (documented in SandboxServer.cpp):
// the switches tests in other processes (the CLI tests) and the demo need.

#include "SandboxServer.h"
#include "UnloopaCallSimulation.h"
#include "UnloopaCallsSandbox.h"
#include "UnloopaCampaignsSandbox.h"
#include "UnloopaOutreachSandbox.h"
#include "UnloopaSandbox.h"
#include "UnloopaSandboxReplies.h"

#include <QJsonArray>

namespace {

SandboxResponse invalidControl(const QString &message)
{
    return SandboxResponse::json(QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_control")},
                                             {QStringLiteral("message"), message}},
                                 400);
}

} // namespace

void UnloopaSandbox::resetSwitches()
{
    m_commandsPerMinute = 10;
    m_calls->setNextEndings({});
    m_calls->setCallsPerMinute(0);
}

SandboxResponse UnloopaSandbox::control(const SandboxRequest &request)
{
    if (request.method == "POST") {
        bool ok = false;
        const QJsonObject body = request.jsonObject(&ok);
        if (!ok)
            return invalidControl(QStringLiteral("The body must be a JSON object."));
        // Everything is checked before anything changes.
        const QString plan = body.value(QLatin1String("plan")).toString();
        if (body.contains(QLatin1String("plan")) && plan != QLatin1String("free") &&
            plan != QLatin1String("pro"))
            return invalidControl(QStringLiteral("plan must be \"free\" or \"pro\"."));
        for (const char *key : {"voiceCredits", "commandsPerMinute", "voiceCallsPerMinute"}) {
            const QJsonValue value = body.value(QLatin1String(key));
            if (body.contains(QLatin1String(key)) && (!value.isDouble() || value.toDouble() < 0))
                return invalidControl(
                        QStringLiteral("%1 must be a non-negative number.").arg(QLatin1String(key)));
        }
        QStringList endings;
        const QStringList allowed = UnloopaCallSimulation::outcomes() << QStringLiteral("failed");
        for (const QJsonValue &ending : body.value(QLatin1String("callOutcomes")).toArray()) {
            if (!allowed.contains(ending.toString()))
                return invalidControl(QStringLiteral("callOutcomes must list outcomes (%1).")
                                              .arg(allowed.join(QStringLiteral(", "))));
            endings.append(ending.toString());
        }
        if (body.contains(QLatin1String("outreachConfigured")) &&
            !body.value(QLatin1String("outreachConfigured")).isBool())
            return invalidControl(QStringLiteral("outreachConfigured must be true or false."));
        const double speed = body.value(QLatin1String("clockSpeed")).toDouble(-1);
        if (body.contains(QLatin1String("clockSpeed")) && (speed < 0 || speed > 1e6))
            return invalidControl(QStringLiteral("clockSpeed must be a number from 0 to 1000000."));
        const double seconds = body.value(QLatin1String("advanceSeconds")).toDouble(-1);
        if (body.contains(QLatin1String("advanceSeconds")) && (seconds < 0 || seconds > 366.0 * 86400))
            return invalidControl(QStringLiteral("advanceSeconds must be a number from 0 to 31622400."));
        const QDateTime target =
                QDateTime::fromString(body.value(QLatin1String("now")).toString(), Qt::ISODateWithMs);
        if (body.contains(QLatin1String("now")) && (!target.isValid() || target < now()))
            return invalidControl(QStringLiteral("now must be an ISO 8601 time not before the clock's now."));

        if (body.contains(QLatin1String("plan")))
            setPlan(plan == QLatin1String("pro") ? Plan::Pro : Plan::Free);
        if (body.contains(QLatin1String("voiceCredits")))
            setVoiceCredits(body.value(QLatin1String("voiceCredits")).toInt());
        if (body.contains(QLatin1String("commandsPerMinute")))
            setCommandRateLimit(body.value(QLatin1String("commandsPerMinute")).toInt());
        if (body.contains(QLatin1String("voiceCallsPerMinute")))
            m_calls->setCallsPerMinute(body.value(QLatin1String("voiceCallsPerMinute")).toInt());
        if (body.contains(QLatin1String("callOutcomes")))
            m_calls->setNextEndings(endings);
        if (body.contains(QLatin1String("outreachConfigured")))
            m_outreach->setConfigured(body.value(QLatin1String("outreachConfigured")).toBool());
        if (body.contains(QLatin1String("clockSpeed")))
            setClockSpeed(speed);
        if (target.isValid())
            advanceClock(now().msecsTo(target));
        if (seconds > 0)
            advanceClock(qint64(seconds * 1000));
        m_campaigns->simulate();
    } else if (request.method != "GET") {
        return SandboxResponse::json(
                QJsonObject{{QStringLiteral("error"), QStringLiteral("method_not_allowed")}}, 405);
    }
    return SandboxResponse::json(QJsonObject{
            {QStringLiteral("plan"), m_plan == Plan::Pro ? QStringLiteral("pro") : QStringLiteral("free")},
            {QStringLiteral("voiceCredits"), voiceCredits()},
            {QStringLiteral("outreachConfigured"), m_outreach->isConfigured()},
            {QStringLiteral("commandsPerMinute"), m_commandsPerMinute},
            {QStringLiteral("voiceCallsPerMinute"), m_calls->callsPerMinute()},
            {QStringLiteral("callOutcomes"), QJsonArray::fromStringList(m_calls->nextEndings())},
            {QStringLiteral("now"), UnloopaReplies::iso(now())},
            {QStringLiteral("clockSpeed"), m_clockSpeed},
    });
}
