#include "StepsSection.h"

#include "StepContentEditor.h"
#include "common/ErrorText.h"
#include "common/LayoutMemory.h"
#include "email/StepsController.h"
#include "voice/KeyValueTable.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <utility>

namespace {

constexpr int StepIdRole = Qt::UserRole + 1;

QString variantName(int index)
{
    return index < 26 ? QString(QChar(u'A' + index)) : QString::number(index + 1);
}

void addShortcut(QWidget *owner, const QKeySequence &keys, QPushButton *button)
{
    auto *shortcut = new QShortcut(keys, owner);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    QObject::connect(shortcut, &QShortcut::activated, button, [button] {
        if (button->isEnabled())
            button->click();
    });
    button->setToolTip(button->toolTip().isEmpty() ? keys.toString(QKeySequence::NativeText)
                                                   : button->toolTip());
}

} // namespace

StepsSection::StepsSection(const EmailContext &context, QWidget *parent)
    : EditorSection(parent),
      m_context(context),
      m_controller(new StepsController(context.service, context.store, this)),
      m_list(new QListWidget(this)),
      m_add(new QPushButton(tr("&Add step"), this)),
      m_up(new QPushButton(tr("Move &up"), this)),
      m_down(new QPushButton(tr("Move do&wn"), this)),
      m_delete(new QPushButton(tr("&Delete step"), this)),
      m_editor(new QWidget(this)),
      m_delay(new QSpinBox(this)),
      m_tabs(new QTabWidget(this)),
      m_main(new StepContentEditor(false, QStringLiteral("step"), this)),
      m_addVariant(new QPushButton(tr("Add A/B &variant"), this)),
      m_removeVariant(new QPushButton(tr("&Remove variant"), this)),
      m_weights(new QLabel(this)),
      m_placeholders(new QLabel(this)),
      m_problem(new QLabel(this)),
      m_status(new QLabel(this)),
      m_save(new QPushButton(tr("&Save step"), this)),
      m_revert(new QPushButton(tr("Discard changes"), this)),
      m_contact(new QComboBox(this)),
      m_typedFields(new KeyValueTable(tr("Field"), tr("Value"), this)),
      m_previewStatus(new QLabel(this)),
      m_previewSubject(new QLabel(this)),
      m_previewHtml(new QTextBrowser(this)),
      m_previewText(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("stepsSection"));
    setAccessibleName(tr("Steps"));

    // --- the ordered list
    m_list->setObjectName(QStringLiteral("stepsList"));
    m_list->setAccessibleName(tr("Steps in sending order"));
    m_add->setObjectName(QStringLiteral("stepsAdd"));
    m_up->setObjectName(QStringLiteral("stepsMoveUp"));
    m_down->setObjectName(QStringLiteral("stepsMoveDown"));
    m_delete->setObjectName(QStringLiteral("stepsDelete"));
    addShortcut(this, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), m_add);
    addShortcut(this, QKeySequence(Qt::ALT | Qt::Key_Up), m_up);
    addShortcut(this, QKeySequence(Qt::ALT | Qt::Key_Down), m_down);
    auto *deleteKey = new QShortcut(QKeySequence::Delete, m_list);
    deleteKey->setContext(Qt::WidgetShortcut);
    connect(deleteKey, &QShortcut::activated, this, &StepsSection::deleteStep);
    auto *listPane = new QWidget(this);
    auto *listLayout = new QVBoxLayout(listPane);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(new QLabel(tr("Steps, in sending order:"), listPane));
    listLayout->addWidget(m_list, 1);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_add);
    listButtons->addWidget(m_delete);
    listLayout->addLayout(listButtons);
    auto *moveButtons = new QHBoxLayout;
    moveButtons->addWidget(m_up);
    moveButtons->addWidget(m_down);
    listLayout->addLayout(moveButtons);

    // --- the editor of one step
    m_editor->setObjectName(QStringLiteral("stepEditor"));
    m_delay->setObjectName(QStringLiteral("stepDelay"));
    m_delay->setAccessibleName(tr("Delay in days after the previous step"));
    m_delay->setRange(0, 365);
    m_delay->setSuffix(tr(" days"));
    m_tabs->setObjectName(QStringLiteral("stepContent"));
    m_tabs->setAccessibleName(tr("Email and A/B variants"));
    m_tabs->addTab(m_main, tr("Email"));
    m_addVariant->setObjectName(QStringLiteral("stepAddVariant"));
    m_removeVariant->setObjectName(QStringLiteral("stepRemoveVariant"));
    m_weights->setObjectName(QStringLiteral("stepWeights"));
    m_weights->setAccessibleName(tr("Sum of the variant weights"));
    m_placeholders->setObjectName(QStringLiteral("stepPlaceholders"));
    m_placeholders->setAccessibleName(tr("Unknown placeholders"));
    m_placeholders->setWordWrap(true);
    m_problem->setObjectName(QStringLiteral("stepProblem"));
    m_problem->setAccessibleName(tr("Why the step cannot be saved"));
    m_problem->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("stepsStatus"));
    m_status->setWordWrap(true);
    ErrorText::makeLinkLabel(m_status);
    m_save->setObjectName(QStringLiteral("stepSave"));
    m_save->setDefault(true);
    m_revert->setObjectName(QStringLiteral("stepRevert"));
    addShortcut(this, QKeySequence::Save, m_save);

    auto *editorLayout = new QVBoxLayout(m_editor);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    auto *form = new QFormLayout;
    form->addRow(tr("D&elay:"), m_delay);
    editorLayout->addLayout(form);
    editorLayout->addWidget(m_tabs, 1);
    auto *variantButtons = new QHBoxLayout;
    variantButtons->addWidget(m_addVariant);
    variantButtons->addWidget(m_removeVariant);
    variantButtons->addWidget(m_weights, 1);
    editorLayout->addLayout(variantButtons);
    editorLayout->addWidget(m_placeholders);
    editorLayout->addWidget(m_problem);
    auto *saveButtons = new QHBoxLayout;
    saveButtons->addStretch(1);
    saveButtons->addWidget(m_revert);
    saveButtons->addWidget(m_save);
    editorLayout->addLayout(saveButtons);

    // --- the preview
    auto *preview = new QGroupBox(tr("Preview"), this);
    preview->setObjectName(QStringLiteral("stepPreview"));
    m_contact->setObjectName(QStringLiteral("previewContact"));
    m_contact->setAccessibleName(tr("Contact to preview for"));
    m_typedFields->setObjectName(QStringLiteral("previewFields"));
    m_typedFields->setAccessibleName(tr("Typed contact fields"));
    m_previewStatus->setObjectName(QStringLiteral("previewStatus"));
    m_previewStatus->setWordWrap(true);
    ErrorText::makeLinkLabel(m_previewStatus);
    m_previewSubject->setObjectName(QStringLiteral("previewSubject"));
    m_previewSubject->setAccessibleName(tr("Rendered subject"));
    m_previewSubject->setTextFormat(Qt::PlainText);
    m_previewSubject->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_previewSubject->setWordWrap(true);
    m_previewHtml->setObjectName(QStringLiteral("previewHtml"));
    m_previewHtml->setAccessibleName(tr("Rendered HTML body"));
    m_previewHtml->setOpenLinks(false);
    m_previewText->setObjectName(QStringLiteral("previewText"));
    m_previewText->setAccessibleName(tr("Rendered text body"));
    m_previewText->setReadOnly(true);
    auto *previewForm = new QFormLayout(preview);
    previewForm->addRow(tr("&For:"), m_contact);
    previewForm->addRow(m_typedFields);
    previewForm->addRow(m_previewStatus);
    previewForm->addRow(tr("Subject:"), m_previewSubject);
    previewForm->addRow(tr("HTML:"), m_previewHtml);
    previewForm->addRow(tr("Text:"), m_previewText);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("stepsSplitter"));
    splitter->addWidget(listPane);
    splitter->addWidget(m_editor);
    splitter->addWidget(preview);
    splitter->setStretchFactor(1, 2);
    splitter->setStretchFactor(2, 1);
    splitter->setChildrenCollapsible(false);
    LayoutMemory::track(splitter, QStringLiteral("email/steps"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    // --- behaviour
    connect(m_add, &QPushButton::clicked, this, &StepsSection::addStep);
    connect(m_delete, &QPushButton::clicked, this, &StepsSection::deleteStep);
    connect(m_up, &QPushButton::clicked, this, &StepsSection::moveUp);
    connect(m_down, &QPushButton::clicked, this, &StepsSection::moveDown);
    connect(m_save, &QPushButton::clicked, this, &StepsSection::save);
    connect(m_revert, &QPushButton::clicked, this, [this] { loadStep(m_draft ? QString() : m_editingId); });
    connect(m_addVariant, &QPushButton::clicked, this, &StepsSection::addVariant);
    connect(m_removeVariant, &QPushButton::clicked, this, &StepsSection::removeVariant);
    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *current) {
        if (!current)
            return;
        const QString id = current->data(StepIdRole).toString();
        if (id.isEmpty() ? !m_draft : id != m_editingId || m_draft)
            loadStep(id);
        else
            updateState();
    });
    connect(m_delay, &QSpinBox::valueChanged, this, &StepsSection::onEdited);
    connect(m_main, &StepContentEditor::changed, this, &StepsSection::onEdited);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        updateState();
        requestPreview();
    });
    connect(m_contact, &QComboBox::currentIndexChanged, this, [this] {
        m_typedFields->setVisible(m_contact->currentData().isNull());
        requestPreview();
    });
    connect(m_typedFields, &KeyValueTable::changed, this, &StepsSection::requestPreview);
    connect(m_controller, &StepsController::stepsChanged, this, [this] {
        reloadList();
        Q_EMIT changed();
    });
    connect(m_controller, &StepsController::busyChanged, this, &StepsSection::updateState);
    connect(m_controller, &StepsController::failed, this, [this](const ApiError &error, const QString &what) {
        ErrorText::show(m_status, error, tr("%1 failed:").arg(what));
    });
    connect(m_controller, &StepsController::previewReady, this, [this](const O2dPreview &rendered) {
        m_previewStatus->setText(tr("Rendered by Outreach2day."));
        m_previewSubject->setText(rendered.subject);
        m_previewHtml->setHtml(rendered.bodyHtml);
        m_previewText->setPlainText(rendered.bodyText);
    });
    connect(m_controller, &StepsController::previewFailed, this,
            [this](const ApiError &error) { ErrorText::show(m_previewStatus, error, tr("No preview:")); });

    m_typedFields->addRow(QStringLiteral("email"), QStringLiteral("sarah@acme.example"));
    m_typedFields->addRow(QStringLiteral("firstName"), QStringLiteral("Sarah"));
    m_typedFields->addRow(QStringLiteral("company"), QStringLiteral("Acme Corp"));
    refreshContacts();
    loadStep({});
}

void StepsSection::setCampaign(const QString &campaignId)
{
    m_status->clear();
    m_draft = false;
    m_editingId.clear();
    m_controller->setCampaign(campaignId); // emits stepsChanged: the list is filled
    refreshContacts();
    const QList<O2dStep> steps = m_controller->steps();
    loadStep(steps.isEmpty() ? QString() : steps.constFirst().id);
}

QString StepsSection::missing() const
{
    return m_controller->steps().isEmpty() ? tr("Add at least one step.") : QString();
}

QString StepsSection::currentStepId() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(StepIdRole).toString() : QString();
}

void StepsSection::reloadList()
{
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    QListWidgetItem *current = nullptr;
    for (const O2dStep &step : m_controller->steps()) {
        QString text = tr("%1. %2").arg(step.order).arg(step.subject);
        if (step.order > 1 || step.delayDays > 0)
            text += tr(" (after %n day(s))", nullptr, step.delayDays);
        if (!step.variants.isEmpty())
            text += tr(" — %n variant(s)", nullptr, int(step.variants.size()));
        auto *item = new QListWidgetItem(text, m_list);
        item->setData(StepIdRole, step.id);
        if (!m_draft && step.id == m_editingId)
            current = item;
    }
    if (m_draft) {
        current = new QListWidgetItem(tr("New step (not saved)"), m_list);
        current->setData(StepIdRole, QString());
    }
    if (current)
        m_list->setCurrentItem(current);
    if (!m_savingId.isEmpty() && !m_controller->isBusy()) {
        const QString saved = std::exchange(m_savingId, QString());
        if (!m_draft && saved == m_editingId && current) {
            loadStep(saved);
            return;
        }
    }
    if (!m_draft && !m_editingId.isEmpty() && !current) {
        m_editingId.clear(); // deleted
        if (m_list->count() > 0) {
            m_list->setCurrentRow(0);
            loadStep(m_list->item(0)->data(StepIdRole).toString());
            return;
        }
        loadStep({});
        return;
    }
    // A step just added: the editor follows it.
    if (!m_draft && m_editingId.isEmpty() && m_list->count() > 0 && !m_controller->isBusy())
        loadStep(m_list->item(m_list->count() - 1)->data(StepIdRole).toString());
    updateState();
}

void StepsSection::loadStep(const QString &stepId)
{
    const std::optional<O2dStep> stored = stepId.isEmpty() ? std::nullopt : m_controller->step(stepId);
    m_editingId = stored ? stored->id : QString();
    const O2dStep step = stored.value_or(O2dStep());
    {
        const QSignalBlocker blocker(m_delay);
        m_delay->setValue(step.delayDays);
    }
    O2dVariant main;
    main.subject = step.subject;
    main.bodyHtml = step.bodyHtml;
    main.bodyText = step.bodyText;
    m_main->setContent(main);
    setVariants(step.variants);
    if (stored && m_draft) {
        m_draft = false;
        reloadList();
    }
    // The list shows which step the editor holds (a step just added is followed).
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(StepIdRole).toString() == m_editingId) {
            const QSignalBlocker blocker(m_list);
            m_list->setCurrentRow(row);
            break;
        }
    }
    updateState();
    requestPreview();
}

void StepsSection::setVariants(const QList<O2dVariant> &variants)
{
    m_tabs->setCurrentIndex(0);
    while (!m_variants.isEmpty()) {
        StepContentEditor *editor = m_variants.takeLast();
        m_tabs->removeTab(m_tabs->indexOf(editor));
        editor->deleteLater();
    }
    for (const O2dVariant &variant : variants)
        addVariantTab(variant);
}

StepContentEditor *StepsSection::addVariantTab(const O2dVariant &variant)
{
    auto *editor =
            new StepContentEditor(true, QStringLiteral("variant%1").arg(m_variants.size() + 1), m_tabs);
    editor->setKnownFields(m_fields);
    editor->setContent(variant);
    m_variants.append(editor);
    m_tabs->addTab(editor, QString());
    renumberVariantTabs();
    connect(editor, &StepContentEditor::changed, this, &StepsSection::onEdited);
    return editor;
}

void StepsSection::renumberVariantTabs()
{
    for (int i = 0; i < m_variants.size(); ++i) {
        m_tabs->setTabText(m_tabs->indexOf(m_variants.at(i)), tr("Variant %1").arg(variantName(i)));
        m_variants.at(i)->setAccessibleName(tr("Variant %1").arg(variantName(i)));
    }
}

void StepsSection::addStep()
{
    m_draft = true;
    m_editingId.clear();
    reloadList();
    loadStep({});
    m_main->subjectEdit()->setFocus();
}

O2dStep StepsSection::editedStep() const
{
    O2dStep step;
    if (!m_draft) {
        if (const auto stored = m_controller->step(m_editingId)) {
            step.id = stored->id;
            step.order = stored->order;
        }
    }
    step.campaignId = m_controller->campaignId();
    step.delayDays = m_delay->value();
    const O2dVariant main = m_main->content();
    step.subject = main.subject;
    step.bodyHtml = main.bodyHtml;
    step.bodyText = main.bodyText;
    for (const StepContentEditor *editor : m_variants)
        step.variants.append(editor->content());
    return step;
}

QString StepsSection::problem() const
{
    // The one definition of the documented limits (weights sum to 100, a subject...), naming the field.
    if (const std::optional<ApiError> error = editedStep().problem())
        return error->explanation.isEmpty() ? error->vendorMessage : error->explanation;
    return {};
}

QStringList StepsSection::unknownPlaceholders() const
{
    return StepsController::unknownPlaceholders(editedStep(), m_fields);
}

void StepsSection::onEdited()
{
    updateState();
    requestPreview();
}

void StepsSection::updateState()
{
    const bool busy = m_controller->isBusy();
    const bool editing = m_draft || !m_editingId.isEmpty();
    const bool hasCampaign = !m_controller->campaignId().isEmpty();
    const int row = m_list->currentRow();
    const bool stored = !m_draft && !m_editingId.isEmpty();
    m_add->setEnabled(hasCampaign && !busy && !m_draft);
    m_delete->setEnabled(!busy && (stored || m_draft));
    m_up->setEnabled(!busy && stored && row > 0);
    m_down->setEnabled(!busy && stored && row >= 0 && row < m_list->count() - 1);
    m_editor->setEnabled(hasCampaign && editing);

    const O2dStep step = editedStep();
    if (step.variants.isEmpty()) {
        m_weights->setText(tr("No A/B variants: every contact gets this email."));
    } else {
        QStringList parts;
        int sum = 0;
        for (const O2dVariant &variant : step.variants) {
            parts.append(QString::number(variant.weight));
            sum += variant.weight;
        }
        m_weights->setText(sum == 100 ? tr("Weights: %1 = 100").arg(parts.join(QStringLiteral(" + ")))
                                      : tr("Weights: %1 = %2 (must be 100)")
                                                .arg(parts.join(QStringLiteral(" + ")))
                                                .arg(sum));
    }
    m_removeVariant->setEnabled(m_tabs->currentIndex() > 0);

    const QStringList unknown = unknownPlaceholders();
    QStringList shown;
    for (const QString &name : unknown)
        shown.append(QStringLiteral("{{%1}}").arg(name));
    m_placeholders->setText(
            unknown.isEmpty()
                    ? QString()
                    : tr("Warning: %1 — not a field of this campaign's contacts (%2), so sent empty.")
                              .arg(shown.join(QStringLiteral(", ")), m_fields.join(QStringLiteral(", "))));
    m_placeholders->setVisible(!unknown.isEmpty());

    const QString why = editing ? problem() : QString();
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    bool dirty = m_draft;
    if (!m_draft && !m_editingId.isEmpty()) {
        const std::optional<O2dStep> saved = m_controller->step(m_editingId);
        dirty = saved && (saved->toJson() != step.toJson());
    }
    m_save->setText(m_draft ? tr("&Add step to campaign") : tr("&Save step"));
    m_save->setEnabled(editing && hasCampaign && !busy && why.isEmpty() && dirty);
    m_revert->setEnabled(editing && dirty);
}

void StepsSection::save()
{
    if (!m_save->isEnabled())
        return;
    m_status->clear();
    const O2dStep step = editedStep();
    if (m_draft) {
        m_draft = false;
        m_editingId.clear(); // reloadList() follows the new step once it is stored
        m_controller->addStep(step);
        reloadList();
    } else {
        m_savingId = step.id; // the editor shows the step as the vendor answered it
        m_controller->saveStep(step);
    }
    updateState();
}

void StepsSection::deleteStep()
{
    if (!m_delete->isEnabled())
        return;
    if (m_draft) {
        m_draft = false;
        reloadList();
        const QList<O2dStep> steps = m_controller->steps();
        loadStep(steps.isEmpty() ? QString() : steps.constLast().id);
        return;
    }
    const std::optional<O2dStep> step = m_controller->step(m_editingId);
    if (!step)
        return;
    const auto answer = QMessageBox::question(this, tr("Delete step"),
                                              tr("Delete step %1 (“%2”) from the campaign at Outreach2day?")
                                                      .arg(step->order)
                                                      .arg(step->subject));
    if (answer == QMessageBox::Yes)
        m_controller->removeStep(step->id);
}

void StepsSection::moveUp()
{
    if (m_up->isEnabled())
        m_controller->moveStep(m_editingId, -1);
}

void StepsSection::moveDown()
{
    if (m_down->isEnabled())
        m_controller->moveStep(m_editingId, +1);
}

void StepsSection::addVariant()
{
    O2dVariant variant;
    if (m_variants.isEmpty()) {
        // The first split: variant A starts as the step's own email.
        variant = m_main->content();
        variant.weight = 50;
        addVariantTab(variant);
        variant = O2dVariant();
        variant.weight = 50;
    } else {
        variant.weight = 0;
    }
    StepContentEditor *editor = addVariantTab(variant);
    m_tabs->setCurrentWidget(editor);
    editor->subjectEdit()->setFocus();
    onEdited();
}

void StepsSection::removeVariant()
{
    auto *editor = qobject_cast<StepContentEditor *>(m_tabs->currentWidget());
    if (!editor || editor == m_main)
        return;
    m_variants.removeOne(editor);
    m_tabs->removeTab(m_tabs->indexOf(editor));
    editor->deleteLater();
    renumberVariantTabs();
    onEdited();
}

void StepsSection::refreshContacts()
{
    m_fields = m_controller->contactFields();
    m_main->setKnownFields(m_fields);
    for (StepContentEditor *editor : std::as_const(m_variants))
        editor->setKnownFields(m_fields);
    const QString selected = m_contact->currentData().toString();
    {
        const QSignalBlocker blocker(m_contact);
        m_contact->clear();
        m_contact->addItem(tr("Typed fields"));
        for (const O2dContact &contact : m_controller->contacts())
            m_contact->addItem(contact.name.isEmpty() ? contact.email
                                                      : tr("%1 <%2>").arg(contact.name, contact.email),
                               contact.id);
        const int index = m_contact->findData(selected);
        m_contact->setCurrentIndex(index < 0 ? 0 : index);
    }
    m_typedFields->setVisible(m_contact->currentData().isNull());
    updateState();
}

void StepsSection::showEvent(QShowEvent *event)
{
    refreshContacts();
    EditorSection::showEvent(event);
}

QJsonObject StepsSection::previewContact() const
{
    const QString id = m_contact->currentData().toString();
    if (id.isEmpty())
        return m_typedFields->values();
    for (const O2dContact &contact : m_controller->contacts()) {
        if (contact.id == id)
            return StepsController::previewFields(contact);
    }
    return {};
}

void StepsSection::requestPreview()
{
    if (m_controller->campaignId().isEmpty())
        return;
    auto *editor = qobject_cast<StepContentEditor *>(m_tabs->currentWidget());
    const O2dVariant content = editor ? editor->content() : O2dVariant();
    if (content.subject.isEmpty() && content.bodyHtml.isEmpty() && content.bodyText.isEmpty()) {
        m_previewStatus->setText(tr("Write a subject or a body to see it rendered."));
        m_previewSubject->clear();
        m_previewHtml->clear();
        m_previewText->clear();
        return;
    }
    m_previewStatus->setText(tr("Rendering…"));
    m_controller->requestPreview(content, previewContact());
}
