#include "UnloopaOutreachTypes.h"

#include "core/JsonRead.h"

#include <QRegularExpression>
#include <QSet>

namespace {

using JsonRead::boolean;
using JsonRead::integer;

QString str(const QJsonObject &o, const char *key)
{
    return JsonRead::string(o, key);
}

QJsonValue orNull(const QDateTime &dt)
{
    return dt.isValid() ? QJsonValue(dt.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QUrl webUrl(const QJsonObject &o, const char *key)
{
    const QUrl u(str(o, key), QUrl::StrictMode);
    if (!u.isValid() || (u.scheme() != QLatin1String("https") && u.scheme() != QLatin1String("http")))
        return {};
    return u;
}

// A count that may arrive as a number or as the list it counts.
int countOf(const QJsonObject &o, const char *key)
{
    const QJsonValue value = o.value(QLatin1String(key));
    return value.isArray() ? int(value.toArray().size()) : integer(o, key);
}

QList<UnloopaTemplate> templateList(const QJsonObject &o, const char *key, bool custom)
{
    QList<UnloopaTemplate> list;
    const QJsonArray array = o.value(QLatin1String(key)).toArray();
    for (const QJsonValue &value : array) {
        UnloopaTemplate t = UnloopaTemplate::fromJson(value.toObject());
        // Which list a template is in says whether it is custom, whatever its own flag says.
        t.isCustom = custom;
        list.append(t);
    }
    return list;
}

QJsonArray templateArray(const QList<UnloopaTemplate> &list)
{
    QJsonArray array;
    for (const UnloopaTemplate &t : list)
        array.append(t.toJson());
    return array;
}

} // namespace

// ---------------------------------------------------------------------------------------------
UnloopaSendingAccount UnloopaSendingAccount::fromJson(const QJsonObject &object)
{
    UnloopaSendingAccount a;
    a.id = str(object, "id");
    a.email = str(object, "email");
    a.displayName = str(object, "display_name");
    a.dailyLimit = integer(object, "daily_limit");
    a.sentToday = integer(object, "sent_today");
    a.remainingToday = object.contains(QLatin1String("remaining_today"))
            ? integer(object, "remaining_today")
            : qMax(0, a.dailyLimit - a.sentToday);
    a.warmupEnabled = boolean(object, "warmup_enabled");
    a.warmupDay = integer(object, "warmup_day");
    const QJsonObject health = object.value(QLatin1String("health")).toObject();
    a.health.score = integer(health, "score");
    a.health.status = str(health, "status");
    a.health.checkedAt = JsonRead::dateTime(health, "checked_at");
    a.createdAt = JsonRead::dateTime(object, "created_at");
    return a;
}

QJsonObject UnloopaSendingAccount::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("email"), email},
            {QStringLiteral("display_name"), orNull(displayName)},
            {QStringLiteral("daily_limit"), dailyLimit},
            {QStringLiteral("sent_today"), sentToday},
            {QStringLiteral("remaining_today"), remainingToday},
            {QStringLiteral("warmup_enabled"), warmupEnabled},
            {QStringLiteral("warmup_day"), warmupDay},
            {QStringLiteral("health"),
             QJsonObject{{QStringLiteral("score"), health.score},
                         {QStringLiteral("status"), orNull(health.status)},
                         {QStringLiteral("checked_at"), orNull(health.checkedAt)}}},
            {QStringLiteral("created_at"), orNull(createdAt)}};
}

UnloopaOutreachSummary UnloopaOutreachSummary::fromJson(const QJsonObject &object)
{
    UnloopaOutreachSummary s;
    s.totalAccounts = integer(object, "total_accounts");
    s.totalDailyCapacity = integer(object, "total_daily_capacity");
    s.totalSentToday = integer(object, "total_sent_today");
    s.totalRemainingToday = integer(object, "total_remaining_today");
    s.pendingInQueue = integer(object, "pending_in_queue");
    s.accountsWithHealthIssues = integer(object, "accounts_with_health_issues");
    return s;
}

QJsonObject UnloopaOutreachSummary::toJson() const
{
    return {{QStringLiteral("total_accounts"), totalAccounts},
            {QStringLiteral("total_daily_capacity"), totalDailyCapacity},
            {QStringLiteral("total_sent_today"), totalSentToday},
            {QStringLiteral("total_remaining_today"), totalRemainingToday},
            {QStringLiteral("pending_in_queue"), pendingInQueue},
            {QStringLiteral("accounts_with_health_issues"), accountsWithHealthIssues}};
}

UnloopaOutreachStatus UnloopaOutreachStatus::fromJson(const QJsonObject &object)
{
    UnloopaOutreachStatus s;
    s.configured = boolean(object, "configured");
    const QJsonArray accounts = object.value(QLatin1String("accounts")).toArray();
    for (const QJsonValue &value : accounts)
        s.accounts.append(UnloopaSendingAccount::fromJson(value.toObject()));
    if (object.value(QLatin1String("summary")).isObject()) {
        s.summary = UnloopaOutreachSummary::fromJson(object.value(QLatin1String("summary")).toObject());
    } else {
        // No summary: the accounts' own figures are the only ones there are.
        s.summary.totalAccounts = int(s.accounts.size());
        for (const UnloopaSendingAccount &a : std::as_const(s.accounts)) {
            s.summary.totalDailyCapacity += a.dailyLimit;
            s.summary.totalSentToday += a.sentToday;
            s.summary.totalRemainingToday += a.remainingToday;
        }
    }
    s.setupUrl = webUrl(object, "setup_url");
    return s;
}

QJsonObject UnloopaOutreachStatus::toJson() const
{
    QJsonArray list;
    for (const UnloopaSendingAccount &a : accounts)
        list.append(a.toJson());
    return {{QStringLiteral("configured"), configured},
            {QStringLiteral("accounts"), list},
            {QStringLiteral("summary"), summary.toJson()},
            {QStringLiteral("setup_url"),
             setupUrl.isValid() ? QJsonValue(setupUrl.toString()) : QJsonValue(QJsonValue::Null)}};
}

// ---------------------------------------------------------------------------------------------
QStringList UnloopaTemplate::placeholders()
{
    return {QStringLiteral("business_name"), QStringLiteral("city"), QStringLiteral("industry"),
            QStringLiteral("website_url"), QStringLiteral("video_url")};
}

QStringList UnloopaTemplate::placeholdersIn(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("\\{\\{\\s*([A-Za-z0-9_]+)\\s*\\}\\}"));
    QStringList found;
    auto it = pattern.globalMatch(text);
    while (it.hasNext()) {
        const QString name = it.next().captured(1);
        if (!found.contains(name))
            found.append(name);
    }
    return found;
}

UnloopaTemplate UnloopaTemplate::fromJson(const QJsonObject &object)
{
    UnloopaTemplate t;
    t.id = str(object, "id");
    t.name = str(object, "name");
    t.subject = str(object, "subject");
    t.body = str(object, "body");
    t.isCustom = boolean(object, "is_custom");
    t.isDefault = boolean(object, "is_default");
    t.language = str(object, "language");
    return t;
}

QJsonObject UnloopaTemplate::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("name"), name},
            {QStringLiteral("subject"), subject},
            {QStringLiteral("body"), body},
            {QStringLiteral("is_custom"), isCustom},
            {QStringLiteral("is_default"), isDefault},
            {QStringLiteral("language"), orNull(language)}};
}

std::optional<UnloopaTemplate> UnloopaTemplates::find(const QString &id) const
{
    for (const UnloopaTemplate &t : all()) {
        if (t.id == id)
            return t;
    }
    return std::nullopt;
}

UnloopaTemplates UnloopaTemplates::fromJson(const QJsonObject &object)
{
    UnloopaTemplates t;
    t.prebuilt = templateList(object, "templates", false);
    t.custom = templateList(object, "custom_templates", true);
    return t;
}

QJsonObject UnloopaTemplates::toJson() const
{
    return {{QStringLiteral("templates"), templateArray(prebuilt)},
            {QStringLiteral("custom_templates"), templateArray(custom)}};
}

QString UnloopaTemplateFields::createProblem() const
{
    if (!name || name->trimmed().isEmpty())
        return QStringLiteral("A template needs a name.");
    if (!subject || subject->trimmed().isEmpty())
        return QStringLiteral("A template needs a subject.");
    if (!body || body->trimmed().isEmpty())
        return QStringLiteral("A template needs a body.");
    return {};
}

QString UnloopaTemplateFields::updateProblem() const
{
    if (isEmpty())
        return QStringLiteral("Say what to change: a name, subject, body, language or default.");
    if ((name && name->trimmed().isEmpty()) || (subject && subject->trimmed().isEmpty()) ||
        (body && body->trimmed().isEmpty()))
        return QStringLiteral("A template's name, subject and body cannot be emptied.");
    return {};
}

QJsonObject UnloopaTemplateFields::toJson() const
{
    QJsonObject o;
    if (name)
        o.insert(QStringLiteral("name"), *name);
    if (subject)
        o.insert(QStringLiteral("subject"), *subject);
    if (body)
        o.insert(QStringLiteral("body"), *body);
    if (language)
        o.insert(QStringLiteral("language"), *language);
    if (isDefault)
        o.insert(QStringLiteral("is_default"), *isDefault);
    return o;
}

// ---------------------------------------------------------------------------------------------
QString UnloopaOutreachSendRequest::problem() const
{
    if (leadIds.isEmpty())
        return QStringLiteral("Choose at least one lead to email.");
    if (leadIds.size() > maxLeadIds)
        return QStringLiteral("Unloopa takes at most %1 leads per send; this batch has %2.")
                .arg(maxLeadIds)
                .arg(leadIds.size());
    if (QSet<QString>(leadIds.begin(), leadIds.end()).size() != leadIds.size())
        return QStringLiteral("A lead appears twice in the batch.");
    for (const QString &id : leadIds) {
        if (id.trimmed().isEmpty())
            return QStringLiteral("A lead id is empty.");
    }
    const bool custom = !customSubject.trimmed().isEmpty() && !customBody.trimmed().isEmpty();
    if (templateId.trimmed().isEmpty() && !custom)
        return QStringLiteral("Choose a template, or write both a subject and a body.");
    return {};
}

QJsonObject UnloopaOutreachSendRequest::toJson() const
{
    QJsonObject o{{QStringLiteral("lead_ids"), QJsonArray::fromStringList(leadIds)}};
    if (!templateId.isEmpty())
        o.insert(QStringLiteral("template_id"), templateId);
    if (!customSubject.isEmpty())
        o.insert(QStringLiteral("custom_subject"), customSubject);
    if (!customBody.isEmpty())
        o.insert(QStringLiteral("custom_body"), customBody);
    return o;
}

UnloopaManualOutreach UnloopaManualOutreach::fromJson(const QJsonValue &value)
{
    UnloopaManualOutreach m;
    if (value.isString()) {
        m.leadId = value.toString();
        return m;
    }
    const QJsonObject o = value.toObject();
    m.leadId = str(o, "lead_id");
    if (m.leadId.isEmpty())
        m.leadId = str(o, "id");
    m.businessName = str(o, "business_name");
    m.email = str(o, "email");
    m.phone = str(o, "phone");
    m.reason = str(o, "reason");
    return m;
}

QJsonObject UnloopaManualOutreach::toJson() const
{
    return {{QStringLiteral("lead_id"), leadId},
            {QStringLiteral("business_name"), orNull(businessName)},
            {QStringLiteral("email"), orNull(email)},
            {QStringLiteral("phone"), orNull(phone)},
            {QStringLiteral("reason"), orNull(reason)}};
}

UnloopaOutreachSendResult UnloopaOutreachSendResult::fromJson(const QJsonObject &object)
{
    UnloopaOutreachSendResult r;
    r.emailsQueued = countOf(object, "emails_queued");
    r.emailsWaitingForVideo = countOf(object, "emails_waiting_for_video");
    r.skippedDuplicates = countOf(object, "skipped_duplicates");
    r.failed = countOf(object, "failed");
    const QJsonArray manual = object.value(QLatin1String("manual_outreach")).toArray();
    for (const QJsonValue &value : manual)
        r.manualOutreach.append(UnloopaManualOutreach::fromJson(value));
    return r;
}

QJsonObject UnloopaOutreachSendResult::toJson() const
{
    QJsonArray manual;
    for (const UnloopaManualOutreach &m : manualOutreach)
        manual.append(m.toJson());
    return {{QStringLiteral("emails_queued"), emailsQueued},
            {QStringLiteral("emails_waiting_for_video"), emailsWaitingForVideo},
            {QStringLiteral("skipped_duplicates"), skippedDuplicates},
            {QStringLiteral("failed"), failed},
            {QStringLiteral("manual_outreach"), manual}};
}
