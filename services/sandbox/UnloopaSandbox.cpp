#include "UnloopaSandbox.h"

#include "SandboxServer.h"
#include "UnloopaCallsSandbox.h"
#include "UnloopaCampaignsSandbox.h"
#include "UnloopaOutreachSandbox.h"
#include "UnloopaSandboxReplies.h"
#include "UnloopaTemplatesSandbox.h"
#include "UnloopaVoiceSandbox.h"
#include "core/Iso8601.h"
#include "phone/PhoneNumbers.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

namespace {

const Vendor kVendor = Vendor::Unloopa;

// Where leads come from: a city, its country's phone plan and language.
struct City
{
    const char *name; // UTF-8
    const char *region; // ISO 3166 alpha-2
    const char *language;
    const char *prefix; // E.164 prefix incl. area code
    int subscriberDigits; // digits after the prefix
    const char *firstDigits; // allowed first digits of the subscriber part
};

const City kCities[] = {
        {"Miami", "US", "en", "+1305", 7, "2345678"},
        {"Austin", "US", "en", "+1512", 7, "2345678"},
        {"New York", "US", "en", "+1212", 7, "2345678"},
        {"Chicago", "US", "en", "+1312", 7, "2345678"},
        {"Los Angeles", "US", "en", "+1213", 7, "2345678"},
        {"Seattle", "US", "en", "+1206", 7, "2345678"},
        {"Denver", "US", "en", "+1303", 7, "2345678"},
        {"Boston", "US", "en", "+1617", 7, "2345678"},
        {"Phoenix", "US", "en", "+1602", 7, "2345678"},
        {"Atlanta", "US", "en", "+1404", 7, "2345678"},
        {"San Diego", "US", "en", "+1619", 7, "2345678"},
        {"Nashville", "US", "en", "+1615", 7, "2345678"},
        {"Montréal", "CA", "fr", "+1514", 7, "2345678"},
        {"Toronto", "CA", "en", "+1416", 7, "2345678"},
        {"London", "GB", "en", "+44207", 7, "0123456789"},
        {"München", "DE", "de", "+4989", 7, "2345678"},
        {"Köln", "DE", "de", "+49221", 7, "2345678"},
        {"Paris", "FR", "fr", "+331", 8, "2345678"},
        {"São Paulo", "BR", "pt", "+5511", 8, "2345"},
        {"Zürich", "CH", "de", "+4144", 7, "2345"},
        {"Kraków", "PL", "pl", "+4812", 7, "2345678"},
        {"Malmö", "SE", "sv", "+4640", 6, "1236"},
        {"Madrid", "ES", "es", "+3491", 7, "2345"},
        {"Reykjavík", "IS", "is", "+3545", 6, "123456"},
        {"Ciudad de México", "MX", "es", "+5255", 8, "12345"},
        {"Tokyo", "JP", "ja", "+813", 8, "3456"},
        {"İstanbul", "TR", "tr", "+90212", 7, "2345"},
        {"Tromsø", "NO", "no", "+4777", 6, "6"},
};

struct Industry
{
    const char *name; // as the API reports it: "Plumber"
    const char *plural; // in commands: "plumbers"
    const char *business; // in business names: "Plumbing"
};

const Industry kIndustries[] = {
        {"Plumber", "plumbers", "Plumbing"},
        {"Dentist", "dentists", "Dental"},
        {"Roofer", "roofers", "Roofing"},
        {"Electrician", "electricians", "Electric"},
        {"Hair Salon", "hair salons", "Hair Studio"},
        {"Restaurant", "restaurants", "Kitchen"},
        {"Lawyer", "lawyers", "Law Group"},
        {"Gym", "gyms", "Fitness"},
        {"Auto Repair", "auto repair shops", "Auto Repair"},
        {"Landscaper", "landscapers", "Landscaping"},
        {"Bakery", "bakeries", "Bakery"},
        {"Chiropractor", "chiropractors", "Chiropractic"},
        {"Veterinarian", "veterinarians", "Animal Clinic"},
        {"Real Estate Agent", "real estate agents", "Realty"},
        {"HVAC Contractor", "HVAC contractors", "Heating & Air"},
        {"Café", "cafés", "Café"},
        {"Cleaning Service", "cleaning services", "Cleaning"},
        {"Photographer", "photographers", "Photography"},
        {"Florist", "florists", "Flowers"},
        {"Yoga Studio", "yoga studios", "Yoga"},
};

const char *const kSurnames[] = {
        "Smith",  "Johnson", "García",      "Nguyen",         "Müller",    "O'Brien", "Kowalski", "Johansson",
        "Rossi",  "Dubois",  "Peña",        "Ødegård",        "Şahin",     "Björk",   "Tanaka",   "Silva",
        "Brown",  "Martin",  "Łukasiewicz", "Fernández",      "Schröder",  "Lefèvre", "Kim",      "Patel",
        "Walker", "Hughes",  "Novák",       "Ó Súilleabháin", "Jørgensen", "Álvarez", "Wilson",   "Taylor",
};

const char *const kAdjectives[] = {"Reliable", "Golden",  "Blue Sky", "Premier", "Elite",     "Sunrise",
                                   "Family",   "Express", "Green",    "Modern",  "Precision", "Bright"};

// Names a spreadsheet would take for formulas: the export must neutralise them.
const char *const kTrickyNames[] = {"=SUM(A1) Plumbing",      "+1 Roofing",
                                    "@Home Cleaning",         "-20% Auto Repair",
                                    "=HYPERLINK(\"x\") Café", "@mention Fitness"};

// Names that must survive every encoding step unchanged.
const char *const kUnicodeNames[] = {"山田歯科クリニック", "Café Łódź Ñandú",
                                     "Joe's 🍕 Kitchen",    "Ørsted & Søn Rørlegger",
                                     "Ümit Kuaför",        "Zoë's \"Best\" Bakery, Inc."};

const char *const kJobErrors[] = {
        "No location found in the command: describe the niche and the place, e.g. \"plumbers in Miami\".",
        "Google Maps returned no businesses for this search.",
        "Scraping failed because the upstream provider timed out. No quota was used.",
};

QString u8(const char *text)
{
    return QString::fromUtf8(text);
}

int pick(QRandomGenerator &random, int count)
{
    return int(random.bounded(quint32(count)));
}

bool chance(QRandomGenerator &random, double probability)
{
    return random.generateDouble() < probability;
}

QString slugify(const QString &text)
{
    const QString decomposed = text.normalized(QString::NormalizationForm_KD).toLower();
    QString slug;
    slug.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
            (c >= QLatin1Char('0') && c <= QLatin1Char('9')))
            slug += c;
        else if (c.category() == QChar::Mark_NonSpacing)
            continue;
        else if (!slug.endsWith(QLatin1Char('-')) && !slug.isEmpty())
            slug += QLatin1Char('-');
    }
    while (slug.endsWith(QLatin1Char('-')))
        slug.chop(1);
    return slug.isEmpty() ? QStringLiteral("business") : slug;
}

QString iso(const QDateTime &dt)
{
    return dt.toUTC().toString(Qt::ISODateWithMs);
}

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

const City *findCity(const QString &place)
{
    const QString wanted = slugify(place);
    for (const City &city : kCities) {
        if (slugify(u8(city.name)) == wanted)
            return &city;
    }
    return nullptr;
}

// "Find 50 plumbers in Miami, FL" → ("Plumber", "Miami"). Numbers are ignored, as documented.
void parseCommand(const QString &command, QString *niche, QString *place)
{
    static const QRegularExpression placeSplit(QStringLiteral("\\s+(?:in|near|around|at)\\s+"),
                                               QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression filler(
            QStringLiteral("^(?:(?:please|find|get|scrape|search|look|for|me|some|all|the|top|best|"
                           "leads?|of|\\d+)\\s+)+"),
            QRegularExpression::CaseInsensitiveOption);
    QString text = command.simplified();
    int splitAt = -1;
    int splitLength = 0;
    QRegularExpressionMatchIterator it = placeSplit.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        splitAt = int(m.capturedStart());
        splitLength = int(m.capturedLength());
    }
    QString what = splitAt >= 0 ? text.left(splitAt) : text;
    QString where = splitAt >= 0 ? text.mid(splitAt + splitLength) : QString();
    what.remove(filler);
    where = where.section(QLatin1Char(','), 0, 0).trimmed();
    while (!where.isEmpty() && !where.back().isLetterOrNumber())
        where.chop(1);

    // Known industries by their plural; otherwise a singular form of what was asked for.
    *niche = QString();
    for (const Industry &industry : kIndustries) {
        if (what.compare(u8(industry.plural), Qt::CaseInsensitive) == 0 ||
            what.compare(u8(industry.name), Qt::CaseInsensitive) == 0) {
            *niche = u8(industry.name);
            break;
        }
    }
    if (niche->isEmpty() && !what.isEmpty()) {
        QString singular = what.trimmed();
        if (singular.endsWith(QLatin1String("ies")))
            singular = singular.chopped(3) + QLatin1Char('y');
        else if (singular.endsWith(QLatin1Char('s')) && !singular.endsWith(QLatin1String("ss")))
            singular.chop(1);
        QStringList words = singular.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        for (QString &word : words)
            word[0] = word[0].toUpper();
        *niche = words.join(QLatin1Char(' '));
    }
    if (const City *city = findCity(where))
        *place = u8(city->name);
    else if (!where.isEmpty()) {
        QStringList words = where.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        for (QString &word : words)
            word[0] = word[0].toUpper();
        *place = words.join(QLatin1Char(' '));
    } else {
        *place = QString();
    }
}

const QString kStatusProcessing = QStringLiteral("processing");
const QString kStatusCompleted = QStringLiteral("completed");
const QString kStatusFailed = QStringLiteral("failed");

QString stepVerb(const QString &step)
{
    if (step == QLatin1String("scraping"))
        return QStringLiteral("Scraping leads...");
    if (step == QLatin1String("websites"))
        return QStringLiteral("Generating websites...");
    if (step == QLatin1String("videos"))
        return QStringLiteral("Generating videos...");
    if (step == QLatin1String("emails"))
        return QStringLiteral("Enriching emails and socials...");
    return QStringLiteral("Sending outreach...");
}

// Reads an integer query parameter; `bad` is set when present but not an integer in range.
int intParam(const SandboxRequest &request, const QString &key, int fallback, int minimum, int maximum,
             bool *bad)
{
    if (!request.hasQuery(key))
        return fallback;
    bool ok = false;
    const int value = request.queryValue(key).trimmed().toInt(&ok);
    if (!ok || value < minimum || value > maximum) {
        *bad = true;
        return fallback;
    }
    return value;
}

SandboxResponse invalid(const QString &message, const QString &field)
{
    return SandboxServer::error(kVendor, 400, QStringLiteral("invalid_input"), message,
                                {{QStringLiteral("field"), field}});
}

// The documented paging of every Unloopa list: limit 1-100 (each list has its own default) and
// offset >= 0. Out of range is invalid_input, as the docs' error table says.
struct Page
{
    int limit = 0;
    int offset = 0;
};

std::optional<SandboxResponse> readPage(const SandboxRequest &request, int defaultLimit, Page *page)
{
    bool bad = false;
    page->limit = intParam(request, QStringLiteral("limit"), defaultLimit, 1, 100, &bad);
    if (bad)
        return invalid(QStringLiteral("limit must be an integer between 1 and 100"), QStringLiteral("limit"));
    page->offset = intParam(request, QStringLiteral("offset"), 0, 0, std::numeric_limits<int>::max(), &bad);
    if (bad)
        return invalid(QStringLiteral("offset must be a non-negative integer"), QStringLiteral("offset"));
    return std::nullopt;
}

} // namespace

QStringList UnloopaSandbox::Job::stepNames() const
{
    QStringList names{QStringLiteral("scraping"), QStringLiteral("websites")};
    if (withVideo || withVsl)
        names << QStringLiteral("videos");
    names << QStringLiteral("emails") << QStringLiteral("outreach");
    return names;
}

UnloopaSandbox::UnloopaSandbox(SandboxServer *server, QObject *parent)
    : QObject(parent), m_server(server), m_random(server->generator("unloopa.commands"))
{
    m_clockAnchorMs = QDateTime::currentMSecsSinceEpoch();
    m_sinceAnchor.start();
    const QDateTime start = now();
    m_resetsAt =
            QDateTime(QDate(start.date().year(), start.date().month(), 1).addMonths(1), QTime(0, 0), Qt::UTC);
    seed();
    m_templates = new UnloopaTemplatesSandbox(server);
    m_outreach = new UnloopaOutreachSandbox(this, m_templates);
    m_voice = new UnloopaVoiceSandbox(this, server);
    m_calls = new UnloopaCallsSandbox(this, m_voice, server);
    m_campaigns = new UnloopaCampaignsSandbox(this, m_voice, m_calls, server);
    registerRoutes();
}

UnloopaSandbox::~UnloopaSandbox()
{
    delete m_campaigns;
    delete m_calls;
    delete m_voice;
    delete m_outreach;
    delete m_templates;
}

// Every route of the one table, each to its part's handler; every request first brings the
// campaigns up to the clock's now, so whatever it reads (the credits in /quota too) is current.
void UnloopaSandbox::registerRoutes()
{
    using Op = UnloopaRoutes::Op;
    auto bind = [this](SandboxResponse (UnloopaSandbox::*handler)(const SandboxRequest &)) {
        return SandboxHandler(
                [this, handler](const SandboxRequest &request) { return (this->*handler)(request); });
    };
    QMap<Op, SandboxHandler> handlers{
            {Op::Quota, bind(&UnloopaSandbox::quota)},
            {Op::Command, bind(&UnloopaSandbox::command)},
            {Op::Jobs, bind(&UnloopaSandbox::listJobs)},
            {Op::Job, bind(&UnloopaSandbox::jobDetail)},
            {Op::Leads, bind(&UnloopaSandbox::listLeads)},
            {Op::Lead, bind(&UnloopaSandbox::leadDetail)},
            {Op::Websites, bind(&UnloopaSandbox::listWebsites)},
    };
    m_outreach->addHandlers(&handlers);
    m_templates->addHandlers(&handlers);
    m_voice->addHandlers(&handlers);
    m_calls->addHandlers(&handlers);
    m_campaigns->addHandlers(&handlers);
    for (const UnloopaRoutes::Route &route : UnloopaRoutes::all()) {
        const SandboxHandler handler = handlers.value(route.op);
        Q_ASSERT_X(handler, "UnloopaSandbox", "a route of UnloopaRoutes has no handler");
        m_server->route(kVendor, route.method, route.pattern, [this, handler](const SandboxRequest &request) {
            m_campaigns->simulate();
            return handler(request);
        });
    }
}

QString UnloopaSandbox::upgradeUrl()
{
    return UnloopaReplies::upgradeUrl();
}

// ---------------------------------------------------------------------------------------------
// Plan, quota, clock

void UnloopaSandbox::setPlan(Plan plan)
{
    m_plan = plan;
}

int UnloopaSandbox::websitesLimit() const
{
    return m_plan == Plan::Pro ? 5000 : 100;
}

void UnloopaSandbox::setWebsitesUsed(int used)
{
    m_websitesUsed = qMax(0, used);
}

int UnloopaSandbox::websitesUsed() const
{
    rollPeriod();
    return m_websitesUsed;
}

void UnloopaSandbox::setVideosUsed(int used)
{
    m_videosUsed = qMax(0, used);
}

QDateTime UnloopaSandbox::resetsAt() const
{
    rollPeriod();
    return m_resetsAt;
}

void UnloopaSandbox::setStepDuration(int milliseconds)
{
    m_stepMs = qMax(0, milliseconds);
}

QDateTime UnloopaSandbox::now() const
{
    const qint64 ms = m_clockAnchorMs + qint64(double(m_sinceAnchor.elapsed()) * m_clockSpeed);
    return QDateTime::fromMSecsSinceEpoch(ms + m_clockOffsetMs, Qt::UTC);
}

void UnloopaSandbox::setClockSpeed(double speed)
{
    m_clockAnchorMs += qint64(double(m_sinceAnchor.restart()) * m_clockSpeed);
    m_clockSpeed = qMax(0.0, speed);
}

int UnloopaSandbox::voiceCredits() const
{
    return m_plan == Plan::Pro ? m_voiceCredits : 0;
}

bool UnloopaSandbox::spendVoiceCredits(int count)
{
    if (voiceCredits() < count)
        return false;
    m_voiceCredits -= count;
    return true;
}

void UnloopaSandbox::advanceClock(qint64 milliseconds)
{
    m_clockOffsetMs += qMax<qint64>(0, milliseconds);
}

void UnloopaSandbox::rollPeriod() const
{
    const QDateTime current = now();
    while (current >= m_resetsAt) {
        m_websitesUsed = 0;
        m_videosUsed = 0;
        m_resetsAt = m_resetsAt.addMonths(1);
    }
}

// ---------------------------------------------------------------------------------------------
// Seeded data

UnloopaSandbox::Lead UnloopaSandbox::makeLead(QRandomGenerator &random, const QString &niche,
                                              const QString &place, int job, bool withVideo,
                                              bool withVsl) const
{
    Lead lead;
    lead.id = SandboxServer::randomUuid(random);
    lead.websiteId = SandboxServer::randomUuid(random);
    lead.industry = niche;
    lead.city = place;
    const City *city = findCity(place);
    lead.language = city ? u8(city->language) : QStringLiteral("en");

    const Industry *industry = nullptr;
    for (const Industry &candidate : kIndustries) {
        if (niche == u8(candidate.name))
            industry = &candidate;
    }
    const QString business = industry ? u8(industry->business) : niche;
    const double roll = random.generateDouble();
    if (roll < 0.012)
        lead.businessName = u8(kTrickyNames[pick(random, int(std::size(kTrickyNames)))]);
    else if (roll < 0.03)
        lead.businessName = u8(kUnicodeNames[pick(random, int(std::size(kUnicodeNames)))]);
    else if (roll < 0.45)
        lead.businessName =
                u8(kSurnames[pick(random, int(std::size(kSurnames)))]) + QLatin1Char(' ') + business;
    else if (roll < 0.7)
        lead.businessName = place + QLatin1Char(' ') + business +
                (chance(random, 0.4) ? QStringLiteral(" Co.") : QString());
    else
        lead.businessName =
                u8(kAdjectives[pick(random, int(std::size(kAdjectives)))]) + QLatin1Char(' ') + business;
    lead.slug = slugify(lead.businessName + QLatin1Char(' ') + place) + QLatin1Char('-') + lead.id.left(4);

    // Phone: usually E.164; sometimes the national format a scraper copied, sometimes junk, or none.
    const double phoneRoll = random.generateDouble();
    if (phoneRoll >= 0.1) {
        QString e164;
        for (int attempt = 0; attempt < 20; ++attempt) {
            const City &c = city ? *city : kCities[0];
            QString digits;
            const QString first = QString::fromLatin1(c.firstDigits);
            digits += first.at(pick(random, int(first.size())));
            for (int i = 1; i < c.subscriberDigits; ++i)
                digits += QChar(QLatin1Char('0' + char(pick(random, 10))));
            // North American exchanges never end in 11 (N11 codes).
            if (QByteArray(c.prefix).startsWith("+1") && digits.mid(1, 2) == QLatin1String("11"))
                continue;
            const QString candidate = QString::fromLatin1(c.prefix) + digits;
            if (PhoneNumbers::isValid(candidate)) {
                e164 = candidate;
                break;
            }
        }
        if (phoneRoll < 0.13 && e164.startsWith(QLatin1String("+1")) && e164.size() == 12)
            lead.phone = QStringLiteral("(%1) %2-%3").arg(e164.mid(2, 3), e164.mid(5, 3), e164.mid(8));
        else if (phoneRoll < 0.15)
            lead.phone = chance(random, 0.5) ? QStringLiteral("call for quote") : QStringLiteral("123");
        else
            lead.phone = e164;
    }

    if (chance(random, 0.76)) {
        static const char *const boxes[] = {"info", "hello", "contact", "office", "booking"};
        const QString domain = slugify(lead.businessName).left(24);
        lead.email = u8(boxes[pick(random, int(std::size(boxes)))]) + QLatin1Char('@') + domain +
                QStringLiteral(".com");
    }
    if (!chance(random, 0.05)) {
        // Google ratings cluster high.
        const double r = 5.0 - std::pow(random.generateDouble(), 0.6) * 3.2;
        lead.rating = std::round(qBound(1.0, r, 5.0) * 10) / 10;
        lead.reviews = int(std::pow(random.generateDouble(), 2.2) * 1500);
    }
    lead.websiteGenerated = !chance(random, 0.04);
    if (withVideo) {
        const double v = random.generateDouble();
        lead.videoStatus = v < 0.75 ? kStatusCompleted
                : v < 0.85          ? kStatusFailed
                : v < 0.93          ? QStringLiteral("generating")
                                    : QStringLiteral("pending");
    }
    if (withVsl) {
        const double v = random.generateDouble();
        lead.vslStatus = v < 0.8 ? kStatusCompleted : v < 0.9 ? kStatusFailed : QStringLiteral("generating");
    }
    const QString handle = slugify(lead.businessName).remove(QLatin1Char('-')).left(20);
    if (chance(random, 0.5))
        lead.instagram = QStringLiteral("https://instagram.com/") + handle;
    if (chance(random, 0.6))
        lead.facebook = QStringLiteral("https://facebook.com/") + handle;
    if (chance(random, 0.25))
        lead.linkedin = QStringLiteral("https://linkedin.com/company/") + handle;
    if (chance(random, 0.2))
        lead.twitter = QStringLiteral("https://twitter.com/") + handle;
    if (chance(random, 0.6)) {
        lead.hasExistingWebsite = true;
        lead.existingUrl =
                QStringLiteral("https://www.") + slugify(lead.businessName).left(30) + QStringLiteral(".com");
        lead.pagespeedScore = 8 + pick(random, 92);
        lead.loadTime = std::round((0.6 + std::pow(random.generateDouble(), 1.5) * 11.0) * 10) / 10;
        lead.mobileOptimized = chance(random, 0.55);
    }
    lead.job = job;
    return lead;
}

void UnloopaSandbox::seed()
{
    QRandomGenerator random = m_server->generator("unloopa.leads");
    const int wanted = qMax(0, m_server->options().unloopaLeadCount);
    static const int sizes[] = {10, 20, 25, 50, 50, 75, 100, 100, 100};
    static const char *const phrasing[] = {"Find %1 in %2", "%1 in %2", "Find 50 %1 in %2",
                                           "Get me %1 near %2", "scrape %1 in %2, top rated"};

    // Jobs spread over the last ~6 months, oldest first; a job every day or two.
    QList<Job> jobs;
    int produced = 0;
    const QDateTime end = now().addSecs(-3600);
    while (produced < wanted) {
        Job job;
        job.id = SandboxServer::randomUuid(random);
        const Industry &industry = kIndustries[pick(random, int(std::size(kIndustries)))];
        const City &city = kCities[pick(random, int(std::size(kCities)))];
        job.niche = u8(industry.name);
        job.place = u8(city.name);
        job.withVideo = chance(random, 0.15);
        job.withVsl = job.withVideo && chance(random, 0.4);
        job.maxResults = job.withVideo ? 10 : sizes[pick(random, int(std::size(sizes)))];
        job.command = QString::fromUtf8(phrasing[pick(random, int(std::size(phrasing)))])
                              .arg(u8(industry.plural), u8(city.name));
        job.stepMs = 45'000;
        if (chance(random, 0.06)) {
            job.failAtStep = 0;
            job.error = u8(kJobErrors[pick(random, int(std::size(kJobErrors)))]);
            if (job.error.startsWith(QLatin1String("No location")))
                job.command = QStringLiteral("Find %1").arg(u8(industry.plural));
        }
        jobs.append(job);
        if (job.failAtStep < 0)
            produced += qMin(job.maxResults, wanted - produced);
    }
    // Dates: newest job an hour ago, the rest spread back over ~6 months at an uneven pace.
    const qint64 meanGap = 180LL * 24 * 3600 / qMax<qint64>(1, jobs.size());
    QDateTime at = end;
    for (int i = int(jobs.size()) - 1; i >= 0; --i) {
        jobs[i].createdAt = at;
        at = at.addSecs(-qint64(meanGap / 2 + qint64(random.generateDouble() * double(meanGap))));
    }

    int remaining = wanted;
    for (int i = 0; i < jobs.size(); ++i) {
        Job &job = jobs[i];
        const int index = int(m_jobs.size());
        if (job.failAtStep < 0) {
            const int count = qMin(job.maxResults, remaining);
            remaining -= count;
            for (int n = 0; n < count; ++n) {
                Lead lead = makeLead(random, job.niche, job.place, index, job.withVideo, job.withVsl);
                lead.createdAt = job.createdAt.addMSecs(job.stepMs + n * 37);
                appendLead(job, lead);
            }
        }
        appendJob(job);
    }
}

// ---------------------------------------------------------------------------------------------
// Job progress on the sandbox clock

UnloopaSandbox::JobState UnloopaSandbox::stateOf(const Job &job) const
{
    JobState state;
    const QStringList steps = job.stepNames();
    const qint64 elapsed = job.createdAt.msecsTo(now());
    const int stepCount = int(steps.size());
    int done =
            job.stepMs <= 0 ? stepCount : int(qMin<qint64>(stepCount, qMax<qint64>(0, elapsed) / job.stepMs));
    if (job.failAtStep >= 0 && done >= job.failAtStep + 1) {
        state.status = kStatusFailed;
        state.stepsDone = job.failAtStep;
        state.progress = job.failAtStep * 100 / stepCount;
        state.updatedAt = job.createdAt.addMSecs(job.stepMs * (job.failAtStep + 1));
        return state;
    }
    state.stepsDone = done;
    if (done >= stepCount) {
        state.status = kStatusCompleted;
        state.progress = 100;
        state.updatedAt = job.createdAt.addMSecs(job.stepMs * stepCount);
    } else {
        state.status = kStatusProcessing;
        const qint64 within = job.stepMs > 0 ? (elapsed - done * job.stepMs) * 100 / job.stepMs : 0;
        state.progress = int(std::clamp<qint64>((done * 100 + within) / stepCount, 0, 99));
        state.updatedAt = job.createdAt.addMSecs(job.stepMs * done);
    }
    return state;
}

bool UnloopaSandbox::reached(const Job &job, const JobState &state, const QString &step) const
{
    const int index = int(job.stepNames().indexOf(step));
    return index >= 0 && state.stepsDone > index;
}

QHash<int, UnloopaSandbox::JobState> UnloopaSandbox::jobStates() const
{
    QHash<int, JobState> states;
    states.reserve(m_jobs.size());
    for (int i = 0; i < m_jobs.size(); ++i)
        states.insert(i, stateOf(m_jobs.at(i)));
    return states;
}

bool UnloopaSandbox::isVisible(const Lead &lead, const QHash<int, JobState> &states) const
{
    return states.value(lead.job).stepsDone >= 1; // scraped
}

const QList<int> &UnloopaSandbox::newestFirst() const
{
    if (m_orderDirty) {
        m_newestFirst.resize(m_leads.size());
        std::iota(m_newestFirst.begin(), m_newestFirst.end(), 0);
        std::sort(m_newestFirst.begin(), m_newestFirst.end(), [this](int a, int b) {
            const Lead &la = m_leads.at(a);
            const Lead &lb = m_leads.at(b);
            if (la.createdAt != lb.createdAt)
                return la.createdAt > lb.createdAt;
            return la.id < lb.id;
        });
        m_orderDirty = false;
    }
    return m_newestFirst;
}

bool UnloopaSandbox::isJobRunning(const QString &id) const
{
    const auto it = m_jobById.constFind(id);
    return it != m_jobById.constEnd() && stateOf(m_jobs.at(*it)).status == kStatusProcessing;
}

QJsonObject UnloopaSandbox::leadJson(const Lead &lead, const JobState &state, bool detail) const
{
    const Job &job = m_jobs.at(lead.job);
    const bool website = lead.websiteGenerated && reached(job, state, QStringLiteral("websites"));
    const bool enriched = reached(job, state, QStringLiteral("emails"));
    const bool videosDone = reached(job, state, QStringLiteral("videos"));
    QString videoStatus = lead.videoStatus;
    QString vslStatus = lead.vslStatus;
    if (!videosDone) {
        const bool generating = reached(job, state, QStringLiteral("websites"));
        if (!videoStatus.isEmpty())
            videoStatus = generating ? QStringLiteral("generating") : QStringLiteral("pending");
        if (!vslStatus.isEmpty())
            vslStatus = generating ? QStringLiteral("generating") : QStringLiteral("pending");
    }
    const QString url = website ? QStringLiteral("https://unlora.com/") + lead.slug : QString();
    QJsonObject o{
            {QStringLiteral("id"), lead.id},
            {QStringLiteral("business_name"), lead.businessName},
            {QStringLiteral("city"), lead.city},
            {QStringLiteral("industry"), lead.industry},
            {QStringLiteral("phone"), orNull(lead.phone)},
            {QStringLiteral("email"), orNull(enriched ? lead.email : QString())},
            {QStringLiteral("rating"),
             lead.rating < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(lead.rating)},
            {QStringLiteral("reviews"), lead.reviews},
            {QStringLiteral("url"), orNull(url)},
            {QStringLiteral("language"), lead.language},
            {QStringLiteral("video_url"),
             orNull(videoStatus == kStatusCompleted ? QStringLiteral("https://video.unloopa.com/") +
                                    lead.slug + QStringLiteral(".mp4")
                                                    : QString())},
            {QStringLiteral("video_status"), orNull(videoStatus)},
            {QStringLiteral("vsl_url"),
             orNull(vslStatus == kStatusCompleted
                            ? QStringLiteral("https://video.unloopa.com/vsl/") + lead.slug
                            : QString())},
            {QStringLiteral("vsl_status"), orNull(vslStatus)},
            {QStringLiteral("socials"),
             QJsonObject{{QStringLiteral("instagram"), orNull(enriched ? lead.instagram : QString())},
                         {QStringLiteral("facebook"), orNull(enriched ? lead.facebook : QString())},
                         {QStringLiteral("linkedin"), orNull(enriched ? lead.linkedin : QString())},
                         {QStringLiteral("twitter"), orNull(enriched ? lead.twitter : QString())}}},
            {QStringLiteral("created_at"), iso(lead.createdAt)},
    };
    if (detail) {
        o.insert(QStringLiteral("slug"), lead.slug);
        if (lead.hasExistingWebsite) {
            o.insert(QStringLiteral("existing_website"),
                     QJsonObject{{QStringLiteral("url"), lead.existingUrl},
                                 {QStringLiteral("pagespeed_score"), lead.pagespeedScore},
                                 {QStringLiteral("load_time"), lead.loadTime},
                                 {QStringLiteral("mobile_optimized"), lead.mobileOptimized}});
        } else {
            o.insert(QStringLiteral("existing_website"), QJsonValue(QJsonValue::Null));
        }
    }
    return o;
}

QJsonObject UnloopaSandbox::websiteJson(const Lead &lead, const JobState &state) const
{
    const QJsonObject l = leadJson(lead, state, false);
    return {
            {QStringLiteral("id"), lead.websiteId},
            {QStringLiteral("url"), l.value(QLatin1String("url"))},
            {QStringLiteral("slug"), lead.slug},
            {QStringLiteral("business_name"), lead.businessName},
            {QStringLiteral("city"), lead.city},
            {QStringLiteral("industry"), lead.industry},
            {QStringLiteral("phone"), l.value(QLatin1String("phone"))},
            {QStringLiteral("email"), l.value(QLatin1String("email"))},
            {QStringLiteral("language"), lead.language},
            {QStringLiteral("video_url"), l.value(QLatin1String("video_url"))},
            {QStringLiteral("vsl_url"), l.value(QLatin1String("vsl_url"))},
            {QStringLiteral("created_at"), iso(lead.createdAt)},
    };
}

QJsonObject UnloopaSandbox::jobJson(int index, bool detail) const
{
    const Job &job = m_jobs.at(index);
    const JobState state = stateOf(job);
    QJsonObject o{
            {QStringLiteral("job_id"), job.id},
            {QStringLiteral("command"), job.command},
            {QStringLiteral("intent"), QStringLiteral("lead_generation")},
            {QStringLiteral("status"), state.status},
            {QStringLiteral("error"),
             state.status == kStatusFailed ? QJsonValue(job.error) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("created_at"), iso(job.createdAt)},
            {QStringLiteral("updated_at"), iso(state.updatedAt)},
    };
    if (!detail)
        return o;

    const QStringList names = job.stepNames();
    int withWebsite = 0;
    int withEmail = 0;
    QJsonArray websites;
    for (int leadIndex : job.leads) {
        const Lead &lead = m_leads.at(leadIndex);
        if (lead.websiteGenerated) {
            ++withWebsite;
            if (reached(job, state, QStringLiteral("websites"))) {
                websites.append(QJsonObject{
                        {QStringLiteral("id"), lead.websiteId},
                        {QStringLiteral("url"), QString(QStringLiteral("https://unlora.com/") + lead.slug)},
                        {QStringLiteral("business_name"), lead.businessName},
                        {QStringLiteral("city"), lead.city},
                        {QStringLiteral("industry"), lead.industry}});
            }
        }
        if (!lead.email.isEmpty())
            ++withEmail;
    }
    const int leadCount = int(job.leads.size());
    QJsonArray steps;
    for (int i = 0; i < names.size(); ++i) {
        const QString &name = names.at(i);
        QString status;
        if (i < state.stepsDone)
            status = kStatusCompleted;
        else if (state.status == kStatusFailed && i == job.failAtStep)
            status = kStatusFailed;
        else if (state.status == kStatusProcessing && i == state.stepsDone)
            status = kStatusProcessing;
        else
            status = QStringLiteral("pending");
        int count = 0;
        QString message;
        if (name == QLatin1String("scraping")) {
            count = leadCount;
            message = status == kStatusFailed ? job.error : QStringLiteral("Found %1 leads").arg(count);
        } else if (name == QLatin1String("websites")) {
            count = withWebsite;
            message = QStringLiteral("Generated %1 websites").arg(count);
        } else if (name == QLatin1String("videos")) {
            count = int(std::count_if(job.leads.cbegin(), job.leads.cend(), [this](int l) {
                return m_leads.at(l).videoStatus == kStatusCompleted ||
                        m_leads.at(l).vslStatus == kStatusCompleted;
            }));
            message = QStringLiteral("Generated %1 videos").arg(count);
        } else if (name == QLatin1String("emails")) {
            count = withEmail;
            message = QStringLiteral("Found %1 email addresses").arg(count);
        } else {
            count = withEmail;
            message = QStringLiteral("Queued %1 outreach emails").arg(count);
        }
        if (status == QLatin1String("pending") || status == kStatusProcessing) {
            count = 0;
            message = status == kStatusProcessing ? stepVerb(name) : QString();
        }
        steps.append(QJsonObject{{QStringLiteral("name"), name},
                                 {QStringLiteral("status"), status},
                                 {QStringLiteral("message"), message},
                                 {QStringLiteral("count"), count}});
    }
    QString current;
    if (state.status == kStatusProcessing)
        current = stepVerb(names.at(state.stepsDone));
    else if (state.status == kStatusCompleted)
        current = QStringLiteral("Completed");
    else
        current = QStringLiteral("Failed");
    o.insert(QStringLiteral("progress"), state.progress);
    o.insert(QStringLiteral("current_step"), current);
    o.insert(QStringLiteral("steps"), steps);
    o.insert(QStringLiteral("result"),
             QJsonObject{{QStringLiteral("websites"), websites},
                         {QStringLiteral("leads_scraped"), state.stepsDone >= 1 ? leadCount : 0},
                         {QStringLiteral("emails_sent"),
                          reached(job, state, QStringLiteral("outreach")) ? withEmail : 0}});
    return o;
}

// ---------------------------------------------------------------------------------------------
// Endpoints

SandboxResponse UnloopaSandbox::quota(const SandboxRequest &)
{
    rollPeriod();
    const bool pro = m_plan == Plan::Pro;
    const int websitesLimit = this->websitesLimit();
    const int videosLimit = pro ? 200 : 0;
    auto usage = [](int used, int limit) {
        return QJsonObject{{QStringLiteral("used"), used},
                           {QStringLiteral("limit"), limit},
                           {QStringLiteral("remaining"), qMax(0, limit - used)}};
    };
    return SandboxResponse::json(QJsonObject{
            {QStringLiteral("plan"), pro ? QStringLiteral("pro") : QStringLiteral("free")},
            {QStringLiteral("plan_status"), QStringLiteral("active")},
            {QStringLiteral("websites"), usage(m_websitesUsed, websitesLimit)},
            {QStringLiteral("videos"), usage(m_videosUsed, videosLimit)},
            {QStringLiteral("voice_credits"), voiceCredits()},
            {QStringLiteral("voice_enabled"), pro},
            {QStringLiteral("video_enabled"), pro},
            {QStringLiteral("resets_at"), iso(m_resetsAt)},
            {QStringLiteral("purchase_links"),
             QJsonObject{{QStringLiteral("voice_credits"), UnloopaReplies::creditPurchaseLinks()},
                         {QStringLiteral("upgrade"), upgradeUrl()}}},
    });
}

SandboxResponse UnloopaSandbox::command(const SandboxRequest &request)
{
    rollPeriod();
    // Rate limit first: a flood is refused whatever it asks for.
    const QDateTime current = now();
    while (!m_recentCommands.isEmpty() && m_recentCommands.first().msecsTo(current) >= 60'000)
        m_recentCommands.removeFirst();
    if (m_commandsPerMinute > 0 && m_recentCommands.size() >= m_commandsPerMinute) {
        const qint64 waitMs = 60'000 - m_recentCommands.first().msecsTo(current);
        SandboxResponse response = SandboxServer::error(
                kVendor, 429, QStringLiteral("rate_limited"),
                QStringLiteral("Too many commands; at most %1 per minute.").arg(m_commandsPerMinute),
                {{QStringLiteral("limit_per_minute"), m_commandsPerMinute}});
        response.headers.append({"Retry-After", QByteArray::number(qMax<qint64>(1, (waitMs + 999) / 1000))});
        return response;
    }
    m_recentCommands.append(current);

    bool isObject = false;
    const QJsonObject body = request.jsonObject(&isObject);
    if (!isObject)
        return invalid(QStringLiteral("Body must be a JSON object."), QStringLiteral("body"));
    const QJsonValue commandValue = body.value(QLatin1String("command"));
    if (!commandValue.isString() || commandValue.toString().trimmed().isEmpty())
        return invalid(QStringLiteral("command is required"), QStringLiteral("command"));
    const QString text = commandValue.toString();
    if (text.size() > 1000)
        return invalid(QStringLiteral("command must be at most 1000 characters"), QStringLiteral("command"));
    for (const char *flag : {"with_video", "with_vsl"}) {
        const QJsonValue v = body.value(QLatin1String(flag));
        if (!v.isUndefined() && !v.isNull() && !v.isBool())
            return invalid(QStringLiteral("%1 must be a boolean").arg(QLatin1String(flag)),
                           QLatin1String(flag));
    }
    const bool withVideo = body.value(QLatin1String("with_video")).toBool();
    const bool withVsl = body.value(QLatin1String("with_vsl")).toBool();
    int maxResults = (withVideo || withVsl) ? 10 : 100;
    const QJsonValue maxValue = body.value(QLatin1String("max_results"));
    if (!maxValue.isUndefined() && !maxValue.isNull()) {
        const double m = maxValue.toDouble(-1);
        if (!maxValue.isDouble() || m != std::floor(m) || m < 1 || m > 100)
            return invalid(QStringLiteral("max_results must be an integer between 1 and 100"),
                           QStringLiteral("max_results"));
        maxResults = int(m);
    }
    if ((withVideo || withVsl) && m_plan != Plan::Pro) {
        return SandboxServer::error(kVendor, 403, QStringLiteral("plan_required"),
                                    QStringLiteral("Video and VSL generation require the Pro plan."),
                                    {{QStringLiteral("feature"),
                                      withVideo ? QStringLiteral("with_video") : QStringLiteral("with_vsl")},
                                     {QStringLiteral("required_plan"), QStringLiteral("pro")}});
    }
    const int remaining = qMax(0, websitesLimit() - m_websitesUsed);
    const int videosRemaining = qMax(0, (m_plan == Plan::Pro ? 200 : 0) - m_videosUsed);
    if (remaining == 0 || ((withVideo || withVsl) && videosRemaining == 0)) {
        const bool videos = remaining > 0;
        return SandboxServer::error(
                kVendor, 429, QStringLiteral("quota_exceeded"),
                videos ? QStringLiteral("Video quota exceeded for this period.")
                       : QStringLiteral("Website quota exceeded for this period."),
                {{QStringLiteral("resource"), videos ? QStringLiteral("videos") : QStringLiteral("websites")},
                 {QStringLiteral("resets_at"), iso(m_resetsAt)}});
    }

    Job job;
    job.id = SandboxServer::randomUuid(m_random);
    job.command = text;
    parseCommand(text, &job.niche, &job.place);
    job.withVideo = withVideo;
    job.withVsl = withVsl;
    job.createdAt = current;
    job.stepMs = m_stepMs;
    // Never more than the quota has left (and the video quota when videos are made).
    int count = qMin(maxResults, remaining);
    if (withVideo || withVsl)
        count = qMin(count, videosRemaining);
    job.maxResults = maxResults;
    if (job.place.isEmpty() || job.niche.isEmpty()) {
        job.failAtStep = 0;
        job.error = u8(kJobErrors[0]);
        count = 0; // nothing scraped, no quota used
    }
    const int index = int(m_jobs.size());
    for (int n = 0; n < count; ++n) {
        Lead lead = makeLead(m_random, job.niche, job.place, index, withVideo, withVsl);
        lead.createdAt = job.createdAt.addMSecs(job.stepMs + n);
        appendLead(job, lead);
    }
    m_websitesUsed += count;
    if (withVideo || withVsl)
        m_videosUsed += count;
    appendJob(job);

    const int limit = websitesLimit();
    return SandboxResponse::json(QJsonObject{
            {QStringLiteral("job_id"), job.id},
            {QStringLiteral("status"), kStatusProcessing},
            {QStringLiteral("defaults"),
             QJsonObject{{QStringLiteral("max_results"), maxResults},
                         {QStringLiteral("generate_websites"), true},
                         {QStringLiteral("enrich_emails"), true},
                         {QStringLiteral("send_outreach"), true},
                         {QStringLiteral("with_video"), withVideo},
                         {QStringLiteral("with_vsl"), withVsl}}},
            {QStringLiteral("quota"),
             QJsonObject{{QStringLiteral("used"), m_websitesUsed},
                         {QStringLiteral("limit"), limit},
                         {QStringLiteral("remaining"), qMax(0, limit - m_websitesUsed)}}},
    });
}

void UnloopaSandbox::addLeadsWhilePaging(const QString &listPath, int afterRequests, int count)
{
    m_addLeadsPath = afterRequests < 0 ? QString() : listPath;
    m_addLeadsAfter = afterRequests;
    m_addLeadsCount = count;
}

void UnloopaSandbox::addLeadsIfDue(const QString &listPath)
{
    if (m_addLeadsPath != listPath)
        return;
    if (m_addLeadsAfter-- > 0)
        return;
    m_addLeadsPath.clear();
    addCompletedJob(m_addLeadsCount);
}

void UnloopaSandbox::addCompletedJob(int leadCount)
{
    // Newer than everything listed so far, so that it lands at the head of every list.
    QDateTime created = now();
    for (const Job &other : std::as_const(m_jobs))
        created = qMax(created, other.createdAt.addMSecs(1));
    for (const Lead &other : std::as_const(m_leads))
        created = qMax(created, other.createdAt.addMSecs(1));
    Job job;
    job.id = SandboxServer::randomUuid(m_random);
    job.command = QStringLiteral("plumbers in Miami");
    parseCommand(job.command, &job.niche, &job.place);
    job.createdAt = created;
    job.stepMs = 0; // every step already done
    job.maxResults = leadCount;
    const int index = int(m_jobs.size());
    for (int n = 0; n < leadCount; ++n) {
        Lead lead = makeLead(m_random, job.niche, job.place, index, false, false);
        lead.websiteGenerated = true;
        lead.createdAt = created.addMSecs(n);
        appendLead(job, lead);
    }
    appendJob(job);
}

void UnloopaSandbox::appendLead(Job &job, const Lead &lead)
{
    job.leads.append(int(m_leads.size()));
    m_leadById.insert(lead.id, int(m_leads.size()));
    m_leads.append(lead);
    m_orderDirty = true;
}

void UnloopaSandbox::appendJob(const Job &job)
{
    m_jobById.insert(job.id, int(m_jobs.size()));
    m_jobs.append(job);
}

SandboxResponse UnloopaSandbox::listJobs(const SandboxRequest &request)
{
    addLeadsIfDue(QStringLiteral("/jobs"));
    Page page;
    if (const auto refused = readPage(request, 20, &page))
        return *refused;
    const int limit = page.limit;
    const int offset = page.offset;
    QList<int> order(m_jobs.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [this](int a, int b) { return m_jobs.at(a).createdAt > m_jobs.at(b).createdAt; });
    QJsonArray jobs;
    for (int i = offset; i < order.size() && i < offset + limit; ++i)
        jobs.append(jobJson(order.at(i), false));
    return SandboxResponse::json(QJsonObject{{QStringLiteral("jobs"), jobs},
                                             {QStringLiteral("total"), int(m_jobs.size())},
                                             {QStringLiteral("limit"), limit},
                                             {QStringLiteral("offset"), offset}});
}

SandboxResponse UnloopaSandbox::jobDetail(const SandboxRequest &request)
{
    const QString id = request.pathArgs.value(QStringLiteral("id"));
    const auto it = m_jobById.constFind(id);
    if (it == m_jobById.constEnd())
        return SandboxServer::error(kVendor, 404, QStringLiteral("not_found"),
                                    QStringLiteral("Job not found."));
    return SandboxResponse::json(jobJson(*it, true));
}

SandboxResponse UnloopaSandbox::listLeads(const SandboxRequest &request)
{
    addLeadsIfDue(QStringLiteral("/leads"));
    return answerLeads(request);
}

QJsonObject UnloopaSandbox::leadJson(const QString &id) const
{
    const auto it = m_leadById.constFind(id);
    if (it == m_leadById.constEnd())
        return {};
    const Lead &lead = m_leads.at(*it);
    const JobState state = stateOf(m_jobs.at(lead.job));
    return state.stepsDone >= 1 ? leadJson(lead, state, false) : QJsonObject();
}

QList<QJsonObject> UnloopaSandbox::matchingLeads(const QUrlQuery &filter) const
{
    // The list's own filtering, page by page, so that a filter means exactly what GET /leads means.
    QList<QJsonObject> result;
    for (int offset = 0;; offset += 100) {
        SandboxRequest request;
        request.method = "GET";
        request.query = filter;
        request.query.removeAllQueryItems(QStringLiteral("limit"));
        request.query.removeAllQueryItems(QStringLiteral("offset"));
        request.query.addQueryItem(QStringLiteral("limit"), QStringLiteral("100"));
        request.query.addQueryItem(QStringLiteral("offset"), QString::number(offset));
        const SandboxResponse page = answerLeads(request);
        if (page.status != 200)
            return {};
        const QJsonObject body = QJsonDocument::fromJson(page.body).object();
        const QJsonArray leads = body.value(QLatin1String("leads")).toArray();
        for (const QJsonValue &lead : leads)
            result.append(lead.toObject());
        if (leads.size() < 100)
            return result;
    }
}

SandboxResponse UnloopaSandbox::answerLeads(const SandboxRequest &request) const
{
    Page page;
    if (const auto refused = readPage(request, 50, &page))
        return *refused;
    const int limit = page.limit;
    const int offset = page.offset;

    auto text = [&request](const char *key) {
        return request.queryValue(QLatin1String(key)).trimmed();
    };
    // Boolean filters: only "true" restricts (as documented); "false" is accepted and ignored.
    bool flags[4] = {false, false, false, false};
    const char *flagNames[4] = {"has_phone", "has_email", "has_website", "has_video"};
    for (int i = 0; i < 4; ++i) {
        if (!request.hasQuery(QLatin1String(flagNames[i])))
            continue;
        const QString v = text(flagNames[i]).toLower();
        if (v != QLatin1String("true") && v != QLatin1String("false"))
            return invalid(QStringLiteral("%1 must be true or false").arg(QLatin1String(flagNames[i])),
                           QLatin1String(flagNames[i]));
        flags[i] = v == QLatin1String("true");
    }
    const QString videoStatus = text("video_status");
    static const QStringList statuses{QStringLiteral("pending"), QStringLiteral("generating"),
                                      QStringLiteral("completed"), QStringLiteral("failed")};
    if (request.hasQuery(QStringLiteral("video_status")) && !statuses.contains(videoStatus))
        return invalid(QStringLiteral("video_status must be one of pending, generating, completed, failed"),
                       QStringLiteral("video_status"));
    double minRating = -1;
    if (request.hasQuery(QStringLiteral("min_rating"))) {
        bool ok = false;
        minRating = text("min_rating").toDouble(&ok);
        if (!ok || minRating < 0 || minRating > 5)
            return invalid(QStringLiteral("min_rating must be a number between 0 and 5"),
                           QStringLiteral("min_rating"));
    }
    int minReviews = -1;
    if (request.hasQuery(QStringLiteral("min_reviews"))) {
        bool ok = false;
        minReviews = text("min_reviews").toInt(&ok);
        if (!ok || minReviews < 0)
            return invalid(QStringLiteral("min_reviews must be a non-negative integer"),
                           QStringLiteral("min_reviews"));
    }
    auto dateParam = [&](const char *key, QDateTime *out) -> bool {
        if (!request.hasQuery(QLatin1String(key)))
            return true;
        *out = Iso8601::toDateTime(text(key));
        return out->isValid();
    };
    QDateTime after;
    QDateTime before;
    if (!dateParam("created_after", &after))
        return invalid(QStringLiteral("created_after must be an ISO date"), QStringLiteral("created_after"));
    if (!dateParam("created_before", &before))
        return invalid(QStringLiteral("created_before must be an ISO date"),
                       QStringLiteral("created_before"));
    const QString city = text("city");
    const QString industry = text("industry");
    const QString jobId = text("job_id");
    const QString search = text("search");

    const QHash<int, JobState> states = jobStates();
    QList<int> matches;
    for (const int i : newestFirst()) {
        const Lead &lead = m_leads.at(i);
        if (!isVisible(lead, states))
            continue;
        const Job &job = m_jobs.at(lead.job);
        const JobState &state = states[lead.job];
        if (!city.isEmpty() && !lead.city.contains(city, Qt::CaseInsensitive))
            continue;
        if (!industry.isEmpty() && !lead.industry.contains(industry, Qt::CaseInsensitive))
            continue;
        if (flags[0] && lead.phone.isEmpty())
            continue;
        if (flags[1] && (lead.email.isEmpty() || !reached(job, state, QStringLiteral("emails"))))
            continue;
        if (flags[2] && (!lead.websiteGenerated || !reached(job, state, QStringLiteral("websites"))))
            continue;
        const bool videoDone = reached(job, state, QStringLiteral("videos"));
        if (flags[3] && !(videoDone && lead.videoStatus == kStatusCompleted))
            continue;
        if (!videoStatus.isEmpty()) {
            QString shown = lead.videoStatus;
            if (!shown.isEmpty() && !videoDone)
                shown = reached(job, state, QStringLiteral("websites")) ? QStringLiteral("generating")
                                                                        : QStringLiteral("pending");
            if (shown != videoStatus)
                continue;
        }
        if (minRating >= 0 && (lead.rating < 0 || lead.rating < minRating))
            continue;
        if (minReviews >= 0 && lead.reviews < minReviews)
            continue;
        if (!jobId.isEmpty() && job.id != jobId)
            continue;
        if (!search.isEmpty() && !lead.businessName.contains(search, Qt::CaseInsensitive) &&
            !lead.city.contains(search, Qt::CaseInsensitive) &&
            !lead.industry.contains(search, Qt::CaseInsensitive))
            continue;
        if (after.isValid() && lead.createdAt < after)
            continue;
        if (before.isValid() && lead.createdAt >= before)
            continue;
        matches.append(i); // newest first, ties by id: paging is stable
    }
    QJsonArray leads;
    for (int i = offset; i < matches.size() && i < offset + limit; ++i) {
        const Lead &lead = m_leads.at(matches.at(i));
        leads.append(leadJson(lead, states[lead.job], false));
    }
    return SandboxResponse::json(QJsonObject{{QStringLiteral("leads"), leads},
                                             {QStringLiteral("total"), int(matches.size())},
                                             {QStringLiteral("limit"), limit},
                                             {QStringLiteral("offset"), offset}});
}

SandboxResponse UnloopaSandbox::leadDetail(const SandboxRequest &request)
{
    const QString id = request.pathArgs.value(QStringLiteral("id"));
    const auto it = m_leadById.constFind(id);
    if (it != m_leadById.constEnd()) {
        const Lead &lead = m_leads.at(*it);
        const JobState state = stateOf(m_jobs.at(lead.job));
        if (state.stepsDone >= 1)
            return SandboxResponse::json(leadJson(lead, state, true));
    }
    return SandboxServer::error(kVendor, 404, QStringLiteral("not_found"), QStringLiteral("Lead not found."));
}

SandboxResponse UnloopaSandbox::listWebsites(const SandboxRequest &request)
{
    addLeadsIfDue(QStringLiteral("/websites"));
    Page page;
    if (const auto refused = readPage(request, 20, &page))
        return *refused;
    const int limit = page.limit;
    const int offset = page.offset;
    const QHash<int, JobState> states = jobStates();
    QList<int> matches;
    for (const int i : newestFirst()) {
        const Lead &lead = m_leads.at(i);
        if (lead.websiteGenerated &&
            reached(m_jobs.at(lead.job), states[lead.job], QStringLiteral("websites")))
            matches.append(i);
    }

    QJsonArray websites;
    for (int i = offset; i < matches.size() && i < offset + limit; ++i) {
        const Lead &lead = m_leads.at(matches.at(i));
        websites.append(websiteJson(lead, states[lead.job]));
    }
    return SandboxResponse::json(QJsonObject{{QStringLiteral("websites"), websites},
                                             {QStringLiteral("total"), int(matches.size())},
                                             {QStringLiteral("limit"), limit},
                                             {QStringLiteral("offset"), offset}});
}
