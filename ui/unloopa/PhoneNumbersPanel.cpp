#include "PhoneNumbersPanel.h"

#include "common/ErrorText.h"
#include "unloopa/VoiceSetupController.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QShortcut>
#include <QVBoxLayout>

namespace {
constexpr int idRole = Qt::UserRole;

QString monthly(int cents)
{
    return QLocale(QLocale::English, QLocale::UnitedStates).toCurrencyString(cents / 100.0);
}
} // namespace

PhoneNumbersPanel::PhoneNumbersPanel(VoiceSetupController *controller, QWidget *parent)
    : QWidget(parent), m_controller(controller)
{
    auto *layout = new QVBoxLayout(this);

    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("numbersCount"));
    layout->addWidget(m_count);
    m_numbers = new QListWidget(this);
    m_numbers->setObjectName(QStringLiteral("numbersList"));
    m_numbers->setAccessibleName(tr("Your phone numbers"));
    layout->addWidget(m_numbers);
    m_numbersEmpty = new QLabel(tr("No phone numbers yet. Search an area code below and buy one; each costs "
                                   "%1 a month.")
                                        .arg(monthly(VoiceSetupController::monthlyCostCents)),
                                this);
    m_numbersEmpty->setObjectName(QStringLiteral("numbersEmpty"));
    m_numbersEmpty->setWordWrap(true);
    layout->addWidget(m_numbersEmpty);
    m_release = new QPushButton(tr("&Release number…"), this);
    m_release->setObjectName(QStringLiteral("numbersRelease"));
    m_release->setAccessibleName(tr("Release the selected phone number"));
    layout->addWidget(m_release, 0, Qt::AlignLeft);

    auto *searchRow = new QHBoxLayout;
    m_areaCode = new QLineEdit(this);
    m_areaCode->setObjectName(QStringLiteral("numbersAreaCode"));
    m_areaCode->setAccessibleName(tr("Area code"));
    m_areaCode->setPlaceholderText(tr("Area code, e.g. 305"));
    m_areaCode->setMaxLength(3);
    m_areaCode->setValidator(
            new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,3}")), m_areaCode));
    m_country = new QLineEdit(QStringLiteral("US"), this);
    m_country->setObjectName(QStringLiteral("numbersCountry"));
    m_country->setAccessibleName(tr("Country code"));
    m_country->setMaxLength(2);
    m_search = new QPushButton(tr("&Search"), this);
    m_search->setObjectName(QStringLiteral("numbersSearch"));
    m_search->setAccessibleName(tr("Search available numbers"));
    auto *areaLabel = new QLabel(tr("&Area code:"), this);
    areaLabel->setBuddy(m_areaCode);
    auto *countryLabel = new QLabel(tr("C&ountry:"), this);
    countryLabel->setBuddy(m_country);
    searchRow->addWidget(areaLabel);
    searchRow->addWidget(m_areaCode);
    searchRow->addWidget(countryLabel);
    searchRow->addWidget(m_country);
    searchRow->addWidget(m_search);
    searchRow->addStretch();
    layout->addLayout(searchRow);

    m_results = new QListWidget(this);
    m_results->setObjectName(QStringLiteral("numbersResults"));
    m_results->setAccessibleName(tr("Available phone numbers"));
    layout->addWidget(m_results);
    m_resultsEmpty = new QLabel(this);
    m_resultsEmpty->setObjectName(QStringLiteral("numbersResultsEmpty"));
    m_resultsEmpty->setWordWrap(true);
    layout->addWidget(m_resultsEmpty);
    m_buy = new QPushButton(tr("&Buy for %1/month…").arg(monthly(VoiceSetupController::monthlyCostCents)),
                            this);
    m_buy->setObjectName(QStringLiteral("numbersBuy"));
    m_buy->setAccessibleName(tr("Buy the selected phone number"));
    layout->addWidget(m_buy, 0, Qt::AlignLeft);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("numbersError"));
    ErrorText::makeLinkLabel(m_error);
    m_error->hide();
    layout->addWidget(m_error);

    connect(m_search, &QPushButton::clicked, this, &PhoneNumbersPanel::search);
    connect(m_areaCode, &QLineEdit::returnPressed, this, &PhoneNumbersPanel::search);
    connect(m_areaCode, &QLineEdit::textChanged, this, &PhoneNumbersPanel::updateButtons);
    connect(m_buy, &QPushButton::clicked, this, &PhoneNumbersPanel::buySelected);
    connect(m_release, &QPushButton::clicked, this, &PhoneNumbersPanel::releaseSelected);
    connect(m_numbers, &QListWidget::itemSelectionChanged, this, &PhoneNumbersPanel::updateButtons);
    connect(m_results, &QListWidget::itemSelectionChanged, this, &PhoneNumbersPanel::updateButtons);
    auto *release = new QShortcut(QKeySequence::Delete, m_numbers);
    release->setContext(Qt::WidgetShortcut);
    connect(release, &QShortcut::activated, this, &PhoneNumbersPanel::releaseSelected);

    connect(controller, &VoiceSetupController::numbersChanged, this, &PhoneNumbersPanel::showNumbers);
    connect(controller, &VoiceSetupController::searchFinished, this, &PhoneNumbersPanel::showResults);
    connect(controller, &VoiceSetupController::buyingChanged, this, &PhoneNumbersPanel::updateButtons);
    connect(controller, &VoiceSetupController::numberBought, this, [this] { m_error->hide(); });
    connect(controller, &VoiceSetupController::failed, this,
            [this](const QString &what, const ApiError &error) {
                static const QStringList mine{QStringLiteral("numbers"), QStringLiteral("search"),
                                              QStringLiteral("buy"), QStringLiteral("release")};
                if (!mine.contains(what))
                    return;
                ErrorText::show(m_error, error);
                m_error->show();
                updateButtons();
            });
    showNumbers();
    showResults();
}

void PhoneNumbersPanel::focusSearch()
{
    m_areaCode->setFocus();
    m_areaCode->selectAll();
}

void PhoneNumbersPanel::search()
{
    UnloopaNumberSearch request;
    request.areaCode = m_areaCode->text().trimmed();
    if (const QString country = m_country->text().trimmed().toUpper(); !country.isEmpty())
        request.country = country;
    if (!request.problem().isEmpty()) {
        m_error->setText(tr("Enter a 3-digit area code, e.g. 305."));
        m_error->show();
        return;
    }
    m_error->hide();
    m_searched = m_controller->searchNumbers(request);
}

void PhoneNumbersPanel::buySelected()
{
    QListWidgetItem *item = m_results->currentItem();
    if (!item || !m_buy->isEnabled())
        return;
    const QString e164 = item->data(idRole).toString();
    // Spending money: confirmed each time, Cancel the default.
    if (!confirm(QStringLiteral("numbersConfirmBuy"), tr("Buy phone number"), tr("Buy %1?").arg(e164),
                 tr("Unloopa charges %1 a month for this number until you release it.")
                         .arg(monthly(VoiceSetupController::monthlyCostCents)),
                 tr("&Buy")))
        return;
    if (!m_buy->isEnabled())
        return;
    m_controller->buyNumber(e164);
    updateButtons();
}

void PhoneNumbersPanel::releaseSelected()
{
    QListWidgetItem *item = m_numbers->currentItem();
    if (!item)
        return;
    if (!confirm(QStringLiteral("numbersConfirmRelease"), tr("Release phone number"),
                 tr("Release %1?").arg(item->text()),
                 tr("Calls and campaigns using it stop working, and the number may not be available again."),
                 tr("&Release")))
        return;
    m_controller->releaseNumber(item->data(idRole).toString());
}

bool PhoneNumbersPanel::confirm(const QString &objectName, const QString &title, const QString &text,
                                const QString &details, const QString &action)
{
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::NoButton, this);
    box.setObjectName(objectName);
    box.setInformativeText(details);
    QPushButton *go = box.addButton(action, QMessageBox::AcceptRole);
    go->setObjectName(objectName + QStringLiteral("Button"));
    box.setDefaultButton(box.addButton(QMessageBox::Cancel));
    box.exec();
    return box.clickedButton() == go;
}

void PhoneNumbersPanel::showNumbers()
{
    const UnloopaPhoneNumbers &numbers = m_controller->numbers();
    m_count->setText(tr("%1 of %2 phone numbers").arg(numbers.count).arg(numbers.limit));
    m_numbers->clear();
    for (const UnloopaPhoneNumber &number : numbers.numbers) {
        QStringList place{number.locality, number.region};
        place.removeAll(QString());
        auto *item = new QListWidgetItem(tr("%1 — %2 · %3/month")
                                                 .arg(number.phoneNumber, place.join(QStringLiteral(", ")),
                                                      monthly(number.monthlyCostCents)),
                                         m_numbers);
        item->setData(idRole, number.id);
    }
    m_numbersEmpty->setVisible(numbers.numbers.isEmpty());
    updateButtons();
}

void PhoneNumbersPanel::showResults()
{
    m_results->clear();
    for (const UnloopaAvailableNumber &number : m_controller->searchResults()) {
        QStringList place{number.locality, number.region};
        place.removeAll(QString());
        auto *item = new QListWidgetItem(
                tr("%1 — %2").arg(number.phoneNumber, place.join(QStringLiteral(", "))), m_results);
        item->setData(idRole, number.phoneNumber);
    }
    if (!m_searched)
        m_resultsEmpty->setText(tr("Search an area code to see the numbers you can buy."));
    else
        m_resultsEmpty->setText(tr("No numbers are available in that area code. Try a neighbouring one."));
    m_resultsEmpty->setVisible(m_results->count() == 0);
    updateButtons();
}

void PhoneNumbersPanel::updateButtons()
{
    const bool full = m_controller->numbers().isFull();
    m_buy->setEnabled(!m_controller->isBuying() && !full && m_results->currentItem() != nullptr);
    m_buy->setToolTip(full ? tr("The account holds its limit of %1 numbers: release one first.")
                                      .arg(m_controller->numbers().limit)
                           : QString());
    m_release->setEnabled(m_numbers->currentItem() != nullptr);
    m_search->setEnabled(m_areaCode->text().size() == 3);
}
