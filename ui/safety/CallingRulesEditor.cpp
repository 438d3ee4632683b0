#include "CallingRulesEditor.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimeEdit>
#include <QVBoxLayout>

namespace {

const QString kTimeFormat = QStringLiteral("HH:mm");

} // namespace

CallingRulesEditor::CallingRulesEditor(QWidget *parent) : QGroupBox(tr("Calling rules"), parent)
{
    setObjectName(QStringLiteral("callingRules"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Calls ring only inside this window in the recipient's local time (the time "
                                "zone comes from the number), on every vendor. A region can only make it "
                                "stricter. Overriding it takes an explicit choice and a typed reason each "
                                "time."));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    auto *window = new QHBoxLayout;
    m_start = new QTimeEdit;
    m_start->setObjectName(QStringLiteral("callingWindowStart"));
    m_start->setAccessibleName(tr("Calling window start"));
    m_start->setDisplayFormat(kTimeFormat);
    m_end = new QTimeEdit;
    m_end->setObjectName(QStringLiteral("callingWindowEnd"));
    m_end->setAccessibleName(tr("Calling window end"));
    m_end->setDisplayFormat(kTimeFormat);
    window->addWidget(m_start);
    window->addWidget(new QLabel(tr("to")));
    window->addWidget(m_end);
    window->addStretch(1);
    form->addRow(tr("Calling &window:"), window);
    m_cap = new QSpinBox;
    m_cap->setObjectName(QStringLiteral("maxAttemptsPerDay"));
    m_cap->setAccessibleName(tr("Call attempts per number per day"));
    m_cap->setRange(0, 50); // 0 is shown as a problem rather than silently raised
    m_cap->setToolTip(tr("Across all vendors, counted on the recipient's calendar day. A Verloop call counts "
                         "1 + the retries its campaign is configured for."));
    form->addRow(tr("&Attempts per number a day:"), m_cap);
    layout->addLayout(form);

    auto *regionsLabel =
            new QLabel(tr("Stricter &regions (a country code such as US, or number prefixes such "
                          "as 1305, 1786):"));
    regionsLabel->setWordWrap(true);
    layout->addWidget(regionsLabel);
    m_regions = new QTableWidget(0, 4);
    m_regions->setObjectName(QStringLiteral("callingRegions"));
    m_regions->setAccessibleName(tr("Stricter regions"));
    m_regions->setHorizontalHeaderLabels({tr("Name"), tr("Country or prefixes"), tr("From"), tr("To")});
    m_regions->horizontalHeader()->setStretchLastSection(true);
    m_regions->horizontalHeader()->setSectionResizeMode(RegionWhere, QHeaderView::Stretch);
    m_regions->verticalHeader()->hide();
    m_regions->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_regions->setSelectionMode(QAbstractItemView::SingleSelection);
    m_regions->setTabKeyNavigation(false);
    m_regions->setMinimumHeight(m_regions->fontMetrics().lineSpacing() * 6);
    regionsLabel->setBuddy(m_regions);
    layout->addWidget(m_regions);
    auto *regionButtons = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add region"));
    add->setObjectName(QStringLiteral("addRegion"));
    m_removeRegion = new QPushButton(tr("Remove region"));
    m_removeRegion->setObjectName(QStringLiteral("removeRegion"));
    regionButtons->addWidget(add);
    regionButtons->addWidget(m_removeRegion);
    regionButtons->addStretch(1);
    layout->addLayout(regionButtons);

    m_problem = new QLabel;
    m_problem->setObjectName(QStringLiteral("problem-callingRules"));
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->hide();
    layout->addWidget(m_problem);

    connect(add, &QPushButton::clicked, this, &CallingRulesEditor::addRegion);
    connect(m_removeRegion, &QPushButton::clicked, this, &CallingRulesEditor::removeSelectedRegion);
    const auto edited = [this] {
        if (m_filling)
            return;
        showProblem();
        Q_EMIT changed();
    };
    connect(m_start, &QTimeEdit::timeChanged, this, edited);
    connect(m_end, &QTimeEdit::timeChanged, this, edited);
    connect(m_cap, &QSpinBox::valueChanged, this, edited);
    connect(m_regions, &QTableWidget::itemChanged, this, edited);
    connect(m_regions, &QTableWidget::itemSelectionChanged, this,
            [this] { m_removeRegion->setEnabled(!m_regions->selectedItems().isEmpty()); });
    setRules(CallingRules());
}

void CallingRulesEditor::parseWhere(const QString &text, RegionWindow &region)
{
    region.country.clear();
    region.prefixes.clear();
    const QString trimmed = text.trimmed();
    static const QRegularExpression country(QStringLiteral("^[A-Za-z]{2}$"));
    if (country.match(trimmed).hasMatch()) {
        region.country = trimmed.toUpper();
        return;
    }
    static const QRegularExpression separators(QStringLiteral("[,;]"));
    for (QString prefix : trimmed.split(separators, Qt::SkipEmptyParts)) {
        prefix.remove(QLatin1Char('+')).remove(QLatin1Char(' '));
        if (!prefix.isEmpty())
            region.prefixes.append(prefix);
    }
}

QString CallingRulesEditor::whereText(const RegionWindow &region)
{
    return region.country.isEmpty() ? region.prefixes.join(QStringLiteral(", ")) : region.country;
}

void CallingRulesEditor::setRules(const CallingRules &rules)
{
    m_filling = true;
    m_start->setTime(rules.start);
    m_end->setTime(rules.end);
    m_cap->setValue(rules.maxAttemptsPerDay);
    m_regions->setRowCount(0);
    for (const RegionWindow &region : rules.regions) {
        const int row = m_regions->rowCount();
        m_regions->insertRow(row);
        m_regions->setItem(row, RegionName, new QTableWidgetItem(region.name));
        m_regions->setItem(row, RegionWhere, new QTableWidgetItem(whereText(region)));
        m_regions->setItem(row, RegionStart, new QTableWidgetItem(region.start.toString(kTimeFormat)));
        m_regions->setItem(row, RegionEnd, new QTableWidgetItem(region.end.toString(kTimeFormat)));
    }
    m_filling = false;
    m_removeRegion->setEnabled(false);
    showProblem();
}

CallingRules CallingRulesEditor::rules() const
{
    CallingRules rules;
    rules.start = m_start->time();
    rules.end = m_end->time();
    rules.maxAttemptsPerDay = m_cap->value();
    const auto cell = [this](int row, int column) {
        const QTableWidgetItem *item = m_regions->item(row, column);
        return item ? item->text().trimmed() : QString();
    };
    for (int row = 0; row < m_regions->rowCount(); ++row) {
        RegionWindow region;
        region.name = cell(row, RegionName);
        parseWhere(cell(row, RegionWhere), region);
        region.start = QTime::fromString(cell(row, RegionStart), kTimeFormat);
        region.end = QTime::fromString(cell(row, RegionEnd), kTimeFormat);
        rules.regions.append(region);
    }
    return rules;
}

QString CallingRulesEditor::problem() const
{
    return rules().problem();
}

void CallingRulesEditor::addRegion()
{
    m_filling = true;
    const int row = m_regions->rowCount();
    m_regions->insertRow(row);
    m_regions->setItem(row, RegionName, new QTableWidgetItem(tr("New region")));
    m_regions->setItem(row, RegionWhere, new QTableWidgetItem());
    m_regions->setItem(row, RegionStart, new QTableWidgetItem(m_start->time().toString(kTimeFormat)));
    m_regions->setItem(row, RegionEnd, new QTableWidgetItem(m_end->time().toString(kTimeFormat)));
    m_filling = false;
    m_regions->setCurrentCell(row, RegionName);
    m_regions->editItem(m_regions->item(row, RegionName));
    showProblem();
    Q_EMIT changed();
}

void CallingRulesEditor::removeSelectedRegion()
{
    const int row = m_regions->currentRow();
    if (row < 0)
        return;
    m_regions->removeRow(row);
    showProblem();
    Q_EMIT changed();
}

void CallingRulesEditor::showProblem()
{
    const QString text = problem();
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
    setAccessibleDescription(text);
}
