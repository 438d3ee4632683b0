#include "Outreach2dayTypes.h"

#include "core/JsonRead.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonValue>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Outreach2day", text);
}

// Workspace and other ids may arrive as numbers: keep every digit.
QString str(const QJsonObject &object, const char *key)
{
    return JsonRead::string(object, key, 17);
}

// The first of `keys` that is present as a string (or number), else empty: the vendor's spelling
// first, then the spellings a lenient reader also accepts.
QString firstString(const QJsonObject &object, std::initializer_list<const char *> keys)
{
    for (const char *key : keys) {
        const QString value = str(object, key);
        if (!value.isEmpty())
            return value;
    }
    return {};
}

// A number or a numeric string; nothing when absent, null or not a number.
std::optional<double> number(const QJsonObject &object, const char *key)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isDouble())
        return value.toDouble();
    if (value.isString()) {
        bool ok = false;
        const double parsed = value.toString().trimmed().toDouble(&ok);
        if (ok && std::isfinite(parsed))
            return parsed;
    }
    return std::nullopt;
}

std::optional<int> optionalInt(const QJsonObject &object, const char *key)
{
    const std::optional<double> value = number(object, key);
    if (!value || *value < double(INT_MIN) || *value > double(INT_MAX))
        return std::nullopt;
    return int(*value);
}

int integerOr(const QJsonObject &object, const char *key, int fallback)
{
    return optionalInt(object, key).value_or(fallback);
}

// A boolean; `fallback` when absent or not a boolean ("true"/"false" strings count).
bool booleanOr(const QJsonObject &object, const char *key, bool fallback)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isBool())
        return value.toBool();
    if (value.isString()) {
        const QString text = value.toString().trimmed().toLower();
        if (text == QLatin1String("true"))
            return true;
        if (text == QLatin1String("false"))
            return false;
    }
    return fallback;
}

QJsonArray array(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toArray();
}

QString isoText(const QDateTime &when)
{
    return when.isValid() ? when.toUTC().toString(Qt::ISODateWithMs) : QString();
}

void insertIfSet(QJsonObject &object, const QString &key, const QString &value)
{
    if (!value.isEmpty())
        object.insert(key, value);
}

void insertIfSet(QJsonObject &object, const QString &key, const QDateTime &value)
{
    if (value.isValid())
        object.insert(key, isoText(value));
}

template<typename T>
void insertIfSet(QJsonObject &object, const QString &key, const std::optional<T> &value)
{
    if (value)
        object.insert(key, *value);
}

// The one form of a limit violation: Local "invalid_field", the field in the sentence and in
// details.field (a form can highlight it).
ApiError invalidField(const QString &field, const QString &sentence)
{
    ApiError error = ApiError::local(Vendor::Outreach2day, QStringLiteral("invalid_field"), sentence);
    error.details.insert(QStringLiteral("field"), field);
    return error;
}

std::optional<ApiError> variantsProblem(const QList<O2dVariant> &variants, const QString &prefix)
{
    if (variants.isEmpty())
        return std::nullopt;
    int sum = 0;
    for (qsizetype i = 0; i < variants.size(); ++i) {
        const O2dVariant &variant = variants.at(i);
        const QString field = QStringLiteral("%1variants[%2]").arg(prefix).arg(i);
        if (variant.subject.trimmed().isEmpty())
            return invalidField(field + QStringLiteral(".subject"),
                                tr("Variant %1 has no subject (%2.subject): every A/B variant needs one.")
                                        .arg(i + 1)
                                        .arg(field));
        // A variant of weight 0 would never be sent: the sandbox, like the console, takes 1-100.
        if (variant.weight < 1 || variant.weight > 100)
            return invalidField(
                    field + QStringLiteral(".weight"),
                    tr("The weight of variant %1 (%2.weight) must be between 1 and 100; it is %3.")
                            .arg(i + 1)
                            .arg(field)
                            .arg(variant.weight));
        sum += variant.weight;
    }
    if (sum != 100)
        return invalidField(prefix + QStringLiteral("variants"),
                            tr("The weights of the A/B variants (variants[].weight) must add up to 100; they "
                               "add up to %1.")
                                    .arg(sum));
    return std::nullopt;
}

QList<O2dVariant> variantsFrom(const QJsonArray &values)
{
    QList<O2dVariant> variants;
    variants.reserve(values.size());
    for (const QJsonValue &value : values)
        variants.append(O2dVariant::fromJson(value.toObject()));
    return variants;
}

QJsonArray variantsJson(const QList<O2dVariant> &variants)
{
    QJsonArray values;
    for (const O2dVariant &variant : variants)
        values.append(variant.toJson());
    return values;
}

// The delay of a step in whole days: `delaySeconds` (what the API answers) wins over `delayDays`
// (what it takes); a delay that is not whole days is rounded to the nearest day.
int delayDaysFrom(const QJsonObject &object)
{
    if (const std::optional<double> seconds = number(object, "delaySeconds"))
        return int(std::lround(*seconds / 86400.0));
    return integerOr(object, "delayDays", 0);
}

QTime timeOfDay(const QString &text)
{
    const QString trimmed = text.trimmed();
    for (const QString &format :
         {QStringLiteral("HH:mm"), QStringLiteral("H:mm"), QStringLiteral("HH:mm:ss")}) {
        const QTime time = QTime::fromString(trimmed, format);
        if (time.isValid())
            return time;
    }
    return {};
}

} // namespace

// ---------------------------------------------------------------------------------------------
QStringList O2dCampaign::priorities()
{
    return {QStringLiteral("HIGH"), QStringLiteral("MEDIUM"), QStringLiteral("LOW")};
}

O2dCampaign O2dCampaign::fromJson(const QJsonObject &object)
{
    O2dCampaign campaign;
    campaign.id = str(object, "id");
    campaign.workspaceId = str(object, "workspaceId");
    campaign.name = str(object, "name");
    campaign.priority = str(object, "priority").toUpper();
    campaign.status = str(object, "status").toLower();
    campaign.createdAt = JsonRead::dateTime(object, "createdAt");
    campaign.updatedAt = JsonRead::dateTime(object, "updatedAt");
    return campaign;
}

QJsonObject O2dCampaign::toJson() const
{
    QJsonObject object{{QStringLiteral("id"), id}, {QStringLiteral("name"), name}};
    insertIfSet(object, QStringLiteral("workspaceId"), workspaceId);
    insertIfSet(object, QStringLiteral("priority"), priority);
    insertIfSet(object, QStringLiteral("status"), status);
    insertIfSet(object, QStringLiteral("createdAt"), createdAt);
    insertIfSet(object, QStringLiteral("updatedAt"), updatedAt);
    return object;
}

// ---------------------------------------------------------------------------------------------
O2dVariant O2dVariant::fromJson(const QJsonObject &object)
{
    O2dVariant variant;
    variant.subject = str(object, "subject");
    variant.bodyHtml = str(object, "bodyHtml");
    variant.bodyText = str(object, "bodyText");
    variant.weight = integerOr(object, "weight", 0);
    return variant;
}

QJsonObject O2dVariant::toJson() const
{
    QJsonObject object{{QStringLiteral("subject"), subject}, {QStringLiteral("weight"), weight}};
    insertIfSet(object, QStringLiteral("bodyHtml"), bodyHtml);
    insertIfSet(object, QStringLiteral("bodyText"), bodyText);
    return object;
}

// ---------------------------------------------------------------------------------------------
std::optional<ApiError> O2dStep::problem() const
{
    if (subject.trimmed().isEmpty())
        return invalidField(QStringLiteral("subject"), tr("The step has no subject (subject): enter one."));
    if (order < 0)
        return invalidField(QStringLiteral("order"),
                            tr("The step's position (order) must be 1 or more; it is %1.").arg(order));
    if (delayDays < 0)
        return invalidField(
                QStringLiteral("delayDays"),
                tr("The delay before the step (delayDays) cannot be negative; it is %1.").arg(delayDays));
    return variantsProblem(variants, QString());
}

QStringList O2dStep::placeholders() const
{
    // {{name}} or {{ name }}: letters, digits, '_', '.', '-'.
    static const QRegularExpression pattern(QStringLiteral("\\{\\{\\s*([A-Za-z0-9_.\\-]+)\\s*\\}\\}"));
    QSet<QString> names;
    const auto collect = [&names](const QString &text) {
        auto it = pattern.globalMatch(text);
        while (it.hasNext())
            names.insert(it.next().captured(1));
    };
    collect(subject);
    collect(bodyHtml);
    collect(bodyText);
    for (const O2dVariant &variant : variants) {
        collect(variant.subject);
        collect(variant.bodyHtml);
        collect(variant.bodyText);
    }
    QStringList sorted(names.begin(), names.end());
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

O2dStep O2dStep::fromJson(const QJsonObject &object)
{
    O2dStep step;
    step.id = str(object, "id");
    step.campaignId = str(object, "campaignId");
    step.order = integerOr(object, "order", 0);
    step.delayDays = delayDaysFrom(object);
    step.subject = str(object, "subject");
    step.bodyHtml = str(object, "bodyHtml");
    step.bodyText = str(object, "bodyText");
    step.variants = variantsFrom(array(object, "variants"));
    return step;
}

QJsonObject O2dStep::toJson() const
{
    QJsonObject object{{QStringLiteral("delayDays"), delayDays}, {QStringLiteral("subject"), subject}};
    if (order > 0)
        object.insert(QStringLiteral("order"), order);
    insertIfSet(object, QStringLiteral("bodyHtml"), bodyHtml);
    insertIfSet(object, QStringLiteral("bodyText"), bodyText);
    if (!variants.isEmpty())
        object.insert(QStringLiteral("variants"), variantsJson(variants));
    return object;
}

// ---------------------------------------------------------------------------------------------
bool O2dStepUpdate::isEmpty() const
{
    return !order && !delayDays && !subject && !bodyHtml && !bodyText && !variants;
}

std::optional<ApiError> O2dStepUpdate::problem() const
{
    if (isEmpty())
        return invalidField(QString(), tr("The step update changes nothing: set at least one field."));
    if (subject && subject->trimmed().isEmpty())
        return invalidField(QStringLiteral("subject"), tr("The step's subject (subject) cannot be empty."));
    if (order && *order < 1)
        return invalidField(QStringLiteral("order"),
                            tr("The step's position (order) must be 1 or more; it is %1.").arg(*order));
    if (delayDays && *delayDays < 0)
        return invalidField(
                QStringLiteral("delayDays"),
                tr("The delay before the step (delayDays) cannot be negative; it is %1.").arg(*delayDays));
    if (variants)
        return variantsProblem(*variants, QString());
    return std::nullopt;
}

QJsonObject O2dStepUpdate::toJson() const
{
    QJsonObject object;
    insertIfSet(object, QStringLiteral("order"), order);
    insertIfSet(object, QStringLiteral("delayDays"), delayDays);
    insertIfSet(object, QStringLiteral("subject"), subject);
    insertIfSet(object, QStringLiteral("bodyHtml"), bodyHtml);
    insertIfSet(object, QStringLiteral("bodyText"), bodyText);
    if (variants)
        object.insert(QStringLiteral("variants"), variantsJson(*variants));
    return object;
}

// ---------------------------------------------------------------------------------------------
O2dPreview O2dPreview::fromJson(const QJsonObject &object)
{
    // The documented answer is the rendered step itself; a wrapper object is read too.
    QJsonObject rendered = object;
    for (const char *key : {"preview", "rendered", "step"}) {
        if (!object.contains(QLatin1String("subject")) && object.value(QLatin1String(key)).isObject()) {
            rendered = object.value(QLatin1String(key)).toObject();
            break;
        }
    }
    O2dPreview preview;
    preview.subject = str(rendered, "subject");
    preview.bodyHtml = str(rendered, "bodyHtml");
    preview.bodyText = str(rendered, "bodyText");
    return preview;
}

// ---------------------------------------------------------------------------------------------
O2dContact O2dContact::fromJson(const QJsonObject &object)
{
    O2dContact contact;
    contact.id = str(object, "id");
    contact.campaignId = str(object, "campaignId");
    contact.email = str(object, "email");
    contact.name = str(object, "name");
    contact.status = str(object, "status").toLower();
    // The name says JSON: an object, or a string holding one.
    const QJsonValue custom = object.value(QLatin1String("customJson"));
    contact.customJson = custom.isString() ? QJsonDocument::fromJson(custom.toString().toUtf8()).object()
                                           : custom.toObject();
    contact.createdAt = JsonRead::dateTime(object, "createdAt");
    return contact;
}

QJsonObject O2dContact::toJson() const
{
    QJsonObject object{{QStringLiteral("id"), id}, {QStringLiteral("email"), email}};
    insertIfSet(object, QStringLiteral("campaignId"), campaignId);
    insertIfSet(object, QStringLiteral("name"), name);
    insertIfSet(object, QStringLiteral("status"), status);
    if (!customJson.isEmpty())
        object.insert(QStringLiteral("customJson"), customJson);
    insertIfSet(object, QStringLiteral("createdAt"), createdAt);
    return object;
}

// ---------------------------------------------------------------------------------------------
O2dImportResult O2dImportResult::fromJson(const QJsonObject &object)
{
    O2dImportResult result;
    result.imported = integerOr(object, "imported", 0);
    result.parsed = integerOr(object, "parsed", 0);
    result.valid = integerOr(object, "valid", 0);
    result.invalid = integerOr(object, "invalid", 0);
    result.upserted = integerOr(object, "upserted", 0);
    result.errors = array(object, "errors");
    return result;
}

QJsonObject O2dImportResult::toJson() const
{
    QJsonObject object{{QStringLiteral("imported"), imported},
                       {QStringLiteral("parsed"), parsed},
                       {QStringLiteral("valid"), valid},
                       {QStringLiteral("invalid"), invalid},
                       {QStringLiteral("upserted"), upserted}};
    if (!errors.isEmpty())
        object.insert(QStringLiteral("errors"), errors);
    return object;
}

// ---------------------------------------------------------------------------------------------
bool O2dImportStatus::isFinished() const
{
    return status == QLatin1String("completed") || status.contains(QLatin1String("fail")) ||
            status.contains(QLatin1String("error")) || status.contains(QLatin1String("cancel"));
}

bool O2dImportStatus::succeeded() const
{
    return status == QLatin1String("completed");
}

O2dImportStatus O2dImportStatus::fromJson(const QJsonObject &object)
{
    O2dImportStatus status;
    status.importId = firstString(object, {"importId", "id"});
    status.campaignId = str(object, "campaignId");
    status.status = str(object, "status").toLower();
    status.totalRows = integerOr(object, "totalRows", -1);
    status.processedRows = optionalInt(object, "processedRows").value_or(integerOr(object, "processed", -1));
    status.imported = integerOr(object, "imported", 0);
    status.invalid = integerOr(object, "invalid", 0);
    status.errors = array(object, "errors");
    return status;
}

QJsonObject O2dImportStatus::toJson() const
{
    QJsonObject object{{QStringLiteral("importId"), importId},
                       {QStringLiteral("status"), status},
                       {QStringLiteral("imported"), imported},
                       {QStringLiteral("invalid"), invalid}};
    insertIfSet(object, QStringLiteral("campaignId"), campaignId);
    if (totalRows >= 0)
        object.insert(QStringLiteral("totalRows"), totalRows);
    if (processedRows >= 0)
        object.insert(QStringLiteral("processedRows"), processedRows);
    if (!errors.isEmpty())
        object.insert(QStringLiteral("errors"), errors);
    return object;
}

// ---------------------------------------------------------------------------------------------
O2dMappingPreview O2dMappingPreview::fromJson(const QJsonObject &object)
{
    O2dMappingPreview preview;
    for (const QJsonValue &column : array(object, "columns"))
        preview.columns.append(column.toString());
    const QJsonObject suggested = object.value(QLatin1String("suggestedMapping")).toObject();
    for (auto it = suggested.begin(); it != suggested.end(); ++it) {
        if (it->isString())
            preview.suggestedMapping.insert(it.key(), it->toString());
    }
    for (const QJsonValue &row : array(object, "sampleRows")) {
        if (row.isObject())
            preview.sampleRows.append(row.toObject());
    }
    return preview;
}

// ---------------------------------------------------------------------------------------------
std::optional<ApiError> O2dMailbox::problem(bool requireAddress) const
{
    static const QRegularExpression emailShape(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]+$"));
    if (requireAddress && !emailShape.match(mailboxAddress.trimmed()).hasMatch())
        return invalidField(
                QStringLiteral("mailboxAddress"),
                mailboxAddress.trimmed().isEmpty()
                        ? tr("Enter the mailbox's email address (mailboxAddress).")
                        : tr("The mailbox address (mailboxAddress) \"%1\" is not an email address.")
                                  .arg(mailboxAddress.trimmed()));
    const auto outside = [](const std::optional<int> &value, int min, int max) {
        return value && (*value < min || *value > max);
    };
    if (outside(dailyLimit, minDailyLimit, maxDailyLimit))
        return invalidField(QStringLiteral("dailyLimit"),
                            tr("The daily limit (dailyLimit) must be between %1 and %2 emails; it is %3.")
                                    .arg(minDailyLimit)
                                    .arg(maxDailyLimit)
                                    .arg(*dailyLimit));
    if (outside(weight, minWeight, maxWeight))
        return invalidField(QStringLiteral("weight"),
                            tr("The sending weight (weight) must be between %1 and %2; it is %3.")
                                    .arg(minWeight)
                                    .arg(maxWeight)
                                    .arg(*weight));
    if (outside(gapBaseSeconds, minGapSeconds, maxGapSeconds))
        return invalidField(QStringLiteral("gapBaseSeconds"),
                            tr("The minimum gap between sends (gapBaseSeconds) must be between %1 and %2 "
                               "seconds; it is %3.")
                                    .arg(minGapSeconds)
                                    .arg(maxGapSeconds)
                                    .arg(*gapBaseSeconds));
    if (outside(gapJitterSeconds, minGapSeconds, maxGapSeconds))
        return invalidField(
                QStringLiteral("gapJitterSeconds"),
                tr("The random jitter added to the gap (gapJitterSeconds) must be between %1 and %2 "
                   "seconds; it is %3.")
                        .arg(minGapSeconds)
                        .arg(maxGapSeconds)
                        .arg(*gapJitterSeconds));
    return std::nullopt;
}

O2dMailbox O2dMailbox::fromJson(const QJsonObject &object)
{
    O2dMailbox mailbox;
    mailbox.id = str(object, "id");
    mailbox.campaignId = str(object, "campaignId");
    mailbox.mailboxId = str(object, "mailboxId");
    // The documented answer leaves the address out; read it wherever it is given.
    mailbox.mailboxAddress = firstString(object, {"mailboxAddress", "address", "email"});
    mailbox.state = str(object, "state").toLower();
    mailbox.dailyLimit = optionalInt(object, "dailyLimit");
    mailbox.weight = optionalInt(object, "weight");
    mailbox.gapBaseSeconds = optionalInt(object, "gapBaseSeconds");
    mailbox.gapJitterSeconds = optionalInt(object, "gapJitterSeconds");
    return mailbox;
}

QJsonObject O2dMailbox::toJson() const
{
    QJsonObject object;
    insertIfSet(object, QStringLiteral("mailboxAddress"), mailboxAddress.trimmed());
    insertIfSet(object, QStringLiteral("dailyLimit"), dailyLimit);
    insertIfSet(object, QStringLiteral("weight"), weight);
    insertIfSet(object, QStringLiteral("gapBaseSeconds"), gapBaseSeconds);
    insertIfSet(object, QStringLiteral("gapJitterSeconds"), gapJitterSeconds);
    return object;
}

// ---------------------------------------------------------------------------------------------
QStringList O2dSchedule::allWeekdays()
{
    return {QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"), QStringLiteral("thu"),
            QStringLiteral("fri"), QStringLiteral("sat"), QStringLiteral("sun")};
}

std::optional<ApiError> O2dSchedule::problem() const
{
    if (timezone.trimmed().isEmpty())
        return invalidField(QStringLiteral("timezone"),
                            tr("Choose the schedule's time zone (timezone), for example America/New_York."));
    if (!QTimeZone(timezone.trimmed().toUtf8()).isValid())
        return invalidField(QStringLiteral("timezone"),
                            tr("The time zone (timezone) \"%1\" is not a known IANA time zone, like "
                               "America/New_York.")
                                    .arg(timezone.trimmed()));
    if (weekdays.isEmpty())
        return invalidField(QStringLiteral("weekdays"), tr("Pick at least one sending day (weekdays)."));
    const QStringList known = allWeekdays();
    for (const QString &day : weekdays) {
        if (!known.contains(day.trimmed().toLower()))
            return invalidField(
                    QStringLiteral("weekdays"),
                    tr("\"%1\" is not a weekday (weekdays takes mon, tue, wed, thu, fri, sat, sun).")
                            .arg(day));
    }
    if (windows.isEmpty())
        return invalidField(QStringLiteral("windows"),
                            tr("Add at least one sending window (windows), for example 09:00-12:00."));
    for (qsizetype i = 0; i < windows.size(); ++i) {
        const Window &window = windows.at(i);
        const QString field = QStringLiteral("windows[%1]").arg(i);
        if (!window.start.isValid())
            return invalidField(
                    field + QStringLiteral(".start"),
                    tr("Sending window %1 has no valid start time (%2.start).").arg(i + 1).arg(field));
        if (!window.end.isValid())
            return invalidField(
                    field + QStringLiteral(".end"),
                    tr("Sending window %1 has no valid end time (%2.end).").arg(i + 1).arg(field));
        if (window.end <= window.start)
            return invalidField(field + QStringLiteral(".end"),
                                tr("Sending window %1 (%2) must end after it starts: %3-%4.")
                                        .arg(i + 1)
                                        .arg(field, window.start.toString(QStringLiteral("HH:mm")),
                                             window.end.toString(QStringLiteral("HH:mm"))));
    }
    QList<Window> sorted = windows;
    std::sort(sorted.begin(), sorted.end(),
              [](const Window &a, const Window &b) { return a.start < b.start; });
    for (qsizetype i = 1; i < sorted.size(); ++i) {
        if (sorted.at(i).start < sorted.at(i - 1).end)
            return invalidField(QStringLiteral("windows"),
                                tr("Sending windows (windows) %1-%2 and %3-%4 overlap: make them separate.")
                                        .arg(sorted.at(i - 1).start.toString(QStringLiteral("HH:mm")),
                                             sorted.at(i - 1).end.toString(QStringLiteral("HH:mm")),
                                             sorted.at(i).start.toString(QStringLiteral("HH:mm")),
                                             sorted.at(i).end.toString(QStringLiteral("HH:mm"))));
    }
    return std::nullopt;
}

O2dSchedule O2dSchedule::fromJson(const QJsonObject &object)
{
    O2dSchedule schedule;
    schedule.timezone = firstString(object, {"timezone", "timeZone"});
    for (const QJsonValue &day : array(object, "weekdays"))
        schedule.weekdays.append(day.toString().trimmed().toLower());
    for (const QJsonValue &value : array(object, "windows")) {
        const QJsonObject window = value.toObject();
        schedule.windows.append({timeOfDay(str(window, "start")), timeOfDay(str(window, "end"))});
    }
    return schedule;
}

QJsonObject O2dSchedule::toJson() const
{
    QJsonArray days;
    for (const QString &day : weekdays)
        days.append(day.trimmed().toLower());
    QJsonArray spans;
    for (const Window &window : windows)
        spans.append(QJsonObject{{QStringLiteral("start"), window.start.toString(QStringLiteral("HH:mm"))},
                                 {QStringLiteral("end"), window.end.toString(QStringLiteral("HH:mm"))}});
    return {{QStringLiteral("timezone"), timezone.trimmed()},
            {QStringLiteral("weekdays"), days},
            {QStringLiteral("windows"), spans}};
}

// ---------------------------------------------------------------------------------------------
O2dStopRules O2dStopRules::fromJson(const QJsonObject &object)
{
    // The documented defaults are all true: a missing rule stays on.
    O2dStopRules rules;
    rules.stopOnReply = booleanOr(object, "stopOnReply", true);
    rules.stopOnUnsub = booleanOr(object, "stopOnUnsub", true);
    rules.stopOnBounce = booleanOr(object, "stopOnBounce", true);
    return rules;
}

QJsonObject O2dStopRules::toJson() const
{
    return {{QStringLiteral("stopOnReply"), stopOnReply},
            {QStringLiteral("stopOnUnsub"), stopOnUnsub},
            {QStringLiteral("stopOnBounce"), stopOnBounce}};
}

// ---------------------------------------------------------------------------------------------
QString O2dPreflight::describe(const QString &checkName)
{
    if (checkName == QLatin1String("has_steps"))
        return tr("The campaign has at least one step.");
    if (checkName == QLatin1String("has_contacts"))
        return tr("The campaign has contacts to send to.");
    if (checkName == QLatin1String("has_mailboxes"))
        return tr("At least one mailbox is attached to send from.");
    if (checkName == QLatin1String("mailbox_auth"))
        return tr("Every attached mailbox is authenticated to send.");
    if (checkName == QLatin1String("schedule_set"))
        return tr("A sending schedule is set.");
    // A check the console does not know yet: its name in words.
    QString words = checkName;
    words.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!words.isEmpty())
        words[0] = words.at(0).toUpper();
    return words.endsWith(QLatin1Char('.')) ? words : words + QLatin1Char('.');
}

O2dPreflight O2dPreflight::fromJson(const QJsonObject &object)
{
    O2dPreflight preflight;
    for (const QJsonValue &value : array(object, "checks")) {
        const QJsonObject check = value.toObject();
        preflight.checks.append({firstString(check, {"name", "check"}), booleanOr(check, "passed", false),
                                 firstString(check, {"message", "detail", "reason"})});
    }
    const QJsonValue blocking = object.value(QLatin1String("blockingFailures"));
    if (blocking.isArray()) {
        for (const QJsonValue &failure : blocking.toArray()) {
            const QString name = failure.isObject()
                    ? firstString(failure.toObject(), {"name", "check", "message"})
                    : failure.toString();
            if (!name.isEmpty())
                preflight.blockingFailures.append(name);
        }
    } else {
        // Not said (mailbox-preflight may leave it out): every failed check blocks.
        for (const Check &check : std::as_const(preflight.checks)) {
            if (!check.passed)
                preflight.blockingFailures.append(check.name);
        }
    }
    preflight.summary = str(object, "summary");
    return preflight;
}

QJsonObject O2dPreflight::toJson() const
{
    QJsonArray checkValues;
    for (const Check &check : checks) {
        QJsonObject value{{QStringLiteral("name"), check.name}, {QStringLiteral("passed"), check.passed}};
        insertIfSet(value, QStringLiteral("message"), check.message);
        checkValues.append(value);
    }
    return {{QStringLiteral("checks"), checkValues},
            {QStringLiteral("blockingFailures"), QJsonArray::fromStringList(blockingFailures)},
            {QStringLiteral("summary"), summary}};
}

// ---------------------------------------------------------------------------------------------
std::optional<ApiError> O2dLaunchOptions::problem() const
{
    if (limit && *limit < 1)
        return invalidField(
                QStringLiteral("limit"),
                tr("The number of contacts to launch to (limit) must be 1 or more; it is %1. Leave "
                   "it empty to launch to every contact.")
                        .arg(*limit));
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
bool O2dLaunchJob::isFinished() const
{
    return succeeded() || status.contains(QLatin1String("fail")) || status.contains(QLatin1String("error")) ||
            status.contains(QLatin1String("cancel"));
}

bool O2dLaunchJob::succeeded() const
{
    return status == QLatin1String("launched") || status == QLatin1String("completed");
}

O2dLaunchJob O2dLaunchJob::fromJson(const QJsonObject &object)
{
    O2dLaunchJob job;
    job.jobId = firstString(object, {"jobId", "job_id"});
    job.campaignId = str(object, "campaignId");
    job.status = str(object, "status").toLower();
    const QJsonValue error = object.value(QLatin1String("error"));
    job.error = error.isObject() ? firstString(error.toObject(), {"message", "code"})
                                 : firstString(object, {"error", "message"});
    job.createdAt = JsonRead::dateTime(object, "createdAt");
    return job;
}

QJsonObject O2dLaunchJob::toJson() const
{
    QJsonObject object{{QStringLiteral("status"), status}};
    insertIfSet(object, QStringLiteral("jobId"), jobId);
    insertIfSet(object, QStringLiteral("campaignId"), campaignId);
    insertIfSet(object, QStringLiteral("error"), error);
    insertIfSet(object, QStringLiteral("createdAt"), createdAt);
    return object;
}

// ---------------------------------------------------------------------------------------------
O2dStats O2dStats::fromJson(const QJsonObject &object)
{
    O2dStats stats;
    stats.campaignId = str(object, "campaignId");
    stats.status = str(object, "status").toLower();
    const QJsonObject contacts = object.value(QLatin1String("contacts")).toObject();
    stats.contacts.total = integerOr(contacts, "total", 0);
    stats.contacts.active = integerOr(contacts, "active", 0);
    stats.contacts.completed = integerOr(contacts, "completed", 0);
    stats.contacts.replied = integerOr(contacts, "replied", 0);
    stats.contacts.bounced = integerOr(contacts, "bounced", 0);
    const QJsonObject sends = object.value(QLatin1String("sends")).toObject();
    stats.sends.total = integerOr(sends, "total", 0);
    stats.sends.sent = integerOr(sends, "sent", 0);
    stats.sends.failed = integerOr(sends, "failed", 0);
    stats.sends.bounced = integerOr(sends, "bounced", 0);
    stats.sends.replied = integerOr(sends, "replied", 0);
    stats.raw = object;
    return stats;
}

// =============================================================================================
// Issue #11 types.
namespace {

// The first of `keys` that reads as a timestamp, else invalid.
QDateTime firstDateTime(const QJsonObject &object, std::initializer_list<const char *> keys)
{
    for (const char *key : keys) {
        const QDateTime when = JsonRead::dateTime(object, key);
        if (when.isValid())
            return when;
    }
    return {};
}

// An array of strings (numbers kept as text); a single string reads as a list of one.
QStringList stringList(const QJsonObject &object, const char *key)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isString())
        return {value.toString()};
    QStringList list;
    for (const QJsonValue &item : value.toArray()) {
        const QString text = item.isDouble() ? QString::number(item.toDouble(), 'g', 17) : item.toString();
        if (!text.isEmpty())
            list.append(text);
    }
    return list;
}

// The object under `wrapper` when there is one ({"subscription": {...}}), else `object` itself.
QJsonObject unwrapped(const QJsonObject &object, const char *wrapper)
{
    const QJsonValue inner = object.value(QLatin1String(wrapper));
    return inner.isObject() ? inner.toObject() : object;
}

// A key made of parts that cannot run into each other.
QString joinedKey(std::initializer_list<QString> parts)
{
    QStringList list(parts);
    return list.join(QChar(0x1f));
}

QString msText(const QDateTime &when)
{
    return when.isValid() ? QString::number(when.toMSecsSinceEpoch()) : QString();
}

} // namespace

// ---------------------------------------------------------------------------------------------
QStringList O2dSend::statuses()
{
    return {QStringLiteral("queued"),  QStringLiteral("scheduled"), QStringLiteral("sending"),
            QStringLiteral("sent"),    QStringLiteral("failed"),    QStringLiteral("bounced"),
            QStringLiteral("skipped"), QStringLiteral("canceled"),  QStringLiteral("replied")};
}

O2dSend O2dSend::fromJson(const QJsonObject &object)
{
    O2dSend send;
    send.id = str(object, "id");
    send.campaignId = str(object, "campaignId");
    send.contactId = str(object, "contactId");
    send.stepId = str(object, "stepId");
    send.mailboxId = str(object, "mailboxId");
    send.to = firstString(object, {"to", "email"});
    send.status = str(object, "status").toLower();
    send.attempts = integerOr(object, "attempts", 0);
    send.sentAt = JsonRead::dateTime(object, "sentAt");
    return send;
}

QJsonObject O2dSend::toJson() const
{
    QJsonObject object{{QStringLiteral("id"), id},
                       {QStringLiteral("status"), status},
                       {QStringLiteral("attempts"), attempts}};
    insertIfSet(object, QStringLiteral("campaignId"), campaignId);
    insertIfSet(object, QStringLiteral("contactId"), contactId);
    insertIfSet(object, QStringLiteral("stepId"), stepId);
    insertIfSet(object, QStringLiteral("mailboxId"), mailboxId);
    insertIfSet(object, QStringLiteral("to"), to);
    insertIfSet(object, QStringLiteral("sentAt"), sentAt);
    return object;
}

// ---------------------------------------------------------------------------------------------
QString O2dContactChange::key() const
{
    return joinedKey({contactId, status, msText(updatedAt)});
}

O2dContactChange O2dContactChange::fromJson(const QJsonObject &object)
{
    O2dContactChange change;
    change.contactId = firstString(object, {"contactId", "id"});
    change.email = str(object, "email");
    change.status = str(object, "status").toLower();
    change.previousStatus = str(object, "previousStatus").toLower();
    change.updatedAt = JsonRead::dateTime(object, "updatedAt");
    return change;
}

QJsonObject O2dContactChange::toJson() const
{
    QJsonObject object{{QStringLiteral("contactId"), contactId}, {QStringLiteral("status"), status}};
    insertIfSet(object, QStringLiteral("email"), email);
    insertIfSet(object, QStringLiteral("previousStatus"), previousStatus);
    insertIfSet(object, QStringLiteral("updatedAt"), updatedAt);
    return object;
}

// ---------------------------------------------------------------------------------------------
QDateTime O2dThread::latestAt() const
{
    return lastMessageAt.isValid() ? lastMessageAt : updatedAt;
}

O2dThread O2dThread::fromJson(const QJsonObject &object)
{
    O2dThread thread;
    thread.id = firstString(object, {"id", "threadId"});
    thread.campaignId = str(object, "campaignId");
    thread.contactId = str(object, "contactId");
    thread.email = firstString(object, {"email", "contactEmail", "from"});
    thread.replyIntent = firstString(object, {"replyIntent", "intent", "reply_intent"}).toLower();
    thread.subject = str(object, "subject");
    thread.snippet = firstString(object, {"snippet", "preview"});
    thread.body = firstString(object, {"body", "bodyText", "text"});
    thread.messageCount = optionalInt(object, "messageCount").value_or(integerOr(object, "messages", -1));
    thread.lastMessageAt = firstDateTime(object, {"lastMessageAt", "lastReplyAt", "receivedAt"});
    thread.updatedAt = firstDateTime(object, {"updatedAt", "createdAt"});
    thread.raw = object;
    return thread;
}

QJsonObject O2dThread::toJson() const
{
    QJsonObject object = raw;
    object.insert(QStringLiteral("id"), id);
    insertIfSet(object, QStringLiteral("campaignId"), campaignId);
    insertIfSet(object, QStringLiteral("contactId"), contactId);
    insertIfSet(object, QStringLiteral("email"), email);
    insertIfSet(object, QStringLiteral("replyIntent"), replyIntent);
    insertIfSet(object, QStringLiteral("subject"), subject);
    insertIfSet(object, QStringLiteral("snippet"), snippet);
    insertIfSet(object, QStringLiteral("body"), body);
    if (messageCount >= 0)
        object.insert(QStringLiteral("messageCount"), messageCount);
    insertIfSet(object, QStringLiteral("lastMessageAt"), lastMessageAt);
    insertIfSet(object, QStringLiteral("updatedAt"), updatedAt);
    return object;
}

// ---------------------------------------------------------------------------------------------
O2dSuppression O2dSuppression::fromJson(const QJsonObject &object)
{
    O2dSuppression suppression;
    suppression.email = firstString(object, {"email", "address"}).trimmed().toLower();
    suppression.reason = str(object, "reason");
    suppression.source = str(object, "source");
    suppression.createdAt = firstDateTime(object, {"createdAt", "suppressedAt"});
    return suppression;
}

QJsonObject O2dSuppression::toJson() const
{
    QJsonObject object{{QStringLiteral("email"), email}};
    insertIfSet(object, QStringLiteral("reason"), reason);
    insertIfSet(object, QStringLiteral("source"), source);
    insertIfSet(object, QStringLiteral("createdAt"), createdAt);
    return object;
}

O2dSuppressionStatus O2dSuppressionStatus::fromJson(const QJsonObject &object)
{
    O2dSuppressionStatus status;
    const QJsonObject entry = object.value(QLatin1String("suppression")).toObject();
    const QJsonObject &source = entry.isEmpty() ? object : entry;
    status.email = firstString(object, {"email", "address"}).trimmed().toLower();
    if (status.email.isEmpty())
        status.email = firstString(entry, {"email", "address"}).trimmed().toLower();
    const QJsonValue flag = object.value(QLatin1String("suppressed"));
    if (flag.isBool() || flag.isString())
        status.suppressed = booleanOr(object, "suppressed", false);
    else
        status.suppressed =
                !entry.isEmpty() || str(object, "status").toLower() == QLatin1String("suppressed");
    status.reason = str(source, "reason");
    status.createdAt = firstDateTime(source, {"createdAt", "suppressedAt"});
    status.raw = object;
    return status;
}

QJsonObject O2dSuppressionStatus::toJson() const
{
    QJsonObject object{{QStringLiteral("email"), email}, {QStringLiteral("suppressed"), suppressed}};
    insertIfSet(object, QStringLiteral("reason"), reason);
    insertIfSet(object, QStringLiteral("createdAt"), createdAt);
    return object;
}

// ---------------------------------------------------------------------------------------------
std::optional<ApiError> O2dWebhookSubscription::problem() const
{
    const QUrl url(endpoint.trimmed(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() ||
        (scheme != QLatin1String("https") && scheme != QLatin1String("http")))
        return invalidField(
                QStringLiteral("endpoint"),
                endpoint.trimmed().isEmpty()
                        ? tr("Enter the URL events are sent to (endpoint).")
                        : tr("The endpoint \"%1\" is not an http(s) URL.").arg(endpoint.trimmed()));
    if (eventTypes.isEmpty())
        return invalidField(QStringLiteral("eventTypes"),
                            tr("Choose at least one event type (eventTypes) for the subscription."));
    return std::nullopt;
}

O2dWebhookSubscription O2dWebhookSubscription::fromJson(const QJsonObject &object)
{
    const QJsonObject inner = unwrapped(object, "subscription");
    O2dWebhookSubscription subscription;
    subscription.id = firstString(inner, {"id", "subscriptionId"});
    subscription.endpoint = firstString(inner, {"endpoint", "url"});
    subscription.eventTypes = stringList(inner, "eventTypes");
    subscription.replyIntents = stringList(inner, "replyIntents");
    subscription.campaignIds = stringList(inner, "campaignIds");
    subscription.ignoreOoo = booleanOr(inner, "ignoreOoo", false);
    subscription.ignoreAutoReply = booleanOr(inner, "ignoreAutoReply", false);
    subscription.status = str(inner, "status").toLower();
    // A rotation may answer the new secret beside the subscription rather than inside it.
    subscription.secret = str(inner, "secret");
    if (subscription.secret.isEmpty())
        subscription.secret = str(object, "secret");
    subscription.createdAt = JsonRead::dateTime(inner, "createdAt");
    return subscription;
}

QJsonObject O2dWebhookSubscription::toJson() const
{
    QJsonObject object{{QStringLiteral("id"), id},
                       {QStringLiteral("endpoint"), endpoint},
                       {QStringLiteral("eventTypes"), QJsonArray::fromStringList(eventTypes)},
                       {QStringLiteral("replyIntents"), QJsonArray::fromStringList(replyIntents)},
                       {QStringLiteral("campaignIds"), QJsonArray::fromStringList(campaignIds)},
                       {QStringLiteral("ignoreOoo"), ignoreOoo},
                       {QStringLiteral("ignoreAutoReply"), ignoreAutoReply}};
    insertIfSet(object, QStringLiteral("status"), status);
    insertIfSet(object, QStringLiteral("createdAt"), createdAt);
    return object;
}

QJsonObject O2dWebhookSubscription::requestBody() const
{
    QJsonObject object{{QStringLiteral("endpoint"), endpoint.trimmed()},
                       {QStringLiteral("eventTypes"), QJsonArray::fromStringList(eventTypes)},
                       {QStringLiteral("ignoreOoo"), ignoreOoo},
                       {QStringLiteral("ignoreAutoReply"), ignoreAutoReply}};
    if (!replyIntents.isEmpty())
        object.insert(QStringLiteral("replyIntents"), QJsonArray::fromStringList(replyIntents));
    if (!campaignIds.isEmpty())
        object.insert(QStringLiteral("campaignIds"), QJsonArray::fromStringList(campaignIds));
    insertIfSet(object, QStringLiteral("secret"), secret);
    return object;
}

// ---------------------------------------------------------------------------------------------
QString O2dWebhookEvent::key() const
{
    return !id.isEmpty() ? id : joinedKey({type, msText(createdAt), contactId});
}

O2dWebhookEvent O2dWebhookEvent::fromJson(const QJsonObject &object)
{
    O2dWebhookEvent event;
    event.id = firstString(object, {"id", "eventId"});
    event.type = firstString(object, {"type", "eventType", "event"});
    // The details may sit in a nested "data"/"payload" object.
    QJsonObject data = object.value(QLatin1String("data")).toObject();
    if (data.isEmpty())
        data = object.value(QLatin1String("payload")).toObject();
    const auto either = [&](std::initializer_list<const char *> keys) {
        const QString top = firstString(object, keys);
        return top.isEmpty() ? firstString(data, keys) : top;
    };
    event.campaignId = either({"campaignId"});
    event.contactId = either({"contactId"});
    event.email = either({"email", "contactEmail"});
    event.replyIntent = either({"replyIntent", "intent"}).toLower();
    event.createdAt = firstDateTime(object, {"createdAt", "occurredAt", "timestamp"});
    event.raw = object;
    return event;
}

QJsonObject O2dWebhookEvent::toJson() const
{
    QJsonObject object = raw;
    insertIfSet(object, QStringLiteral("id"), id);
    insertIfSet(object, QStringLiteral("type"), type);
    insertIfSet(object, QStringLiteral("campaignId"), campaignId);
    insertIfSet(object, QStringLiteral("contactId"), contactId);
    insertIfSet(object, QStringLiteral("email"), email);
    insertIfSet(object, QStringLiteral("replyIntent"), replyIntent);
    insertIfSet(object, QStringLiteral("createdAt"), createdAt);
    return object;
}

// ---------------------------------------------------------------------------------------------
QString O2dWebhookDelivery::key() const
{
    return !id.isEmpty() ? id : joinedKey({eventId, QString::number(attempts), msText(createdAt)});
}

O2dWebhookDelivery O2dWebhookDelivery::fromJson(const QJsonObject &object)
{
    O2dWebhookDelivery delivery;
    delivery.id = firstString(object, {"id", "deliveryId"});
    delivery.subscriptionId = str(object, "subscriptionId");
    delivery.eventId = str(object, "eventId");
    delivery.eventType = firstString(object, {"eventType", "type", "event"});
    delivery.status = str(object, "status").toLower();
    delivery.attempts = optionalInt(object, "attempts").value_or(integerOr(object, "attempt", 0));
    delivery.responseStatus =
            optionalInt(object, "responseStatus")
                    .value_or(optionalInt(object, "statusCode").value_or(integerOr(object, "httpStatus", 0)));
    const QJsonValue error = object.value(QLatin1String("error"));
    delivery.error = error.isObject() ? firstString(error.toObject(), {"message", "code"})
                                      : firstString(object, {"error", "message"});
    delivery.createdAt = firstDateTime(object, {"createdAt", "deliveredAt", "attemptedAt"});
    delivery.nextAttemptAt = firstDateTime(object, {"nextAttemptAt", "nextRetryAt"});
    delivery.raw = object;
    return delivery;
}

QJsonObject O2dWebhookDelivery::toJson() const
{
    QJsonObject object = raw;
    insertIfSet(object, QStringLiteral("id"), id);
    insertIfSet(object, QStringLiteral("subscriptionId"), subscriptionId);
    insertIfSet(object, QStringLiteral("eventId"), eventId);
    insertIfSet(object, QStringLiteral("eventType"), eventType);
    insertIfSet(object, QStringLiteral("status"), status);
    object.insert(QStringLiteral("attempts"), attempts);
    if (responseStatus > 0)
        object.insert(QStringLiteral("responseStatus"), responseStatus);
    insertIfSet(object, QStringLiteral("error"), error);
    insertIfSet(object, QStringLiteral("createdAt"), createdAt);
    insertIfSet(object, QStringLiteral("nextAttemptAt"), nextAttemptAt);
    return object;
}

// ---------------------------------------------------------------------------------------------
std::optional<ApiError> O2dSubsequence::problem() const
{
    if (name.trimmed().isEmpty())
        return invalidField(QStringLiteral("name"), tr("Enter a name for the subsequence (name)."));
    return std::nullopt;
}

O2dSubsequence O2dSubsequence::fromJson(const QJsonObject &object)
{
    const QJsonObject inner = unwrapped(object, "subsequence");
    O2dSubsequence subsequence;
    subsequence.id = firstString(inner, {"id", "subsequenceId"});
    subsequence.campaignId = str(inner, "campaignId");
    subsequence.name = str(inner, "name");
    const QString mode = str(inner, "enrollmentMode");
    if (!mode.isEmpty())
        subsequence.enrollmentMode = mode;
    subsequence.createdAt = JsonRead::dateTime(inner, "createdAt");
    return subsequence;
}

QJsonObject O2dSubsequence::toJson() const
{
    QJsonObject object{{QStringLiteral("name"), name.trimmed()},
                       {QStringLiteral("enrollmentMode"), enrollmentMode}};
    insertIfSet(object, QStringLiteral("id"), id);
    insertIfSet(object, QStringLiteral("campaignId"), campaignId);
    insertIfSet(object, QStringLiteral("createdAt"), createdAt);
    return object;
}

// ---------------------------------------------------------------------------------------------
O2dRoutingRule O2dRoutingRule::fromJson(const QJsonObject &object)
{
    O2dRoutingRule rule;
    const QString trigger = str(object, "trigger");
    if (!trigger.isEmpty())
        rule.trigger = trigger;
    rule.value = str(object, "value");
    rule.subsequenceId = str(object, "subsequenceId");
    return rule;
}

QJsonObject O2dRoutingRule::toJson() const
{
    return {{QStringLiteral("trigger"), trigger},
            {QStringLiteral("value"), value},
            {QStringLiteral("subsequenceId"), subsequenceId}};
}

std::optional<ApiError> O2dRoutingPolicy::problem() const
{
    QSet<QString> seen;
    for (qsizetype i = 0; i < rules.size(); ++i) {
        const O2dRoutingRule &rule = rules.at(i);
        const QString field = QStringLiteral("rules[%1]").arg(i);
        if (rule.trigger.trimmed().isEmpty())
            return invalidField(field + QStringLiteral(".trigger"),
                                tr("Rule %1 has no trigger (%2.trigger).").arg(i + 1).arg(field));
        if (rule.value.trimmed().isEmpty())
            return invalidField(field + QStringLiteral(".value"),
                                tr("Rule %1 has no reply intent (%2.value).").arg(i + 1).arg(field));
        if (rule.subsequenceId.trimmed().isEmpty())
            return invalidField(
                    field + QStringLiteral(".subsequenceId"),
                    tr("Rule %1 routes to no subsequence (%2.subsequenceId).").arg(i + 1).arg(field));
        const QString key = joinedKey({rule.trigger, rule.value});
        if (seen.contains(key))
            return invalidField(field + QStringLiteral(".value"),
                                tr("Rule %1 routes \"%2\" again (%3.value): each intent goes to one "
                                   "subsequence.")
                                        .arg(i + 1)
                                        .arg(rule.value, field));
        seen.insert(key);
    }
    return std::nullopt;
}

O2dRoutingPolicy O2dRoutingPolicy::fromJson(const QJsonValue &value)
{
    QJsonValue rules = value;
    if (rules.isObject())
        rules = unwrapped(rules.toObject(), "routingPolicy").value(QLatin1String("rules"));
    O2dRoutingPolicy policy;
    for (const QJsonValue &rule : rules.toArray())
        policy.rules.append(O2dRoutingRule::fromJson(rule.toObject()));
    return policy;
}

QJsonObject O2dRoutingPolicy::toJson() const
{
    QJsonArray array;
    for (const O2dRoutingRule &rule : rules)
        array.append(rule.toJson());
    return {{QStringLiteral("routingPolicy"), QJsonObject{{QStringLiteral("rules"), array}}}};
}
