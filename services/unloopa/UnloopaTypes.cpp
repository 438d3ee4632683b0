#include "UnloopaTypes.h"

#include "core/JsonRead.h"
#include "phone/PhoneNumbers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace {

using JsonRead::boolean;
using JsonRead::integer;

QString str(const QJsonObject &o, const char *key)
{
    return JsonRead::string(o, key);
}

QUrl webUrl(const QJsonObject &o, const char *key)
{
    const QString text = str(o, key);
    if (text.isEmpty())
        return {};
    const QUrl u(text, QUrl::StrictMode);
    // Only web links are ever opened in the browser.
    if (!u.isValid() || (u.scheme() != QLatin1String("https") && u.scheme() != QLatin1String("http")))
        return {};
    return u;
}

void phoneFields(const QJsonObject &o, QString &e164, QString &asReceived)
{
    asReceived = str(o, "phone").trimmed();
    e164.clear();
    if (asReceived.isEmpty())
        return;
    if (const auto normalised = PhoneNumbers::toE164(asReceived))
        e164 = *normalised;
}

} // namespace

// ---------------------------------------------------------------------------------------------
UnloopaUsage UnloopaUsage::fromJson(const QJsonObject &object)
{
    UnloopaUsage u;
    u.used = integer(object, "used");
    u.limit = integer(object, "limit");
    u.remaining = object.contains(QLatin1String("remaining")) ? integer(object, "remaining")
                                                              : qMax(0, u.limit - u.used);
    return u;
}

QJsonObject UnloopaUsage::toJson() const
{
    return {{QStringLiteral("used"), used},
            {QStringLiteral("limit"), limit},
            {QStringLiteral("remaining"), remaining}};
}

// ---------------------------------------------------------------------------------------------
UnloopaQuota UnloopaQuota::fromJson(const QJsonObject &object)
{
    UnloopaQuota q;
    q.plan = str(object, "plan");
    q.planStatus = str(object, "plan_status");
    q.websites = UnloopaUsage::fromJson(object.value(QLatin1String("websites")).toObject());
    q.videos = UnloopaUsage::fromJson(object.value(QLatin1String("videos")).toObject());
    q.voiceCredits = integer(object, "voice_credits");
    q.voiceEnabled = boolean(object, "voice_enabled");
    q.videoEnabled = boolean(object, "video_enabled");
    q.resetsAt = JsonRead::dateTime(object, "resets_at");
    const QJsonObject links = object.value(QLatin1String("purchase_links")).toObject();
    q.upgradeUrl = webUrl(links, "upgrade");
    const QJsonObject credits = links.value(QLatin1String("voice_credits")).toObject();
    // QJsonObject iterates keys sorted; sort the packs by their leading number instead
    // (50, 200, 500), which is the vendor's order and the one an operator expects.
    QList<ApiError::Link> packs;
    for (auto it = credits.begin(); it != credits.end(); ++it) {
        const QUrl u(it->toString(), QUrl::StrictMode);
        if (u.isValid() && (u.scheme() == QLatin1String("https") || u.scheme() == QLatin1String("http")))
            packs.append({it.key(), u});
    }
    std::sort(packs.begin(), packs.end(), [](const ApiError::Link &a, const ApiError::Link &b) {
        return a.label.section(QLatin1Char('_'), 0, 0).toInt() <
                b.label.section(QLatin1Char('_'), 0, 0).toInt();
    });
    q.voiceCreditLinks = packs;
    return q;
}

QJsonObject UnloopaQuota::toJson() const
{
    QJsonObject credits;
    for (const ApiError::Link &link : voiceCreditLinks)
        credits.insert(link.label, link.url.toString());
    QJsonObject links{{QStringLiteral("voice_credits"), credits}};
    if (upgradeUrl.isValid())
        links.insert(QStringLiteral("upgrade"), upgradeUrl.toString());
    return {
            {QStringLiteral("plan"), plan},
            {QStringLiteral("plan_status"), planStatus},
            {QStringLiteral("websites"), websites.toJson()},
            {QStringLiteral("videos"), videos.toJson()},
            {QStringLiteral("voice_credits"), voiceCredits},
            {QStringLiteral("voice_enabled"), voiceEnabled},
            {QStringLiteral("video_enabled"), videoEnabled},
            {QStringLiteral("resets_at"),
             resetsAt.isValid() ? QJsonValue(resetsAt.toString(Qt::ISODateWithMs)) : QJsonValue()},
            {QStringLiteral("purchase_links"), links},
    };
}

QList<ApiError::Link> UnloopaQuota::purchaseLinks() const
{
    QList<ApiError::Link> links;
    if (upgradeUrl.isValid())
        links.append({QStringLiteral("upgrade"), upgradeUrl});
    for (const ApiError::Link &pack : voiceCreditLinks)
        links.append({QStringLiteral("voice_credits.") + pack.label, pack.url});
    return links;
}

QString UnloopaQuota::summary() const
{
    const QLocale locale;
    QString planName = plan.isEmpty() ? QStringLiteral("Unknown") : plan.left(1).toUpper() + plan.mid(1);
    QString text = planName + QStringLiteral(" plan");
    if (!planStatus.isEmpty())
        text += QStringLiteral(" (") + planStatus + QLatin1Char(')');
    text += QStringLiteral(" · ") + locale.toString(websites.remaining) + QStringLiteral(" of ") +
            locale.toString(websites.limit) + QStringLiteral(" websites left");
    if (videoEnabled)
        text += QStringLiteral(" · ") + locale.toString(videos.remaining) + QStringLiteral(" videos left");
    if (voiceEnabled)
        text += QStringLiteral(" · ") + locale.toString(voiceCredits) + QStringLiteral(" voice credits");
    if (resetsAt.isValid())
        text += QStringLiteral(" · resets ") + resetsAt.toString(QStringLiteral("d MMM yyyy HH:mm")) +
                QStringLiteral(" UTC");
    return text;
}

// ---------------------------------------------------------------------------------------------
QString UnloopaCommandRequest::problem() const
{
    const QString trimmed = command.trimmed();
    if (trimmed.isEmpty())
        return QStringLiteral("Describe the niche and the place, for example “plumbers in Miami”.");
    if (command.size() > maxCommandLength)
        return QStringLiteral("The command is %1 characters long; Unloopa accepts at most %2.")
                .arg(command.size())
                .arg(maxCommandLength);
    if (maxResults && (*maxResults < 1 || *maxResults > maxResultsLimit))
        return QStringLiteral("Leads per command must be between 1 and %1.").arg(maxResultsLimit);
    return {};
}

QJsonObject UnloopaCommandRequest::toJson() const
{
    QJsonObject body{{QStringLiteral("command"), command}};
    if (maxResults)
        body.insert(QStringLiteral("max_results"), *maxResults);
    body.insert(QStringLiteral("with_video"), withVideo);
    body.insert(QStringLiteral("with_vsl"), withVsl);
    return body;
}

UnloopaCommandAccepted UnloopaCommandAccepted::fromJson(const QJsonObject &object)
{
    UnloopaCommandAccepted a;
    a.jobId = str(object, "job_id");
    a.status = str(object, "status");
    const QJsonObject defaults = object.value(QLatin1String("defaults")).toObject();
    a.maxResults = integer(defaults, "max_results");
    a.generateWebsites = boolean(defaults, "generate_websites");
    a.enrichEmails = boolean(defaults, "enrich_emails");
    a.sendOutreach = boolean(defaults, "send_outreach");
    a.withVideo = boolean(defaults, "with_video");
    a.withVsl = boolean(defaults, "with_vsl");
    a.quota = UnloopaUsage::fromJson(object.value(QLatin1String("quota")).toObject());
    return a;
}

// ---------------------------------------------------------------------------------------------
UnloopaWebsite UnloopaWebsite::fromJson(const QJsonObject &object)
{
    UnloopaWebsite w;
    w.id = str(object, "id");
    w.url = webUrl(object, "url");
    w.slug = str(object, "slug");
    w.businessName = str(object, "business_name");
    w.city = str(object, "city");
    w.industry = str(object, "industry");
    phoneFields(object, w.phone, w.phoneAsReceived);
    w.email = str(object, "email");
    w.language = str(object, "language");
    w.videoUrl = webUrl(object, "video_url");
    w.vslUrl = webUrl(object, "vsl_url");
    w.createdAt = JsonRead::dateTime(object, "created_at");
    return w;
}

UnloopaJob UnloopaJob::fromJson(const QJsonObject &object)
{
    UnloopaJob j;
    j.jobId = str(object, "job_id");
    if (j.jobId.isEmpty())
        j.jobId = str(object, "id");
    j.command = str(object, "command");
    const QJsonValue intent = object.value(QLatin1String("intent"));
    if (intent.isObject())
        j.intent = QString::fromUtf8(QJsonDocument(intent.toObject()).toJson(QJsonDocument::Compact));
    else
        j.intent = intent.toString();
    j.status = str(object, "status");
    j.progress = qBound(0, integer(object, "progress"), 100);
    j.currentStep = str(object, "current_step");
    const QJsonArray steps = object.value(QLatin1String("steps")).toArray();
    for (const QJsonValue &value : steps) {
        const QJsonObject s = value.toObject();
        j.steps.append({str(s, "name"), str(s, "status"), str(s, "message"), integer(s, "count")});
    }
    const QJsonObject result = object.value(QLatin1String("result")).toObject();
    const QJsonArray websites = result.value(QLatin1String("websites")).toArray();
    for (const QJsonValue &value : websites)
        j.resultWebsites.append(UnloopaWebsite::fromJson(value.toObject()));
    j.leadsScraped = integer(result, "leads_scraped");
    j.emailsSent = integer(result, "emails_sent");
    const QJsonValue error = object.value(QLatin1String("error"));
    if (error.isString())
        j.error = error.toString();
    else if (error.isObject())
        j.error = error.toObject().value(QLatin1String("message")).toString();
    j.createdAt = JsonRead::dateTime(object, "created_at");
    j.updatedAt = JsonRead::dateTime(object, "updated_at");
    if (j.status == QLatin1String("completed"))
        j.progress = 100;
    return j;
}

// ---------------------------------------------------------------------------------------------
UnloopaLead UnloopaLead::fromJson(const QJsonObject &object)
{
    UnloopaLead l;
    l.id = str(object, "id");
    l.businessName = str(object, "business_name");
    l.city = str(object, "city");
    l.industry = str(object, "industry");
    phoneFields(object, l.phone, l.phoneAsReceived);
    l.email = str(object, "email");
    l.rating = JsonRead::optionalNumber(object, "rating");
    l.reviews = integer(object, "reviews");
    l.url = webUrl(object, "url");
    l.language = str(object, "language");
    l.videoUrl = webUrl(object, "video_url");
    l.videoStatus = str(object, "video_status");
    l.vslUrl = webUrl(object, "vsl_url");
    l.vslStatus = str(object, "vsl_status");
    const QJsonObject socials = object.value(QLatin1String("socials")).toObject();
    l.instagram = webUrl(socials, "instagram");
    l.facebook = webUrl(socials, "facebook");
    l.linkedin = webUrl(socials, "linkedin");
    l.twitter = webUrl(socials, "twitter");
    l.createdAt = JsonRead::dateTime(object, "created_at");
    l.slug = str(object, "slug");
    if (object.contains(QLatin1String("existing_website"))) {
        l.hasDetail = true;
        const QJsonValue existing = object.value(QLatin1String("existing_website"));
        if (existing.isObject()) {
            const QJsonObject e = existing.toObject();
            UnloopaExistingWebsite w;
            w.url = webUrl(e, "url");
            if (e.value(QLatin1String("pagespeed_score")).isDouble())
                w.pagespeedScore = e.value(QLatin1String("pagespeed_score")).toInt();
            if (e.value(QLatin1String("load_time")).isDouble())
                w.loadTimeSeconds = e.value(QLatin1String("load_time")).toDouble();
            if (e.value(QLatin1String("mobile_optimized")).isBool())
                w.mobileOptimized = e.value(QLatin1String("mobile_optimized")).toBool();
            l.existingWebsite = w;
        }
    }
    if (!l.slug.isEmpty())
        l.hasDetail = true;
    return l;
}

// ---------------------------------------------------------------------------------------------
namespace {

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue orNull(const QUrl &url)
{
    return url.isValid() && !url.isEmpty() ? QJsonValue(url.toString()) : QJsonValue(QJsonValue::Null);
}

QJsonValue orNull(const QDateTime &dt)
{
    return dt.isValid() ? QJsonValue(dt.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

void addPhone(QJsonObject &o, const QString &e164, const QString &asReceived)
{
    o.insert(QStringLiteral("phone"), orNull(e164));
    if (e164.isEmpty() && !asReceived.isEmpty())
        o.insert(QStringLiteral("phone_as_received"), asReceived);
}

} // namespace

QJsonObject UnloopaWebsite::toJson() const
{
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("url"), orNull(url)},
                  {QStringLiteral("slug"), orNull(slug)},
                  {QStringLiteral("business_name"), businessName},
                  {QStringLiteral("city"), orNull(city)},
                  {QStringLiteral("industry"), orNull(industry)},
                  {QStringLiteral("email"), orNull(email)},
                  {QStringLiteral("language"), orNull(language)},
                  {QStringLiteral("video_url"), orNull(videoUrl)},
                  {QStringLiteral("vsl_url"), orNull(vslUrl)},
                  {QStringLiteral("created_at"), orNull(createdAt)}};
    addPhone(o, phone, phoneAsReceived);
    return o;
}

QJsonObject UnloopaJob::toJson() const
{
    QJsonArray stepArray;
    for (const UnloopaJobStep &s : steps)
        stepArray.append(QJsonObject{{QStringLiteral("name"), s.name},
                                     {QStringLiteral("status"), s.status},
                                     {QStringLiteral("message"), s.message},
                                     {QStringLiteral("count"), s.count}});
    QJsonArray websites;
    for (const UnloopaWebsite &w : resultWebsites)
        websites.append(w.toJson());
    QJsonObject o{{QStringLiteral("job_id"), jobId},
                  {QStringLiteral("command"), command},
                  {QStringLiteral("intent"), orNull(intent)},
                  {QStringLiteral("status"), status},
                  {QStringLiteral("error"), orNull(error)},
                  {QStringLiteral("created_at"), orNull(createdAt)},
                  {QStringLiteral("updated_at"), orNull(updatedAt)}};
    // A GET /jobs list item has no progress: do not invent one.
    if (steps.isEmpty() && currentStep.isEmpty())
        return o;
    o.insert(QStringLiteral("progress"), progress);
    o.insert(QStringLiteral("current_step"), orNull(currentStep));
    o.insert(QStringLiteral("steps"), stepArray);
    o.insert(QStringLiteral("result"),
             QJsonObject{{QStringLiteral("websites"), websites},
                         {QStringLiteral("leads_scraped"), leadsScraped},
                         {QStringLiteral("emails_sent"), emailsSent}});
    return o;
}

QJsonObject UnloopaLead::toJson() const
{
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("business_name"), businessName},
                  {QStringLiteral("city"), orNull(city)},
                  {QStringLiteral("industry"), orNull(industry)},
                  {QStringLiteral("email"), orNull(email)},
                  {QStringLiteral("rating"), rating ? QJsonValue(*rating) : QJsonValue(QJsonValue::Null)},
                  {QStringLiteral("reviews"), reviews},
                  {QStringLiteral("url"), orNull(url)},
                  {QStringLiteral("language"), orNull(language)},
                  {QStringLiteral("video_url"), orNull(videoUrl)},
                  {QStringLiteral("video_status"), orNull(videoStatus)},
                  {QStringLiteral("vsl_url"), orNull(vslUrl)},
                  {QStringLiteral("vsl_status"), orNull(vslStatus)},
                  {QStringLiteral("socials"),
                   QJsonObject{{QStringLiteral("instagram"), orNull(instagram)},
                               {QStringLiteral("facebook"), orNull(facebook)},
                               {QStringLiteral("linkedin"), orNull(linkedin)},
                               {QStringLiteral("twitter"), orNull(twitter)}}},
                  {QStringLiteral("created_at"), orNull(createdAt)}};
    addPhone(o, phone, phoneAsReceived);
    if (hasDetail) {
        o.insert(QStringLiteral("slug"), orNull(slug));
        if (existingWebsite) {
            const UnloopaExistingWebsite &e = *existingWebsite;
            o.insert(QStringLiteral("existing_website"),
                     QJsonObject{{QStringLiteral("url"), orNull(e.url)},
                                 {QStringLiteral("pagespeed_score"),
                                  e.pagespeedScore ? QJsonValue(*e.pagespeedScore)
                                                   : QJsonValue(QJsonValue::Null)},
                                 {QStringLiteral("load_time"),
                                  e.loadTimeSeconds ? QJsonValue(*e.loadTimeSeconds)
                                                    : QJsonValue(QJsonValue::Null)},
                                 {QStringLiteral("mobile_optimized"),
                                  e.mobileOptimized ? QJsonValue(*e.mobileOptimized)
                                                    : QJsonValue(QJsonValue::Null)}});
        } else {
            o.insert(QStringLiteral("existing_website"), QJsonValue(QJsonValue::Null));
        }
    }
    return o;
}

// ---------------------------------------------------------------------------------------------
QStringList UnloopaLeadFilter::keys()
{
    return {QStringLiteral("city"),          QStringLiteral("industry"),    QStringLiteral("has_phone"),
            QStringLiteral("has_email"),     QStringLiteral("has_website"), QStringLiteral("has_video"),
            QStringLiteral("video_status"),  QStringLiteral("min_rating"),  QStringLiteral("min_reviews"),
            QStringLiteral("job_id"),        QStringLiteral("search"),      QStringLiteral("created_after"),
            QStringLiteral("created_before")};
}

QStringList UnloopaLeadFilter::videoStatuses()
{
    return {QStringLiteral("pending"), QStringLiteral("generating"), QStringLiteral("completed"),
            QStringLiteral("failed")};
}

bool UnloopaLeadFilter::isEmpty() const
{
    return toQuery().isEmpty();
}

QUrlQuery UnloopaLeadFilter::toQuery() const
{
    QUrlQuery q;
    auto text = [&q](const char *key, const QString &value) {
        if (!value.trimmed().isEmpty())
            q.addQueryItem(QLatin1String(key), value.trimmed());
    };
    auto flag = [&q](const char *key, bool value) {
        if (value)
            q.addQueryItem(QLatin1String(key), QStringLiteral("true"));
    };
    text("city", city);
    text("industry", industry);
    flag("has_phone", hasPhone);
    flag("has_email", hasEmail);
    flag("has_website", hasWebsite);
    flag("has_video", hasVideo);
    text("video_status", videoStatus);
    if (minRating)
        q.addQueryItem(QStringLiteral("min_rating"), QString::number(*minRating, 'g', 3));
    if (minReviews)
        q.addQueryItem(QStringLiteral("min_reviews"), QString::number(*minReviews));
    text("job_id", jobId);
    text("search", search);
    if (createdAfter.isValid())
        q.addQueryItem(QStringLiteral("created_after"), createdAfter.toString(Qt::ISODate));
    if (createdBefore.isValid())
        q.addQueryItem(QStringLiteral("created_before"), createdBefore.toString(Qt::ISODate));
    // QUrlQuery would leave '+' and '&' in values ambiguous; encode them fully.
    QUrlQuery encoded;
    for (const auto &item : q.queryItems(QUrl::FullyDecoded))
        encoded.addQueryItem(QString::fromLatin1(QUrl::toPercentEncoding(item.first)),
                             QString::fromLatin1(QUrl::toPercentEncoding(item.second)));
    return encoded;
}

std::optional<UnloopaLeadFilter> UnloopaLeadFilter::fromQuery(const QUrlQuery &query, QString *problem)
{
    UnloopaLeadFilter f;
    auto fail = [problem](const QString &why) -> std::optional<UnloopaLeadFilter> {
        if (problem)
            *problem = why;
        return std::nullopt;
    };
    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items) {
        auto parseBool = [&](bool &out) -> bool {
            if (value == QLatin1String("true") || value == QLatin1String("1") || value.isEmpty())
                out = true;
            else if (value == QLatin1String("false") || value == QLatin1String("0"))
                out = false;
            else
                return false;
            return true;
        };
        bool ok = true;
        if (key == QLatin1String("city"))
            f.city = value;
        else if (key == QLatin1String("industry"))
            f.industry = value;
        else if (key == QLatin1String("has_phone"))
            ok = parseBool(f.hasPhone);
        else if (key == QLatin1String("has_email"))
            ok = parseBool(f.hasEmail);
        else if (key == QLatin1String("has_website"))
            ok = parseBool(f.hasWebsite);
        else if (key == QLatin1String("has_video"))
            ok = parseBool(f.hasVideo);
        else if (key == QLatin1String("video_status")) {
            if (!videoStatuses().contains(value))
                return fail(QStringLiteral("video_status must be one of %1.")
                                    .arg(videoStatuses().join(QStringLiteral(", "))));
            f.videoStatus = value;
        } else if (key == QLatin1String("min_rating")) {
            const double r = value.toDouble(&ok);
            if (ok)
                f.minRating = r;
        } else if (key == QLatin1String("min_reviews")) {
            const int r = value.toInt(&ok);
            ok = ok && r >= 0;
            if (ok)
                f.minReviews = r;
        } else if (key == QLatin1String("job_id"))
            f.jobId = value;
        else if (key == QLatin1String("search"))
            f.search = value;
        else if (key == QLatin1String("created_after") || key == QLatin1String("created_before")) {
            const QDate d = QDate::fromString(value.left(10), Qt::ISODate);
            ok = d.isValid();
            (key == QLatin1String("created_after") ? f.createdAfter : f.createdBefore) = d;
        } else
            return fail(QStringLiteral("Unknown lead filter “%1”. Known filters: %2.")
                                .arg(key, keys().join(QStringLiteral(", "))));
        if (!ok)
            return fail(QStringLiteral("“%1” is not a valid value for %2.").arg(value, key));
    }
    return f;
}
