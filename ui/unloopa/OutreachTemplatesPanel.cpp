#include "OutreachTemplatesPanel.h"

#include "common/ErrorText.h"
#include "common/LayoutMemory.h"
#include "email/PlaceholderHighlighter.h"
#include "unloopa/OutreachController.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
constexpr int idRole = Qt::UserRole;

QString braced(const QStringList &names)
{
    QStringList out;
    for (const QString &name : names)
        out.append(QStringLiteral("{{%1}}").arg(name));
    return out.join(QLatin1Char(' '));
}
} // namespace

OutreachTemplatesPanel::OutreachTemplatesPanel(OutreachController *controller, QWidget *parent)
    : QWidget(parent), m_controller(controller)
{
    auto *layout = new QVBoxLayout(this);
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("templatesSplitter"));
    layout->addWidget(m_splitter, 1);

    // The list: prebuilt and custom templates, the default marked.
    auto *listSide = new QWidget(m_splitter);
    auto *listLayout = new QVBoxLayout(listSide);
    listLayout->setContentsMargins(0, 0, 0, 0);
    m_list = new QTreeWidget(listSide);
    m_list->setObjectName(QStringLiteral("outreachTemplates"));
    m_list->setAccessibleName(tr("Email templates"));
    m_list->setHeaderLabels({tr("Template"), tr("Language"), tr("Default")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    LayoutMemory::track(m_list->header(), QStringLiteral("unloopa/outreach/templates"));
    listLayout->addWidget(m_list, 1);
    auto *listButtons = new QHBoxLayout;
    m_new = new QPushButton(tr("&New template"), listSide);
    m_new->setObjectName(QStringLiteral("templateNew"));
    m_new->setToolTip(tr("Clear the editor for a new custom template (Ctrl+N)"));
    m_copy = new QPushButton(tr("Cop&y as new"), listSide);
    m_copy->setObjectName(QStringLiteral("templateCopy"));
    m_copy->setToolTip(tr("Start a new custom template from the selected one"));
    listButtons->addWidget(m_new);
    listButtons->addWidget(m_copy);
    listButtons->addStretch();
    listLayout->addLayout(listButtons);

    // The editor.
    auto *editorSide = new QWidget(m_splitter);
    auto *editor = new QVBoxLayout(editorSide);
    editor->setContentsMargins(0, 0, 0, 0);
    m_editing = new QLabel(editorSide);
    m_editing->setObjectName(QStringLiteral("templateEditing"));
    m_editing->setWordWrap(true);
    editor->addWidget(m_editing);
    auto *form = new QFormLayout;
    auto field = [form](QWidget *widget, const char *objectName, const QString &label,
                        const QString &accessible) {
        widget->setObjectName(QString::fromLatin1(objectName));
        widget->setAccessibleName(accessible);
        form->addRow(label, widget);
    };
    m_name = new QLineEdit(editorSide);
    field(m_name, "templateName", tr("&Name:"), tr("Template name"));
    m_subject = new QPlainTextEdit(editorSide);
    m_subject->setTabChangesFocus(true);
    m_subject->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_subject->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_subject->setFixedHeight(m_subject->fontMetrics().height() * 2);
    m_subject->setPlaceholderText(tr("{{business_name}} - New Website Ready"));
    field(m_subject, "templateSubject", tr("&Subject:"), tr("Template subject"));
    m_body = new QPlainTextEdit(editorSide);
    m_body->setTabChangesFocus(true);
    m_body->setPlaceholderText(tr("Hi! I built a website for {{business_name}} in {{city}}…"));
    field(m_body, "templateBody", tr("&Body:"), tr("Template body"));
    m_language = new QLineEdit(editorSide);
    m_language->setPlaceholderText(tr("e.g. en"));
    m_language->setMaxLength(16);
    field(m_language, "templateLanguage", tr("&Language:"), tr("Template language"));
    m_default = new QCheckBox(tr("Use as the &default template"), editorSide);
    m_default->setObjectName(QStringLiteral("templateDefault"));
    form->addRow(QString(), m_default);
    editor->addLayout(form);
    m_subjectHighlighter = new PlaceholderHighlighter(m_subject->document());
    m_bodyHighlighter = new PlaceholderHighlighter(m_body->document());

    m_placeholders = new QLabel(editorSide);
    m_placeholders->setObjectName(QStringLiteral("templatePlaceholders"));
    m_placeholders->setWordWrap(true);
    m_placeholders->setTextInteractionFlags(Qt::TextSelectableByMouse);
    editor->addWidget(m_placeholders);
    m_flagged = new QLabel(editorSide);
    m_flagged->setObjectName(QStringLiteral("templateFlagged"));
    ErrorText::makeLinkLabel(m_flagged);
    m_flagged->hide();
    editor->addWidget(m_flagged);

    auto *buttons = new QHBoxLayout;
    m_save = new QPushButton(tr("Sa&ve template"), editorSide);
    m_save->setObjectName(QStringLiteral("templateSave"));
    m_makeDefault = new QPushButton(tr("&Make default"), editorSide);
    m_makeDefault->setObjectName(QStringLiteral("templateMakeDefault"));
    m_makeDefault->setToolTip(tr("Use the selected custom template when none is chosen"));
    m_delete = new QPushButton(tr("&Delete template…"), editorSide);
    m_delete->setObjectName(QStringLiteral("templateDelete"));
    m_delete->setAccessibleName(tr("Delete the selected custom template"));
    buttons->addWidget(m_save);
    buttons->addWidget(m_makeDefault);
    buttons->addWidget(m_delete);
    buttons->addStretch();
    editor->addLayout(buttons);
    m_error = new QLabel(editorSide);
    m_error->setObjectName(QStringLiteral("templatesError"));
    ErrorText::makeLinkLabel(m_error);
    m_error->hide();
    editor->addWidget(m_error);

    // The preview, filled from a lead the operator picks.
    auto *previewBox = new QGroupBox(tr("Preview"), m_splitter);
    auto *preview = new QVBoxLayout(previewBox);
    auto *pick = new QFormLayout;
    m_leadSearch = new QLineEdit(previewBox);
    m_leadSearch->setObjectName(QStringLiteral("previewLeadSearch"));
    m_leadSearch->setAccessibleName(tr("Search the stored leads"));
    m_leadSearch->setPlaceholderText(tr("Business, city, industry or email"));
    m_leadSearch->setClearButtonEnabled(true);
    pick->addRow(tr("Find a l&ead:"), m_leadSearch);
    m_lead = new QComboBox(previewBox);
    m_lead->setObjectName(QStringLiteral("previewLead"));
    m_lead->setAccessibleName(tr("Lead to preview with"));
    pick->addRow(tr("Preview &for:"), m_lead);
    preview->addLayout(pick);
    m_noLeads = new QLabel(previewBox);
    m_noLeads->setObjectName(QStringLiteral("previewNoLeads"));
    m_noLeads->setWordWrap(true);
    m_noLeads->hide();
    preview->addWidget(m_noLeads);
    m_preview = new QPlainTextEdit(previewBox);
    m_preview->setObjectName(QStringLiteral("templatePreview"));
    m_preview->setAccessibleName(tr("Email preview"));
    m_preview->setReadOnly(true);
    m_preview->setPlaceholderText(tr("Pick a lead to see the email it would receive."));
    preview->addWidget(m_preview, 1);

    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setStretchFactor(2, 2);
    LayoutMemory::track(m_splitter, QStringLiteral("unloopa/outreach/templatesSplitter"));

    auto shortcut = [this](QWidget *on, const QKeySequence &keys, Qt::ShortcutContext context, auto slot) {
        auto *s = new QShortcut(keys, on);
        s->setContext(context);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(this, QKeySequence(Qt::CTRL | Qt::Key_N), Qt::WidgetWithChildrenShortcut,
             [this] { newTemplate(); });
    shortcut(this, QKeySequence(Qt::CTRL | Qt::Key_S), Qt::WidgetWithChildrenShortcut, [this] { save(); });
    shortcut(m_list, QKeySequence::Delete, Qt::WidgetShortcut, [this] { deleteSelected(); });

    connect(m_new, &QPushButton::clicked, this, &OutreachTemplatesPanel::newTemplate);
    connect(m_copy, &QPushButton::clicked, this, &OutreachTemplatesPanel::copyAsNew);
    connect(m_save, &QPushButton::clicked, this, &OutreachTemplatesPanel::save);
    connect(m_makeDefault, &QPushButton::clicked, this, &OutreachTemplatesPanel::makeDefault);
    connect(m_delete, &QPushButton::clicked, this, &OutreachTemplatesPanel::deleteSelected);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &OutreachTemplatesPanel::editSelected);
    connect(m_name, &QLineEdit::textChanged, this, &OutreachTemplatesPanel::updateState);
    for (QPlainTextEdit *edit : {m_subject, m_body}) {
        connect(edit, &QPlainTextEdit::textChanged, this, [this] {
            updateState();
            updatePlaceholders();
            updatePreview();
        });
    }
    connect(m_leadSearch, &QLineEdit::textChanged, this, &OutreachTemplatesPanel::refreshLeads);
    connect(m_lead, &QComboBox::currentIndexChanged, this, &OutreachTemplatesPanel::updatePreview);

    connect(controller, &OutreachController::templatesChanged, this, &OutreachTemplatesPanel::showTemplates);
    connect(controller, &OutreachController::quotaChanged, this, &OutreachTemplatesPanel::updatePlaceholders);
    connect(controller, &OutreachController::savingChanged, this, &OutreachTemplatesPanel::updateState);
    connect(controller, &OutreachController::templateSaved, this, [this](const UnloopaTemplate &saved) {
        m_error->hide();
        m_selectAfterRefresh = saved.id;
    });
    connect(controller, &OutreachController::templateDeleted, this, [this] { m_error->hide(); });
    connect(controller, &OutreachController::failed, this,
            [this](const QString &what, const ApiError &error) {
                if (what == QLatin1String("quota") || what == QLatin1String("status"))
                    return; // the page and the status tab say those
                ErrorText::show(m_error, error,
                                what == QLatin1String("templates") ? tr("Could not read the templates:")
                                                                   : QString());
                m_error->show();
            });

    showTemplates();
    newTemplate();
    refreshLeads();
}

QString OutreachTemplatesPanel::selectedId() const
{
    const QList<QTreeWidgetItem *> selected = m_list->selectedItems();
    return selected.isEmpty() ? QString() : selected.first()->data(0, idRole).toString();
}

void OutreachTemplatesPanel::showTemplates()
{
    const QString keep = m_selectAfterRefresh.isEmpty() ? selectedId() : m_selectAfterRefresh;
    m_selectAfterRefresh.clear();
    const UnloopaTemplates &templates = m_controller->templates();
    QTreeWidgetItem *reselect = nullptr;
    {
        const QSignalBlocker blocker(m_list);
        m_list->clear();
        auto group = [this](const QString &title, const QList<UnloopaTemplate> &items,
                            QTreeWidgetItem **found, const QString &wanted) {
            auto *header = new QTreeWidgetItem(m_list, {title});
            header->setFlags(Qt::ItemIsEnabled);
            QFont bold = header->font(0);
            bold.setBold(true);
            header->setFont(0, bold);
            for (const UnloopaTemplate &t : items) {
                auto *item = new QTreeWidgetItem(
                        header, {t.name, t.language, t.isDefault ? tr("default") : QString()});
                item->setData(0, idRole, t.id);
                item->setToolTip(0, t.subject);
                if (t.id == wanted)
                    *found = item;
            }
            header->setExpanded(true);
        };
        group(tr("Prebuilt (read-only)"), templates.prebuilt, &reselect, keep);
        group(templates.custom.isEmpty() ? tr("Custom (none yet: write one and save it)") : tr("Custom"),
              templates.custom, &reselect, keep);
        if (reselect)
            reselect->setSelected(true);
    }
    if (!keep.isEmpty() && !reselect)
        newTemplate(); // the template being edited is gone
    else if (reselect)
        editSelected();
    updateState();
}

void OutreachTemplatesPanel::newTemplate()
{
    {
        const QSignalBlocker blocker(m_list);
        m_list->clearSelection();
    }
    m_name->clear();
    m_subject->clear();
    m_body->clear();
    m_language->clear();
    m_default->setChecked(false);
    m_error->hide();
    updateState();
    updatePlaceholders();
    updatePreview();
    m_name->setFocus();
}

void OutreachTemplatesPanel::copyAsNew()
{
    const auto source = m_controller->findTemplate(selectedId());
    if (!source)
        return;
    newTemplate();
    m_name->setText(tr("%1 (copy)").arg(source->name));
    m_subject->setPlainText(source->subject);
    m_body->setPlainText(source->body);
    m_language->setText(source->language);
}

void OutreachTemplatesPanel::editSelected()
{
    const auto selected = m_controller->findTemplate(selectedId());
    if (!selected) {
        updateState();
        return;
    }
    m_name->setText(selected->name);
    m_subject->setPlainText(selected->subject);
    m_body->setPlainText(selected->body);
    m_language->setText(selected->language);
    m_default->setChecked(selected->isDefault);
    m_error->hide();
    updateState();
}

void OutreachTemplatesPanel::updateState()
{
    const auto selected = m_controller->findTemplate(selectedId());
    const bool prebuilt = selected && !selected->isCustom;
    const bool saving = m_controller->isSaving();
    if (!selected)
        m_editing->setText(tr("New custom template: name, subject and body are required."));
    else if (prebuilt)
        m_editing->setText(tr("\u201c%1\u201d is prebuilt and read-only. Copy it as new to change it.")
                                   .arg(selected->name));
    else
        m_editing->setText(tr("Editing the custom template \u201c%1\u201d.").arg(selected->name));
    for (QLineEdit *edit : {m_name, m_language})
        edit->setReadOnly(prebuilt);
    for (QPlainTextEdit *edit : {m_subject, m_body})
        edit->setReadOnly(prebuilt);
    m_default->setEnabled(!prebuilt);
    const bool complete = !m_name->text().trimmed().isEmpty() &&
            !m_subject->toPlainText().trimmed().isEmpty() && !m_body->toPlainText().trimmed().isEmpty();
    m_save->setEnabled(!saving && !prebuilt && complete);
    m_save->setText(selected ? tr("Sa&ve changes") : tr("Sa&ve template"));
    m_save->setToolTip(selected ? tr("Update this custom template (Ctrl+S)")
                                : tr("Create the template (Ctrl+S)"));
    m_makeDefault->setEnabled(!saving && selected && !prebuilt && !selected->isDefault);
    m_delete->setEnabled(!saving && selected && !prebuilt);
    m_copy->setEnabled(selected.has_value());
}

void OutreachTemplatesPanel::save()
{
    if (!m_save->isEnabled())
        return;
    const auto selected = m_controller->findTemplate(selectedId());
    UnloopaTemplateFields fields;
    fields.name = m_name->text().trimmed();
    fields.subject = m_subject->toPlainText().trimmed();
    fields.body = m_body->toPlainText().trimmed();
    if (!m_language->text().trimmed().isEmpty())
        fields.language = m_language->text().trimmed();
    if (selected) {
        if (m_default->isChecked() != selected->isDefault)
            fields.isDefault = m_default->isChecked();
        m_controller->updateTemplate(selected->id, fields);
    } else {
        if (m_default->isChecked())
            fields.isDefault = true;
        m_controller->createTemplate(fields);
    }
    updateState();
}

void OutreachTemplatesPanel::makeDefault()
{
    if (m_makeDefault->isEnabled())
        m_controller->setDefaultTemplate(selectedId());
}

void OutreachTemplatesPanel::deleteSelected()
{
    const auto selected = m_controller->findTemplate(selectedId());
    if (!selected || !m_delete->isEnabled())
        return;
    QMessageBox box(QMessageBox::Question, tr("Delete template"),
                    tr("Delete the template \u201c%1\u201d?").arg(selected->name), QMessageBox::NoButton,
                    this);
    box.setObjectName(QStringLiteral("templateConfirmDelete"));
    box.setInformativeText(
            selected->isDefault ? tr("It is the default template: Unloopa then uses another one when none is "
                                     "chosen. This cannot be undone.")
                                : tr("This cannot be undone."));
    QPushButton *go = box.addButton(tr("&Delete"), QMessageBox::DestructiveRole);
    go->setObjectName(QStringLiteral("templateConfirmDeleteButton"));
    box.setDefaultButton(box.addButton(QMessageBox::Cancel));
    box.exec();
    if (box.clickedButton() != go)
        return;
    m_controller->deleteTemplate(selected->id);
    updateState();
}

void OutreachTemplatesPanel::updatePlaceholders()
{
    const QStringList usable = m_controller->usablePlaceholders();
    m_subjectHighlighter->setKnownFields(usable);
    m_bodyHighlighter->setKnownFields(usable);
    const QuotaGate::Verdict video = m_controller->video();
    QString legend = tr("Placeholders filled from each lead: %1").arg(braced(usable));
    if (!video)
        legend += QLatin1Char(' ') + tr("({{video_url}} needs Pro.)");
    m_placeholders->setText(legend);

    const QStringList unusable = m_controller->unusablePlaceholdersIn(
            m_subject->toPlainText() + QLatin1Char('\n') + m_body->toPlainText());
    QStringList parts;
    QStringList unknown = unusable;
    if (unknown.removeAll(QStringLiteral("video_url")) > 0)
        parts.append(
                ErrorText::richText(video.toError(), tr("{{video_url}} will not fill in on this plan.")));
    if (!unknown.isEmpty())
        parts.append(tr("Unloopa does not know %1: it would not be filled in.")
                             .arg(braced(unknown))
                             .toHtmlEscaped());
    m_flagged->setText(parts.join(QStringLiteral("<br>")));
    m_flagged->setVisible(!parts.isEmpty());
}

void OutreachTemplatesPanel::refreshLeads()
{
    const QString keep = m_lead->currentData().toString();
    m_leads = m_controller->findLeads(m_leadSearch->text());
    {
        const QSignalBlocker blocker(m_lead);
        m_lead->clear();
        for (const UnloopaLead &lead : std::as_const(m_leads)) {
            QString label = lead.businessName;
            if (!lead.city.isEmpty())
                label += QStringLiteral(" \u2014 ") + lead.city;
            if (!lead.email.isEmpty())
                label += QStringLiteral(" (%1)").arg(lead.email);
            m_lead->addItem(label, lead.id);
        }
        const int index = m_lead->findData(keep);
        m_lead->setCurrentIndex(index >= 0 ? index : (m_leads.isEmpty() ? -1 : 0));
    }
    m_lead->setEnabled(!m_leads.isEmpty());
    m_noLeads->setText(
            m_leadSearch->text().trimmed().isEmpty()
                    ? tr("No leads are stored yet: fetch them on the Leads page to preview with one.")
                    : tr("No stored lead matches \u201c%1\u201d.").arg(m_leadSearch->text().trimmed()));
    m_noLeads->setVisible(m_leads.isEmpty());
    updatePreview();
}

void OutreachTemplatesPanel::updatePreview()
{
    const int index = m_lead->currentIndex();
    if (index < 0 || index >= m_leads.size()) {
        m_preview->clear();
        return;
    }
    const UnloopaLead &lead = m_leads.at(index);
    m_preview->setPlainText(
            tr("To: %1").arg(lead.email.isEmpty() ? tr("(this lead has no email)") : lead.email) +
            QLatin1Char('\n') +
            tr("Subject: %1").arg(OutreachController::fill(m_subject->toPlainText(), lead)) +
            QStringLiteral("\n\n") + OutreachController::fill(m_body->toPlainText(), lead));
}

void OutreachTemplatesPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_subjectHighlighter->setPalette(palette());
        m_bodyHighlighter->setPalette(palette());
    }
}
