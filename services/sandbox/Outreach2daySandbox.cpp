#include "Outreach2daySandbox.h"

#include "Outreach2dayAnswers.h"

#include <QRegularExpression>
#include <QTime>
#include <QTimeZone>

#include <algorithm>

// The status codes and envelope chosen where the reference is silent: Outreach2dayAnswers.h.
using namespace O2dAnswers;

namespace {

QStringList weekdayNames()
{
    return {QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"), QStringLiteral("thu"),
            QStringLiteral("fri"), QStringLiteral("sat"), QStringLiteral("sun")};
}

QTime clockTime(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^\\d{2}:\\d{2}$"));
    return pattern.match(text).hasMatch() ? QTime::fromString(text, QStringLiteral("HH:mm")) : QTime();
}

} // namespace

// ---------------------------------------------------------------------------------------------

Outreach2daySandbox::Outreach2daySandbox(SandboxServer *server, double clockSpeed, QObject *parent)
    : QObject(parent),
      m_server(server),
      m_clock(clockSpeed),
      m_contacts(
              server->generator("outreach2day.imports"), &m_pager, &m_clock,
              [this](const QString &campaignId) { return m_campaigns.contains(campaignId); },
              [this](const QString &campaignId) {
                  auto it = m_campaigns.find(campaignId);
                  if (it != m_campaigns.end())
                      touch(*it);
              }),
      m_sending(server->options().seed, &m_contacts,
                [this](const QString &type, const QString &campaignId, const QJsonObject &data, qint64 atMs) {
                    m_webhooks.publish(type, campaignId, data, atMs);
                }),
      m_webhooks(server->generator("outreach2day.webhooks"), &m_pager, &m_clock),
      m_random(server->generator("outreach2day.ids"))
{
    registerRoutes();
    seedDemoCampaign();
}

Outreach2daySandbox::~Outreach2daySandbox() = default;

QStringList Outreach2daySandbox::webhookEventTypes()
{
    // The documented ones first (reply.received, contact.bounced, contact.unsubscribed), then
    // events for the other contact, send and campaign states the API reports.
    return {QStringLiteral("reply.received"),       QStringLiteral("contact.bounced"),
            QStringLiteral("contact.unsubscribed"), QStringLiteral("contact.replied"),
            QStringLiteral("contact.completed"),    QStringLiteral("send.sent"),
            QStringLiteral("send.failed"),          QStringLiteral("campaign.launched"),
            QStringLiteral("campaign.paused"),      QStringLiteral("campaign.completed")};
}

std::optional<SandboxResponse> Outreach2daySandbox::checkWorkspace(const SandboxRequest &request)
{
    const QString workspaceId = request.queryValue(QStringLiteral("workspaceId"));
    if (workspaceId.isEmpty()) {
        return SandboxServer::error(Vendor::Outreach2day, 400, QStringLiteral("workspace_required"),
                                    QStringLiteral("The workspaceId query parameter is required."));
    }
    if (workspaceId != SandboxServer::demoOutreachWorkspaceId()) {
        return SandboxServer::error(
                Vendor::Outreach2day, 403, QStringLiteral("forbidden"),
                QStringLiteral("This API key has no access to workspace %1.").arg(workspaceId));
    }
    return std::nullopt;
}

void Outreach2daySandbox::route(const QByteArray &method, const QString &pattern, SandboxHandler handler)
{
    m_server->route(Vendor::Outreach2day, method, pattern,
                    [this, handler = std::move(handler)](const SandboxRequest &request) {
                        if (auto refused = checkWorkspace(request))
                            return *refused;
                        simulate(); // what happened up to now, before answering
                        return handler(request);
                    });
}

void Outreach2daySandbox::registerRoutes()
{
    using Method = SandboxResponse (Outreach2daySandbox::*)(const SandboxRequest &);
    const auto add = [this](const QByteArray &method, const QString &pattern, Method handler) {
        route(method, pattern,
              [this, handler](const SandboxRequest &request) { return (this->*handler)(request); });
    };
    route("GET", QStringLiteral("/campaigns/webhooks/event-types"), [](const SandboxRequest &) {
        return SandboxResponse::json(
                QJsonObject{{QStringLiteral("eventTypes"), QJsonArray::fromStringList(webhookEventTypes())}});
    });
    add("POST", QStringLiteral("/campaigns"), &Outreach2daySandbox::createCampaign);
    add("POST", QStringLiteral("/campaigns/{id}/steps"), &Outreach2daySandbox::addStep);
    add("GET", QStringLiteral("/campaigns/{id}/steps"), &Outreach2daySandbox::listSteps);
    add("PATCH", QStringLiteral("/campaigns/steps/{stepId}"), &Outreach2daySandbox::updateStep);
    add("DELETE", QStringLiteral("/campaigns/steps/{stepId}"), &Outreach2daySandbox::deleteStep);
    add("POST", QStringLiteral("/campaigns/steps/preview"), &Outreach2daySandbox::previewStep);
    add("POST", QStringLiteral("/campaigns/{id}/contacts/import"), &Outreach2daySandbox::importDirect);
    add("GET", QStringLiteral("/campaigns/{id}/contacts"), &Outreach2daySandbox::listContacts);
    using ContactsMethod = SandboxResponse (Outreach2dayContacts::*)(const SandboxRequest &);
    const auto contacts = [this](const QByteArray &method, const QString &pattern, ContactsMethod handler) {
        route(method, pattern,
              [this, handler](const SandboxRequest &request) { return (m_contacts.*handler)(request); });
    };
    contacts("POST", QStringLiteral("/imports"), &Outreach2dayContacts::startImport);
    contacts("GET", QStringLiteral("/imports/{importId}/mapping-preview"),
             &Outreach2dayContacts::mappingPreview);
    contacts("POST", QStringLiteral("/imports/{importId}/mapping-confirm"),
             &Outreach2dayContacts::confirmMapping);
    contacts("GET", QStringLiteral("/imports/{importId}/status"), &Outreach2dayContacts::importStatus);
    add("POST", QStringLiteral("/campaigns/{id}/mailboxes"), &Outreach2daySandbox::attachMailbox);
    add("GET", QStringLiteral("/campaigns/{id}/mailboxes"), &Outreach2daySandbox::listMailboxes);
    add("PATCH", QStringLiteral("/campaigns/{id}/mailboxes/{cmbId}"), &Outreach2daySandbox::updateMailbox);
    add("PUT", QStringLiteral("/campaigns/{id}/schedule"), &Outreach2daySandbox::setSchedule);
    add("PUT", QStringLiteral("/campaigns/{id}/stop-rules"), &Outreach2daySandbox::setStopRules);
    add("GET", QStringLiteral("/campaigns/{id}/preflight"), &Outreach2daySandbox::preflight);
    add("GET", QStringLiteral("/campaigns/{id}/mailbox-preflight"), &Outreach2daySandbox::mailboxPreflight);
    add("POST", QStringLiteral("/campaigns/{id}/launch"), &Outreach2daySandbox::launch);
    add("GET", QStringLiteral("/campaigns/{id}/launch-jobs/{jobId}"), &Outreach2daySandbox::launchJob);
    add("POST", QStringLiteral("/campaigns/{id}/lifecycle"), &Outreach2daySandbox::lifecycle);
    add("GET", QStringLiteral("/campaigns/{id}/stats"), &Outreach2daySandbox::stats);
    contacts("POST", QStringLiteral("/campaigns/suppressions"), &Outreach2dayContacts::suppress);
    contacts("GET", QStringLiteral("/campaigns/suppressions"), &Outreach2dayContacts::listSuppressions);
    using HooksMethod = SandboxResponse (Outreach2dayWebhooks::*)(const SandboxRequest &);
    const auto hooks = [this](const QByteArray &method, const QString &pattern, HooksMethod handler) {
        route(method, QStringLiteral("/campaigns/webhooks") + pattern,
              [this, handler](const SandboxRequest &request) { return (m_webhooks.*handler)(request); });
    };
    hooks("POST", QStringLiteral("/subscriptions"), &Outreach2dayWebhooks::create);
    hooks("GET", QStringLiteral("/subscriptions"), &Outreach2dayWebhooks::list);
    hooks("PATCH", QStringLiteral("/subscriptions/{subId}"), &Outreach2dayWebhooks::update);
    hooks("DELETE", QStringLiteral("/subscriptions/{subId}"), &Outreach2dayWebhooks::remove);
    hooks("POST", QStringLiteral("/subscriptions/{subId}/test"), &Outreach2dayWebhooks::test);
    hooks("POST", QStringLiteral("/subscriptions/{subId}/pause"), &Outreach2dayWebhooks::pause);
    hooks("POST", QStringLiteral("/subscriptions/{subId}/resume"), &Outreach2dayWebhooks::resume);
    hooks("POST", QStringLiteral("/subscriptions/{subId}/rotate-secret"),
          &Outreach2dayWebhooks::rotateSecret);
    hooks("GET", QStringLiteral("/subscriptions/{subId}/deliveries"), &Outreach2dayWebhooks::deliveries);
    hooks("GET", QStringLiteral("/events"), &Outreach2dayWebhooks::events);
    contacts("DELETE", QStringLiteral("/campaigns/suppressions"), &Outreach2dayContacts::unsuppress);
    contacts("GET", QStringLiteral("/campaigns/suppressions/status"),
             &Outreach2dayContacts::suppressionStatus);
    add("GET", QStringLiteral("/campaigns/{id}/sends"), &Outreach2daySandbox::listSends);
    add("GET", QStringLiteral("/campaigns/{id}/contacts/changes"), &Outreach2daySandbox::contactChanges);
    add("GET", QStringLiteral("/campaigns/{id}/export"), &Outreach2daySandbox::exportSummary);
    add("GET", QStringLiteral("/threads"), &Outreach2daySandbox::listThreads);
    add("POST", QStringLiteral("/campaigns/{id}/subsequences"), &Outreach2daySandbox::createSubsequence);
    add("PATCH", QStringLiteral("/campaigns/{id}/subsequence-routing"), &Outreach2daySandbox::setRouting);
}

// ---------------------------------------------------------------------------------------------
// Demo data

void Outreach2daySandbox::seedDemoCampaign()
{
    QRandomGenerator random = m_server->generator("outreach2day.demo");
    Campaign campaign;
    campaign.id = demoCampaignId();
    campaign.name = QStringLiteral("Q1 SaaS Outreach");
    campaign.priority = QStringLiteral("HIGH");
    campaign.createdAt = m_clock.now().addDays(-3);
    campaign.updatedAt = campaign.createdAt.addSecs(5400);

    const QString sender = QStringLiteral("<p>Best,<br/>{{senderFirstName}}</p>");
    Step first;
    first.id = nextId(QStringLiteral("stp_"), 3);
    first.order = 1;
    first.subject = QStringLiteral("Quick question about {{company}}");
    first.bodyHtml =
            QStringLiteral("<p>Hi {{firstName}},</p><p>I noticed {{company}} is growing fast. We help "
                           "teams like yours book more meetings without adding headcount.</p>"
                           "<p>Would you be open to a quick chat?</p>") +
            sender;
    first.bodyText =
            QStringLiteral("Hi {{firstName}},\n\nI noticed {{company}} is growing fast. Would you be "
                           "open to a quick chat?\n\nBest,\n{{senderFirstName}}");
    first.variants = {Variant{first.subject, first.bodyHtml, first.bodyText, 50},
                      Variant{QStringLiteral("Idea for {{company}}"),
                              QStringLiteral("<p>Hi {{firstName}},</p><p>Here is one idea {{company}} could "
                                             "try this quarter to shorten its sales cycle.</p>") +
                                      sender,
                              {},
                              50}};
    Step second;
    second.id = nextId(QStringLiteral("stp_"), 3);
    second.order = 2;
    second.delaySeconds = 3 * 86400;
    second.subject = QStringLiteral("Re: Quick question about {{company}}");
    second.bodyHtml = QStringLiteral("<p>Hi {{firstName}},</p><p>Just wanted to follow up on my last email. "
                                     "Would love to connect this week.</p><p>{{senderFirstName}}</p>");
    Step third;
    third.id = nextId(QStringLiteral("stp_"), 3);
    third.order = 3;
    third.delaySeconds = 5 * 86400;
    third.subject = QStringLiteral("Last try — {{firstName}}");
    third.bodyHtml =
            QStringLiteral("<p>Hi {{firstName}},</p><p>I'll keep this short — is this something worth "
                           "exploring?</p><p>If not, no worries at all.</p><p>{{senderFirstName}}</p>");
    campaign.steps = {first, second, third};

    const QStringList firstNames = {
            QStringLiteral("Sarah"), QStringLiteral("Mike"),   QStringLiteral("Priya"),
            QStringLiteral("Jonas"), QStringLiteral("Amara"),  QStringLiteral("Lucas"),
            QStringLiteral("Mei"),   QStringLiteral("Diego"),  QStringLiteral("Olga"),
            QStringLiteral("Tom"),   QStringLiteral("Fatima"), QStringLiteral("Erik"),
            QStringLiteral("Grace"), QStringLiteral("Noah"),   QStringLiteral("Yuki"),
            QStringLiteral("Hannah")};
    const QStringList lastNames = {
            QStringLiteral("Chen"),   QStringLiteral("Johnson"), QStringLiteral("Patel"),
            QStringLiteral("Berg"),   QStringLiteral("Okafor"),  QStringLiteral("Silva"),
            QStringLiteral("Wong"),   QStringLiteral("Garcia"),  QStringLiteral("Ivanova"),
            QStringLiteral("Murphy"), QStringLiteral("Haddad"),  QStringLiteral("Larsen"),
            QStringLiteral("Kim"),    QStringLiteral("Fischer"), QStringLiteral("Tanaka"),
            QStringLiteral("Novak")};
    const QStringList companies = {QStringLiteral("Acme Corp"),      QStringLiteral("BigCo"),
                                   QStringLiteral("Brightlane"),     QStringLiteral("Cloudberry"),
                                   QStringLiteral("Datawise"),       QStringLiteral("Evergreen Labs"),
                                   QStringLiteral("Fieldstone"),     QStringLiteral("Helios Health"),
                                   QStringLiteral("Kitepoint"),      QStringLiteral("Lumen Freight"),
                                   QStringLiteral("Northwind"),      QStringLiteral("Orbit Pay"),
                                   QStringLiteral("Pinecrest"),      QStringLiteral("Quanta HR"),
                                   QStringLiteral("Redwood Retail"), QStringLiteral("Sparrow Legal"),
                                   QStringLiteral("Tidewater"),      QStringLiteral("Vantage Ops")};
    const QStringList titles = {QStringLiteral("VP Sales"),
                                QStringLiteral("CTO"),
                                QStringLiteral("Head of Growth"),
                                QStringLiteral("Founder"),
                                QStringLiteral("Marketing Manager"),
                                QStringLiteral("RevOps Lead"),
                                QStringLiteral("COO"),
                                QStringLiteral("Sales Director")};
    const QStringList cities = {QStringLiteral("Austin"), QStringLiteral("Berlin"), QStringLiteral("Toronto"),
                                QStringLiteral("London"), QStringLiteral("Denver"), QStringLiteral("Dublin")};
    const auto pick = [&random](const QStringList &list) {
        return list.at(random.bounded(int(list.size())));
    };
    const int contactCount = 240;
    QStringList seeded;
    for (int i = 0; i < contactCount; ++i) {
        const QString firstName = pick(firstNames);
        const QString lastName = pick(lastNames);
        const QString company = pick(companies);
        QString domain;
        for (const QChar c : company.toLower()) {
            if (c.isLetterOrNumber())
                domain.append(c);
        }
        QString local = firstName.toLower();
        if (random.bounded(3) == 0)
            local += QLatin1Char('.') + lastName.toLower();
        QString email = local + QLatin1Char('@') + domain + QStringLiteral(".example");
        for (int n = 2; seeded.contains(email); ++n)
            email = local + QString::number(n) + QLatin1Char('@') + domain + QStringLiteral(".example");
        seeded.append(email);
        bool created = false;
        Contact &contact = m_contacts.upsert(campaign.id, email, &created);
        contact.firstName = firstName;
        contact.lastName = lastName;
        contact.custom = QJsonObject{{QStringLiteral("company"), company},
                                     {QStringLiteral("title"), pick(titles)},
                                     {QStringLiteral("city"), pick(cities)}};
        contact.createdAt = campaign.createdAt.addSecs(600 + i);
    }
    // Two addresses the workspace had already suppressed.
    m_contacts.addSuppressions({seeded.at(17), seeded.at(151)}, QStringLiteral("manual_suppression"));

    Mailbox mailbox;
    mailbox.id = nextId(QStringLiteral("cmb_"), 3);
    mailbox.address = QStringLiteral("john@cooloutreach.com");
    mailbox.mailboxId = QStringLiteral("mbx_%1").arg(500 + (++m_counters[QStringLiteral("mbx_")]));
    m_mailboxIds.insert(mailbox.address, mailbox.mailboxId);
    mailbox.dailyLimit = 50;
    campaign.mailboxes.append(mailbox);
    // No schedule yet: the demo's preflight shows one blocking failure (schedule_set).
    m_campaigns.insert(campaign.id, campaign);
}

// ---------------------------------------------------------------------------------------------
// Tests' view and switches

bool Outreach2daySandbox::hasCampaign(const QString &campaignId) const
{
    return m_campaigns.contains(campaignId);
}

QString Outreach2daySandbox::campaignStatus(const QString &campaignId) const
{
    const auto it = m_campaigns.constFind(campaignId);
    return it == m_campaigns.constEnd() ? QString() : it->status;
}

QList<Outreach2daySandbox::Contact> Outreach2daySandbox::contacts(const QString &campaignId) const
{
    return m_contacts.contacts(campaignId);
}

int Outreach2daySandbox::contactCount(const QString &campaignId, const QString &status) const
{
    return m_contacts.count(campaignId, status);
}

bool Outreach2daySandbox::isSuppressed(const QString &email) const
{
    return m_contacts.isSuppressed(email);
}

bool Outreach2daySandbox::forceCampaignStatus(const QString &campaignId, const QString &status)
{
    static const QStringList states = {QStringLiteral("draft"), QStringLiteral("active"),
                                       QStringLiteral("paused"), QStringLiteral("completed"),
                                       QStringLiteral("errored")};
    auto it = m_campaigns.find(campaignId);
    if (it == m_campaigns.end() || !states.contains(status))
        return false;
    it->status = status;
    touch(*it);
    return true;
}

void Outreach2daySandbox::resetSwitches()
{
    m_pager.setFault(PagingFault::None);
    m_contacts.setImportPolls(3);
    m_launchJobPolls = 2;
    m_launchJobsFail = false;
}

SandboxResponse Outreach2daySandbox::control(const SandboxRequest &request)
{
    auto invalid = [](const QString &message) {
        return SandboxResponse::json(QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_control")},
                                                 {QStringLiteral("message"), message}},
                                     400);
    };
    if (request.method == "POST") {
        bool ok = false;
        const QJsonObject body = request.jsonObject(&ok);
        if (!ok)
            return invalid(QStringLiteral("The body must be a JSON object."));
        for (const QString &key : {QStringLiteral("paging"), QStringLiteral("contactsPaging")}) {
            if (!body.contains(key))
                continue;
            const auto fault = Outreach2dayPager::faultFromName(body.value(key).toString());
            if (!fault)
                return invalid(QStringLiteral("%1 must be none, repeat_cursor or no_progress.").arg(key));
            m_pager.setFault(*fault);
        }
        if (body.contains(QStringLiteral("clockSpeed"))) {
            const double speed = body.value(QStringLiteral("clockSpeed")).toDouble(-1);
            if (speed < 0 || speed > 1e6)
                return invalid(QStringLiteral("clockSpeed must be a number from 0 to 1000000."));
            simulate();
            m_clock.setSpeed(speed);
        }
        if (body.contains(QStringLiteral("now"))) {
            const QDateTime time =
                    QDateTime::fromString(body.value(QStringLiteral("now")).toString(), Qt::ISODateWithMs);
            if (!time.isValid() || time < m_clock.now())
                return invalid(QStringLiteral("now must be an ISO 8601 time not before the clock's now."));
            m_clock.advanceTo(time);
        }
        if (body.contains(QStringLiteral("advanceSeconds"))) {
            const double seconds = body.value(QStringLiteral("advanceSeconds")).toDouble(-1);
            if (seconds < 0 || seconds > 366.0 * 86400)
                return invalid(QStringLiteral("advanceSeconds must be a number from 0 to 31622400."));
            m_clock.advance(qint64(seconds));
        }
        if (body.contains(QStringLiteral("historicSends"))) {
            const QJsonObject historic = body.value(QStringLiteral("historicSends")).toObject();
            const int count = historic.value(QStringLiteral("count")).toInt(0);
            if (count < 1 || count > 5'000'000 ||
                !addHistoricSends(historic.value(QStringLiteral("campaignId")).toString(), count))
                return invalid(QStringLiteral("historicSends needs a campaignId with contacts and a count "
                                              "from 1 to 5000000."));
        }
        for (const QString &key : {QStringLiteral("importPolls"), QStringLiteral("launchJobPolls")}) {
            if (!body.contains(key))
                continue;
            const int polls = body.value(key).toInt(0);
            if (polls < 1)
                return invalid(QStringLiteral("%1 must be a positive integer.").arg(key));
            if (key == QLatin1String("importPolls"))
                setImportPolls(polls);
            else
                setLaunchJobPolls(polls);
        }
        if (body.contains(QStringLiteral("launchJobsFail")))
            m_launchJobsFail = body.value(QStringLiteral("launchJobsFail")).toBool();
        if (body.contains(QStringLiteral("campaignStatus"))) {
            const QJsonObject forced = body.value(QStringLiteral("campaignStatus")).toObject();
            if (!forceCampaignStatus(forced.value(QStringLiteral("campaignId")).toString(),
                                     forced.value(QStringLiteral("status")).toString()))
                return invalid(QStringLiteral("campaignStatus needs an existing campaignId and a status of "
                                              "draft, active, paused, completed or errored."));
        }
    } else if (request.method != "GET") {
        return SandboxResponse::json(
                QJsonObject{{QStringLiteral("error"), QStringLiteral("method_not_allowed")}}, 405);
    }
    simulate(); // up to the clock's now, advanced or not
    const QString paging = Outreach2dayPager::faultName(m_pager.fault());
    return SandboxResponse::json(QJsonObject{{QStringLiteral("paging"), paging},
                                             {QStringLiteral("contactsPaging"), paging},
                                             {QStringLiteral("now"), iso(m_clock.now())},
                                             {QStringLiteral("clockSpeed"), m_clock.speed()},
                                             {QStringLiteral("importPolls"), m_contacts.importPolls()},
                                             {QStringLiteral("launchJobPolls"), m_launchJobPolls},
                                             {QStringLiteral("launchJobsFail"), m_launchJobsFail}});
}

// ---------------------------------------------------------------------------------------------
// Campaigns and steps

SandboxResponse Outreach2daySandbox::createCampaign(const SandboxRequest &request)
{
    bool ok = false;
    const QJsonObject body = request.jsonObject(&ok);
    if (!ok)
        return invalidJson();
    SandboxResponse refused;
    QString name;
    QString priority = QStringLiteral("MEDIUM");
    if (!readString(body, QStringLiteral("name"), QStringLiteral("name"), &name, &refused) ||
        !readString(body, QStringLiteral("priority"), QStringLiteral("priority"), &priority, &refused))
        return refused;
    name = name.trimmed();
    if (name.isEmpty())
        return fieldError(QStringLiteral("name"), QStringLiteral("name is required."));
    if (name.size() > 200)
        return fieldError(QStringLiteral("name"), QStringLiteral("name must be at most 200 characters."));
    if (priority != QLatin1String("HIGH") && priority != QLatin1String("MEDIUM") &&
        priority != QLatin1String("LOW"))
        return fieldError(QStringLiteral("priority"),
                          QStringLiteral("priority must be HIGH, MEDIUM or LOW."));

    Campaign campaign;
    campaign.id = randomId(QStringLiteral("cmp_"));
    campaign.name = name;
    campaign.priority = priority;
    campaign.createdAt = campaign.updatedAt = m_clock.now();
    m_campaigns.insert(campaign.id, campaign);
    return SandboxResponse::json(campaignJson(campaign), 201);
}

Outreach2daySandbox::Campaign *Outreach2daySandbox::campaignOf(const SandboxRequest &request,
                                                               SandboxResponse *missing)
{
    const QString id = request.pathArgs.value(QStringLiteral("id"));
    auto it = m_campaigns.find(id);
    if (it == m_campaigns.end()) {
        *missing = notFound(QStringLiteral("campaign"), id);
        return nullptr;
    }
    return &*it;
}

Outreach2daySandbox::Campaign *Outreach2daySandbox::campaignOfStep(const QString &stepId, int *index)
{
    for (Campaign &campaign : m_campaigns) {
        for (qsizetype i = 0; i < campaign.steps.size(); ++i) {
            if (campaign.steps.at(i).id == stepId) {
                *index = int(i);
                return &campaign;
            }
        }
    }
    return nullptr;
}

namespace {

// A step's own fields from a POST or PATCH body into `step`; `creating` requires the subject.
// Variants: each has a subject and a weight from 1 to 100, and the weights sum to 100.
template<typename StepT, typename VariantT>
bool readStepFields(const QJsonObject &body, bool creating, StepT *step, int *order, SandboxResponse *refused)
{
    if (!readInt(body, QStringLiteral("order"), QStringLiteral("order"), 1, 1000, order, refused))
        return false;
    qint64 delaySeconds = -1;
    qint64 delayDays = -1;
    if (!readInt(body, QStringLiteral("delaySeconds"), QStringLiteral("delaySeconds"), 0, 365 * 86400,
                 &delaySeconds, refused) ||
        !readInt(body, QStringLiteral("delayDays"), QStringLiteral("delayDays"), 0, 365, &delayDays, refused))
        return false;
    if (delayDays >= 0)
        step->delaySeconds = delayDays * 86400; // the document's request field wins
    else if (delaySeconds >= 0)
        step->delaySeconds = delaySeconds;
    if (!readString(body, QStringLiteral("subject"), QStringLiteral("subject"), &step->subject, refused) ||
        !readString(body, QStringLiteral("bodyHtml"), QStringLiteral("bodyHtml"), &step->bodyHtml, refused) ||
        !readString(body, QStringLiteral("bodyText"), QStringLiteral("bodyText"), &step->bodyText, refused))
        return false;
    if ((creating || body.contains(QStringLiteral("subject"))) && step->subject.trimmed().isEmpty()) {
        *refused = fieldError(QStringLiteral("subject"), QStringLiteral("subject is required."));
        return false;
    }
    if (step->subject.size() > 998) {
        *refused = fieldError(QStringLiteral("subject"),
                              QStringLiteral("subject must be at most 998 characters."));
        return false;
    }
    if (!body.contains(QStringLiteral("variants")) || body.value(QStringLiteral("variants")).isNull())
        return true;
    if (!body.value(QStringLiteral("variants")).isArray()) {
        *refused = fieldError(QStringLiteral("variants"), QStringLiteral("variants must be an array."));
        return false;
    }
    const QJsonArray array = body.value(QStringLiteral("variants")).toArray();
    QList<VariantT> variants;
    int sum = 0;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = QStringLiteral("variants[%1]").arg(i);
        if (!array.at(i).isObject()) {
            *refused = fieldError(path, QStringLiteral("%1 must be an object.").arg(path));
            return false;
        }
        const QJsonObject object = array.at(i).toObject();
        VariantT variant;
        if (!readString(object, QStringLiteral("subject"), path + QStringLiteral(".subject"),
                        &variant.subject, refused) ||
            !readString(object, QStringLiteral("bodyHtml"), path + QStringLiteral(".bodyHtml"),
                        &variant.bodyHtml, refused) ||
            !readString(object, QStringLiteral("bodyText"), path + QStringLiteral(".bodyText"),
                        &variant.bodyText, refused))
            return false;
        if (variant.subject.trimmed().isEmpty()) {
            *refused = fieldError(path + QStringLiteral(".subject"),
                                  QStringLiteral("%1.subject is required.").arg(path));
            return false;
        }
        if (!object.contains(QStringLiteral("weight"))) {
            *refused = fieldError(path + QStringLiteral(".weight"),
                                  QStringLiteral("%1.weight is required.").arg(path));
            return false;
        }
        if (!readInt(object, QStringLiteral("weight"), path + QStringLiteral(".weight"), 1, 100,
                     &variant.weight, refused))
            return false;
        sum += variant.weight;
        variants.append(variant);
    }
    if (!variants.isEmpty() && sum != 100) {
        *refused = fieldError(
                QStringLiteral("variants"),
                QStringLiteral("The variants' weights must sum to 100 (they sum to %1).").arg(sum));
        return false;
    }
    step->variants = variants;
    return true;
}

} // namespace

SandboxResponse Outreach2daySandbox::addStep(const SandboxRequest &request)
{
    SandboxResponse refused;
    Campaign *campaign = campaignOf(request, &refused);
    if (!campaign)
        return refused;
    bool ok = false;
    const QJsonObject body = request.jsonObject(&ok);
    if (!ok)
        return invalidJson();
    Step step;
    int order = 0;
    if (!readStepFields<Step, Variant>(body, true, &step, &order, &refused))
        return refused;
    step.id = nextId(QStringLiteral("stp_"), 3);
    // The order is a position: 0 or past the end appends, else the step is inserted there.
    const int position =
            order < 1 || order > campaign->steps.size() ? int(campaign->steps.size()) : order - 1;
    campaign->steps.insert(position, step);
    for (qsizetype i = 0; i < campaign->steps.size(); ++i)
        campaign->steps[i].order = int(i) + 1;
    touch(*campaign);
    return SandboxResponse::json(stepJson(*campaign, campaign->steps.at(position)), 201);
}

SandboxResponse Outreach2daySandbox::listSteps(const SandboxRequest &request)
{
    SandboxResponse refused;
    const Campaign *campaign = campaignOf(request, &refused);
    if (!campaign)
        return refused;
    QJsonArray items;
    for (const Step &step : campaign->steps)
        items.append(stepJson(*campaign, step));
    return SandboxResponse::json(QJsonObject{{QStringLiteral("items"), items}});
}

SandboxResponse Outreach2daySandbox::updateStep(const SandboxRequest &request)
{
    const QString stepId = request.pathArgs.value(QStringLiteral("stepId"));
    int index = -1;
    Campaign *campaign = campaignOfStep(stepId, &index);
    if (!campaign)
        return notFound(QStringLiteral("step"), stepId);
    bool ok = false;
    const QJsonObject body = request.jsonObject(&ok);
    if (!ok)
        return invalidJson();
    static const QStringList fields = {QStringLiteral("order"),        QStringLiteral("delayDays"),
                                       QStringLiteral("delaySeconds"), QStringLiteral("subject"),
                                       QStringLiteral("bodyHtml"),     QStringLiteral("bodyText"),
                                       QStringLiteral("variants")};
    if (std::none_of(fields.cbegin(), fields.cend(), [&body](const QString &f) { return body.contains(f); }))
        return fieldError(QStringLiteral("body"),
                          QStringLiteral("The update names none of the step's fields (%1).")
                                  .arg(fields.join(QStringLiteral(", "))));
    Step step = campaign->steps.at(index);
    int order = step.order;
    SandboxResponse refused;
    if (!readStepFields<Step, Variant>(body, false, &step, &order, &refused))
        return refused;
    campaign->steps.removeAt(index);
    const int position = order > campaign->steps.size() ? int(campaign->steps.size()) : order - 1;
    campaign->steps.insert(position, step);
    for (qsizetype i = 0; i < campaign->steps.size(); ++i)
        campaign->steps[i].order = int(i) + 1;
    touch(*campaign);
    return SandboxResponse::json(stepJson(*campaign, campaign->steps.at(position)));
}

SandboxResponse Outreach2daySandbox::deleteStep(const SandboxRequest &request)
{
    const QString stepId = request.pathArgs.value(QStringLiteral("stepId"));
    int index = -1;
    Campaign *campaign = campaignOfStep(stepId, &index);
    if (!campaign)
        return notFound(QStringLiteral("step"), stepId);
    campaign->steps.removeAt(index);
    for (qsizetype i = 0; i < campaign->steps.size(); ++i)
        campaign->steps[i].order = int(i) + 1;
    touch(*campaign);
    return SandboxResponse::noContent();
}

SandboxResponse Outreach2daySandbox::previewStep(const SandboxRequest &request)
{
    bool ok = false;
    const QJsonObject body = request.jsonObject(&ok);
    if (!ok)
        return invalidJson();
    if (!body.value(QStringLiteral("step")).isObject())
        return fieldError(QStringLiteral("step"),
                          QStringLiteral("step is required: {subject, bodyHtml, bodyText}."));
    if (body.contains(QStringLiteral("contact")) && !body.value(QStringLiteral("contact")).isObject())
        return fieldError(QStringLiteral("contact"),
                          QStringLiteral("contact must be an object of contact fields."));
    const QJsonObject step = body.value(QStringLiteral("step")).toObject();
    const QJsonObject contact = body.value(QStringLiteral("contact")).toObject();
    QJsonObject rendered;
    for (const QString &key :
         {QStringLiteral("subject"), QStringLiteral("bodyHtml"), QStringLiteral("bodyText")}) {
        if (step.contains(key) && !step.value(key).isString() && !step.value(key).isNull())
            return fieldError(QStringLiteral("step.") + key,
                              QStringLiteral("step.%1 must be a string.").arg(key));
        if (step.value(key).isString())
            rendered.insert(key,
                            Outreach2daySending::render(step.value(key).toString(), contact,
                                                        key == QLatin1String("bodyHtml")));
    }
    if (rendered.isEmpty())
        return fieldError(QStringLiteral("step.subject"),
                          QStringLiteral("step needs a subject, bodyHtml or bodyText to render."));
    return SandboxResponse::json(rendered);
}

// ---------------------------------------------------------------------------------------------
// Contacts (Outreach2dayContacts keeps them; the campaign must exist)

SandboxResponse Outreach2daySandbox::importDirect(const SandboxRequest &request)
{
    SandboxResponse refused;
    const Campaign *campaign = campaignOf(request, &refused);
    return campaign ? m_contacts.importDirect(campaign->id, request) : refused;
}

SandboxResponse Outreach2daySandbox::listContacts(const SandboxRequest &request)
{
    SandboxResponse refused;
    const Campaign *campaign = campaignOf(request, &refused);
    return campaign ? m_contacts.list(campaign->id, request) : refused;
}

// ---------------------------------------------------------------------------------------------
// Mailboxes, schedule, stop rules, preflight

namespace {

// dailyLimit 1-5000, weight 1-1000, gapBaseSeconds and gapJitterSeconds 0-86400 (the document's
// table); absent fields keep their value.
template<typename MailboxT>
bool readMailboxLimits(const QJsonObject &body, MailboxT *mailbox, SandboxResponse *refused)
{
    return readInt(body, QStringLiteral("dailyLimit"), QStringLiteral("dailyLimit"), 1, 5000,
                   &mailbox->dailyLimit, refused) &&
            readInt(body, QStringLiteral("weight"), QStringLiteral("weight"), 1, 1000, &mailbox->weight,
                    refused) &&
            readInt(body, QStringLiteral("gapBaseSeconds"), QStringLiteral("gapBaseSeconds"), 0, 86400,
                    &mailbox->gapBaseSeconds, refused) &&
            readInt(body, QStringLiteral("gapJitterSeconds"), QStringLiteral("gapJitterSeconds"), 0, 86400,
                    &mailbox->gapJitterSeconds, refused);
}

} // namespace

SandboxResponse Outreach2daySandbox::attachMailbox(const SandboxRequest &request)
{
    SandboxResponse refused;
    Campaign *campaign = campaignOf(request, &refused);
    if (!campaign)
        return refused;
    bool ok = false;
    const QJsonObject body = request.jsonObject(&ok);
    if (!ok)
        return invalidJson();
    Mailbox mailbox;
    if (!readString(body, QStringLiteral("mailboxAddress"), QStringLiteral("mailboxAddress"),
                    &mailbox.address, &refused) ||
        !readMailboxLimits(body, &mailbox, &refused))
        return refused;
    mailbox.address = mailbox.address.trimmed();
    if (!isEmail(mailbox.address))
        return fieldError(QStringLiteral("mailboxAddress"),
                          QStringLiteral("mailboxAddress must be an email address."));
    const QString key = mailbox.address.toLower();
    for (const Mailbox &attached : std::as_const(campaign->mailboxes)) {
        if (attached.address.toLower() == key) {
            return error(409, QStringLiteral("already_exists"),
                         QStringLiteral("%1 is already attached to this campaign as %2.")
                                 .arg(attached.address, attached.id));
        }
    }
    if (!m_mailboxIds.contains(key))
        m_mailboxIds.insert(key, QStringLiteral("mbx_%1").arg(500 + (++m_counters[QStringLiteral("mbx_")])));
    mailbox.mailboxId = m_mailboxIds.value(key);
    mailbox.id = nextId(QStringLiteral("cmb_"), 3);
    campaign->mailboxes.append(mailbox);
    touch(*campaign);
    return SandboxResponse::json(mailboxJson(*campaign, mailbox), 201);
}

SandboxResponse Outreach2daySandbox::listMailboxes(const SandboxRequest &request)
{
    SandboxResponse refused;
    const Campaign *campaign = campaignOf(request, &refused);
    if (!campaign)
        return refused;
    QJsonArray items;
    for (const Mailbox &mailbox : campaign->mailboxes)
        items.append(mailboxJson(*campaign, mailbox));
    return SandboxResponse::json(QJsonObject{{QStringLiteral("items"), items}});
}

SandboxResponse Outreach2daySandbox::updateMailbox(const SandboxRequest &request)
{
    SandboxResponse refused;
    Campaign *campaign = campaignOf(request, &refused);
    if (!campaign)
        return refused;
    const QString cmbId = request.pathArgs.value(QStringLiteral("cmbId"));
    const auto found = std::find_if(campaign->mailboxes.begin(), campaign->mailboxes.end(),
                                    [&cmbId](const Mailbox &m) { return m.id == cmbId; });
    if (found == campaign->mailboxes.end())
        return notFound(QStringLiteral("mailbox of this campaign"), cmbId);
    bool ok = false;
    const QJsonObject body = request.jsonObject(&ok);
    if (!ok)
        return invalidJson();
    static const QStringList limits = {QStringLiteral("dailyLimit"), QStringLiteral("weight"),
                                       QStringLiteral("gapBaseSeconds"), QStringLiteral("gapJitterSeconds")};
    if (std::none_of(limits.cbegin(), limits.cend(), [&body](const QString &f) { return body.contains(f); }))
        return fieldError(
                QStringLiteral("body"),
                QStringLiteral("The update names none of %1.").arg(limits.join(QStringLiteral(", "))));
    Mailbox mailbox = *found;
    QString address = mailbox.address;
    if (!readString(body, QStringLiteral("mailboxAddress"), QStringLiteral("mailboxAddress"), &address,
                    &refused) ||
        !readMailboxLimits(body, &mailbox, &refused))
        return refused;
    if (address.trimmed().compare(mailbox.address, Qt::CaseInsensitive) != 0) {
        return fieldError(
                QStringLiteral("mailboxAddress"),
                QStringLiteral("mailboxAddress cannot be changed: attach the other mailbox instead."));
    }
    *found = mailbox;
    touch(*campaign);
    return SandboxResponse::json(mailboxJson(*campaign, mailbox));
}

SandboxResponse Outreach2daySandbox::setSchedule(const SandboxRequest &request)
{
    SandboxResponse refused;
    Campaign *campaign = campaignOf(request, &refused);
    if (!campaign)
        return refused;
    bool ok = false;
    const QJsonObject body = request.jsonObject(&ok);
    if (!ok)
        return invalidJson();
    QString zone;
    if (!readString(body, QStringLiteral("timezone"), QStringLiteral("timezone"), &zone, &refused))
        return refused;
    if (zone.isEmpty() || !QTimeZone::isTimeZoneIdAvailable(zone.toUtf8()))
        return fieldError(QStringLiteral("timezone"),
                          QStringLiteral("timezone must be an IANA time zone such as America/New_York."));

    const QJsonValue weekdaysValue = body.value(QStringLiteral("weekdays"));
    if (!weekdaysValue.isArray() || weekdaysValue.toArray().isEmpty())
        return fieldError(
                QStringLiteral("weekdays"),
                QStringLiteral("weekdays must list at least one of mon, tue, wed, thu, fri, sat, sun."));
    QStringList weekdays;
    const QJsonArray weekdayArray = weekdaysValue.toArray();
    for (qsizetype i = 0; i < weekdayArray.size(); ++i) {
        const QString day = weekdayArray.at(i).toString();
        const QString path = QStringLiteral("weekdays[%1]").arg(i);
        if (!weekdayNames().contains(day))
            return fieldError(
                    path, QStringLiteral("%1 must be one of mon, tue, wed, thu, fri, sat, sun.").arg(path));
        if (weekdays.contains(day))
            return fieldError(path, QStringLiteral("%1: %2 is listed twice.").arg(path, day));
        weekdays.append(day);
    }

    const QJsonValue windowsValue = body.value(QStringLiteral("windows"));
    if (!windowsValue.isArray() || windowsValue.toArray().isEmpty())
        return fieldError(QStringLiteral("windows"),
                          QStringLiteral("windows must list at least one {start, end} sending window."));
    QList<Window> windows;
    QList<QPair<QTime, QTime>> spans;
    const QJsonArray windowArray = windowsValue.toArray();
    for (qsizetype i = 0; i < windowArray.size(); ++i) {
        const QString path = QStringLiteral("windows[%1]").arg(i);
        const QJsonObject window = windowArray.at(i).toObject();
        const QString startText = window.value(QStringLiteral("start")).toString();
        const QString endText = window.value(QStringLiteral("end")).toString();
        const QTime start = clockTime(startText);
        const QTime end = clockTime(endText);
        if (!start.isValid())
            return fieldError(path + QStringLiteral(".start"),
                              QStringLiteral("%1.start must be HH:MM.").arg(path));
        if (!end.isValid())
            return fieldError(path + QStringLiteral(".end"),
                              QStringLiteral("%1.end must be HH:MM.").arg(path));
        if (end <= start)
            return fieldError(path + QStringLiteral(".end"),
                              QStringLiteral("%1.end must be after its start.").arg(path));
        for (const auto &span : std::as_const(spans)) {
            if (start < span.second && span.first < end)
                return fieldError(path, QStringLiteral("%1 overlaps another window.").arg(path));
        }
        spans.append({start, end});
        windows.append(Window{startText, endText});
    }
    campaign->timezone = zone;
    campaign->weekdays = weekdays;
    campaign->windows = windows;
    touch(*campaign);
    return SandboxResponse::json(scheduleJson(*campaign));
}

SandboxResponse Outreach2daySandbox::setStopRules(const SandboxRequest &request)
{
    SandboxResponse refused;
    Campaign *campaign = campaignOf(request, &refused);
    if (!campaign)
        return refused;
    bool ok = false;
    const QJsonObject body = request.jsonObject(&ok);
    if (!ok)
        return invalidJson();
    // PUT replaces the rules: a rule left out is on (the default).
    bool reply = true, unsub = true, bounce = true;
    if (!readBool(body, QStringLiteral("stopOnReply"), &reply, &refused) ||
        !readBool(body, QStringLiteral("stopOnUnsub"), &unsub, &refused) ||
        !readBool(body, QStringLiteral("stopOnBounce"), &bounce, &refused))
        return refused;
    campaign->stopOnReply = reply;
    campaign->stopOnUnsub = unsub;
    campaign->stopOnBounce = bounce;
    touch(*campaign);
    return SandboxResponse::json(QJsonObject{{QStringLiteral("campaignId"), campaign->id},
                                             {QStringLiteral("stopOnReply"), reply},
                                             {QStringLiteral("stopOnUnsub"), unsub},
                                             {QStringLiteral("stopOnBounce"), bounce}});
}

bool Outreach2daySandbox::mailboxAuthenticated(const Mailbox &mailbox) const
{
    return !mailbox.address.toLower().endsWith(QLatin1Char('@') + unverifiedDomain());
}

QJsonObject Outreach2daySandbox::preflightOf(const Campaign &campaign) const
{
    const int reachable =
            m_contacts.count(campaign.id) - m_contacts.count(campaign.id, QStringLiteral("suppressed"));
    QStringList unauthenticated;
    for (const Mailbox &mailbox : campaign.mailboxes) {
        if (!mailboxAuthenticated(mailbox))
            unauthenticated.append(mailbox.address);
    }
    struct Check
    {
        QString name;
        bool passed;
        QString message;
    };
    const QList<Check> checks = {
            {QStringLiteral("has_steps"), !campaign.steps.isEmpty(),
             campaign.steps.isEmpty() ? QStringLiteral("The campaign has no steps.")
                                      : QStringLiteral("%1 step(s).").arg(campaign.steps.size())},
            {QStringLiteral("has_contacts"), reachable > 0,
             reachable > 0 ? QStringLiteral("%1 contact(s) can be emailed.").arg(reachable)
                           : QStringLiteral("The campaign has no contacts that can be emailed.")},
            {QStringLiteral("has_mailboxes"), !campaign.mailboxes.isEmpty(),
             campaign.mailboxes.isEmpty()
                     ? QStringLiteral("No mailbox is attached.")
                     : QStringLiteral("%1 mailbox(es) attached.").arg(campaign.mailboxes.size())},
            {QStringLiteral("mailbox_auth"), !campaign.mailboxes.isEmpty() && unauthenticated.isEmpty(),
             campaign.mailboxes.isEmpty()        ? QStringLiteral("No mailbox to authenticate.")
                     : unauthenticated.isEmpty() ? QStringLiteral("SPF and DKIM verified for every mailbox.")
                                                 : QStringLiteral("SPF/DKIM not verified for %1.")
                                                           .arg(unauthenticated.join(QStringLiteral(", ")))},
            {QStringLiteral("schedule_set"), !campaign.timezone.isEmpty(),
             campaign.timezone.isEmpty() ? QStringLiteral("No sending schedule is set.")
                                         : QStringLiteral("Sending in %1.").arg(campaign.timezone)},
    };
    QJsonArray array;
    QStringList blocking;
    for (const Check &check : checks) {
        array.append(QJsonObject{{QStringLiteral("name"), check.name},
                                 {QStringLiteral("passed"), check.passed},
                                 {QStringLiteral("message"), check.message}});
        if (!check.passed)
            blocking.append(check.name);
    }
    const QString summary = blocking.isEmpty()
            ? QStringLiteral("All checks passed. Ready to launch.")
            : QStringLiteral("%1 check(s) failed: %2. Fix them before launching.")
                      .arg(blocking.size())
                      .arg(blocking.join(QStringLiteral(", ")));
    return QJsonObject{{QStringLiteral("checks"), array},
                       {QStringLiteral("blockingFailures"), QJsonArray::fromStringList(blocking)},
                       {QStringLiteral("summary"), summary}};
}

SandboxResponse Outreach2daySandbox::preflight(const SandboxRequest &request)
{
    SandboxResponse refused;
    const Campaign *campaign = campaignOf(request, &refused);
    if (!campaign)
        return refused;
    return SandboxResponse::json(preflightOf(*campaign));
}

SandboxResponse Outreach2daySandbox::mailboxPreflight(const SandboxRequest &request)
{
    SandboxResponse refused;
    const Campaign *campaign = campaignOf(request, &refused);
    if (!campaign)
        return refused;
    // Per mailbox: its authentication (SPF/DKIM) and its link's state. The shape is the
    // preflight's, with each check naming its mailbox.
    QJsonArray checks;
    QStringList blocking;
    if (campaign->mailboxes.isEmpty()) {
        checks.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("has_mailboxes")},
                                  {QStringLiteral("passed"), false},
                                  {QStringLiteral("message"), QStringLiteral("No mailbox is attached.")}});
        blocking.append(QStringLiteral("has_mailboxes"));
    }
    for (const Mailbox &mailbox : campaign->mailboxes) {
        const bool authenticated = mailboxAuthenticated(mailbox);
        const QString domain = mailbox.address.section(QLatin1Char('@'), 1);
        checks.append(QJsonObject{
                {QStringLiteral("name"), QStringLiteral("mailbox_auth")},
                {QStringLiteral("mailboxId"), mailbox.mailboxId},
                {QStringLiteral("campaignMailboxId"), mailbox.id},
                {QStringLiteral("mailboxAddress"), mailbox.address},
                {QStringLiteral("passed"), authenticated},
                {QStringLiteral("message"),
                 authenticated
                         ? QStringLiteral("SPF and DKIM verified for %1.").arg(domain)
                         : QStringLiteral("SPF and DKIM records for %1 are not verified.").arg(domain)}});
        if (!authenticated)
            blocking.append(QStringLiteral("mailbox_auth: %1").arg(mailbox.address));
        checks.append(
                QJsonObject{{QStringLiteral("name"), QStringLiteral("mailbox_active")},
                            {QStringLiteral("mailboxId"), mailbox.mailboxId},
                            {QStringLiteral("campaignMailboxId"), mailbox.id},
                            {QStringLiteral("mailboxAddress"), mailbox.address},
                            {QStringLiteral("passed"), mailbox.state == QLatin1String("active")},
                            {QStringLiteral("message"), QStringLiteral("State: %1.").arg(mailbox.state)}});
    }
    const QString summary = blocking.isEmpty() ? QStringLiteral("Every mailbox is ready to send.")
                                               : QStringLiteral("%1 problem(s): %2.")
                                                         .arg(blocking.size())
                                                         .arg(blocking.join(QStringLiteral("; ")));
    return SandboxResponse::json(
            QJsonObject{{QStringLiteral("checks"), checks},
                        {QStringLiteral("blockingFailures"), QJsonArray::fromStringList(blocking)},
                        {QStringLiteral("summary"), summary}});
}

// ---------------------------------------------------------------------------------------------
// Launch, lifecycle, stats, suppressions

void Outreach2daySandbox::startContacting(Campaign &campaign, const QStringList &contactIds)
{
    // Suppressed since the tranche was taken: left out.
    m_sending.enroll(campaign, m_contacts.activate(campaign.id, contactIds), m_clock.nowMs());
    m_webhooks.publish(QStringLiteral("campaign.launched"), campaign.id,
                       QJsonObject{{QStringLiteral("contacts"), int(contactIds.size())}}, m_clock.nowMs());
    if (campaign.status == QLatin1String("draft") || campaign.status == QLatin1String("active"))
        campaign.status = QStringLiteral("active");
    touch(campaign);
}

SandboxResponse Outreach2daySandbox::launch(const SandboxRequest &request)
{
    SandboxResponse refused;
    Campaign *campaign = campaignOf(request, &refused);
    if (!campaign)
        return refused;
    int limit = -1;
    if (request.hasQuery(QStringLiteral("limit"))) {
        bool ok = false;
        limit = request.queryValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1)
            return fieldError(QStringLiteral("limit"), QStringLiteral("limit must be a positive integer."));
    }
    bool async = false;
    if (request.hasQuery(QStringLiteral("async"))) {
        const QString value = request.queryValue(QStringLiteral("async")).toLower();
        if (value != QLatin1String("true") && value != QLatin1String("false") &&
            value != QLatin1String("1") && value != QLatin1String("0"))
            return fieldError(QStringLiteral("async"), QStringLiteral("async must be true or false."));
        async = value == QLatin1String("true") || value == QLatin1String("1");
    }
    if (campaign->status != QLatin1String("draft") && campaign->status != QLatin1String("active")) {
        return invalidState(
                campaign->status,
                campaign->status == QLatin1String("paused")
                        ? QStringLiteral("The campaign is paused: resume it instead of launching it.")
                        : QStringLiteral("A %1 campaign cannot be launched.").arg(campaign->status));
    }
    for (const LaunchJob &job : std::as_const(campaign->launchJobs)) {
        if (job.status == QLatin1String("queued") || job.status == QLatin1String("running"))
            return invalidState(campaign->status,
                                QStringLiteral("Launch job %1 is still %2.").arg(job.id, job.status));
    }
    const QJsonObject checks = preflightOf(*campaign);
    const QJsonArray blocking = checks.value(QStringLiteral("blockingFailures")).toArray();
    if (!blocking.isEmpty()) {
        return error(422, QStringLiteral("preflight_failed"),
                     checks.value(QStringLiteral("summary")).toString(),
                     QJsonObject{{QStringLiteral("blockingFailures"), blocking}});
    }
    const QStringList tranche = m_contacts.pending(campaign->id, limit);
    if (tranche.isEmpty())
        return invalidState(campaign->status, QStringLiteral("Every contact has been launched already."));
    const int pendingAfter = contactCount(campaign->id, QStringLiteral("pending")) - int(tranche.size());

    if (!async) {
        startContacting(*campaign, tranche);
        return SandboxResponse::json(QJsonObject{{QStringLiteral("ok"), true},
                                                 {QStringLiteral("status"), QStringLiteral("launched")},
                                                 {QStringLiteral("campaignId"), campaign->id},
                                                 {QStringLiteral("launched"), int(tranche.size())},
                                                 {QStringLiteral("pendingContacts"), pendingAfter}});
    }
    LaunchJob job;
    job.id = nextId(QStringLiteral("job_launch_"), 3);
    job.status = QStringLiteral("queued");
    job.contactIds = tranche;
    job.createdAt = m_clock.now();
    campaign->launchJobs.append(job);
    QJsonObject answer = launchJobJson(*campaign, job);
    answer.insert(QStringLiteral("ok"), true);
    return SandboxResponse::json(answer, 202);
}

void Outreach2daySandbox::advanceLaunchJob(Campaign &campaign, LaunchJob &job)
{
    if (job.status != QLatin1String("queued") && job.status != QLatin1String("running"))
        return;
    if (++job.polls < m_launchJobPolls) {
        job.status = QStringLiteral("running");
        return;
    }
    job.finishedAt = m_clock.now();
    if (m_launchJobsFail) {
        job.status = QStringLiteral("failed");
        job.error = QStringLiteral("The sending infrastructure rejected the campaign; it is errored.");
        campaign.status = QStringLiteral("errored");
        touch(campaign);
        return;
    }
    startContacting(campaign, job.contactIds);
    job.status = QStringLiteral("completed");
}

SandboxResponse Outreach2daySandbox::launchJob(const SandboxRequest &request)
{
    SandboxResponse refused;
    Campaign *campaign = campaignOf(request, &refused);
    if (!campaign)
        return refused;
    const QString jobId = request.pathArgs.value(QStringLiteral("jobId"));
    for (LaunchJob &job : campaign->launchJobs) {
        if (job.id == jobId) {
            advanceLaunchJob(*campaign, job);
            return SandboxResponse::json(launchJobJson(*campaign, job));
        }
    }
    return notFound(QStringLiteral("launch job of this campaign"), jobId);
}

SandboxResponse Outreach2daySandbox::lifecycle(const SandboxRequest &request)
{
    SandboxResponse refused;
    Campaign *campaign = campaignOf(request, &refused);
    if (!campaign)
        return refused;
    bool ok = false;
    const QJsonObject body = request.jsonObject(&ok);
    if (!ok)
        return invalidJson();
    const QString action = body.value(QStringLiteral("action")).toString();
    if (action == QLatin1String("pause")) {
        if (campaign->status != QLatin1String("active")) {
            return invalidState(campaign->status,
                                QStringLiteral("Only an active campaign can be paused; this one is %1.")
                                        .arg(campaign->status));
        }
        campaign->status = QStringLiteral("paused");
        m_webhooks.publish(QStringLiteral("campaign.paused"), campaign->id, {}, m_clock.nowMs());
    } else if (action == QLatin1String("resume")) {
        if (campaign->status != QLatin1String("paused")) {
            return invalidState(campaign->status,
                                QStringLiteral("Only a paused campaign can be resumed; this one is %1.")
                                        .arg(campaign->status));
        }
        campaign->status = QStringLiteral("active");
        m_sending.resumed(*campaign, m_clock.nowMs());
    } else {
        return fieldError(QStringLiteral("action"), QStringLiteral("action must be pause or resume."));
    }
    touch(*campaign);
    return SandboxResponse::json(QJsonObject{{QStringLiteral("ok"), true},
                                             {QStringLiteral("campaignId"), campaign->id},
                                             {QStringLiteral("status"), campaign->status}});
}

SandboxResponse Outreach2daySandbox::stats(const SandboxRequest &request)
{
    SandboxResponse refused;
    const Campaign *campaign = campaignOf(request, &refused);
    if (!campaign)
        return refused;
    QJsonObject contacts{{QStringLiteral("total"), contactCount(campaign->id)}};
    for (const QString &status :
         {QStringLiteral("pending"), QStringLiteral("active"), QStringLiteral("completed"),
          QStringLiteral("replied"), QStringLiteral("bounced"), QStringLiteral("unsubscribed"),
          QStringLiteral("suppressed"), QStringLiteral("failed")})
        contacts.insert(status, contactCount(campaign->id, status));
    // sent: delivered (sent or replied later), so replied is part of sent; bounced, failed and
    // skipped were not delivered; total: every send.
    int counts[5] = {};
    const QList<Send> &all = m_sending.sends(campaign->id);
    for (const Send &send : all)
        ++counts[int(send.status)];
    using Status = Outreach2daySending::SendStatus;
    const QJsonObject sends{
            {QStringLiteral("total"), int(all.size())},
            {QStringLiteral("sent"), counts[int(Status::Sent)] + counts[int(Status::Replied)]},
            {QStringLiteral("failed"), counts[int(Status::Failed)]},
            {QStringLiteral("bounced"), counts[int(Status::Bounced)]},
            {QStringLiteral("skipped"), counts[int(Status::Skipped)]},
            {QStringLiteral("replied"), counts[int(Status::Replied)]}};
    return SandboxResponse::json(QJsonObject{{QStringLiteral("campaignId"), campaign->id},
                                             {QStringLiteral("status"), campaign->status},
                                             {QStringLiteral("contacts"), contacts},
                                             {QStringLiteral("sends"), sends}});
}

// ---------------------------------------------------------------------------------------------
// JSON

QJsonObject Outreach2daySandbox::campaignJson(const Campaign &campaign) const
{
    return QJsonObject{{QStringLiteral("id"), campaign.id},
                       {QStringLiteral("workspaceId"), SandboxServer::demoOutreachWorkspaceId().toInt()},
                       {QStringLiteral("name"), campaign.name},
                       {QStringLiteral("priority"), campaign.priority},
                       {QStringLiteral("status"), campaign.status},
                       {QStringLiteral("createdAt"), iso(campaign.createdAt)},
                       {QStringLiteral("updatedAt"), iso(campaign.updatedAt)}};
}

QJsonObject Outreach2daySandbox::stepJson(const Campaign &campaign, const Step &step) const
{
    QJsonArray variants;
    for (const Variant &variant : step.variants) {
        QJsonObject object{{QStringLiteral("subject"), variant.subject},
                           {QStringLiteral("weight"), variant.weight}};
        if (!variant.bodyHtml.isEmpty())
            object.insert(QStringLiteral("bodyHtml"), variant.bodyHtml);
        if (!variant.bodyText.isEmpty())
            object.insert(QStringLiteral("bodyText"), variant.bodyText);
        variants.append(object);
    }
    return QJsonObject{{QStringLiteral("id"), step.id},
                       {QStringLiteral("campaignId"), campaign.id},
                       {QStringLiteral("order"), step.order},
                       {QStringLiteral("subject"), step.subject},
                       {QStringLiteral("bodyHtml"), step.bodyHtml},
                       {QStringLiteral("bodyText"), step.bodyText},
                       {QStringLiteral("delaySeconds"), step.delaySeconds},
                       {QStringLiteral("variants"), variants}};
}

QJsonObject Outreach2daySandbox::mailboxJson(const Campaign &campaign, const Mailbox &mailbox) const
{
    return QJsonObject{{QStringLiteral("id"), mailbox.id},
                       {QStringLiteral("campaignId"), campaign.id},
                       {QStringLiteral("mailboxId"), mailbox.mailboxId},
                       {QStringLiteral("mailboxAddress"), mailbox.address},
                       {QStringLiteral("weight"), mailbox.weight},
                       {QStringLiteral("state"), mailbox.state},
                       {QStringLiteral("dailyLimit"), mailbox.dailyLimit},
                       {QStringLiteral("gapBaseSeconds"), mailbox.gapBaseSeconds},
                       {QStringLiteral("gapJitterSeconds"), mailbox.gapJitterSeconds}};
}

QJsonObject Outreach2daySandbox::scheduleJson(const Campaign &campaign) const
{
    QJsonArray windows;
    for (const Window &window : campaign.windows)
        windows.append(
                QJsonObject{{QStringLiteral("start"), window.start}, {QStringLiteral("end"), window.end}});
    return QJsonObject{{QStringLiteral("campaignId"), campaign.id},
                       {QStringLiteral("timezone"), campaign.timezone},
                       {QStringLiteral("weekdays"), QJsonArray::fromStringList(campaign.weekdays)},
                       {QStringLiteral("windows"), windows}};
}

QJsonObject Outreach2daySandbox::launchJobJson(const Campaign &campaign, const LaunchJob &job) const
{
    QJsonObject object{{QStringLiteral("jobId"), job.id},
                       {QStringLiteral("campaignId"), campaign.id},
                       {QStringLiteral("status"), job.status},
                       {QStringLiteral("contacts"), int(job.contactIds.size())},
                       {QStringLiteral("createdAt"), iso(job.createdAt)}};
    if (job.finishedAt.isValid())
        object.insert(QStringLiteral("finishedAt"), iso(job.finishedAt));
    if (!job.error.isEmpty())
        object.insert(QStringLiteral("error"), job.error);
    return object;
}

QString Outreach2daySandbox::nextId(const QString &prefix, int width)
{
    return prefix + QStringLiteral("%1").arg(++m_counters[prefix], width, 10, QLatin1Char('0'));
}

QString Outreach2daySandbox::randomId(const QString &prefix)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (;;) {
        QString id = prefix;
        for (int i = 0; i < 6; ++i)
            id.append(QLatin1Char(alphabet[m_random.bounded(36)]));
        if (!m_campaigns.contains(id))
            return id;
    }
}

void Outreach2daySandbox::touch(Campaign &campaign) const
{
    campaign.updatedAt = m_clock.now();
}
