#include "UnloopaTemplatesSandbox.h"

#include "UnloopaSandboxReplies.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace UnloopaReplies;

namespace {

struct Prebuilt
{
    const char *name;
    const char *subject;
    const char *body;
    const char *language;
};

const Prebuilt kPrebuilt[] = {
        {"New Website Ready", "{{business_name}} - New Website Ready",
         "Hi! I noticed {{business_name}} in {{city}} could use a fresh website, so I built one for you: "
         "{{website_url}}\n\nIt's yours if you like it. Reply and I'll set it up.",
         "en"},
        {"Personal Video", "A quick video for {{business_name}}",
         "Hi! I recorded a short video about the new website I made for {{business_name}}: {{video_url}}\n\n"
         "Take a look at {{website_url}} and tell me what you think.",
         "en"},
        {"Sitio web nuevo", "{{business_name}} - Su nuevo sitio web",
         "¡Hola! Creé un sitio web para {{business_name}} en {{city}}: {{website_url}}\n\n"
         "Responda a este correo si le interesa.",
         "es"},
};

std::optional<SandboxResponse> readLanguage(const QJsonObject &body, QString *language)
{
    static const QRegularExpression shape(QStringLiteral("^[a-z]{2}(-[A-Z]{2})?$"));
    if (const auto refused = readString(body, QStringLiteral("language"), language))
        return refused;
    if (!shape.match(*language).hasMatch())
        return invalid(QStringLiteral("language must be a language code such as \"en\" or \"pt-BR\""),
                       QStringLiteral("language"));
    return std::nullopt;
}

} // namespace

UnloopaTemplatesSandbox::UnloopaTemplatesSandbox(SandboxServer *server)
    : m_random(server->generator("unloopa.templates.custom"))
{
    QRandomGenerator random = server->generator("unloopa.templates");
    for (const Prebuilt &prebuilt : kPrebuilt) {
        m_templates.append(Template{SandboxServer::randomUuid(random), QString::fromUtf8(prebuilt.name),
                                    QString::fromUtf8(prebuilt.subject), QString::fromUtf8(prebuilt.body),
                                    QString::fromLatin1(prebuilt.language), false});
    }
    m_defaultId = m_templates.first().id;
}

void UnloopaTemplatesSandbox::addHandlers(QMap<UnloopaRoutes::Op, SandboxHandler> *handlers)
{
    using Op = UnloopaRoutes::Op;
    handlers->insert(Op::Templates, [this](const SandboxRequest &r) { return list(r); });
    handlers->insert(Op::TemplateCreate, [this](const SandboxRequest &r) { return create(r); });
    handlers->insert(Op::TemplateUpdate, [this](const SandboxRequest &r) { return update(r); });
    handlers->insert(Op::TemplateDelete, [this](const SandboxRequest &r) { return remove(r); });
}

const UnloopaTemplatesSandbox::Template *UnloopaTemplatesSandbox::find(const QString &id) const
{
    for (const Template &item : m_templates) {
        if (item.id == id)
            return &item;
    }
    return nullptr;
}

QJsonObject UnloopaTemplatesSandbox::json(const Template &item) const
{
    return QJsonObject{{QStringLiteral("id"), item.id},
                       {QStringLiteral("name"), item.name},
                       {QStringLiteral("subject"), item.subject},
                       {QStringLiteral("body"), item.body},
                       {QStringLiteral("is_custom"), item.custom},
                       {QStringLiteral("is_default"), item.id == m_defaultId},
                       {QStringLiteral("language"), item.language}};
}

SandboxResponse UnloopaTemplatesSandbox::list(const SandboxRequest &)
{
    QJsonArray prebuilt;
    QJsonArray custom;
    for (const Template &item : std::as_const(m_templates))
        (item.custom ? custom : prebuilt).append(json(item));
    return SandboxResponse::json(QJsonObject{{QStringLiteral("templates"), prebuilt},
                                             {QStringLiteral("custom_templates"), custom}});
}

SandboxResponse UnloopaTemplatesSandbox::create(const SandboxRequest &request)
{
    QJsonObject body;
    if (const auto refused = readBody(request, &body))
        return *refused;
    Template item;
    item.custom = true;
    item.language = QStringLiteral("en");
    if (const auto refused = requireString(body, QStringLiteral("name"), maxNameLength, &item.name))
        return *refused;
    if (const auto refused = requireString(body, QStringLiteral("subject"), maxSubjectLength, &item.subject))
        return *refused;
    if (const auto refused = requireString(body, QStringLiteral("body"), maxBodyLength, &item.body))
        return *refused;
    if (const auto refused = readLanguage(body, &item.language))
        return *refused;
    const QJsonValue isDefault = body.value(QLatin1String("is_default"));
    if (!isDefault.isUndefined() && !isDefault.isNull() && !isDefault.isBool())
        return invalid(QStringLiteral("is_default must be a boolean"), QStringLiteral("is_default"));
    item.id = SandboxServer::randomUuid(m_random);
    m_templates.append(item);
    if (isDefault.toBool())
        m_defaultId = item.id;
    return SandboxResponse::json(QJsonObject{{QStringLiteral("template"), json(item)}});
}

UnloopaTemplatesSandbox::Template *UnloopaTemplatesSandbox::customOf(const SandboxRequest &request,
                                                                     SandboxResponse *refused)
{
    const QString id = request.pathArgs.value(QStringLiteral("id"));
    for (Template &item : m_templates) {
        if (item.id != id)
            continue;
        if (item.custom)
            return &item;
        *refused = invalid(QStringLiteral("Prebuilt templates are read-only: only custom templates can be "
                                          "edited or deleted."),
                           QStringLiteral("id"));
        return nullptr;
    }
    *refused = notFound(QStringLiteral("Template"));
    return nullptr;
}

SandboxResponse UnloopaTemplatesSandbox::update(const SandboxRequest &request)
{
    SandboxResponse refusal;
    Template *item = customOf(request, &refusal);
    if (!item)
        return refusal;
    QJsonObject body;
    if (const auto refused = readBody(request, &body))
        return *refused;
    static const QStringList fields{QStringLiteral("name"), QStringLiteral("subject"), QStringLiteral("body"),
                                    QStringLiteral("language"), QStringLiteral("is_default")};
    bool any = false;
    for (const QString &field : fields)
        any = any || body.contains(field);
    if (!any)
        return invalid(QStringLiteral("Nothing to update: give name, subject, body, language or is_default"),
                       QStringLiteral("body"));
    Template changed = *item;
    const QList<std::pair<QString, int>> texts{{QStringLiteral("name"), maxNameLength},
                                               {QStringLiteral("subject"), maxSubjectLength},
                                               {QStringLiteral("body"), maxBodyLength}};
    QString *targets[] = {&changed.name, &changed.subject, &changed.body};
    for (int i = 0; i < texts.size(); ++i) {
        if (!body.contains(texts.at(i).first))
            continue;
        if (const auto refused = requireString(body, texts.at(i).first, texts.at(i).second, targets[i]))
            return *refused;
    }
    if (body.contains(QLatin1String("language"))) {
        if (const auto refused = readLanguage(body, &changed.language))
            return *refused;
    }
    const QJsonValue isDefault = body.value(QLatin1String("is_default"));
    if (!isDefault.isUndefined() && !isDefault.isBool())
        return invalid(QStringLiteral("is_default must be a boolean"), QStringLiteral("is_default"));
    *item = changed;
    if (isDefault.isBool()) {
        if (isDefault.toBool())
            m_defaultId = item->id;
        else if (m_defaultId == item->id)
            m_defaultId = m_templates.first().id; // back to the first prebuilt one
    }
    return SandboxResponse::json(QJsonObject{{QStringLiteral("template"), json(*item)}});
}

SandboxResponse UnloopaTemplatesSandbox::remove(const SandboxRequest &request)
{
    SandboxResponse refusal;
    const Template *item = customOf(request, &refusal);
    if (!item)
        return refusal;
    if (m_defaultId == item->id)
        m_defaultId = m_templates.first().id;
    m_templates.removeAt(int(item - m_templates.constData()));
    return SandboxResponse::json(QJsonObject{{QStringLiteral("success"), true}});
}
