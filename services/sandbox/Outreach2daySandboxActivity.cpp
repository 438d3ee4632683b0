// Outreach2daySandbox's answers about what happened after launch (sends, the contact changes
// feed, the summary export, threads) and how replies are steered (subsequences, routing), from
// the state Outreach2daySending keeps.

#include "Outreach2dayAnswers.h"
#include "Outreach2daySandbox.h"

using namespace O2dAnswers;

namespace {

QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms - ms % 1000, Qt::UTC);
}

QString variantName(int variant)
{
    return variant < 0 ? QString() : QString(QChar(u'A' + variant));
}

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')))
        return text;
    return QLatin1Char('"') + QString(text).replace(QLatin1Char('"'), QStringLiteral("\"\"")) +
            QLatin1Char('"');
}

} // namespace

void Outreach2daySandbox::simulate()
{
    const qint64 now = m_clock.nowMs();
    for (Campaign &campaign : m_campaigns)
        m_sending.advance(campaign, now);
    m_webhooks.dispatchDue(); // the events just published, and retries now due
}

QList<Outreach2daySandbox::Send> Outreach2daySandbox::sends(const QString &campaignId)
{
    simulate();
    return m_sending.sends(campaignId);
}

QString Outreach2daySandbox::mailboxAddress(const QString &mailboxId) const
{
    for (auto it = m_mailboxIds.cbegin(); it != m_mailboxIds.cend(); ++it) {
        if (it.value() == mailboxId)
            return it.key();
    }
    return {};
}

bool Outreach2daySandbox::addHistoricSends(const QString &campaignId, int count)
{
    const auto it = m_campaigns.constFind(campaignId);
    if (it == m_campaigns.constEnd() || m_contacts.count(campaignId) == 0)
        return false;
    m_sending.addHistoricSends(*it, count, m_clock.nowMs());
    return true;
}

QJsonObject Outreach2daySandbox::sendJson(const Campaign &campaign, const Send &send) const
{
    const Contact &contact = m_contacts.contactAt(campaign.id, send.contact);
    QJsonObject object{
            {QStringLiteral("id"), Outreach2daySending::sendId(send.number)},
            {QStringLiteral("campaignId"), campaign.id},
            {QStringLiteral("contactId"), contact.id},
            {QStringLiteral("stepId"), send.stepId},
            {QStringLiteral("mailboxId"), send.mailboxId.isEmpty() ? QJsonValue() : send.mailboxId},
            {QStringLiteral("to"), contact.email},
            {QStringLiteral("status"), Outreach2daySending::sendStatusName(send.status)},
            {QStringLiteral("attempts"), send.attempts},
            {QStringLiteral("sentAt"),
             send.status == Outreach2daySending::SendStatus::Skipped ? QJsonValue()
                                                                     : iso(fromMs(send.sentAtMs))}};
    if (send.variant >= 0)
        object.insert(QStringLiteral("variant"), variantName(send.variant));
    return object;
}

SandboxResponse Outreach2daySandbox::listSends(const SandboxRequest &request)
{
    SandboxResponse refused;
    const Campaign *campaign = campaignOf(request, &refused);
    if (!campaign)
        return refused;
    const QList<Send> &sends = m_sending.sends(campaign->id);
    Outreach2dayPager::List list;
    list.name = QStringLiteral("sends");
    list.count = sends.size();
    list.keyOf = [&sends](qsizetype i) {
        return sends.at(i).number;
    };
    const auto page = m_pager.page(request, list, &refused);
    if (!page)
        return refused;
    QJsonArray items;
    for (qsizetype i : page->rows)
        items.append(sendJson(*campaign, sends.at(i)));
    return Outreach2dayPager::answer(items, *page);
}

SandboxResponse Outreach2daySandbox::contactChanges(const SandboxRequest &request)
{
    SandboxResponse refused;
    const Campaign *campaign = campaignOf(request, &refused);
    return campaign ? m_contacts.changes(campaign->id, request) : refused;
}

// kind=summary: a CSV, one row per step (and A/B variant) and a total row, with the sends'
// outcomes and the replies' intents.
SandboxResponse Outreach2daySandbox::exportSummary(const SandboxRequest &request)
{
    SandboxResponse refused;
    const Campaign *campaign = campaignOf(request, &refused);
    if (!campaign)
        return refused;
    if (request.queryValue(QStringLiteral("kind")) != QLatin1String("summary"))
        return fieldError(QStringLiteral("kind"), QStringLiteral("kind must be summary."));
    using Status = Outreach2daySending::SendStatus;
    struct Row
    {
        int step = 0, variant = -1;
        QString stepId;
        int counts[5] = {};
        int total = 0;
        QHash<QString, int> intents;
    };
    QMap<QPair<int, int>, Row> rows; // (step order, variant) →
    Row total;
    QHash<qint64, QPair<int, int>> rowOfSend;
    const QList<Send> &sends = m_sending.sends(campaign->id);
    for (const Send &send : sends) {
        int order = 0;
        for (const Step &step : campaign->steps) {
            if (step.id == send.stepId)
                order = step.order;
        }
        Row &row = rows[{order, send.variant}];
        row.step = order;
        row.variant = send.variant;
        row.stepId = send.stepId;
        ++row.counts[int(send.status)];
        ++row.total;
        ++total.counts[int(send.status)];
        ++total.total;
        rowOfSend.insert(send.number, {order, send.variant});
    }
    for (const Outreach2daySending::Thread &thread : m_sending.threads()) {
        if (thread.campaignId != campaign->id)
            continue;
        ++rows[rowOfSend.value(thread.send)].intents[thread.intent];
        ++total.intents[thread.intent];
    }
    QStringList header = {
            QStringLiteral("campaignId"), QStringLiteral("step"),      QStringLiteral("stepId"),
            QStringLiteral("variant"),    QStringLiteral("sends"),     QStringLiteral("delivered"),
            QStringLiteral("bounced"),    QStringLiteral("failed"),    QStringLiteral("skipped"),
            QStringLiteral("replied"),    QStringLiteral("replyRate"), QStringLiteral("bounceRate")};
    for (const QString &intent : Outreach2daySending::replyIntents())
        header.append(QStringLiteral("replies_") + intent);
    QString csv = header.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    const auto line = [&](const QString &step, const QString &stepId, const QString &variant,
                          const Row &row) {
        const int delivered = row.counts[int(Status::Sent)] + row.counts[int(Status::Replied)];
        const int attempted = delivered + row.counts[int(Status::Bounced)];
        QStringList fields = {
                csvField(campaign->id),
                step,
                stepId,
                variant,
                QString::number(row.total),
                QString::number(delivered),
                QString::number(row.counts[int(Status::Bounced)]),
                QString::number(row.counts[int(Status::Failed)]),
                QString::number(row.counts[int(Status::Skipped)]),
                QString::number(row.counts[int(Status::Replied)]),
                QString::number(delivered ? double(row.counts[int(Status::Replied)]) / delivered : 0.0, 'f',
                                4),
                QString::number(attempted ? double(row.counts[int(Status::Bounced)]) / attempted : 0.0, 'f',
                                4)};
        for (const QString &intent : Outreach2daySending::replyIntents())
            fields.append(QString::number(row.intents.value(intent)));
        csv += fields.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    };
    for (const Row &row : std::as_const(rows))
        line(QString::number(row.step), row.stepId, variantName(row.variant), row);
    line(QStringLiteral("total"), {}, {}, total);
    SandboxResponse response;
    response.body = csv.toUtf8();
    response.contentType = "text/csv; charset=utf-8";
    response.headers.append(
            {"Content-Disposition",
             QStringLiteral("attachment; filename=\"%1-summary.csv\"").arg(campaign->id).toUtf8()});
    return response;
}

QJsonObject Outreach2daySandbox::threadJson(const Outreach2daySending::Thread &thread) const
{
    const Contact &contact = m_contacts.contactAt(thread.campaignId, thread.contact);
    const QString name = QStringList{contact.firstName, contact.lastName}.join(QLatin1Char(' ')).trimmed();
    const QString received = iso(fromMs(thread.receivedAtMs));
    QString snippet = thread.body.simplified();
    if (snippet.size() > 140)
        snippet = snippet.left(139) + QChar(0x2026);
    QJsonObject object{{QStringLiteral("id"), Outreach2daySending::threadId(thread.number)},
                       {QStringLiteral("campaignId"), thread.campaignId},
                       {QStringLiteral("contactId"), contact.id},
                       {QStringLiteral("contact"),
                        QJsonObject{{QStringLiteral("id"), contact.id},
                                    {QStringLiteral("email"), contact.email},
                                    {QStringLiteral("name"), name}}},
                       {QStringLiteral("email"), contact.email},
                       {QStringLiteral("replyIntent"), thread.intent},
                       {QStringLiteral("subject"), thread.subject},
                       {QStringLiteral("snippet"), snippet},
                       {QStringLiteral("body"), thread.body},
                       {QStringLiteral("sendId"), Outreach2daySending::sendId(thread.send)},
                       {QStringLiteral("messageCount"), 2},
                       {QStringLiteral("receivedAt"), received},
                       {QStringLiteral("lastMessageAt"), received},
                       {QStringLiteral("createdAt"), received},
                       {QStringLiteral("updatedAt"), received}};
    if (!thread.subsequenceId.isEmpty())
        object.insert(QStringLiteral("subsequenceId"), thread.subsequenceId);
    return object;
}

SandboxResponse Outreach2daySandbox::listThreads(const SandboxRequest &request)
{
    const QString intent = request.queryValue(QStringLiteral("replyIntent"));
    if (!intent.isEmpty() && !Outreach2daySending::replyIntents().contains(intent))
        return fieldError(QStringLiteral("replyIntent"),
                          QStringLiteral("replyIntent must be one of %1.")
                                  .arg(Outreach2daySending::replyIntents().join(QStringLiteral(", "))));
    const QString campaignId = request.queryValue(QStringLiteral("campaignId"));
    if (!campaignId.isEmpty() && !m_campaigns.contains(campaignId))
        return notFound(QStringLiteral("campaign"), campaignId);
    const QList<Outreach2daySending::Thread> &threads = m_sending.threads();
    Outreach2dayPager::List list;
    list.name = QStringLiteral("threads");
    list.count = threads.size();
    list.keyOf = [&threads](qsizetype i) {
        return threads.at(i).number;
    };
    if (!intent.isEmpty() || !campaignId.isEmpty()) {
        list.accept = [&threads, &intent, &campaignId](qsizetype i) {
            return (intent.isEmpty() || threads.at(i).intent == intent) &&
                    (campaignId.isEmpty() || threads.at(i).campaignId == campaignId);
        };
    }
    SandboxResponse refused;
    const auto page = m_pager.page(request, list, &refused);
    if (!page)
        return refused;
    QJsonArray items;
    for (qsizetype i : page->rows)
        items.append(threadJson(threads.at(i)));
    return Outreach2dayPager::answer(items, *page);
}

SandboxResponse Outreach2daySandbox::createSubsequence(const SandboxRequest &request)
{
    SandboxResponse refused;
    Campaign *campaign = campaignOf(request, &refused);
    if (!campaign)
        return refused;
    bool ok = false;
    const QJsonObject body = request.jsonObject(&ok);
    if (!ok)
        return invalidJson();
    SandboxO2dCampaign::Subsequence subsequence;
    subsequence.enrollmentMode = QStringLiteral("manual");
    if (!readString(body, QStringLiteral("name"), QStringLiteral("name"), &subsequence.name, &refused) ||
        !readString(body, QStringLiteral("enrollmentMode"), QStringLiteral("enrollmentMode"),
                    &subsequence.enrollmentMode, &refused))
        return refused;
    subsequence.name = subsequence.name.trimmed();
    if (subsequence.name.isEmpty() || subsequence.name.size() > 200)
        return fieldError(QStringLiteral("name"),
                          QStringLiteral("name is required (at most 200 characters)."));
    if (subsequence.enrollmentMode != QLatin1String("manual") &&
        subsequence.enrollmentMode != QLatin1String("automatic"))
        return fieldError(QStringLiteral("enrollmentMode"),
                          QStringLiteral("enrollmentMode must be manual or automatic."));
    subsequence.id = nextId(QStringLiteral("sub_"), 3);
    subsequence.createdAt = m_clock.now();
    campaign->subsequences.append(subsequence);
    touch(*campaign);
    return SandboxResponse::json(QJsonObject{{QStringLiteral("id"), subsequence.id},
                                             {QStringLiteral("campaignId"), campaign->id},
                                             {QStringLiteral("name"), subsequence.name},
                                             {QStringLiteral("enrollmentMode"), subsequence.enrollmentMode},
                                             {QStringLiteral("status"), QStringLiteral("active")},
                                             {QStringLiteral("createdAt"), iso(subsequence.createdAt)}},
                                 201);
}

// PATCH replaces the rules: reply_intent rules, one per intent, each to a subsequence of this
// campaign. A later reply with that intent enrolls its contact there.
SandboxResponse Outreach2daySandbox::setRouting(const SandboxRequest &request)
{
    SandboxResponse refused;
    Campaign *campaign = campaignOf(request, &refused);
    if (!campaign)
        return refused;
    bool ok = false;
    const QJsonObject body = request.jsonObject(&ok);
    if (!ok)
        return invalidJson();
    const QJsonValue policy = body.value(QStringLiteral("routingPolicy"));
    if (!policy.isObject() || !policy.toObject().value(QStringLiteral("rules")).isArray())
        return fieldError(QStringLiteral("routingPolicy.rules"),
                          QStringLiteral("routingPolicy.rules must be an array of rules."));
    const QJsonArray array = policy.toObject().value(QStringLiteral("rules")).toArray();
    QList<SandboxO2dCampaign::RoutingRule> rules;
    QStringList intents;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = QStringLiteral("routingPolicy.rules[%1]").arg(i);
        const QJsonObject object = array.at(i).toObject();
        SandboxO2dCampaign::RoutingRule rule{object.value(QStringLiteral("trigger")).toString(),
                                             object.value(QStringLiteral("value")).toString(),
                                             object.value(QStringLiteral("subsequenceId")).toString()};
        if (rule.trigger != QLatin1String("reply_intent"))
            return fieldError(path + QStringLiteral(".trigger"),
                              QStringLiteral("%1.trigger must be reply_intent.").arg(path));
        if (!Outreach2daySending::replyIntents().contains(rule.value))
            return fieldError(
                    path + QStringLiteral(".value"),
                    QStringLiteral("%1.value must be one of %2.")
                            .arg(path, Outreach2daySending::replyIntents().join(QStringLiteral(", "))));
        if (intents.contains(rule.value))
            return fieldError(path + QStringLiteral(".value"),
                              QStringLiteral("%1: %2 is routed twice.").arg(path, rule.value));
        const bool known = std::any_of(
                campaign->subsequences.cbegin(), campaign->subsequences.cend(),
                [&rule](const SandboxO2dCampaign::Subsequence &s) { return s.id == rule.subsequenceId; });
        if (!known)
            return fieldError(
                    path + QStringLiteral(".subsequenceId"),
                    QStringLiteral("%1.subsequenceId is not a subsequence of this campaign.").arg(path));
        intents.append(rule.value);
        rules.append(rule);
    }
    campaign->routing = rules;
    touch(*campaign);
    QJsonArray answered;
    for (const SandboxO2dCampaign::RoutingRule &rule : std::as_const(rules))
        answered.append(QJsonObject{{QStringLiteral("trigger"), rule.trigger},
                                    {QStringLiteral("value"), rule.value},
                                    {QStringLiteral("subsequenceId"), rule.subsequenceId}});
    return SandboxResponse::json(
            QJsonObject{{QStringLiteral("campaignId"), campaign->id},
                        {QStringLiteral("routingPolicy"), QJsonObject{{QStringLiteral("rules"), answered}}}});
}
