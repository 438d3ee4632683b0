#include "Outreach2daySandbox.h"

#include "MultipartForm.h"
#include "SandboxCsv.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QTime>
#include <QTimeZone>

// What the Outreach2day public API reference leaves open, chosen once here:
// - Errors: {"error": code, "message": text, "detail": {...}} (SandboxServer::error) with
//     400 invalid_json        the body is not a JSON object
//     400 invalid_field       a field is missing, of the wrong type or out of its documented
//                             range; the message names it and detail.field holds its path
//                             ("variants[1].weight", "limit", "mapping.org")
//     404 not_found           no such campaign, step, mailbox link, import or launch job
//     409 invalid_state       a lifecycle action or launch from a state that does not allow it
//                             (detail.status: the campaign's state), a mapping confirmed twice
//     409 already_exists      a mailbox attached twice to one campaign
//     413 payload_too_large   a direct import above maxDirectImportBytes (use POST /imports)
//     415 unsupported_media_type  an import that is not multipart/form-data
//     422 preflight_failed    launch while preflight has blocking failures (detail.blockingFailures)
//     422 idempotency_key_reused  an Idempotency-Key sent again with another campaign or file
// - Successes: 201 with the resource for POST /campaigns, steps, mailboxes and POST /imports;
//   202 for an async launch; 204 for DELETE; 200 otherwise. Lists answer {"items": [...]}.
// - Idempotency-Key (imports): the same key with the same campaign and file content (the
//   multipart boundary does not count) answers the first answer again, with the header
//   Idempotent-Replayed: true, and changes nothing. Only successful answers are kept.
// - Direct import counts: parsed = data rows, valid/invalid by email, upserted = valid rows
//   written, imported = contacts that did not exist before. A contact is keyed by its email
//   (case-insensitive) within a campaign; errors: [{"row","line","field","value","message"}].
// - Launch: `limit` and `async` in the query. A launch takes the next `limit` pending contacts
//   (a tranche); a later launch of the active campaign takes the next one.

namespace {

const Vendor kVendor = Vendor::Outreach2day;

SandboxResponse fieldError(const QString &field, const QString &message)
{
    return SandboxServer::error(kVendor, 400, QStringLiteral("invalid_field"), message,
                                QJsonObject{{QStringLiteral("field"), field}});
}

SandboxResponse notFound(const QString &what, const QString &id)
{
    return SandboxServer::error(kVendor, 404, QStringLiteral("not_found"),
                                QStringLiteral("No %1 with id %2.").arg(what, id));
}

SandboxResponse invalidState(const QString &status, const QString &message)
{
    return SandboxServer::error(kVendor, 409, QStringLiteral("invalid_state"), message,
                                QJsonObject{{QStringLiteral("status"), status}});
}

SandboxResponse invalidJson()
{
    return SandboxServer::error(kVendor, 400, QStringLiteral("invalid_json"),
                                QStringLiteral("The request body must be a JSON object."));
}

QString iso(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

bool isEmail(const QString &text)
{
    static const QRegularExpression pattern(
            QStringLiteral("^[^\\s@,;<>\"]+@[^\\s@,;<>\"]+\\.[^\\s@,;<>\"]+$"));
    return pattern.match(text).hasMatch();
}

// Reads an optional integer: absent leaves `value` alone; not an integer or outside
// [minimum, maximum] is a 400 naming `field`.
bool readInt(const QJsonObject &object, const QString &key, const QString &field, qint64 minimum,
             qint64 maximum, qint64 *value, SandboxResponse *refused)
{
    if (!object.contains(key))
        return true;
    const QJsonValue v = object.value(key);
    const double number = v.toDouble();
    if (!v.isDouble() || number != double(qint64(number))) {
        *refused = fieldError(field, QStringLiteral("%1 must be an integer.").arg(field));
        return false;
    }
    if (number < double(minimum) || number > double(maximum)) {
        *refused = fieldError(
                field, QStringLiteral("%1 must be from %2 to %3.").arg(field).arg(minimum).arg(maximum));
        return false;
    }
    *value = qint64(number);
    return true;
}

bool readInt(const QJsonObject &object, const QString &key, const QString &field, int minimum, int maximum,
             int *value, SandboxResponse *refused)
{
    qint64 wide = *value;
    if (!readInt(object, key, field, qint64(minimum), qint64(maximum), &wide, refused))
        return false;
    *value = int(wide);
    return true;
}

// Reads an optional string: absent leaves `value` alone; another type is a 400 naming `field`.
bool readString(const QJsonObject &object, const QString &key, const QString &field, QString *value,
                SandboxResponse *refused)
{
    if (!object.contains(key) || object.value(key).isNull())
        return true;
    if (!object.value(key).isString()) {
        *refused = fieldError(field, QStringLiteral("%1 must be a string.").arg(field));
        return false;
    }
    *value = object.value(key).toString();
    return true;
}

bool readBool(const QJsonObject &object, const QString &key, bool *value, SandboxResponse *refused)
{
    if (!object.contains(key))
        return true;
    if (!object.value(key).isBool()) {
        *refused = fieldError(key, QStringLiteral("%1 must be true or false.").arg(key));
        return false;
    }
    *value = object.value(key).toBool();
    return true;
}

// The contact fields Outreach2day knows; any other column is a custom field.
const QStringList &knownFields()
{
    static const QStringList fields = {
            QStringLiteral("email"),   QStringLiteral("firstName"), QStringLiteral("lastName"),
            QStringLiteral("company"), QStringLiteral("title"),     QStringLiteral("phone"),
            QStringLiteral("website"), QStringLiteral("city"),      QStringLiteral("country")};
    return fields;
}

// A column named exactly like a known field (any case) is that field; "name" is the full name.
QString fieldNamed(const QString &column)
{
    for (const QString &field : knownFields()) {
        if (column.compare(field, Qt::CaseInsensitive) == 0)
            return field;
    }
    if (column.compare(QLatin1String("name"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("name");
    return column;
}

// The mapping preview's guess for a column: a known field by its usual spellings, else the
// column itself as a custom field.
QString suggestedField(const QString &column)
{
    QString key;
    for (const QChar c : column.toLower()) {
        if (c.isLetterOrNumber())
            key.append(c);
    }
    static const QList<QPair<QString, QStringList>> spellings = {
            {QStringLiteral("email"),
             {QStringLiteral("email"), QStringLiteral("emailaddress"), QStringLiteral("mail")}},
            {QStringLiteral("firstName"),
             {QStringLiteral("firstname"), QStringLiteral("first"), QStringLiteral("fname"),
              QStringLiteral("givenname")}},
            {QStringLiteral("lastName"),
             {QStringLiteral("lastname"), QStringLiteral("last"), QStringLiteral("lname"),
              QStringLiteral("surname"), QStringLiteral("familyname")}},
            {QStringLiteral("company"),
             {QStringLiteral("company"), QStringLiteral("companyname"), QStringLiteral("org"),
              QStringLiteral("organisation"), QStringLiteral("organization"), QStringLiteral("employer")}},
            {QStringLiteral("title"),
             {QStringLiteral("title"), QStringLiteral("jobtitle"), QStringLiteral("role"),
              QStringLiteral("position")}},
            {QStringLiteral("phone"),
             {QStringLiteral("phone"), QStringLiteral("phonenumber"), QStringLiteral("mobile"),
              QStringLiteral("tel")}},
            {QStringLiteral("website"),
             {QStringLiteral("website"), QStringLiteral("url"), QStringLiteral("web"),
              QStringLiteral("site")}},
            {QStringLiteral("city"), {QStringLiteral("city"), QStringLiteral("town")}},
            {QStringLiteral("country"), {QStringLiteral("country")}},
    };
    for (const auto &entry : spellings) {
        if (entry.second.contains(key))
            return entry.first;
    }
    return column;
}

// A custom field may be named anything a CSV header can hold (the suggestion keeps the header's
// own name), within reason.
bool isFieldName(const QString &name)
{
    return !name.isEmpty() && name.size() <= 100 && std::none_of(name.cbegin(), name.cend(), [](QChar c) {
        return c.category() == QChar::Other_Control;
    });
}

// {{name}} → the contact's value (a top-level field, else one of its customJson); unknown → empty.
QString render(const QString &text, const QJsonObject &contact, bool html)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{\\{\\s*([A-Za-z0-9_.]+)\\s*\\}\\}"));
    const QJsonObject custom = contact.value(QStringLiteral("customJson")).toObject();
    QString result;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = placeholder.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        result.append(QStringView(text).mid(last, match.capturedStart() - last));
        const QString name = match.captured(1);
        QJsonValue value = contact.value(name);
        if (value.isUndefined())
            value = custom.value(name);
        QString replacement;
        if (value.isString())
            replacement = value.toString();
        else if (value.isDouble())
            replacement = QString::number(value.toDouble(), 'g', 15);
        else if (value.isBool())
            replacement = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        result.append(html ? replacement.toHtmlEscaped() : replacement);
        last = match.capturedEnd();
    }
    result.append(QStringView(text).mid(last));
    return result;
}

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

QString pagingFaultName(Outreach2daySandbox::PagingFault fault)
{
    switch (fault) {
    case Outreach2daySandbox::PagingFault::None:
        return QStringLiteral("none");
    case Outreach2daySandbox::PagingFault::RepeatCursor:
        return QStringLiteral("repeat_cursor");
    case Outreach2daySandbox::PagingFault::NoProgress:
        return QStringLiteral("no_progress");
    }
    return {};
}

// The contacts cursor: opaque to clients, "after:<contact id>:<serial>" in base64url.
QString encodeCursor(const QString &afterId, int serial)
{
    return QString::fromLatin1(
            QStringLiteral("after:%1:%2")
                    .arg(afterId)
                    .arg(serial)
                    .toUtf8()
                    .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool decodeCursor(const QString &cursor, QString *afterId)
{
    const auto decoded = QByteArray::fromBase64Encoding(
            cursor.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    const QStringList parts = QString::fromUtf8(*decoded).split(QLatin1Char(':'));
    if (parts.size() != 3 || parts.at(0) != QLatin1String("after") ||
        !parts.at(1).startsWith(QLatin1String("cnt_")))
        return false;
    *afterId = parts.at(1);
    return true;
}

// Contact ids grow with a number: compare by it (ids widen past 999999).
qint64 idNumber(const QString &id)
{
    return QStringView(id).mid(id.indexOf(QLatin1Char('_')) + 1).toLongLong();
}

QByteArray sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

} // namespace

// ---------------------------------------------------------------------------------------------

Outreach2daySandbox::Outreach2daySandbox(SandboxServer *server, QObject *parent)
    : QObject(parent), m_server(server), m_random(server->generator("outreach2day.ids"))
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
                    [handler = std::move(handler)](const SandboxRequest &request) {
                        if (auto refused = checkWorkspace(request))
                            return *refused;
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
    add("POST", QStringLiteral("/imports"), &Outreach2daySandbox::startImport);
    add("GET", QStringLiteral("/imports/{importId}/mapping-preview"), &Outreach2daySandbox::mappingPreview);
    add("POST", QStringLiteral("/imports/{importId}/mapping-confirm"), &Outreach2daySandbox::confirmMapping);
    add("GET", QStringLiteral("/imports/{importId}/status"), &Outreach2daySandbox::importStatus);
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
    add("POST", QStringLiteral("/campaigns/suppressions"), &Outreach2daySandbox::addSuppressions);
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
    campaign.createdAt = now().addDays(-3);
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
        for (int n = 2; campaign.contactByEmail.contains(email); ++n)
            email = local + QString::number(n) + QLatin1Char('@') + domain + QStringLiteral(".example");
        bool created = false;
        Contact &contact = upsertContact(campaign, email, &created);
        contact.firstName = firstName;
        contact.lastName = lastName;
        contact.custom = QJsonObject{{QStringLiteral("company"), company},
                                     {QStringLiteral("title"), pick(titles)},
                                     {QStringLiteral("city"), pick(cities)}};
        contact.createdAt = campaign.createdAt.addSecs(600 + i);
    }
    // Two addresses the workspace had already suppressed.
    for (int i : {17, 151}) {
        m_suppressions.insert(campaign.contacts.at(i).email.toLower(), QStringLiteral("manual_suppression"));
        campaign.contacts[i].status = QStringLiteral("suppressed");
    }

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
    return m_campaigns.value(campaignId).contacts;
}

int Outreach2daySandbox::contactCount(const QString &campaignId, const QString &status) const
{
    const auto it = m_campaigns.constFind(campaignId);
    if (it == m_campaigns.constEnd())
        return 0;
    if (status.isEmpty())
        return int(it->contacts.size());
    return int(std::count_if(it->contacts.cbegin(), it->contacts.cend(),
                             [&status](const Contact &c) { return c.status == status; }));
}

bool Outreach2daySandbox::isSuppressed(const QString &email) const
{
    return m_suppressions.contains(email.trimmed().toLower());
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
    m_pagingFault = PagingFault::None;
    m_importPolls = 3;
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
        if (body.contains(QStringLiteral("contactsPaging"))) {
            const QString name = body.value(QStringLiteral("contactsPaging")).toString();
            if (name == pagingFaultName(PagingFault::None))
                m_pagingFault = PagingFault::None;
            else if (name == pagingFaultName(PagingFault::RepeatCursor))
                m_pagingFault = PagingFault::RepeatCursor;
            else if (name == pagingFaultName(PagingFault::NoProgress))
                m_pagingFault = PagingFault::NoProgress;
            else
                return invalid(QStringLiteral("contactsPaging must be none, repeat_cursor or no_progress."));
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
    return SandboxResponse::json(
            QJsonObject{{QStringLiteral("contactsPaging"), pagingFaultName(m_pagingFault)},
                        {QStringLiteral("importPolls"), m_importPolls},
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
    campaign.createdAt = campaign.updatedAt = now();
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
                            render(step.value(key).toString(), contact, key == QLatin1String("bodyHtml")));
    }
    if (rendered.isEmpty())
        return fieldError(QStringLiteral("step.subject"),
                          QStringLiteral("step needs a subject, bodyHtml or bodyText to render."));
    return SandboxResponse::json(rendered);
}

// ---------------------------------------------------------------------------------------------
// Contacts

std::optional<SandboxResponse> Outreach2daySandbox::replayed(const QString &scope,
                                                             const SandboxRequest &request,
                                                             const QByteArray &fingerprint)
{
    const QString key = QString::fromUtf8(request.header("Idempotency-Key")).trimmed();
    if (key.isEmpty())
        return std::nullopt;
    if (key.size() > 255)
        return fieldError(QStringLiteral("Idempotency-Key"),
                          QStringLiteral("The Idempotency-Key header must be at most 255 characters."));
    const auto it = m_replays.constFind(scope + QLatin1Char('\n') + key);
    if (it == m_replays.constEnd())
        return std::nullopt;
    if (it->fingerprint != fingerprint) {
        return SandboxServer::error(
                kVendor, 422, QStringLiteral("idempotency_key_reused"),
                QStringLiteral("This Idempotency-Key was already used for another request "
                               "(another campaign or file). Use a new key for a new import."));
    }
    SandboxResponse response = it->response;
    response.headers.append({QByteArrayLiteral("Idempotent-Replayed"), QByteArrayLiteral("true")});
    return response;
}

SandboxResponse Outreach2daySandbox::remember(const QString &scope, const SandboxRequest &request,
                                              const QByteArray &fingerprint, const SandboxResponse &response)
{
    const QString key = QString::fromUtf8(request.header("Idempotency-Key")).trimmed();
    if (!key.isEmpty() && response.status / 100 == 2)
        m_replays.insert(scope + QLatin1Char('\n') + key, Replay{fingerprint, response});
    return response;
}

std::optional<MultipartForm> Outreach2daySandbox::formOf(const SandboxRequest &request,
                                                         SandboxResponse *refused) const
{
    const QByteArray boundary = MultipartForm::boundaryOf(request.header("Content-Type"));
    if (boundary.isEmpty()) {
        *refused = SandboxServer::error(kVendor, 415, QStringLiteral("unsupported_media_type"),
                                        QStringLiteral("Imports are multipart/form-data with a boundary."));
        return std::nullopt;
    }
    QString problem;
    auto form = MultipartForm::parse(request.body, boundary, &problem);
    if (!form)
        *refused = fieldError(QStringLiteral("file"),
                              QStringLiteral("The multipart body is malformed: %1").arg(problem));
    return form;
}

Outreach2daySandbox::Contact &Outreach2daySandbox::upsertContact(Campaign &campaign, const QString &email,
                                                                 bool *created)
{
    const QString key = email.toLower();
    const auto it = campaign.contactByEmail.constFind(key);
    if (it != campaign.contactByEmail.constEnd()) {
        *created = false;
        return campaign.contacts[*it];
    }
    Contact contact;
    contact.id = nextId(QStringLiteral("cnt_"), 6);
    contact.email = email;
    contact.createdAt = now();
    if (m_suppressions.contains(key))
        contact.status = QStringLiteral("suppressed");
    campaign.contactByEmail.insert(key, int(campaign.contacts.size()));
    campaign.contacts.append(contact);
    *created = true;
    return campaign.contacts.last();
}

void Outreach2daySandbox::importRows(Campaign &campaign, const QList<QPair<int, QStringList>> &rows,
                                     const QList<QPair<int, QString>> &mapping, const QStringList &columns,
                                     ImportTally *tally)
{
    int emailColumn = -1;
    for (const auto &entry : mapping) {
        if (entry.second == QLatin1String("email"))
            emailColumn = entry.first;
    }
    for (const auto &row : rows) {
        const QStringList &fields = row.second;
        ++tally->parsed;
        const QString email = emailColumn < fields.size() ? fields.at(emailColumn).trimmed() : QString();
        if (!isEmail(email)) {
            ++tally->invalid;
            if (tally->errors.size() < 1000) {
                tally->errors.append(
                        QJsonObject{{QStringLiteral("row"), tally->parsed},
                                    {QStringLiteral("line"), row.first},
                                    {QStringLiteral("field"), QStringLiteral("email")},
                                    {QStringLiteral("column"), columns.value(emailColumn)},
                                    {QStringLiteral("value"), email},
                                    {QStringLiteral("message"),
                                     email.isEmpty() ? QStringLiteral("The email is missing.")
                                                     : QStringLiteral("Not a valid email address.")}});
            }
            continue;
        }
        ++tally->valid;
        ++tally->upserted;
        bool created = false;
        Contact &contact = upsertContact(campaign, email, &created);
        if (created)
            ++tally->created;
        QString fullName;
        for (const auto &entry : mapping) {
            const QString value = entry.first < fields.size() ? fields.at(entry.first).trimmed() : QString();
            const QString &field = entry.second;
            if (field == QLatin1String("email") || value.isEmpty())
                continue;
            if (field == QLatin1String("firstName"))
                contact.firstName = value;
            else if (field == QLatin1String("lastName"))
                contact.lastName = value;
            else if (field == QLatin1String("name"))
                fullName = value;
            else
                contact.custom.insert(field, value);
        }
        if (!fullName.isEmpty() && contact.firstName.isEmpty() && contact.lastName.isEmpty()) {
            const qsizetype space = fullName.indexOf(QLatin1Char(' '));
            contact.firstName = space < 0 ? fullName : fullName.left(space);
            contact.lastName = space < 0 ? QString() : fullName.mid(space + 1).trimmed();
        }
    }
}

SandboxResponse Outreach2daySandbox::importDirect(const SandboxRequest &request)
{
    SandboxResponse refused;
    Campaign *campaign = campaignOf(request, &refused);
    if (!campaign)
        return refused;
    const auto form = formOf(request, &refused);
    if (!form)
        return refused;
    const MultipartForm::Part *file = form->part("file");
    if (!file)
        return fieldError(QStringLiteral("file"),
                          QStringLiteral("The multipart part \"file\" (the CSV) is missing."));
    if (file->data.size() > maxDirectImportBytes) {
        return SandboxServer::error(
                kVendor, 413, QStringLiteral("payload_too_large"),
                QStringLiteral("The file is larger than %1 bytes: use a staged import (POST /imports).")
                        .arg(maxDirectImportBytes));
    }
    const QString scope = QStringLiteral("contacts/import");
    const QByteArray fingerprint = sha256(campaign->id.toUtf8() + '\n' + file->data);
    if (auto answer = replayed(scope, request, fingerprint))
        return *answer;

    const SandboxCsv csv = SandboxCsv::parse(file->data);
    if (!csv.problem.isEmpty())
        return fieldError(QStringLiteral("file"), csv.problem);
    QList<QPair<int, QString>> mapping;
    for (qsizetype i = 0; i < csv.header.size(); ++i) {
        if (!csv.header.at(i).isEmpty())
            mapping.append({int(i), fieldNamed(csv.header.at(i))});
    }
    if (std::none_of(mapping.cbegin(), mapping.cend(),
                     [](const auto &e) { return e.second == QLatin1String("email"); }))
        return fieldError(QStringLiteral("file"), QStringLiteral("The CSV header has no email column."));
    QList<QPair<int, QStringList>> rows;
    rows.reserve(csv.records.size());
    for (const SandboxCsv::Record &record : csv.records)
        rows.append({record.line, record.fields});
    ImportTally tally;
    importRows(*campaign, rows, mapping, csv.header, &tally);
    touch(*campaign);
    const QJsonObject answer{
            {QStringLiteral("imported"), tally.created},  {QStringLiteral("parsed"), tally.parsed},
            {QStringLiteral("valid"), tally.valid},       {QStringLiteral("invalid"), tally.invalid},
            {QStringLiteral("upserted"), tally.upserted}, {QStringLiteral("errors"), tally.errors}};
    return remember(scope, request, fingerprint, SandboxResponse::json(answer));
}

SandboxResponse Outreach2daySandbox::startImport(const SandboxRequest &request)
{
    SandboxResponse refused;
    const auto form = formOf(request, &refused);
    if (!form)
        return refused;
    const MultipartForm::Part *campaignPart = form->part("campaignId");
    const QString campaignId = campaignPart ? QString::fromUtf8(campaignPart->data).trimmed() : QString();
    if (campaignId.isEmpty())
        return fieldError(QStringLiteral("campaignId"),
                          QStringLiteral("The multipart part \"campaignId\" is missing."));
    if (!m_campaigns.contains(campaignId))
        return notFound(QStringLiteral("campaign"), campaignId);
    const MultipartForm::Part *file = form->part("file");
    if (!file)
        return fieldError(QStringLiteral("file"),
                          QStringLiteral("The multipart part \"file\" (the CSV) is missing."));
    const QString scope = QStringLiteral("imports");
    const QByteArray fingerprint = sha256(campaignId.toUtf8() + '\n' + file->data);
    if (auto answer = replayed(scope, request, fingerprint))
        return *answer;

    const SandboxCsv csv = SandboxCsv::parse(file->data);
    if (!csv.problem.isEmpty())
        return fieldError(QStringLiteral("file"), csv.problem);
    StagedImport import;
    do {
        import.id = randomId(QStringLiteral("imp_"));
    } while (m_imports.contains(import.id));
    import.campaignId = campaignId;
    import.status = QStringLiteral("pending_mapping");
    import.columns = csv.header;
    import.rows.reserve(csv.records.size());
    for (const SandboxCsv::Record &record : csv.records)
        import.rows.append({record.line, record.fields});
    import.createdAt = now();
    m_imports.insert(import.id, import);
    const QJsonObject answer{{QStringLiteral("importId"), import.id},
                             {QStringLiteral("status"), import.status},
                             {QStringLiteral("campaignId"), campaignId}};
    return remember(scope, request, fingerprint, SandboxResponse::json(answer, 201));
}

SandboxResponse Outreach2daySandbox::mappingPreview(const SandboxRequest &request)
{
    const QString id = request.pathArgs.value(QStringLiteral("importId"));
    const auto it = m_imports.constFind(id);
    if (it == m_imports.constEnd())
        return notFound(QStringLiteral("import"), id);
    QJsonObject suggested;
    for (const QString &column : it->columns) {
        if (!column.isEmpty())
            suggested.insert(column, suggestedField(column));
    }
    QJsonArray samples;
    for (qsizetype r = 0; r < qMin<qsizetype>(5, it->rows.size()); ++r) {
        QJsonObject sample;
        const QStringList &fields = it->rows.at(r).second;
        for (qsizetype c = 0; c < it->columns.size(); ++c)
            sample.insert(it->columns.at(c), fields.value(c));
        samples.append(sample);
    }
    return SandboxResponse::json(
            QJsonObject{{QStringLiteral("importId"), it->id},
                        {QStringLiteral("columns"), QJsonArray::fromStringList(it->columns)},
                        {QStringLiteral("suggestedMapping"), suggested},
                        {QStringLiteral("sampleRows"), samples},
                        {QStringLiteral("totalRows"), int(it->rows.size())}});
}

SandboxResponse Outreach2daySandbox::confirmMapping(const SandboxRequest &request)
{
    const QString id = request.pathArgs.value(QStringLiteral("importId"));
    auto it = m_imports.find(id);
    if (it == m_imports.end())
        return notFound(QStringLiteral("import"), id);
    bool ok = false;
    const QJsonObject body = request.jsonObject(&ok);
    if (!ok)
        return invalidJson();
    if (it->status != QLatin1String("pending_mapping")) {
        return invalidState(
                it->status,
                QStringLiteral("The import's mapping is already confirmed (status %1).").arg(it->status));
    }
    if (!body.value(QStringLiteral("mapping")).isObject())
        return fieldError(QStringLiteral("mapping"), QStringLiteral("mapping is required: {column: field}."));
    const QJsonObject mapping = body.value(QStringLiteral("mapping")).toObject();
    QMap<QString, QString> accepted;
    QHash<QString, QString> columnOfField;
    for (auto entry = mapping.begin(); entry != mapping.end(); ++entry) {
        const QString path = QStringLiteral("mapping.") + entry.key();
        if (!it->columns.contains(entry.key()))
            return fieldError(path,
                              QStringLiteral("%1: the file has no column \"%2\".").arg(path, entry.key()));
        if (!entry.value().isString() && !entry.value().isNull())
            return fieldError(
                    path, QStringLiteral("%1 must be a field name (or empty to skip the column).").arg(path));
        const QString field = entry.value().toString().trimmed();
        if (field.isEmpty())
            continue;
        if (!isFieldName(field))
            return fieldError(path, QStringLiteral("%1: \"%2\" is not a valid field name.").arg(path, field));
        if (columnOfField.contains(field)) {
            return fieldError(path,
                              QStringLiteral("%1: the columns \"%2\" and \"%3\" both map to %4.")
                                      .arg(path, columnOfField.value(field), entry.key(), field));
        }
        columnOfField.insert(field, entry.key());
        accepted.insert(entry.key(), field);
    }
    if (!columnOfField.contains(QStringLiteral("email")))
        return fieldError(QStringLiteral("mapping"), QStringLiteral("mapping must map one column to email."));
    it->mapping = accepted;
    it->status = QStringLiteral("processing");
    return SandboxResponse::json(importStatusJson(*it));
}

void Outreach2daySandbox::advanceImport(StagedImport &import)
{
    auto campaign = m_campaigns.find(import.campaignId);
    if (campaign == m_campaigns.end()) {
        import.status = QStringLiteral("failed");
        return;
    }
    ++import.polls;
    const qsizetype total = import.rows.size();
    const qsizetype target = import.polls >= m_importPolls ? total : total * import.polls / m_importPolls;
    QList<QPair<int, QString>> mapping;
    for (qsizetype c = 0; c < import.columns.size(); ++c) {
        const QString field = import.mapping.value(import.columns.at(c));
        if (!field.isEmpty())
            mapping.append({int(c), field});
    }
    ImportTally tally;
    tally.parsed = import.processed; // rows are numbered across polls
    importRows(*campaign, import.rows.mid(import.processed, target - import.processed), mapping,
               import.columns, &tally);
    import.processed = int(target);
    import.imported += tally.valid;
    import.invalid += tally.invalid;
    for (const QJsonValue &error : std::as_const(tally.errors)) {
        if (import.errors.size() < 1000)
            import.errors.append(error);
    }
    touch(*campaign);
    if (import.processed >= total)
        import.status = QStringLiteral("completed");
}

SandboxResponse Outreach2daySandbox::importStatus(const SandboxRequest &request)
{
    const QString id = request.pathArgs.value(QStringLiteral("importId"));
    auto it = m_imports.find(id);
    if (it == m_imports.end())
        return notFound(QStringLiteral("import"), id);
    if (it->status == QLatin1String("processing"))
        advanceImport(*it);
    return SandboxResponse::json(importStatusJson(*it));
}

SandboxResponse Outreach2daySandbox::listContacts(const SandboxRequest &request)
{
    SandboxResponse refused;
    const Campaign *campaign = campaignOf(request, &refused);
    if (!campaign)
        return refused;
    int limit = defaultPageLimit;
    if (request.hasQuery(QStringLiteral("limit"))) {
        bool ok = false;
        limit = request.queryValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > maxPageLimit)
            return fieldError(QStringLiteral("limit"),
                              QStringLiteral("limit must be an integer from 1 to %1.").arg(maxPageLimit));
    }
    const QString cursor = request.queryValue(QStringLiteral("cursor"));
    qsizetype start = 0;
    if (!cursor.isEmpty()) {
        QString afterId;
        if (!decodeCursor(cursor, &afterId))
            return fieldError(QStringLiteral("cursor"), QStringLiteral("cursor is not one this API issued."));
        const qint64 after = idNumber(afterId);
        const auto first = std::find_if(campaign->contacts.cbegin(), campaign->contacts.cend(),
                                        [after](const Contact &c) { return idNumber(c.id) > after; });
        start = first - campaign->contacts.cbegin();
        if (m_pagingFault == PagingFault::NoProgress)
            start = 0; // the first page again, under a new cursor
    }
    const qsizetype end = qMin<qsizetype>(campaign->contacts.size(), start + limit);
    QJsonArray items;
    for (qsizetype i = start; i < end; ++i)
        items.append(contactJson(*campaign, campaign->contacts.at(i)));
    QJsonValue next = QJsonValue::Null;
    if (end < campaign->contacts.size())
        next = encodeCursor(campaign->contacts.at(end - 1).id,
                            m_pagingFault == PagingFault::NoProgress ? ++m_cursorSerial : 0);
    if (m_pagingFault == PagingFault::RepeatCursor && !cursor.isEmpty())
        next = cursor;
    return SandboxResponse::json(
            QJsonObject{{QStringLiteral("items"), items}, {QStringLiteral("next_cursor"), next}});
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
            return SandboxServer::error(kVendor, 409, QStringLiteral("already_exists"),
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
            int(std::count_if(campaign.contacts.cbegin(), campaign.contacts.cend(),
                              [](const Contact &c) { return c.status != QLatin1String("suppressed"); }));
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
    const QSet<QString> ids(contactIds.cbegin(), contactIds.cend());
    for (Contact &contact : campaign.contacts) {
        // Suppressed since the tranche was taken: left out.
        if (ids.contains(contact.id) && contact.status == QLatin1String("pending"))
            contact.status = QStringLiteral("active");
    }
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
        return SandboxServer::error(kVendor, 422, QStringLiteral("preflight_failed"),
                                    checks.value(QStringLiteral("summary")).toString(),
                                    QJsonObject{{QStringLiteral("blockingFailures"), blocking}});
    }
    QStringList tranche;
    for (const Contact &contact : std::as_const(campaign->contacts)) {
        if (limit > 0 && tranche.size() >= limit)
            break;
        if (contact.status == QLatin1String("pending"))
            tranche.append(contact.id);
    }
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
    job.createdAt = now();
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
    job.finishedAt = now();
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
    } else if (action == QLatin1String("resume")) {
        if (campaign->status != QLatin1String("paused")) {
            return invalidState(campaign->status,
                                QStringLiteral("Only a paused campaign can be resumed; this one is %1.")
                                        .arg(campaign->status));
        }
        campaign->status = QStringLiteral("active");
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
    QJsonObject contacts{{QStringLiteral("total"), int(campaign->contacts.size())}};
    for (const QString &status :
         {QStringLiteral("pending"), QStringLiteral("active"), QStringLiteral("completed"),
          QStringLiteral("replied"), QStringLiteral("bounced"), QStringLiteral("unsubscribed"),
          QStringLiteral("suppressed"), QStringLiteral("failed")})
        contacts.insert(status, contactCount(campaign->id, status));
    // Sends arrive with part 2 of the simulation; until then nothing has been sent.
    QJsonObject sends;
    for (const QString &status : {QStringLiteral("total"), QStringLiteral("sent"), QStringLiteral("failed"),
                                  QStringLiteral("bounced"), QStringLiteral("replied")})
        sends.insert(status, 0);
    return SandboxResponse::json(QJsonObject{{QStringLiteral("campaignId"), campaign->id},
                                             {QStringLiteral("status"), campaign->status},
                                             {QStringLiteral("contacts"), contacts},
                                             {QStringLiteral("sends"), sends}});
}

SandboxResponse Outreach2daySandbox::addSuppressions(const SandboxRequest &request)
{
    bool ok = false;
    const QJsonObject body = request.jsonObject(&ok);
    if (!ok)
        return invalidJson();
    const QJsonValue emailsValue = body.value(QStringLiteral("emails"));
    if (!emailsValue.isArray() || emailsValue.toArray().isEmpty())
        return fieldError(QStringLiteral("emails"), QStringLiteral("emails must list at least one address."));
    const QJsonArray emails = emailsValue.toArray();
    if (emails.size() > 1000)
        return fieldError(QStringLiteral("emails"),
                          QStringLiteral("emails may list at most 1000 addresses."));
    QString reason = QStringLiteral("manual_suppression");
    SandboxResponse refused;
    if (!readString(body, QStringLiteral("reason"), QStringLiteral("reason"), &reason, &refused))
        return refused;
    if (reason.size() > 200)
        return fieldError(QStringLiteral("reason"), QStringLiteral("reason must be at most 200 characters."));
    QStringList addresses;
    for (qsizetype i = 0; i < emails.size(); ++i) {
        const QString email = emails.at(i).toString().trimmed();
        if (!isEmail(email)) {
            const QString path = QStringLiteral("emails[%1]").arg(i);
            return fieldError(path, QStringLiteral("%1 is not an email address.").arg(path));
        }
        addresses.append(email.toLower());
    }
    int added = 0;
    int contactsSuppressed = 0;
    for (const QString &email : std::as_const(addresses)) {
        if (m_suppressions.contains(email))
            continue;
        m_suppressions.insert(email, reason);
        ++added;
        for (Campaign &campaign : m_campaigns) {
            const auto index = campaign.contactByEmail.constFind(email);
            if (index == campaign.contactByEmail.constEnd())
                continue;
            Contact &contact = campaign.contacts[*index];
            if (contact.status == QLatin1String("pending") || contact.status == QLatin1String("active")) {
                contact.status = QStringLiteral("suppressed");
                ++contactsSuppressed;
            }
        }
    }
    return SandboxResponse::json(
            QJsonObject{{QStringLiteral("ok"), true},
                        {QStringLiteral("suppressed"), added},
                        {QStringLiteral("alreadySuppressed"), int(addresses.size()) - added},
                        {QStringLiteral("contactsSuppressed"), contactsSuppressed}});
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

QJsonObject Outreach2daySandbox::contactJson(const Campaign &campaign, const Contact &contact) const
{
    return QJsonObject{{QStringLiteral("id"), contact.id},
                       {QStringLiteral("campaignId"), campaign.id},
                       {QStringLiteral("email"), contact.email},
                       {QStringLiteral("name"),
                        QStringList{contact.firstName, contact.lastName}.join(QLatin1Char(' ')).trimmed()},
                       {QStringLiteral("firstName"), contact.firstName},
                       {QStringLiteral("lastName"), contact.lastName},
                       {QStringLiteral("status"), contact.status},
                       {QStringLiteral("customJson"), contact.custom},
                       {QStringLiteral("createdAt"), iso(contact.createdAt)}};
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

QJsonObject Outreach2daySandbox::importStatusJson(const StagedImport &import) const
{
    return QJsonObject{{QStringLiteral("importId"), import.id},
                       {QStringLiteral("campaignId"), import.campaignId},
                       {QStringLiteral("status"), import.status},
                       {QStringLiteral("totalRows"), int(import.rows.size())},
                       {QStringLiteral("processedRows"), import.processed},
                       {QStringLiteral("imported"), import.imported},
                       {QStringLiteral("invalid"), import.invalid},
                       {QStringLiteral("errors"), import.errors}};
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
        if (!m_campaigns.contains(id) && !m_imports.contains(id))
            return id;
    }
}

QDateTime Outreach2daySandbox::now()
{
    const QDateTime time = QDateTime::currentDateTimeUtc();
    return time.addMSecs(-time.time().msec());
}

void Outreach2daySandbox::touch(Campaign &campaign)
{
    campaign.updatedAt = now();
}
