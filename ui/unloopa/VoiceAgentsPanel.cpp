#include "VoiceAgentsPanel.h"

#include "common/ErrorText.h"
#include "email/PlaceholderHighlighter.h"
#include "unloopa/VoiceSetupController.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace {
constexpr int idRole = Qt::UserRole;

// The lead fields Unloopa fills in during a call (the Unloopa API reference, voice agents).
QStringList scriptVariables()
{
    return {QStringLiteral("business_name"), QStringLiteral("city"), QStringLiteral("industry"),
            QStringLiteral("website_url")};
}

QDoubleSpinBox *unitSpin(double value, QWidget *parent)
{
    auto *spin = new QDoubleSpinBox(parent);
    spin->setRange(0.0, 1.0);
    spin->setSingleStep(0.05);
    spin->setDecimals(2);
    spin->setValue(value);
    return spin;
}
} // namespace

VoiceAgentsPanel::VoiceAgentsPanel(VoiceSetupController *controller, QWidget *parent)
    : QWidget(parent), m_controller(controller)
{
    auto *layout = new QHBoxLayout(this);
    auto *listSide = new QVBoxLayout;
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("agentsCount"));
    listSide->addWidget(m_count);
    m_agents = new QListWidget(this);
    m_agents->setObjectName(QStringLiteral("agentsList"));
    m_agents->setAccessibleName(tr("Voice agents"));
    listSide->addWidget(m_agents);
    m_empty = new QLabel(tr("No voice agents yet. Fill in the form to create one: calls and campaigns need "
                            "an agent."),
                         this);
    m_empty->setObjectName(QStringLiteral("agentsEmpty"));
    m_empty->setWordWrap(true);
    listSide->addWidget(m_empty);
    layout->addLayout(listSide, 1);

    auto *editor = new QVBoxLayout;
    m_editing = new QLabel(this);
    m_editing->setObjectName(QStringLiteral("agentEditing"));
    editor->addWidget(m_editing);
    auto *form = new QFormLayout;
    auto field = [this, form](QWidget *widget, const char *objectName, const QString &label,
                              const QString &accessible) {
        widget->setObjectName(QString::fromLatin1(objectName));
        widget->setAccessibleName(accessible);
        form->addRow(label, widget);
    };
    m_name = new QLineEdit(this);
    field(m_name, "agentName", tr("&Name:"), tr("Agent name"));
    m_voiceId = new QLineEdit(this);
    m_voiceId->setPlaceholderText(tr("ElevenLabs voice id, e.g. cjVigY5qzO86Huf0OWal"));
    field(m_voiceId, "agentVoiceId", tr("&Voice id:"), tr("Voice id"));
    m_voiceName = new QLineEdit(this);
    m_voiceName->setPlaceholderText(tr("e.g. Eric"));
    field(m_voiceName, "agentVoiceName", tr("Voice na&me:"), tr("Voice name"));
    m_script = new QPlainTextEdit(this);
    m_script->setPlaceholderText(tr("You are a friendly sales rep calling {{business_name}} in {{city}}…"));
    auto *highlighter = new PlaceholderHighlighter(m_script->document());
    highlighter->setKnownFields(scriptVariables());
    field(m_script, "agentScript", tr("S&cript:"), tr("Agent script"));
    auto *variables = new QLabel(tr("Variables filled from each lead: %1")
                                         .arg(QStringLiteral("{{business_name}} {{city}} {{industry}} "
                                                             "{{website_url}}")),
                                 this);
    variables->setObjectName(QStringLiteral("agentVariables"));
    variables->setWordWrap(true);
    variables->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(QString(), variables);
    m_firstMessage = new QPlainTextEdit(this);
    m_firstMessage->setPlaceholderText(tr("Hi there, do you have just a moment?"));
    m_firstMessage->setMaximumHeight(m_firstMessage->fontMetrics().height() * 4);
    field(m_firstMessage, "agentFirstMessage", tr("&First message:"), tr("First message"));
    m_stability = unitSpin(0.3, this);
    field(m_stability, "agentStability", tr("S&tability:"), tr("Voice stability"));
    m_similarity = unitSpin(0.85, this);
    field(m_similarity, "agentSimilarity", tr("Similar&ity:"), tr("Voice similarity boost"));
    editor->addLayout(form);

    auto *buttons = new QHBoxLayout;
    m_new = new QPushButton(tr("&New agent"), this);
    m_new->setObjectName(QStringLiteral("agentNew"));
    m_new->setToolTip(tr("Clear the form for a new agent (Ctrl+N)"));
    m_save = new QPushButton(tr("&Save agent"), this);
    m_save->setObjectName(QStringLiteral("agentSave"));
    m_save->setToolTip(tr("Create or update the agent (Ctrl+S)"));
    m_delete = new QPushButton(tr("&Delete agent…"), this);
    m_delete->setObjectName(QStringLiteral("agentDelete"));
    m_delete->setAccessibleName(tr("Delete the selected voice agent"));
    buttons->addWidget(m_new);
    buttons->addWidget(m_save);
    buttons->addWidget(m_delete);
    buttons->addStretch();
    editor->addLayout(buttons);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("agentsError"));
    ErrorText::makeLinkLabel(m_error);
    m_error->hide();
    editor->addWidget(m_error);
    editor->addStretch();
    layout->addLayout(editor, 2);

    auto shortcut = [this](QWidget *on, const QKeySequence &keys, Qt::ShortcutContext context, auto slot) {
        auto *s = new QShortcut(keys, on);
        s->setContext(context);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(this, QKeySequence(Qt::CTRL | Qt::Key_N), Qt::WidgetWithChildrenShortcut,
             [this] { newAgent(); });
    shortcut(this, QKeySequence(Qt::CTRL | Qt::Key_S), Qt::WidgetWithChildrenShortcut, [this] { save(); });
    shortcut(m_agents, QKeySequence::Delete, Qt::WidgetShortcut, [this] { deleteSelected(); });

    for (QLineEdit *edit : {m_name, m_voiceId, m_voiceName})
        connect(edit, &QLineEdit::textChanged, this, &VoiceAgentsPanel::updateButtons);
    connect(m_script, &QPlainTextEdit::textChanged, this, &VoiceAgentsPanel::updateButtons);
    for (QDoubleSpinBox *spin : {m_stability, m_similarity})
        connect(spin, &QDoubleSpinBox::valueChanged, this, [this] { m_voiceSettingsTouched = true; });
    connect(m_new, &QPushButton::clicked, this, &VoiceAgentsPanel::newAgent);
    connect(m_save, &QPushButton::clicked, this, &VoiceAgentsPanel::save);
    connect(m_delete, &QPushButton::clicked, this, &VoiceAgentsPanel::deleteSelected);
    connect(m_agents, &QListWidget::itemSelectionChanged, this, &VoiceAgentsPanel::editSelected);

    connect(controller, &VoiceSetupController::agentsChanged, this, &VoiceAgentsPanel::showAgents);
    connect(controller, &VoiceSetupController::savingAgentChanged, this, &VoiceAgentsPanel::updateButtons);
    connect(controller, &VoiceSetupController::agentSaved, this, [this] { m_error->hide(); });
    connect(controller, &VoiceSetupController::failed, this,
            [this](const QString &what, const ApiError &error) {
                if (what != QStringLiteral("agents") && what != QStringLiteral("agent"))
                    return;
                ErrorText::show(m_error, error);
                m_error->show();
            });
    showAgents();
    newAgent();
}

QString VoiceAgentsPanel::selectedId() const
{
    const QList<QListWidgetItem *> selected = m_agents->selectedItems();
    return selected.isEmpty() ? QString() : selected.first()->data(idRole).toString();
}

void VoiceAgentsPanel::newAgent()
{
    m_agents->clearSelection();
    for (QLineEdit *edit : {m_name, m_voiceId, m_voiceName})
        edit->clear();
    m_script->clear();
    m_firstMessage->clear();
    m_stability->setValue(0.3);
    m_similarity->setValue(0.85);
    m_voiceSettingsTouched = false;
    m_error->hide();
    updateButtons();
    m_name->setFocus();
}

void VoiceAgentsPanel::editSelected()
{
    const QString id = selectedId();
    if (id.isEmpty()) {
        updateButtons();
        return;
    }
    for (const UnloopaVoiceAgent &agent : m_controller->agents().agents) {
        if (agent.id != id)
            continue;
        m_name->setText(agent.name);
        m_voiceId->setText(agent.voiceId);
        m_voiceName->setText(agent.voiceName);
        // Unloopa's list does not return the script or the first message: empty keeps them.
        m_script->clear();
        m_firstMessage->clear();
        m_voiceSettingsTouched = false;
    }
    updateButtons();
}

void VoiceAgentsPanel::save()
{
    if (!m_save->isEnabled())
        return;
    const QString id = selectedId();
    UnloopaAgentFields fields;
    auto set = [](std::optional<QString> &out, const QString &value) {
        if (!value.trimmed().isEmpty())
            out = value.trimmed();
    };
    set(fields.name, m_name->text());
    set(fields.voiceId, m_voiceId->text());
    set(fields.voiceName, m_voiceName->text());
    set(fields.script, m_script->toPlainText());
    set(fields.firstMessage, m_firstMessage->toPlainText());
    if (id.isEmpty() || m_voiceSettingsTouched) {
        fields.stability = m_stability->value();
        fields.similarityBoost = m_similarity->value();
    }
    if (id.isEmpty())
        m_controller->createAgent(fields);
    else
        m_controller->updateAgent(id, fields);
    updateButtons();
}

void VoiceAgentsPanel::deleteSelected()
{
    const QList<QListWidgetItem *> selected = m_agents->selectedItems();
    if (selected.isEmpty())
        return;
    QMessageBox box(QMessageBox::Question, tr("Delete voice agent"),
                    tr("Delete the agent \u201c%1\u201d?").arg(selected.first()->text()),
                    QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("agentsConfirmDelete"));
    box.setInformativeText(
            tr("Unloopa removes it from ElevenLabs too. Campaigns using it can no longer call."));
    QPushButton *go = box.addButton(tr("&Delete"), QMessageBox::DestructiveRole);
    go->setObjectName(QStringLiteral("agentsConfirmDeleteButton"));
    box.setDefaultButton(box.addButton(QMessageBox::Cancel));
    box.exec();
    if (box.clickedButton() != go)
        return;
    m_controller->deleteAgent(selected.first()->data(idRole).toString());
}

void VoiceAgentsPanel::showAgents()
{
    const UnloopaVoiceAgents &agents = m_controller->agents();
    const QString keep = selectedId();
    m_count->setText(tr("%1 of %2 voice agents").arg(agents.count).arg(agents.limit));
    {
        const QSignalBlocker blocker(m_agents);
        m_agents->clear();
        for (const UnloopaVoiceAgent &agent : agents.agents) {
            auto *item = new QListWidgetItem(agent.name, m_agents);
            item->setData(idRole, agent.id);
            item->setToolTip(agent.voiceName.isEmpty() ? agent.voiceId : agent.voiceName);
            item->setSelected(agent.id == keep);
        }
    }
    m_empty->setVisible(agents.agents.isEmpty());
    if (!keep.isEmpty() && selectedId().isEmpty())
        newAgent(); // the agent being edited is gone
    updateButtons();
}

void VoiceAgentsPanel::updateButtons()
{
    const bool editing = !selectedId().isEmpty();
    const bool saving = m_controller->isSavingAgent();
    m_editing->setText(editing ? tr("Editing the selected agent: empty script or first message keeps the "
                                    "current one.")
                               : tr("New agent: name, voice id and script are required."));
    const bool complete = editing ? !m_name->text().trimmed().isEmpty()
                                  : !m_name->text().trimmed().isEmpty() &&
                    !m_voiceId->text().trimmed().isEmpty() && !m_script->toPlainText().trimmed().isEmpty();
    const bool full = m_controller->agents().isFull();
    m_save->setEnabled(!saving && complete && (editing || !full));
    m_save->setToolTip(!editing && full ? tr("The account holds its limit of %1 agents: delete one first.")
                                                  .arg(m_controller->agents().limit)
                                        : tr("Create or update the agent (Ctrl+S)"));
    m_delete->setEnabled(editing);
}
