#include "LeadStore.h"

#include "SqlValues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QVariant>

using namespace SqlValues;

namespace {

// GET /jobs list items carry no progress, step or counts; a job's detail (a poll, a submit) does.
bool hasDetail(const UnloopaJob &job)
{
    return !job.steps.isEmpty() || !job.currentStep.isEmpty();
}

bool knowsProgress(const UnloopaJob &job)
{
    return hasDetail(job) || job.status == QLatin1String("completed");
}

QVariant urlOrNull(const QUrl &url)
{
    return url.isValid() && !url.isEmpty() ? QVariant(url.toString())
                                           : QVariant(QMetaType(QMetaType::QString));
}

QUrl toUrl(const QVariant &value)
{
    return value.isNull() ? QUrl() : QUrl(value.toString());
}

QString stepsJson(const QList<UnloopaJobStep> &steps)
{
    QJsonArray array;
    for (const UnloopaJobStep &s : steps)
        array.append(QJsonObject{{QStringLiteral("name"), s.name},
                                 {QStringLiteral("status"), s.status},
                                 {QStringLiteral("message"), s.message},
                                 {QStringLiteral("count"), s.count}});
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<UnloopaJobStep> stepsFromJson(const QString &json)
{
    QList<UnloopaJobStep> steps;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        steps.append({o.value(QLatin1String("name")).toString(), o.value(QLatin1String("status")).toString(),
                      o.value(QLatin1String("message")).toString(), o.value(QLatin1String("count")).toInt()});
    }
    return steps;
}

// Column keys, shared by the schemas, the loader SQL aliases and leadRows().
namespace L {
const QString id = QStringLiteral("id");
const QString businessName = QStringLiteral("businessName");
const QString city = QStringLiteral("city");
const QString industry = QStringLiteral("industry");
const QString phone = QStringLiteral("phone");
const QString email = QStringLiteral("email");
const QString rating = QStringLiteral("rating");
const QString reviews = QStringLiteral("reviews");
const QString website = QStringLiteral("website");
const QString videoStatus = QStringLiteral("videoStatus");
const QString vslStatus = QStringLiteral("vslStatus");
const QString language = QStringLiteral("language");
const QString createdAt = QStringLiteral("createdAt");
const QString jobId = QStringLiteral("jobId");
const QString phoneRaw = QStringLiteral("phoneRaw");
const QString videoUrl = QStringLiteral("videoUrl");
const QString vslUrl = QStringLiteral("vslUrl");
const QString instagram = QStringLiteral("instagram");
const QString facebook = QStringLiteral("facebook");
const QString linkedin = QStringLiteral("linkedin");
const QString twitter = QStringLiteral("twitter");
} // namespace L

} // namespace

LeadStore::LeadStore(Database *database) : m_db(database) { }

QList<Migration> LeadStore::migrations()
{
    Migration v1;
    v1.version = 1;
    v1.statements = {
            QStringLiteral(
                    "CREATE TABLE unloopa_leads ("
                    " id TEXT PRIMARY KEY,"
                    " business_name TEXT NOT NULL DEFAULT '',"
                    " city TEXT, industry TEXT,"
                    " phone TEXT," // E.164, NULL when absent or not a valid number
                    " phone_raw TEXT," // as the vendor sent it
                    " email TEXT, rating REAL, reviews INTEGER NOT NULL DEFAULT 0,"
                    " url TEXT, language TEXT,"
                    " video_url TEXT, video_status TEXT, vsl_url TEXT, vsl_status TEXT,"
                    " instagram TEXT, facebook TEXT, linkedin TEXT, twitter TEXT,"
                    " created_at_ms INTEGER,"
                    " job_id TEXT,"
                    " slug TEXT,"
                    " existing_url TEXT, pagespeed_score INTEGER, load_time REAL, mobile_optimized INTEGER,"
                    " has_existing_website INTEGER," // NULL: detail never fetched
                    " detail_fetched_ms INTEGER,"
                    " synced_ms INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX unloopa_leads_created ON unloopa_leads(created_at_ms DESC)"),
            QStringLiteral("CREATE INDEX unloopa_leads_job ON unloopa_leads(job_id)"),
            QStringLiteral(
                    "CREATE TABLE unloopa_websites ("
                    " id TEXT PRIMARY KEY, url TEXT, slug TEXT, business_name TEXT NOT NULL DEFAULT '',"
                    " city TEXT, industry TEXT, phone TEXT, phone_raw TEXT, email TEXT, language TEXT,"
                    " video_url TEXT, vsl_url TEXT, created_at_ms INTEGER, synced_ms INTEGER NOT NULL)"),
            QStringLiteral("CREATE TABLE unloopa_jobs ("
                           " id TEXT PRIMARY KEY, command TEXT NOT NULL DEFAULT '', intent TEXT,"
                           " status TEXT NOT NULL, progress INTEGER, current_step TEXT, steps_json TEXT,"
                           " leads_scraped INTEGER, emails_sent INTEGER, error TEXT,"
                           " created_at_ms INTEGER, updated_at_ms INTEGER,"
                           " notified INTEGER NOT NULL DEFAULT 0," // the finish was announced
                           " synced_ms INTEGER NOT NULL)"),
            QStringLiteral(
                    "CREATE TABLE unloopa_sync (dataset TEXT PRIMARY KEY, synced_ms INTEGER, payload TEXT)"),
    };
    // v2: the loaders read newest first (ORDER BY created_at_ms DESC, id); an index in exactly
    // that order lets SQLite stream the first rows at once instead of sorting the table first.
    Migration v2;
    v2.version = 2;
    v2.statements = {
            QStringLiteral("DROP INDEX unloopa_leads_created"),
            QStringLiteral("CREATE INDEX unloopa_leads_created ON unloopa_leads(created_at_ms DESC, id)"),
            QStringLiteral(
                    "CREATE INDEX unloopa_websites_created ON unloopa_websites(created_at_ms DESC, id)"),
    };
    // v3: an event (a call, a reply) finds its lead by phone number or email address.
    Migration v3;
    v3.version = 3;
    v3.statements = {
            QStringLiteral("CREATE INDEX unloopa_leads_phone ON unloopa_leads(phone)"),
            QStringLiteral("CREATE INDEX unloopa_leads_email ON unloopa_leads(email COLLATE NOCASE)"),
    };
    return {v1, v2, v3};
}

// ---------------------------------------------------------------------------------------------
// Schemas and loader SQL

RecordSchema LeadStore::leadSchema()
{
    using T = ColumnType;
    return RecordSchema(
            {
                    ColumnSpec::make(T::Text, L::id, QStringLiteral("Lead ID")).hidden().notSearchable(),
                    ColumnSpec::make(T::Text, L::businessName, QStringLiteral("Business")),
                    ColumnSpec::make(T::Category, L::city, QStringLiteral("City")),
                    ColumnSpec::make(T::Category, L::industry, QStringLiteral("Industry")),
                    ColumnSpec::make(T::Phone, L::phone, QStringLiteral("Phone"))
                            .withToolTip(QStringLiteral("E.164, validated with libphonenumber")),
                    ColumnSpec::make(T::Text, L::email, QStringLiteral("Email")),
                    ColumnSpec::make(T::Real, L::rating, QStringLiteral("Rating")).withDecimals(1),
                    ColumnSpec::make(T::Integer, L::reviews, QStringLiteral("Reviews")),
                    ColumnSpec::make(T::Text, L::website, QStringLiteral("Website")).notSearchable(),
                    ColumnSpec::make(T::Category, L::videoStatus, QStringLiteral("Video")).notSearchable(),
                    ColumnSpec::make(T::Category, L::vslStatus, QStringLiteral("VSL"))
                            .hidden()
                            .notSearchable(),
                    ColumnSpec::make(T::Category, L::language, QStringLiteral("Language"))
                            .hidden()
                            .notSearchable(),
                    ColumnSpec::make(T::DateTime, L::createdAt, QStringLiteral("Created")),
                    ColumnSpec::make(T::Text, L::jobId, QStringLiteral("Job ID")).hidden().notSearchable(),
                    ColumnSpec::make(T::Text, L::phoneRaw, QStringLiteral("Phone as received"))
                            .hidden()
                            .notSearchable(),
                    ColumnSpec::make(T::Text, L::videoUrl, QStringLiteral("Video link"))
                            .hidden()
                            .notSearchable(),
                    ColumnSpec::make(T::Text, L::vslUrl, QStringLiteral("VSL link")).hidden().notSearchable(),
                    ColumnSpec::make(T::Text, L::instagram, QStringLiteral("Instagram"))
                            .hidden()
                            .notSearchable(),
                    ColumnSpec::make(T::Text, L::facebook, QStringLiteral("Facebook"))
                            .hidden()
                            .notSearchable(),
                    ColumnSpec::make(T::Text, L::linkedin, QStringLiteral("LinkedIn"))
                            .hidden()
                            .notSearchable(),
                    ColumnSpec::make(T::Text, L::twitter, QStringLiteral("Twitter")).hidden().notSearchable(),
            },
            L::id);
}

QString LeadStore::leadsSql()
{
    return QStringLiteral(
            "SELECT id, business_name AS businessName, city, industry, phone, email, rating, reviews,"
            " url AS website, video_status AS videoStatus, vsl_status AS vslStatus, language,"
            " created_at_ms AS createdAt, job_id AS jobId, phone_raw AS phoneRaw,"
            " video_url AS videoUrl, vsl_url AS vslUrl, instagram, facebook, linkedin, twitter"
            " FROM unloopa_leads ORDER BY created_at_ms DESC, id");
}

RecordSchema LeadStore::websiteSchema()
{
    using T = ColumnType;
    return RecordSchema(
            {
                    ColumnSpec::make(T::Text, QStringLiteral("id"), QStringLiteral("Website ID"))
                            .hidden()
                            .notSearchable(),
                    ColumnSpec::make(T::Text, QStringLiteral("businessName"), QStringLiteral("Business")),
                    ColumnSpec::make(T::Category, QStringLiteral("city"), QStringLiteral("City")),
                    ColumnSpec::make(T::Category, QStringLiteral("industry"), QStringLiteral("Industry")),
                    ColumnSpec::make(T::Text, QStringLiteral("url"), QStringLiteral("Website")),
                    ColumnSpec::make(T::Phone, QStringLiteral("phone"), QStringLiteral("Phone")),
                    ColumnSpec::make(T::Text, QStringLiteral("email"), QStringLiteral("Email")),
                    ColumnSpec::make(T::Category, QStringLiteral("language"), QStringLiteral("Language"))
                            .notSearchable(),
                    ColumnSpec::make(T::Text, QStringLiteral("videoUrl"), QStringLiteral("Video link"))
                            .notSearchable(),
                    ColumnSpec::make(T::Text, QStringLiteral("vslUrl"), QStringLiteral("VSL link"))
                            .hidden()
                            .notSearchable(),
                    ColumnSpec::make(T::DateTime, QStringLiteral("createdAt"), QStringLiteral("Created")),
                    ColumnSpec::make(T::Text, QStringLiteral("slug"), QStringLiteral("Slug")).hidden(),
            },
            QStringLiteral("id"));
}

QString LeadStore::websitesSql()
{
    return QStringLiteral(
            "SELECT id, business_name AS businessName, city, industry, url, phone, email, language,"
            " video_url AS videoUrl, vsl_url AS vslUrl, created_at_ms AS createdAt, slug"
            " FROM unloopa_websites ORDER BY created_at_ms DESC, id");
}

RecordSchema LeadStore::jobSchema()
{
    using T = ColumnType;
    return RecordSchema(
            {
                    ColumnSpec::make(T::Text, QStringLiteral("id"), QStringLiteral("Job ID"))
                            .hidden()
                            .notSearchable(),
                    ColumnSpec::make(T::Text, QStringLiteral("command"), QStringLiteral("Command")),
                    ColumnSpec::make(T::Category, QStringLiteral("status"), QStringLiteral("Status")),
                    ColumnSpec::make(T::Integer, QStringLiteral("progress"), QStringLiteral("Progress"))
                            .withToolTip(QStringLiteral("Percent done")),
                    ColumnSpec::make(T::Text, QStringLiteral("currentStep"), QStringLiteral("Step"))
                            .notSearchable(),
                    ColumnSpec::make(T::Integer, QStringLiteral("leadsScraped"), QStringLiteral("Leads")),
                    ColumnSpec::make(T::Integer, QStringLiteral("emailsSent"), QStringLiteral("Emails sent"))
                            .hidden(),
                    ColumnSpec::make(T::Text, QStringLiteral("error"), QStringLiteral("Error")),
                    ColumnSpec::make(T::DateTime, QStringLiteral("createdAt"), QStringLiteral("Submitted")),
                    ColumnSpec::make(T::DateTime, QStringLiteral("updatedAt"), QStringLiteral("Updated"))
                            .hidden(),
                    ColumnSpec::make(T::Text, QStringLiteral("steps"), QStringLiteral("Steps"))
                            .hidden()
                            .notSearchable(),
            },
            QStringLiteral("id"));
}

QString LeadStore::jobsSql()
{
    return QStringLiteral("SELECT id, command, status, progress, current_step AS currentStep,"
                          " leads_scraped AS leadsScraped, emails_sent AS emailsSent, error,"
                          " created_at_ms AS createdAt, updated_at_ms AS updatedAt, steps_json AS steps"
                          " FROM unloopa_jobs ORDER BY created_at_ms DESC, id");
}

RecordTable LeadStore::leadRows(const QList<UnloopaLead> &leads, const QString &jobId)
{
    const RecordSchema schema = leadSchema();
    RecordTable table(schema);
    table.reserve(int(leads.size()));
    auto col = [&schema](const QString &key) {
        return schema.indexOf(key);
    };
    const int cId = col(L::id), cName = col(L::businessName), cCity = col(L::city),
              cIndustry = col(L::industry), cPhone = col(L::phone), cEmail = col(L::email),
              cRating = col(L::rating), cReviews = col(L::reviews), cWebsite = col(L::website),
              cVideo = col(L::videoStatus), cVsl = col(L::vslStatus), cLanguage = col(L::language),
              cCreated = col(L::createdAt), cJob = col(L::jobId), cPhoneRaw = col(L::phoneRaw),
              cVideoUrl = col(L::videoUrl), cVslUrl = col(L::vslUrl), cInstagram = col(L::instagram),
              cFacebook = col(L::facebook), cLinkedin = col(L::linkedin), cTwitter = col(L::twitter);
    auto text = [&table](int row, int column, const QString &value) {
        if (!value.isEmpty())
            table.setText(row, column, value);
    };
    auto url = [&table](int row, int column, const QUrl &value) {
        if (value.isValid() && !value.isEmpty())
            table.setText(row, column, value.toString());
    };
    for (const UnloopaLead &lead : leads) {
        const int r = table.appendRow();
        table.setText(r, cId, lead.id);
        table.setText(r, cName, lead.businessName);
        text(r, cCity, lead.city);
        text(r, cIndustry, lead.industry);
        text(r, cPhone, lead.phone);
        text(r, cEmail, lead.email);
        if (lead.rating)
            table.setReal(r, cRating, *lead.rating);
        table.setInteger(r, cReviews, lead.reviews);
        url(r, cWebsite, lead.url);
        text(r, cVideo, lead.videoStatus);
        text(r, cVsl, lead.vslStatus);
        text(r, cLanguage, lead.language);
        if (lead.createdAt.isValid())
            table.setDateTime(r, cCreated, lead.createdAt.toMSecsSinceEpoch());
        text(r, cJob, jobId);
        text(r, cPhoneRaw, lead.phoneAsReceived);
        url(r, cVideoUrl, lead.videoUrl);
        url(r, cVslUrl, lead.vslUrl);
        url(r, cInstagram, lead.instagram);
        url(r, cFacebook, lead.facebook);
        url(r, cLinkedin, lead.linkedin);
        url(r, cTwitter, lead.twitter);
    }
    return table;
}

RecordTable LeadStore::websiteRows(const QList<UnloopaWebsite> &websites)
{
    const RecordSchema schema = websiteSchema();
    RecordTable table(schema);
    table.reserve(int(websites.size()));
    for (const UnloopaWebsite &w : websites) {
        const int r = table.appendRow();
        auto set = [&](const char *key, const QString &value) {
            if (!value.isEmpty())
                table.setText(r, schema.indexOf(QString::fromLatin1(key)), value);
        };
        set("id", w.id);
        set("businessName", w.businessName);
        set("city", w.city);
        set("industry", w.industry);
        set("url", w.url.toString());
        set("phone", w.phone);
        set("email", w.email);
        set("language", w.language);
        set("videoUrl", w.videoUrl.toString());
        set("vslUrl", w.vslUrl.toString());
        set("slug", w.slug);
        if (w.createdAt.isValid())
            table.setDateTime(r, schema.indexOf(QString::fromLatin1("createdAt")),
                              w.createdAt.toMSecsSinceEpoch());
    }
    return table;
}

RecordTable LeadStore::jobRows(const QList<UnloopaJob> &jobs)
{
    const RecordSchema schema = jobSchema();
    RecordTable table(schema);
    for (const UnloopaJob &j : jobs) {
        const int r = table.appendRow();
        auto set = [&](const char *key, const QString &value) {
            if (!value.isEmpty())
                table.setText(r, schema.indexOf(QString::fromLatin1(key)), value);
        };
        set("id", j.jobId);
        set("command", j.command);
        set("status", j.status);
        // Counts a list item does not carry stay blank rather than read as 0.
        if (knowsProgress(j))
            table.setInteger(r, schema.indexOf(QString::fromLatin1("progress")), j.progress);
        set("currentStep", j.currentStep);
        if (hasDetail(j)) {
            table.setInteger(r, schema.indexOf(QString::fromLatin1("leadsScraped")), j.leadsScraped);
            table.setInteger(r, schema.indexOf(QString::fromLatin1("emailsSent")), j.emailsSent);
        }
        set("error", j.error);
        if (j.createdAt.isValid())
            table.setDateTime(r, schema.indexOf(QString::fromLatin1("createdAt")),
                              j.createdAt.toMSecsSinceEpoch());
        if (j.updatedAt.isValid())
            table.setDateTime(r, schema.indexOf(QString::fromLatin1("updatedAt")),
                              j.updatedAt.toMSecsSinceEpoch());
        if (!j.steps.isEmpty())
            set("steps", stepsJson(j.steps));
    }
    return table;
}

// ---------------------------------------------------------------------------------------------
// Writes

StoreStatus LeadStore::saveLeads(const QList<UnloopaLead> &leads, const QString &jobId)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return m_db->transaction([&]() -> StoreStatus {
        QSqlQuery q = m_db->query();
        q.prepare(QStringLiteral(
                "INSERT INTO unloopa_leads (id, business_name, city, industry, phone, phone_raw, email, "
                "rating,"
                " reviews, url, language, video_url, video_status, vsl_url, vsl_status, instagram, facebook,"
                " linkedin, twitter, created_at_ms, job_id, synced_ms)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(id) DO UPDATE SET business_name=excluded.business_name, city=excluded.city,"
                " industry=excluded.industry, phone=excluded.phone, phone_raw=excluded.phone_raw,"
                " email=excluded.email, rating=excluded.rating, reviews=excluded.reviews, url=excluded.url,"
                " language=excluded.language, video_url=excluded.video_url, "
                "video_status=excluded.video_status,"
                " vsl_url=excluded.vsl_url, vsl_status=excluded.vsl_status, instagram=excluded.instagram,"
                " facebook=excluded.facebook, linkedin=excluded.linkedin, twitter=excluded.twitter,"
                " created_at_ms=excluded.created_at_ms, job_id=COALESCE(excluded.job_id, job_id),"
                " synced_ms=excluded.synced_ms"));
        for (const UnloopaLead &l : leads) {
            const QVariantList values{l.id,
                                      l.businessName,
                                      textOrNull(l.city),
                                      textOrNull(l.industry),
                                      textOrNull(l.phone),
                                      textOrNull(l.phoneAsReceived),
                                      textOrNull(l.email),
                                      l.rating ? QVariant(*l.rating) : QVariant(QMetaType(QMetaType::Double)),
                                      l.reviews,
                                      urlOrNull(l.url),
                                      textOrNull(l.language),
                                      urlOrNull(l.videoUrl),
                                      textOrNull(l.videoStatus),
                                      urlOrNull(l.vslUrl),
                                      textOrNull(l.vslStatus),
                                      urlOrNull(l.instagram),
                                      urlOrNull(l.facebook),
                                      urlOrNull(l.linkedin),
                                      urlOrNull(l.twitter),
                                      msOrNull(l.createdAt),
                                      textOrNull(jobId),
                                      now};
            for (int i = 0; i < values.size(); ++i)
                q.bindValue(i, values.at(i));
            if (StoreStatus s = m_db->exec(q); !s)
                return s;
        }
        return {};
    });
}

StoreStatus LeadStore::saveLeadDetail(const UnloopaLead &lead)
{
    return m_db->transaction([&]() -> StoreStatus {
        if (StoreStatus s = saveLeads({lead}); !s)
            return s;
        const bool has = lead.existingWebsite.has_value();
        const UnloopaExistingWebsite e = lead.existingWebsite.value_or(UnloopaExistingWebsite());
        return m_db->exec(
                QStringLiteral(
                        "UPDATE unloopa_leads SET slug=?, existing_url=?, pagespeed_score=?, load_time=?,"
                        " mobile_optimized=?, has_existing_website=?, detail_fetched_ms=? WHERE id=?"),
                {textOrNull(lead.slug), urlOrNull(e.url),
                 e.pagespeedScore ? QVariant(*e.pagespeedScore) : QVariant(QMetaType(QMetaType::Int)),
                 e.loadTimeSeconds ? QVariant(*e.loadTimeSeconds) : QVariant(QMetaType(QMetaType::Double)),
                 e.mobileOptimized ? QVariant(int(*e.mobileOptimized)) : QVariant(QMetaType(QMetaType::Int)),
                 int(has), QDateTime::currentMSecsSinceEpoch(), lead.id});
    });
}

StoreStatus LeadStore::saveWebsites(const QList<UnloopaWebsite> &websites)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return m_db->transaction([&]() -> StoreStatus {
        QSqlQuery q = m_db->query();
        q.prepare(QStringLiteral(
                "INSERT OR REPLACE INTO unloopa_websites (id, url, slug, business_name, city,"
                " industry, phone, phone_raw, email, language, video_url, vsl_url, created_at_ms,"
                " synced_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
        for (const UnloopaWebsite &w : websites) {
            const QVariantList values{w.id,
                                      urlOrNull(w.url),
                                      textOrNull(w.slug),
                                      w.businessName,
                                      textOrNull(w.city),
                                      textOrNull(w.industry),
                                      textOrNull(w.phone),
                                      textOrNull(w.phoneAsReceived),
                                      textOrNull(w.email),
                                      textOrNull(w.language),
                                      urlOrNull(w.videoUrl),
                                      urlOrNull(w.vslUrl),
                                      msOrNull(w.createdAt),
                                      now};
            for (int i = 0; i < values.size(); ++i)
                q.bindValue(i, values.at(i));
            if (StoreStatus s = m_db->exec(q); !s)
                return s;
        }
        return {};
    });
}

StoreStatus LeadStore::saveJobs(const QList<UnloopaJob> &jobs)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return m_db->transaction([&]() -> StoreStatus {
        QSqlQuery q = m_db->query();
        // A list item carries no progress or steps: keep what a poll stored.
        q.prepare(QStringLiteral(
                "INSERT INTO unloopa_jobs (id, command, intent, status, progress, current_step, steps_json,"
                " leads_scraped, emails_sent, error, created_at_ms, updated_at_ms, notified, synced_ms)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(id) DO UPDATE SET command=excluded.command, intent=excluded.intent,"
                " status=excluded.status, progress=COALESCE(excluded.progress, progress),"
                " current_step=COALESCE(excluded.current_step, current_step),"
                " steps_json=COALESCE(excluded.steps_json, steps_json),"
                " leads_scraped=COALESCE(excluded.leads_scraped, leads_scraped),"
                " emails_sent=COALESCE(excluded.emails_sent, emails_sent), error=excluded.error,"
                " created_at_ms=excluded.created_at_ms, updated_at_ms=excluded.updated_at_ms,"
                " synced_ms=excluded.synced_ms"));
        for (const UnloopaJob &j : jobs) {
            const bool detail = hasDetail(j);
            const QVariant nullInt(QMetaType(QMetaType::Int));
            const QVariantList values{
                    j.jobId,
                    j.command,
                    textOrNull(j.intent),
                    j.status,
                    knowsProgress(j) ? QVariant(j.progress) : nullInt,
                    detail ? textOrNull(j.currentStep) : QVariant(QMetaType(QMetaType::QString)),
                    detail ? QVariant(stepsJson(j.steps)) : QVariant(QMetaType(QMetaType::QString)),
                    detail ? QVariant(j.leadsScraped) : nullInt,
                    detail ? QVariant(j.emailsSent) : nullInt,
                    textOrNull(j.error),
                    msOrNull(j.createdAt),
                    msOrNull(j.updatedAt),
                    int(j.isFinished()), // only for new rows: history is not news
                    now};
            for (int i = 0; i < values.size(); ++i)
                q.bindValue(i, values.at(i));
            if (StoreStatus s = m_db->exec(q); !s)
                return s;
        }
        return {};
    });
}

StoreStatus LeadStore::markJobNotified(const QString &jobId)
{
    return m_db->exec(QStringLiteral("UPDATE unloopa_jobs SET notified=1 WHERE id=?"), {jobId});
}

StoreStatus LeadStore::saveQuota(const UnloopaQuota &quota)
{
    return m_db->exec(
            QStringLiteral("INSERT OR REPLACE INTO unloopa_sync (dataset, synced_ms, payload) VALUES "
                           "('quota', ?, ?)"),
            {QDateTime::currentMSecsSinceEpoch(),
             QString::fromUtf8(QJsonDocument(quota.toJson()).toJson(QJsonDocument::Compact))});
}

StoreStatus LeadStore::setLastSynced(const QString &dataset, const QDateTime &when)
{
    return m_db->exec(QStringLiteral("INSERT INTO unloopa_sync (dataset, synced_ms) VALUES (?, ?)"
                                     " ON CONFLICT(dataset) DO UPDATE SET synced_ms=excluded.synced_ms"),
                      {dataset, when.toMSecsSinceEpoch()});
}

// ---------------------------------------------------------------------------------------------
// Reads

QList<UnloopaLead> LeadStore::searchLeads(const QString &text, int limit) const
{
    QString escaped = text.trimmed();
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('%'), QStringLiteral("\\%"))
            .replace(QLatin1Char('_'), QStringLiteral("\\_"));
    const QString like = QLatin1Char('%') + escaped + QLatin1Char('%');
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral(
            "SELECT id FROM unloopa_leads WHERE business_name LIKE ? ESCAPE '\\' OR city LIKE ? ESCAPE '\\'"
            " OR industry LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\'"
            " ORDER BY business_name COLLATE NOCASE, id LIMIT ?"));
    for (int i = 0; i < 4; ++i)
        q.addBindValue(like);
    q.addBindValue(qMax(0, limit));
    QStringList ids;
    if (q.exec()) {
        while (q.next())
            ids.append(q.value(0).toString());
    }
    QList<UnloopaLead> leads;
    for (const QString &id : std::as_const(ids)) {
        if (auto found = lead(id))
            leads.append(*found);
    }
    return leads;
}

std::optional<UnloopaLead> LeadStore::lead(const QString &id) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral(
            "SELECT id, business_name, city, industry, phone, phone_raw, email, rating, reviews, url,"
            " language, video_url, video_status, vsl_url, vsl_status, instagram, facebook, linkedin,"
            " twitter, created_at_ms, slug, existing_url, pagespeed_score, load_time,"
            " mobile_optimized, has_existing_website FROM unloopa_leads WHERE id=?"));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    UnloopaLead l;
    int i = 0;
    auto next = [&q, &i]() {
        return q.value(i++);
    };
    l.id = next().toString();
    l.businessName = next().toString();
    l.city = next().toString();
    l.industry = next().toString();
    l.phone = next().toString();
    l.phoneAsReceived = next().toString();
    l.email = next().toString();
    const QVariant rating = next();
    if (!rating.isNull())
        l.rating = rating.toDouble();
    l.reviews = next().toInt();
    l.url = toUrl(next());
    l.language = next().toString();
    l.videoUrl = toUrl(next());
    l.videoStatus = next().toString();
    l.vslUrl = toUrl(next());
    l.vslStatus = next().toString();
    l.instagram = toUrl(next());
    l.facebook = toUrl(next());
    l.linkedin = toUrl(next());
    l.twitter = toUrl(next());
    l.createdAt = fromMs(next());
    l.slug = next().toString();
    const QVariant existingUrl = next();
    const QVariant pagespeed = next();
    const QVariant loadTime = next();
    const QVariant mobile = next();
    const QVariant hasExisting = next();
    l.hasDetail = !hasExisting.isNull();
    if (hasExisting.toInt() == 1) {
        UnloopaExistingWebsite e;
        e.url = toUrl(existingUrl);
        if (!pagespeed.isNull())
            e.pagespeedScore = pagespeed.toInt();
        if (!loadTime.isNull())
            e.loadTimeSeconds = loadTime.toDouble();
        if (!mobile.isNull())
            e.mobileOptimized = mobile.toInt() != 0;
        l.existingWebsite = e;
    }
    return l;
}

std::optional<UnloopaJob> LeadStore::job(const QString &id) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral(
            "SELECT id, command, intent, status, progress, current_step, steps_json, leads_scraped,"
            " emails_sent, error, created_at_ms, updated_at_ms FROM unloopa_jobs WHERE id=?"));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    UnloopaJob j;
    j.jobId = q.value(0).toString();
    j.command = q.value(1).toString();
    j.intent = q.value(2).toString();
    j.status = q.value(3).toString();
    j.progress = q.value(4).toInt();
    j.currentStep = q.value(5).toString();
    j.steps = stepsFromJson(q.value(6).toString());
    j.leadsScraped = q.value(7).toInt();
    j.emailsSent = q.value(8).toInt();
    j.error = q.value(9).toString();
    j.createdAt = fromMs(q.value(10));
    j.updatedAt = fromMs(q.value(11));
    return j;
}

QStringList LeadStore::unfinishedJobs() const
{
    QStringList ids;
    QSqlQuery q = m_db->query();
    if (q.exec(QStringLiteral("SELECT id FROM unloopa_jobs WHERE status NOT IN ('completed', 'failed')"
                              " ORDER BY created_at_ms"))) {
        while (q.next())
            ids.append(q.value(0).toString());
    }
    return ids;
}

bool LeadStore::isJobNotified(const QString &id) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT notified FROM unloopa_jobs WHERE id=?"));
    q.addBindValue(id);
    return q.exec() && q.next() && q.value(0).toInt() == 1;
}

std::optional<UnloopaQuota> LeadStore::quota() const
{
    QSqlQuery q = m_db->query();
    if (!q.exec(QStringLiteral("SELECT payload FROM unloopa_sync WHERE dataset='quota'")) || !q.next())
        return std::nullopt;
    const QJsonDocument doc = QJsonDocument::fromJson(q.value(0).toString().toUtf8());
    if (!doc.isObject())
        return std::nullopt;
    return UnloopaQuota::fromJson(doc.object());
}

QDateTime LeadStore::lastSynced(const QString &dataset) const
{
    QSqlQuery q = m_db->query();
    q.prepare(QStringLiteral("SELECT synced_ms FROM unloopa_sync WHERE dataset=?"));
    q.addBindValue(dataset);
    if (!q.exec() || !q.next())
        return {};
    return fromMs(q.value(0));
}

std::optional<QString> LeadStore::leadIdFor(const QString &e164, const QString &email) const
{
    // Newest first, as the Leads page lists them: the lead the operator most likely means.
    const auto newest = [this](const QString &sql, const QString &value) -> std::optional<QString> {
        if (value.isEmpty())
            return std::nullopt;
        QSqlQuery q = m_db->query();
        q.prepare(sql);
        q.addBindValue(value);
        if (!q.exec() || !q.next())
            return std::nullopt;
        return q.value(0).toString();
    };
    if (auto byPhone = newest(QStringLiteral("SELECT id FROM unloopa_leads WHERE phone = ?"
                                             " ORDER BY created_at_ms DESC, id LIMIT 1"),
                              e164))
        return byPhone;
    return newest(QStringLiteral("SELECT id FROM unloopa_leads WHERE email = ? COLLATE NOCASE"
                                 " ORDER BY created_at_ms DESC, id LIMIT 1"),
                  email.trimmed());
}

int LeadStore::leadCount() const
{
    QSqlQuery q = m_db->query();
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM unloopa_leads")) || !q.next())
        return 0;
    return q.value(0).toInt();
}
