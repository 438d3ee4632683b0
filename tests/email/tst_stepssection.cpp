// The Steps section of the campaign editor through its real widgets (offscreen) against the
// Outreach2day sandbox: two steps, one with A/B variants; weights that do not sum to 100 keep
// Save off and name the field; an unknown {{placeholder}} is styled apart and listed; the live
// preview shows the subject the vendor rendered, debounced to one request per pause.

#include "EmailSectionRig.h"
#include "TestMain.h"
#include "email/PlaceholderHighlighter.h"
#include "email/StepContentEditor.h"
#include "email/StepsController.h"
#include "email/StepsSection.h"
#include "voice/KeyValueTable.h"

#include <QApplication>
#include <QComboBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBlock>
#include <QTextLayout>
#include <QTimer>

#include <functional>

class TestStepsSection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void twoStepsOneWithVariants();
    void moveAndDeleteReachTheVendor();
    void unknownPlaceholderIsFlagged();
    void previewShowsTheRenderedSubject();

private:
    template<typename T>
    T *child(const QString &name) const
    {
        T *found = m_section->findChild<T *>(name);
        if (!found)
            qWarning("no child %s", qPrintable(name));
        return found;
    }
    // Replaces a spin box's value by keyboard, as an operator types it.
    static void typeNumber(QSpinBox *box, int value)
    {
        box->setFocus();
        box->selectAll();
        QTest::keyClicks(box, QString::number(value));
    }
    // Types the subject and HTML body of a new step and adds it.
    void addStep(const QString &subject, const QString &html);
    QList<O2dStep> vendorSteps();
    int previewRequests() const;

    EmailSectionRig m_rig;
    QString m_campaignId;
    std::unique_ptr<StepsSection> m_section;
};

void TestStepsSection::initTestCase()
{
    QVERIFY2(m_rig.start(), qPrintable(m_rig.errorString()));
}

void TestStepsSection::init()
{
    m_campaignId = m_rig.createCampaign(
            QStringLiteral("Steps %1").arg(QString::fromLatin1(QTest::currentTestFunction())));
    QVERIFY2(!m_campaignId.isEmpty(), qPrintable(m_rig.errorString()));
    m_section = std::make_unique<StepsSection>(m_rig.context());
    m_section->resize(1200, 700);
    m_section->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_section.get()));
    m_section->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_section.get())); // shortcuts need an active window
    m_section->setCampaign(m_campaignId);
    QTRY_VERIFY(!m_section->controller()->isBusy());
}

void TestStepsSection::cleanup()
{
    m_section.reset();
}

void TestStepsSection::addStep(const QString &subject, const QString &html)
{
    QTest::mouseClick(child<QPushButton>(QStringLiteral("stepsAdd")), Qt::LeftButton);
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("stepSubject")), subject);
    QTest::keyClicks(child<QPlainTextEdit>(QStringLiteral("stepBodyHtml")), html);
}

QList<O2dStep> TestStepsSection::vendorSteps()
{
    const auto answer = m_rig.await<QList<O2dStep>>([this](QObject *context, auto callback) {
        m_rig.service()->listSteps(m_campaignId, context, callback);
    });
    if (!answer || !answer->ok())
        return {};
    return answer->value();
}

int TestStepsSection::previewRequests() const
{
    int count = 0;
    for (const SandboxRecordedRequest &request : m_rig.sandbox().server()->requests()) {
        if (request.path.endsWith(QLatin1String("/campaigns/steps/preview")))
            ++count;
    }
    return count;
}

void TestStepsSection::twoStepsOneWithVariants()
{
    auto *save = child<QPushButton>(QStringLiteral("stepSave"));
    QVERIFY(!m_section->missing().isEmpty());
    QVERIFY(!save->isEnabled()); // nothing to save yet

    // Step 1: the first email.
    addStep(QStringLiteral("Quick question about {{company}}"), QStringLiteral("<p>Hi {{firstName}},</p>"));
    QVERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_COMPARE(m_section->controller()->steps().size(), 1);
    QVERIFY(m_section->missing().isEmpty());

    // Step 2, three days later, split into A/B variants.
    addStep(QStringLiteral("Following up"), QStringLiteral("<p>Hi again {{firstName}}</p>"));
    typeNumber(child<QSpinBox>(QStringLiteral("stepDelay")), 3);
    QTest::mouseClick(child<QPushButton>(QStringLiteral("stepAddVariant")), Qt::LeftButton);
    auto *tabs = child<QTabWidget>(QStringLiteral("stepContent"));
    QCOMPARE(tabs->count(), 3); // the email, variant A, variant B
    QCOMPARE(tabs->currentIndex(), 2); // variant B is shown, to be written
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("variant2Subject")),
                     QStringLiteral("Idea for {{company}}"));
    QTest::keyClicks(child<QPlainTextEdit>(QStringLiteral("variant2BodyHtml")),
                     QStringLiteral("<p>Value first</p>"));
    auto *weights = child<QLabel>(QStringLiteral("stepWeights"));
    QVERIFY2(weights->text().contains(QLatin1String("50 + 50 = 100")), qPrintable(weights->text()));
    QVERIFY(save->isEnabled());

    // 60 + 50: Save goes off at once, the sum and the field are named.
    typeNumber(child<QSpinBox>(QStringLiteral("variant1Weight")), 60);
    QVERIFY2(weights->text().contains(QLatin1String("60 + 50 = 110")), qPrintable(weights->text()));
    QVERIFY(!save->isEnabled());
    auto *problem = child<QLabel>(QStringLiteral("stepProblem"));
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(QLatin1String("weight")) &&
                     problem->text().contains(QLatin1String("110")),
             qPrintable(problem->text()));
    QTest::keyClick(m_section.get(), Qt::Key_S, Qt::ControlModifier); // the shortcut does nothing either
    QVERIFY(!m_section->controller()->isBusy()); // a save would be under way now
    QCOMPARE(m_section->controller()->steps().size(), 1);

    // 60 + 40 = 100: saved.
    typeNumber(child<QSpinBox>(QStringLiteral("variant2Weight")), 40);
    QVERIFY2(weights->text().contains(QLatin1String("= 100")), qPrintable(weights->text()));
    QVERIFY(!problem->isVisible());
    QVERIFY(save->isEnabled());
    QTest::keyClick(child<QLineEdit>(QStringLiteral("variant2Subject")), Qt::Key_S, Qt::ControlModifier);
    QTRY_COMPARE(m_section->controller()->steps().size(), 2);
    QTRY_VERIFY(!m_section->controller()->isBusy());
    // Two steps, two POSTs: the refused save (60 + 50) never left the console.
    const QString stepsPath = QStringLiteral("/campaigns/%1/steps").arg(m_campaignId);
    int stepPosts = 0;
    for (const SandboxRecordedRequest &request : m_rig.sandbox().server()->requests()) {
        if (request.method == "POST" && request.path.endsWith(stepsPath))
            ++stepPosts;
    }
    QCOMPARE(stepPosts, 2);

    // What the vendor holds, read back over HTTP.
    const QList<O2dStep> steps = vendorSteps();
    QCOMPARE(steps.size(), 2);
    QCOMPARE(steps.at(0).subject, QStringLiteral("Quick question about {{company}}"));
    QVERIFY(steps.at(0).variants.isEmpty());
    QCOMPARE(steps.at(1).subject, QStringLiteral("Following up"));
    QCOMPARE(steps.at(1).delayDays, 3);
    QCOMPARE(steps.at(1).variants.size(), 2);
    QCOMPARE(steps.at(1).variants.at(0).weight, 60);
    QCOMPARE(steps.at(1).variants.at(0).subject, QStringLiteral("Following up")); // A began as the email
    QCOMPARE(steps.at(1).variants.at(1).weight, 40);
    QCOMPARE(steps.at(1).variants.at(1).subject, QStringLiteral("Idea for {{company}}"));
    QCOMPARE(child<QListWidget>(QStringLiteral("stepsList"))->count(), 2);

    // An edit of a saved step is a PATCH: the subject changes at the vendor, the step stays one.
    auto *list = child<QListWidget>(QStringLiteral("stepsList"));
    list->setCurrentRow(0);
    auto *subject = child<QLineEdit>(QStringLiteral("stepSubject"));
    QCOMPARE(subject->text(), QStringLiteral("Quick question about {{company}}"));
    QVERIFY(!save->isEnabled()); // unchanged
    subject->selectAll();
    QTest::keyClicks(subject, QStringLiteral("Hello {{company}}"));
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_COMPARE(m_section->controller()->steps().at(0).subject, QStringLiteral("Hello {{company}}"));
    QCOMPARE(vendorSteps().size(), 2);
    QCOMPARE(vendorSteps().at(0).subject, QStringLiteral("Hello {{company}}"));
}

void TestStepsSection::moveAndDeleteReachTheVendor()
{
    auto *save = child<QPushButton>(QStringLiteral("stepSave"));
    for (const QString &subject : {QStringLiteral("First"), QStringLiteral("Second")}) {
        addStep(subject, QStringLiteral("<p>%1</p>").arg(subject));
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_VERIFY(!m_section->controller()->isBusy());
    }
    QTRY_COMPARE(m_section->controller()->steps().size(), 2);
    auto *list = child<QListWidget>(QStringLiteral("stepsList"));
    list->setCurrentRow(1);
    QCOMPARE(child<QLineEdit>(QStringLiteral("stepSubject"))->text(), QStringLiteral("Second"));

    // Alt+Up moves "Second" before "First", at the vendor too.
    list->setFocus();
    QTest::keyClick(list, Qt::Key_Up, Qt::AltModifier);
    QTRY_VERIFY(!m_section->controller()->isBusy());
    QTRY_COMPARE(m_section->controller()->steps().at(0).subject, QStringLiteral("Second"));
    QList<O2dStep> steps = vendorSteps();
    QCOMPARE(steps.size(), 2);
    QCOMPARE(steps.at(0).subject, QStringLiteral("Second"));
    QCOMPARE(steps.at(1).subject, QStringLiteral("First"));
    QCOMPARE(list->currentRow(), 0); // the moved step stays selected

    // Delete asks first; Yes deletes it at the vendor.
    bool asked = false;
    QTimer::singleShot(0, this, [&asked] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        asked = box != nullptr;
        if (box)
            box->button(QMessageBox::Yes)->click();
    });
    QTest::keyClick(list, Qt::Key_Delete);
    QVERIFY(asked);
    QTRY_COMPARE(m_section->controller()->steps().size(), 1);
    steps = vendorSteps();
    QCOMPARE(steps.size(), 1);
    QCOMPARE(steps.at(0).subject, QStringLiteral("First"));
}

void TestStepsSection::unknownPlaceholderIsFlagged()
{
    addStep(QStringLiteral("For {{company}}"), QStringLiteral("Hi {{firstName}}, {{favouriteColour}}?"));
    auto *warning = child<QLabel>(QStringLiteral("stepPlaceholders"));
    QVERIFY(warning->isVisible());
    QVERIFY2(warning->text().contains(QLatin1String("{{favouriteColour}}")), qPrintable(warning->text()));
    QVERIFY(!warning->text().contains(QLatin1String("{{firstName}}")));
    QCOMPARE(m_section->unknownPlaceholders(), QStringList{QStringLiteral("favouriteColour")});
    QVERIFY(child<QPushButton>(QStringLiteral("stepSave"))->isEnabled()); // a warning, not a block

    // Known and unknown placeholders are styled apart in the editor itself.
    auto *html = child<QPlainTextEdit>(QStringLiteral("stepBodyHtml"));
    const QString text = html->toPlainText();
    const QList<QTextLayout::FormatRange> formats = html->document()->firstBlock().layout()->formats();
    const auto formatAt = [&](const QString &needle) -> std::optional<QTextCharFormat> {
        const int at = int(text.indexOf(needle));
        for (const QTextLayout::FormatRange &range : formats) {
            if (range.start == at && range.length == needle.size())
                return range.format;
        }
        return std::nullopt;
    };
    const auto known = formatAt(QStringLiteral("{{firstName}}"));
    const auto unknown = formatAt(QStringLiteral("{{favouriteColour}}"));
    QVERIFY(known && unknown);
    QCOMPARE(unknown->underlineStyle(), QTextCharFormat::WaveUnderline);
    QVERIFY(known->underlineStyle() != QTextCharFormat::WaveUnderline);
    QCOMPARE(known->foreground().color(), m_section->palette().color(QPalette::Link));
    QVERIFY(unknown->foreground().color() != known->foreground().color());

    // Dark mode: the colours follow the palette, and an unknown placeholder stays readable (light).
    QPalette dark = m_section->palette();
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xf0, 0xf0, 0xf0));
    dark.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
    m_section->setPalette(dark);
    const auto darkFormat = [html](const QString &needle) -> std::optional<QTextCharFormat> {
        const int at = int(html->toPlainText().indexOf(needle));
        for (const QTextLayout::FormatRange &range : html->document()->firstBlock().layout()->formats()) {
            if (range.start == at)
                return range.format;
        }
        return std::nullopt;
    };
    const auto darkKnown = darkFormat(QStringLiteral("{{firstName}}"));
    const auto darkUnknown = darkFormat(QStringLiteral("{{favouriteColour}}"));
    QVERIFY(darkKnown && darkUnknown);
    QCOMPARE(darkKnown->foreground().color(), QColor(0x8a, 0xb4, 0xf8));
    QVERIFY2(darkUnknown->foreground().color().lightness() > 128,
             qPrintable(darkUnknown->foreground().color().name()));
    QCOMPARE(darkUnknown->underlineStyle(), QTextCharFormat::WaveUnderline);

    // The campaign's contact fields are its imports' mapping: once an import mapped a column to
    // favouriteColour, the placeholder is known.
    EmailCampaignStore::ImportRecord import;
    import.idempotencyKey = QStringLiteral("o2d-imp-test-%1").arg(m_campaignId);
    import.campaignId = m_campaignId;
    import.fileName = QStringLiteral("leads.csv");
    import.mappingJson = QString::fromUtf8(
            QJsonDocument(QJsonObject{{QStringLiteral("E-mail"), QStringLiteral("email")},
                                      {QStringLiteral("First"), QStringLiteral("firstName")},
                                      {QStringLiteral("Org"), QStringLiteral("company")},
                                      { QStringLiteral("Colour"),
                                        QStringLiteral("favouriteColour") }})
                    .toJson(QJsonDocument::Compact));
    import.mode = QStringLiteral("direct");
    import.state = QStringLiteral("completed");
    import.createdAt = import.updatedAt = QDateTime::currentDateTimeUtc();
    QVERIFY(m_rig.store()->saveImport(import));
    m_section->refreshContacts();
    QVERIFY(m_section->unknownPlaceholders().isEmpty());
    QVERIFY(!warning->isVisible());
    const auto nowKnown = [&] {
        const QString t = html->toPlainText();
        const int at = int(t.indexOf(QLatin1String("{{favouriteColour}}")));
        for (const QTextLayout::FormatRange &range : html->document()->firstBlock().layout()->formats()) {
            if (range.start == at)
                return range.format.underlineStyle() != QTextCharFormat::WaveUnderline;
        }
        return false;
    };
    QVERIFY(nowKnown());
    // ... and a field no import mapped is now unknown, though the console knows it in general.
    QTest::keyClicks(html, QStringLiteral(" {{title}}"));
    QCOMPARE(m_section->unknownPlaceholders(), QStringList{QStringLiteral("title")});
}

void TestStepsSection::previewShowsTheRenderedSubject()
{
    auto *subject = child<QLabel>(QStringLiteral("previewSubject"));
    const int before = previewRequests();
    // Typed fields (the default contact): the operator's company.
    auto *fields = child<KeyValueTable>(QStringLiteral("previewFields"));
    QVERIFY(fields->isVisible());
    fields->setValues(QJsonObject{{QStringLiteral("email"), QStringLiteral("sarah@acme.example")},
                                  {QStringLiteral("firstName"), QStringLiteral("Sarah")},
                                  {QStringLiteral("company"), QStringLiteral("Acme Corp")}});
    addStep(QStringLiteral("Quick question about {{company}}"), QStringLiteral("<p>Hi {{firstName}},</p>"));
    QTRY_COMPARE(subject->text(), QStringLiteral("Quick question about Acme Corp"));
    QVERIFY2(child<QWidget>(QStringLiteral("previewHtml"))
                     ->property("plainText")
                     .toString()
                     .contains(QLatin1String("Hi Sarah,")),
             "the rendered HTML body");
    QCOMPARE(previewRequests() - before, 1);

    // Debounced: keys typed while the events run (as an operator types) send one request once
    // the typing pauses. The pause is long here so that a slow machine cannot split the typing.
    m_section->controller()->setPreviewDelayMs(1500);
    const int typed = previewRequests();
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("stepSubject")), QStringLiteral(" today"),
                     Qt::NoModifier, 5);
    QTRY_COMPARE_WITH_TIMEOUT(subject->text(), QStringLiteral("Quick question about Acme Corp today"), 15000);
    QCOMPARE(previewRequests() - typed, 1);

    // A stored contact of the campaign, picked from the list.
    O2dContact mike;
    mike.id = QStringLiteral("cnt_preview_1");
    mike.campaignId = m_campaignId;
    mike.email = QStringLiteral("mike@bigco.example");
    mike.name = QStringLiteral("Mike Johnson");
    mike.customJson = QJsonObject{{QStringLiteral("company"), QStringLiteral("BigCo")}};
    QVERIFY(m_rig.store()->saveContacts({mike}));
    m_section->refreshContacts();
    auto *contact = child<QComboBox>(QStringLiteral("previewContact"));
    QCOMPARE(contact->count(), 2);
    contact->setCurrentIndex(1);
    QVERIFY(!fields->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(subject->text(), QStringLiteral("Quick question about BigCo today"), 15000);
    QTRY_VERIFY(child<QWidget>(QStringLiteral("previewHtml"))
                        ->property("plainText")
                        .toString()
                        .contains(QLatin1String("Hi Mike,")));

    // The variant on screen is what is previewed.
    QTest::mouseClick(child<QPushButton>(QStringLiteral("stepAddVariant")), Qt::LeftButton);
    QTest::keyClicks(child<QLineEdit>(QStringLiteral("variant2Subject")),
                     QStringLiteral("Idea for {{company}}"));
    QTRY_COMPARE_WITH_TIMEOUT(subject->text(), QStringLiteral("Idea for BigCo"), 15000);
}

CC_TEST_GUI_MAIN(TestStepsSection)
#include "tst_stepssection.moc"
