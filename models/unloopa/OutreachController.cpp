#include "OutreachController.h"

#include "controllers/LeadsController.h"
#include "store/LeadStore.h"
#include "table/RecordTableModel.h"
#include "unloopa/UnloopaOutreachService.h"
#include "unloopa/UnloopaService.h"

#include <QRegularExpression>

namespace {

enum AccountColumn {
    kId,
    kEmail,
    kDisplayName,
    kDailyLimit,
    kSentToday,
    kRemaining,
    kWarmup,
    kHealth,
    kHealthScore,
    kHealthChecked,
    kCreated
};

// The value a documented placeholder takes for `lead`; empty when the lead has none.
QString valueFor(const QString &name, const UnloopaLead &lead)
{
    if (name == QLatin1String("business_name"))
        return lead.businessName;
    if (name == QLatin1String("city"))
        return lead.city;
    if (name == QLatin1String("industry"))
        return lead.industry;
    if (name == QLatin1String("website_url"))
        return lead.url.toString();
    if (name == QLatin1String("video_url"))
        return lead.videoUrl.toString();
    return {};
}

} // namespace

OutreachController::OutreachController(UnloopaService *unloopa, UnloopaOutreachService *outreach,
                                       QObject *parent)
    : QObject(parent),
      m_unloopa(unloopa),
      m_outreach(outreach),
      m_accounts(new RecordTableModel(accountSchema(), this))
{ }

OutreachController::~OutreachController()
{
    m_leads.reset(); // before the connection it may own
}

RecordSchema OutreachController::accountSchema()
{
    return RecordSchema(
            {
                    ColumnSpec::make(ColumnType::Text, QStringLiteral("id"), tr("Account id")).hidden(),
                    ColumnSpec::make(ColumnType::Text, QStringLiteral("email"), tr("Email")),
                    ColumnSpec::make(ColumnType::Text, QStringLiteral("displayName"), tr("Name")),
                    ColumnSpec::make(ColumnType::Integer, QStringLiteral("dailyLimit"), tr("Daily limit"))
                            .withToolTip(tr("Emails a day, as Unloopa reports it (it follows the warm-up)")),
                    ColumnSpec::make(ColumnType::Integer, QStringLiteral("sentToday"), tr("Sent today")),
                    ColumnSpec::make(ColumnType::Integer, QStringLiteral("remainingToday"),
                                     tr("Remaining today")),
                    ColumnSpec::make(ColumnType::Text, QStringLiteral("warmup"), tr("Warm-up"))
                            .withToolTip(
                                    tr("New accounts warm up over 4 weeks: 5, 10, 15, then 25 emails a day")),
                    ColumnSpec::make(ColumnType::Category, QStringLiteral("health"), tr("Health")),
                    ColumnSpec::make(ColumnType::Integer, QStringLiteral("healthScore"), tr("Health score"))
                            .withToolTip(tr("0-100, from Unloopa's DNS and deliverability check")),
                    ColumnSpec::make(ColumnType::DateTime, QStringLiteral("healthCheckedAt"), tr("Checked")),
                    ColumnSpec::make(ColumnType::DateTime, QStringLiteral("createdAt"), tr("Connected"))
                            .hidden(),
            },
            QStringLiteral("id"));
}

StoreStatus OutreachController::openLeads(Database *database, const QString &databasePath)
{
    m_leads.reset();
    m_ownDatabase.reset();
    std::unique_ptr<Database> own;
    if (!database) {
        own = std::make_unique<Database>(databasePath.isEmpty() ? Database::defaultPath() : databasePath);
        database = own.get();
    }
    if (StoreStatus s = LeadsController::openDatabase(*database); !s)
        return s;
    m_ownDatabase = std::move(own);
    m_leads = std::make_unique<LeadStore>(database);
    return {};
}

QList<UnloopaLead> OutreachController::findLeads(const QString &text, int limit) const
{
    return m_leads ? m_leads->searchLeads(text, limit) : QList<UnloopaLead>{};
}

void OutreachController::refresh()
{
    if (m_unloopa) {
        m_unloopa->fetchQuota(this, [this](const Result<UnloopaQuota> &result) {
            if (!result) {
                Q_EMIT failed(QStringLiteral("quota"), result.error());
                return;
            }
            m_quota = result.value();
            Q_EMIT quotaChanged();
        });
    }
    refreshStatus();
    refreshTemplates();
}

void OutreachController::refreshStatus()
{
    if (!m_outreach)
        return;
    m_outreach->fetchStatus(this, [this](const Result<UnloopaOutreachStatus> &result) {
        if (!result) {
            Q_EMIT failed(QStringLiteral("status"), result.error());
            return;
        }
        m_status = result.value();
        showAccounts();
        Q_EMIT statusChanged();
    });
}

void OutreachController::showAccounts()
{
    RecordTable rows(accountSchema());
    for (const UnloopaSendingAccount &account : m_status->accounts) {
        const int r = rows.appendRow();
        rows.setText(r, kId, account.id);
        rows.setText(r, kEmail, account.email);
        rows.setText(r, kDisplayName, account.displayName);
        rows.setInteger(r, kDailyLimit, account.dailyLimit);
        rows.setInteger(r, kSentToday, account.sentToday);
        rows.setInteger(r, kRemaining, account.remainingToday);
        // The day the API reports; the ramp's limits are not recomputed here.
        rows.setText(r, kWarmup,
                     !account.warmupEnabled ? tr("off")
                             : account.warmupDay > 0
                             ? tr("day %1 of %2").arg(account.warmupDay).arg(warmupRampDays)
                             : tr("on"));
        rows.setText(r, kHealth, account.health.status.isEmpty() ? tr("not checked") : account.health.status);
        if (!account.health.status.isEmpty())
            rows.setInteger(r, kHealthScore, account.health.score);
        if (account.health.checkedAt.isValid())
            rows.setDateTime(r, kHealthChecked, account.health.checkedAt.toMSecsSinceEpoch());
        if (account.createdAt.isValid())
            rows.setDateTime(r, kCreated, account.createdAt.toMSecsSinceEpoch());
    }
    m_accounts->setRows(std::move(rows));
}

void OutreachController::refreshTemplates()
{
    if (!m_outreach)
        return;
    m_outreach->fetchTemplates(this, [this](const Result<UnloopaTemplates> &result) {
        if (!result) {
            Q_EMIT failed(QStringLiteral("templates"), result.error());
            return;
        }
        m_templates = result.value();
        Q_EMIT templatesChanged();
    });
}

QStringList OutreachController::usablePlaceholders() const
{
    QStringList names = UnloopaTemplate::placeholders();
    if (!video())
        names.removeIf([](const QString &name) { return UnloopaTemplate::isProOnlyPlaceholder(name); });
    return names;
}

QStringList OutreachController::unusablePlaceholdersIn(const QString &text) const
{
    const QStringList usable = usablePlaceholders();
    QStringList unusable = UnloopaTemplate::placeholdersIn(text);
    unusable.removeIf([&usable](const QString &name) { return usable.contains(name); });
    return unusable;
}

bool OutreachController::startSaving()
{
    if (m_saving || !m_outreach)
        return false;
    m_saving = true;
    Q_EMIT savingChanged(true);
    return true;
}

void OutreachController::finishSaving()
{
    m_saving = false;
    Q_EMIT savingChanged(false);
}

bool OutreachController::createTemplate(const UnloopaTemplateFields &fields)
{
    if (!startSaving())
        return false;
    m_outreach->createTemplate(fields, this, [this](const Result<UnloopaTemplate> &result) {
        finishSaving();
        if (!result) {
            Q_EMIT failed(QStringLiteral("save"), result.error());
            return;
        }
        Q_EMIT templateSaved(result.value());
        refreshTemplates(); // a new default unsets the previous one: read them all again
    });
    return true;
}

bool OutreachController::updateTemplate(const QString &templateId, const UnloopaTemplateFields &fields)
{
    const auto existing = m_templates.find(templateId);
    if (existing && !existing->isCustom)
        return false; // prebuilt templates are read-only
    if (!startSaving())
        return false;
    m_outreach->updateTemplate(templateId, fields, this, [this](const Result<UnloopaTemplate> &result) {
        finishSaving();
        if (!result) {
            Q_EMIT failed(QStringLiteral("save"), result.error());
            return;
        }
        Q_EMIT templateSaved(result.value());
        refreshTemplates();
    });
    return true;
}

bool OutreachController::setDefaultTemplate(const QString &templateId)
{
    UnloopaTemplateFields fields;
    fields.isDefault = true;
    return updateTemplate(templateId, fields);
}

bool OutreachController::deleteTemplate(const QString &templateId)
{
    const auto existing = m_templates.find(templateId);
    if (existing && !existing->isCustom)
        return false;
    if (!startSaving())
        return false;
    m_outreach->deleteTemplate(templateId, this, [this, templateId](const Result<Done> &result) {
        finishSaving();
        if (!result) {
            Q_EMIT failed(QStringLiteral("delete"), result.error());
            return;
        }
        Q_EMIT templateDeleted(templateId);
        refreshTemplates();
    });
    return true;
}

QString OutreachController::fill(const QString &text, const UnloopaLead &lead)
{
    static const QRegularExpression pattern(QStringLiteral("\\{\\{\\s*([A-Za-z0-9_]+)\\s*\\}\\}"));
    const QStringList documented = UnloopaTemplate::placeholders();
    QString out;
    qsizetype from = 0;
    auto it = pattern.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const QString name = match.captured(1);
        out += text.mid(from, match.capturedStart() - from);
        if (!documented.contains(name)) {
            out += match.captured(0);
        } else {
            const QString value = valueFor(name, lead);
            out += value.isEmpty() ? tr("[no %1]").arg(name) : value;
        }
        from = match.capturedEnd();
    }
    out += text.mid(from);
    return out;
}
