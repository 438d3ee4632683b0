#include "SubsequencesSection.h"

#include "common/ErrorText.h"
#include "email/SubsequencesController.h"
#include "email/UniboxController.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QShortcut>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
enum RuleColumn { IntentColumn, SubsequenceColumn };
constexpr int IdRole = Qt::UserRole + 1;
} // namespace

SubsequencesSection::SubsequencesSection(const EmailContext &context, QWidget *parent)
    : EditorSection(parent),
      m_controller(new SubsequencesController(context.service, context.activity, this)),
      m_name(new QLineEdit(this)),
      m_create(new QPushButton(tr("C&reate subsequence"), this)),
      m_subsequences(new QListWidget(this)),
      m_rules(new QTableWidget(0, 2, this)),
      m_addRule(new QPushButton(tr("Add r&ule"), this)),
      m_removeRule(new QPushButton(tr("Remo&ve rule"), this)),
      m_send(new QPushButton(tr("Sen&d routing"), this)),
      m_routingState(new QLabel(this)),
      m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("subsequencesSection"));
    setAccessibleName(tr("Subsequences"));
    m_name->setObjectName(QStringLiteral("subsequenceName"));
    m_name->setAccessibleName(tr("New subsequence name"));
    m_name->setPlaceholderText(tr("Interested follow-up"));
    m_create->setObjectName(QStringLiteral("subsequenceCreate"));
    m_subsequences->setObjectName(QStringLiteral("subsequenceList"));
    m_subsequences->setAccessibleName(tr("Subsequences of the campaign"));
    m_rules->setObjectName(QStringLiteral("routingRules"));
    m_rules->setAccessibleName(tr("Routing rules: reply intent to subsequence"));
    m_rules->setHorizontalHeaderLabels({tr("Reply intent"), tr("Subsequence")});
    m_rules->horizontalHeader()->setStretchLastSection(true);
    m_rules->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_rules->setSelectionMode(QAbstractItemView::SingleSelection);
    m_rules->verticalHeader()->hide();
    m_addRule->setObjectName(QStringLiteral("routingAdd"));
    m_removeRule->setObjectName(QStringLiteral("routingRemove"));
    m_send->setObjectName(QStringLiteral("routingSend"));
    m_send->setToolTip(tr("Send the whole list to Outreach2day (it replaces the rules there)"));
    m_routingState->setObjectName(QStringLiteral("routingState"));
    m_routingState->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("subsequencesStatus"));
    m_status->setWordWrap(true);
    ErrorText::makeLinkLabel(m_status);
    auto *removeKey = new QShortcut(QKeySequence::Delete, m_rules);
    removeKey->setContext(Qt::WidgetShortcut);
    connect(removeKey, &QShortcut::activated, this, &SubsequencesSection::removeSelectedRule);

    auto *create = new QHBoxLayout;
    auto *nameLabel = new QLabel(tr("&Name:"), this);
    nameLabel->setBuddy(m_name);
    create->addWidget(nameLabel);
    create->addWidget(m_name, 1);
    create->addWidget(m_create);
    auto *ruleButtons = new QHBoxLayout;
    ruleButtons->addWidget(m_addRule);
    ruleButtons->addWidget(m_removeRule);
    ruleButtons->addStretch(1);
    ruleButtons->addWidget(m_send);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(
            new QLabel(tr("Subsequences (Outreach2day cannot list them: those created here):"), this));
    layout->addLayout(create);
    layout->addWidget(m_subsequences, 1);
    layout->addWidget(new QLabel(tr("Route replies by intent:"), this));
    layout->addWidget(m_rules, 2);
    layout->addLayout(ruleButtons);
    layout->addWidget(m_routingState);
    layout->addWidget(m_status);

    connect(m_create, &QPushButton::clicked, this, [this] {
        if (m_name->text().trimmed().isEmpty()) {
            m_status->setText(tr("Name the subsequence first."));
            m_name->setFocus();
            return;
        }
        m_create->setEnabled(false);
        m_controller->create(m_name->text());
    });
    connect(m_name, &QLineEdit::returnPressed, m_create, &QPushButton::click);
    connect(m_addRule, &QPushButton::clicked, this, [this] { addRule(); });
    connect(m_removeRule, &QPushButton::clicked, this, &SubsequencesSection::removeSelectedRule);
    connect(m_send, &QPushButton::clicked, this, &SubsequencesSection::sendRules);
    connect(m_controller, &SubsequencesController::subsequencesChanged, this,
            &SubsequencesSection::reloadSubsequences);
    connect(m_controller, &SubsequencesController::routingChanged, this, &SubsequencesSection::reloadRules);
    connect(m_controller, &SubsequencesController::finished, this,
            [this](const QString &what, const ApiError &error) {
                m_create->setEnabled(true);
                m_send->setEnabled(true);
                if (error.isError()) {
                    ErrorText::show(m_status, error, what);
                    return;
                }
                m_status->setText(what);
                m_name->clear();
            });
    setEnabled(context.service && context.activity);
    reloadSubsequences();
}

void SubsequencesSection::setCampaign(const QString &campaignId)
{
    m_status->clear();
    m_controller->setCampaign(campaignId);
}

void SubsequencesSection::reloadSubsequences()
{
    m_subsequences->clear();
    for (const O2dSubsequence &subsequence : m_controller->subsequences()) {
        auto *item = new QListWidgetItem(tr("%1 (%2)").arg(subsequence.name, subsequence.id), m_subsequences);
        item->setData(IdRole, subsequence.id);
    }
    // Every rule can choose a subsequence just created (its current choice stays).
    for (int row = 0; row < m_rules->rowCount(); ++row) {
        auto *combo = qobject_cast<QComboBox *>(m_rules->cellWidget(row, SubsequenceColumn));
        if (!combo)
            continue;
        const QSignalBlocker blocker(combo);
        for (const O2dSubsequence &subsequence : m_controller->subsequences()) {
            if (combo->findData(subsequence.id) < 0)
                combo->addItem(subsequence.name, subsequence.id);
        }
    }
    m_removeRule->setEnabled(m_rules->rowCount() > 0);
    m_addRule->setEnabled(m_subsequences->count() > 0);
}

void SubsequencesSection::reloadRules()
{
    m_rules->setRowCount(0);
    for (const O2dRoutingRule &rule : m_controller->routing().rules)
        addRule(rule.value, rule.subsequenceId);
    m_edited = false;
    const QDateTime applied = m_controller->routingAppliedAt();
    m_routingState->setText(
            applied.isValid() ? tr("Outreach2day accepted these rules on %1.")
                                        .arg(QLocale().toString(applied.toLocalTime(), QLocale::ShortFormat))
                              : tr("No routing rules sent for this campaign yet."));
    reloadSubsequences();
}

void SubsequencesSection::addRule(const QString &intent, const QString &subsequenceId)
{
    const int row = m_rules->rowCount();
    m_rules->insertRow(row);
    auto *intents = new QComboBox(m_rules);
    intents->setEditable(true);
    intents->setAccessibleName(tr("Reply intent of rule %1").arg(row + 1));
    const QStringList known{QStringLiteral("interested"), QStringLiteral("not_interested")};
    for (const QString &value : known)
        intents->addItem(UniboxController::intentLabel(value), value);
    if (!intent.isEmpty()) {
        const int at = intents->findData(intent);
        if (at >= 0)
            intents->setCurrentIndex(at);
        else
            intents->setEditText(intent);
    }
    auto *subsequences = new QComboBox(m_rules);
    subsequences->setAccessibleName(tr("Subsequence of rule %1").arg(row + 1));
    for (const O2dSubsequence &subsequence : m_controller->subsequences())
        subsequences->addItem(subsequence.name, subsequence.id);
    if (!subsequenceId.isEmpty()) {
        int at = subsequences->findData(subsequenceId);
        if (at < 0) {
            subsequences->addItem(subsequenceId, subsequenceId); // created elsewhere: its id only
            at = subsequences->count() - 1;
        }
        subsequences->setCurrentIndex(at);
    }
    m_rules->setCellWidget(row, IntentColumn, intents);
    m_rules->setCellWidget(row, SubsequenceColumn, subsequences);
    connect(intents, &QComboBox::currentTextChanged, this, &SubsequencesSection::markEdited);
    connect(subsequences, &QComboBox::currentIndexChanged, this, &SubsequencesSection::markEdited);
    markEdited();
    m_removeRule->setEnabled(true);
}

void SubsequencesSection::removeSelectedRule()
{
    const int row = m_rules->currentRow();
    if (row < 0)
        return;
    m_rules->removeRow(row);
    markEdited();
    m_removeRule->setEnabled(m_rules->rowCount() > 0);
}

void SubsequencesSection::markEdited()
{
    m_edited = true;
    m_routingState->setText(tr("Edited: send the routing for Outreach2day to use it."));
}

bool SubsequencesSection::hasUnsentRules() const
{
    return m_edited;
}

O2dRoutingPolicy SubsequencesSection::editedPolicy() const
{
    O2dRoutingPolicy policy;
    for (int row = 0; row < m_rules->rowCount(); ++row) {
        const auto *intents = qobject_cast<QComboBox *>(m_rules->cellWidget(row, IntentColumn));
        const auto *subsequences = qobject_cast<QComboBox *>(m_rules->cellWidget(row, SubsequenceColumn));
        if (!intents || !subsequences)
            continue;
        O2dRoutingRule rule;
        // A known intent by its API value; a typed one as typed (lower case, as the API writes them).
        const int at = intents->findText(intents->currentText());
        rule.value = at >= 0 ? intents->itemData(at).toString() : intents->currentText().trimmed().toLower();
        rule.subsequenceId = subsequences->currentData().toString();
        if (!rule.value.isEmpty() && !rule.subsequenceId.isEmpty())
            policy.rules.append(rule);
    }
    return policy;
}

void SubsequencesSection::sendRules()
{
    const O2dRoutingPolicy policy = editedPolicy();
    if (const auto problem = policy.problem()) {
        ErrorText::show(m_status, *problem, tr("The rules cannot be sent:"));
        return;
    }
    m_send->setEnabled(false);
    m_status->setText(tr("Sending the routing rules…"));
    m_controller->applyRouting(policy);
}
