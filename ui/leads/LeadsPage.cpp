#include "LeadsPage.h"

#include "JobProgressDelegate.h"
#include "LeadDetailPane.h"
#include "common/ErrorText.h"
#include "common/ExportControl.h"
#include "common/LayoutMemory.h"
#include "common/Notifier.h"
#include "common/RecordTableView.h"
#include "controllers/LeadsController.h"
#include "store/Database.h"
#include "table/RecordTableModel.h"
#include "unloopa/QuotaGate.h"
#include "unloopa/UnloopaService.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

const QDate kAnyDate(2000, 1, 1);

QString when(const QDateTime &dt)
{
    return QLocale().toString(dt.toLocalTime(), QLocale::ShortFormat);
}

QString utcWhen(const QDateTime &dt)
{
    return dt.toUTC().toString(QStringLiteral("d MMM yyyy HH:mm")) + QStringLiteral(" UTC");
}

} // namespace

LeadsPage::LeadsPage(UnloopaService *service, Database *database, Notifier *notifier, QWidget *parent,
                     const QString &databasePath)
    : QWidget(parent), m_notifier(notifier)
{
    setObjectName(QStringLiteral("leadsPage"));
    m_controller = LeadsController::create(service, database, databasePath, &m_storeProblem, this);
    auto *layout = new QVBoxLayout(this);
    if (!m_controller) {
        auto *problem = new QLabel(tr("The leads cannot be shown: %1").arg(m_storeProblem));
        problem->setObjectName(QStringLiteral("leadsStoreProblem"));
        problem->setWordWrap(true);
        layout->addWidget(problem);
        layout->addStretch();
        return;
    }

    m_offline = new QLabel;
    m_offline->setObjectName(QStringLiteral("leadsOffline"));
    m_offline->setWordWrap(true);
    m_offline->setFrameShape(QFrame::StyledPanel);
    m_offline->setAutoFillBackground(true);
    m_offline->setBackgroundRole(QPalette::ToolTipBase);
    m_offline->setForegroundRole(QPalette::ToolTipText);
    m_offline->hide();
    layout->addWidget(m_offline);

    m_topSplitter = new QSplitter(Qt::Horizontal);
    m_topSplitter->addWidget(createComposer());
    m_topSplitter->addWidget(createJobs());
    m_topSplitter->setStretchFactor(1, 1);

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("leadsTabs"));
    m_tabs->addTab(createLeadsTab(), tr("&Leads"));
    m_tabs->addTab(createWebsitesTab(), tr("&Websites"));

    m_mainSplitter = new QSplitter(Qt::Vertical);
    m_mainSplitter->addWidget(m_topSplitter);
    m_mainSplitter->addWidget(m_tabs);
    m_mainSplitter->setStretchFactor(1, 3);
    layout->addWidget(m_mainSplitter, 1);
    layout->addWidget(createStatusRow());
    LayoutMemory::track(m_mainSplitter, QStringLiteral("leads/main"));
    LayoutMemory::track(m_topSplitter, QStringLiteral("leads/top"));

    // Controller → page.
    connect(m_controller, &LeadsController::quotaChanged, this, &LeadsPage::showQuota);
    connect(m_controller, &LeadsController::submittingChanged, this, &LeadsPage::updateComposer);
    connect(m_controller, &LeadsController::commandAccepted, this,
            [this](const UnloopaCommandAccepted &accepted) {
                m_composerMessage->setText(
                        tr("Job started for up to %n lead(s). Its progress is shown in Jobs; you will be "
                           "notified when it finishes.",
                           nullptr, accepted.maxResults));
            });
    connect(m_controller, &LeadsController::commandFailed, this, [this](const ApiError &error) {
        ErrorText::show(m_composerMessage, error, tr("Not submitted."));
    });
    connect(m_controller, &LeadsController::jobFinished, this, [this](const UnloopaJob &job) {
        Notification notification;
        notification.kind = NotificationKind::LeadJobFinished;
        notification.target = {QStringLiteral("leads"), NotificationTarget::Subject::Job, job.jobId, {}};
        if (job.status == QLatin1String("completed")) {
            notification.title = tr("Leads ready");
            notification.message =
                    tr("“%1” finished: %n lead(s).", nullptr, job.leadsScraped).arg(job.command.left(80));
        } else {
            notification.title = tr("Lead job failed");
            notification.message = tr("“%1” failed: %2").arg(job.command.left(80), job.error);
            notification.severity = Notification::Severity::Warning;
        }
        notify(notification);
        showSelectedJob();
    });
    connect(m_controller, &LeadsController::jobUpdated, this,
            [this](const UnloopaJob &) { showSelectedJob(); });
    connect(m_controller, &LeadsController::offlineChanged, this, [this] { updateSyncLabel(); });
    connect(m_controller, &LeadsController::refreshingChanged, this, [this](bool refreshing) {
        // While fetching, the same button cancels (long work always has a way out).
        m_fetch->setText(refreshing ? tr("Cancel &fetch") : tr("&Fetch from Unloopa"));
        updateSyncLabel();
    });
    connect(m_controller, &LeadsController::refreshProgress, this, [this](int fetched, int total) {
        setSyncText(tr("Fetching leads from Unloopa: %1 of %2…").arg(fetched).arg(total));
    });
    connect(m_controller, &LeadsController::refreshSucceeded, this, &LeadsPage::updateSyncLabel);
    connect(m_controller, &LeadsController::refreshFailed, this, [this](const ApiError &error) {
        updateSyncLabel();
        if (!m_controller->isOffline())
            setSyncText(ErrorText::plainText(error));
    });
    connect(m_controller, &LeadsController::storeFailed, this, [this](const StoreStatus &status) {
        setSyncText(tr("Could not save to this computer: %1").arg(status.message));
    });
    connect(m_controller, &LeadsController::leadDetailReady, this,
            [this](const UnloopaLead &lead, bool fresh) {
                if (lead.id == m_detailLeadId)
                    m_detail->setLead(lead, fresh);
            });
    connect(m_controller, &LeadsController::leadDetailFailed, this,
            [this](const QString &id, const ApiError &error) {
                if (id == m_detailLeadId)
                    m_detail->setError(error);
            });
    for (RecordTableModel *model : {m_controller->leads(), m_controller->websites()}) {
        connect(model, &RecordTableModel::visibleRowsChanged, this, &LeadsPage::updateCounts);
        connect(model, &RecordTableModel::rowsMerged, this, &LeadsPage::updateCounts);
        connect(model, &QAbstractItemModel::modelReset, this, &LeadsPage::updateCounts);
    }
    connect(m_tabs, &QTabWidget::currentChanged, this, &LeadsPage::updateCounts);
    for (RecordTableModel *model : {m_controller->leads(), m_controller->jobs()}) {
        connect(model, &RecordTableModel::visibleRowsChanged, this, &LeadsPage::selectPending);
        connect(model, &QAbstractItemModel::modelReset, this, &LeadsPage::selectPending);
    }

    // Exports: the control shows progress and Cancel and announces the outcome.
    connect(m_controller->exportJob(), &ExportJob::finished, this, [this](const CsvExportResult &result) {
        setSyncText(ExportControl::describe(result));
        Q_EMIT exportFinished(result);
    });

    // Shortcuts (this page only).
    auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *s = new QShortcut(keys, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), [this] { submitCommand(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), [this] { submitCommand(); });
    shortcut(QKeySequence::Refresh, [this] { fetchFromServer(); });
    shortcut(QKeySequence::Find, [this] {
        m_tabs->setCurrentIndex(0);
        m_search->setFocus();
        m_search->selectAll();
    });
    m_export->attachShortcut(this); // Ctrl+E

    updateComposer();
    updateCounts();
    updateSyncLabel();
    // Open from the store right away (resumes unfinished jobs even before the page is visited).
    QTimer::singleShot(0, this, [this] {
        if (!m_opened) {
            m_opened = true;
            m_controller->open();
        }
    });
}

LeadsPage::~LeadsPage()
{
    // The controller's models go before the views that show them are torn down.
    delete m_controller;
    m_controller = nullptr;
}

void LeadsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_controller && !m_opened) {
        m_opened = true;
        m_controller->open();
    }
}

// ---------------------------------------------------------------------------------------------
// Composer

QWidget *LeadsPage::createComposer()
{
    auto *box = new QGroupBox(tr("Generate leads"));
    box->setObjectName(QStringLiteral("leadsComposer"));
    auto *layout = new QVBoxLayout(box);

    m_command = new QPlainTextEdit;
    m_command->setObjectName(QStringLiteral("leadsCommand"));
    m_command->setAccessibleName(tr("Lead command"));
    m_command->setPlaceholderText(tr("Describe the niche and the place, e.g. “plumbers in Miami”"));
    m_command->setTabChangesFocus(true);
    m_command->setMaximumHeight(90);
    layout->addWidget(m_command);
    m_counter = new QLabel;
    m_counter->setObjectName(QStringLiteral("leadsCommandCounter"));
    m_counter->setAlignment(Qt::AlignRight);
    layout->addWidget(m_counter);

    auto *form = new QFormLayout;
    m_maxResults = new QSpinBox;
    m_maxResults->setObjectName(QStringLiteral("leadsMaxResults"));
    m_maxResults->setAccessibleName(tr("Leads per command"));
    m_maxResults->setRange(1, UnloopaCommandRequest::maxResultsLimit);
    m_maxResults->setValue(UnloopaCommandRequest::defaultMaxResults(false, false));
    form->addRow(tr("Leads per &command:"), m_maxResults);
    auto *numbersNote =
            new QLabel(tr("Numbers in the sentence are ignored: this sets how many leads Unloopa finds."));
    numbersNote->setWordWrap(true);
    form->addRow(QString(), numbersNote);
    m_withVideo = new QCheckBox(tr("Personalised &video per lead"));
    m_withVideo->setObjectName(QStringLiteral("leadsWithVideo"));
    m_withVsl = new QCheckBox(tr("Video &sales letter (VSL)"));
    m_withVsl->setObjectName(QStringLiteral("leadsWithVsl"));
    auto *extras = new QHBoxLayout;
    extras->addWidget(m_withVideo);
    extras->addWidget(m_withVsl);
    extras->addStretch();
    form->addRow(tr("Extras:"), extras);
    layout->addLayout(form);
    m_planNote = new QLabel;
    m_planNote->setObjectName(QStringLiteral("leadsPlanNote"));
    m_planNote->setWordWrap(true);
    ErrorText::makeLinkLabel(m_planNote);
    layout->addWidget(m_planNote);
    m_quotaLine = new QLabel;
    m_quotaLine->setObjectName(QStringLiteral("leadsQuota"));
    m_quotaLine->setWordWrap(true);
    ErrorText::makeLinkLabel(m_quotaLine);
    layout->addWidget(m_quotaLine);

    // Spending, not contacting (the outbound guard screens people before a request names them):
    // the operator must know whom this reaches before pressing the button.
    auto *outreachNote =
            new QLabel(tr("Unloopa also emails the leads it finds. They are found during the job, "
                          "so the do-not-contact list cannot screen them beforehand."));
    outreachNote->setObjectName(QStringLiteral("leadsOutreachNote"));
    outreachNote->setWordWrap(true);
    layout->addWidget(outreachNote);

    auto *buttons = new QHBoxLayout;
    m_generate = new QPushButton(tr("&Generate leads"));
    m_generate->setObjectName(QStringLiteral("leadsGenerate"));
    m_generate->setToolTip(tr("Submit the command to Unloopa (Ctrl+Enter)"));
    m_generate->setDefault(true);
    buttons->addStretch();
    buttons->addWidget(m_generate);
    layout->addLayout(buttons);
    m_composerMessage = new QLabel;
    m_composerMessage->setObjectName(QStringLiteral("leadsComposerMessage"));
    m_composerMessage->setWordWrap(true);
    ErrorText::makeLinkLabel(m_composerMessage);
    layout->addWidget(m_composerMessage);
    layout->addStretch();

    connect(m_command, &QPlainTextEdit::textChanged, this, &LeadsPage::updateComposer);
    connect(m_maxResults, &QSpinBox::valueChanged, this, [this] {
        if (m_maxResults->hasFocus())
            m_maxResultsTouched = true;
        updateComposer();
    });
    for (QCheckBox *box2 : {m_withVideo, m_withVsl}) {
        connect(box2, &QCheckBox::toggled, this, [this] {
            if (!m_maxResultsTouched) {
                const QSignalBlocker block(m_maxResults);
                m_maxResults->setValue(UnloopaCommandRequest::defaultMaxResults(m_withVideo->isChecked(),
                                                                                m_withVsl->isChecked()));
            }
            updateComposer();
        });
    }
    connect(m_generate, &QPushButton::clicked, this, &LeadsPage::submitCommand);
    return box;
}

void LeadsPage::showQuota(const UnloopaQuota &)
{
    updateComposer();
}

void LeadsPage::updateComposer()
{
    if (!m_controller)
        return;
    const QLocale locale;
    const QString text = m_command->toPlainText();
    const int length = int(text.size());
    const int max = UnloopaCommandRequest::maxCommandLength;
    m_counter->setText(length > max ? tr("%1 / %2 characters — too long").arg(length).arg(max)
                                    : tr("%1 / %2 characters").arg(length).arg(max));

    const auto quota = m_controller->quota();
    const bool videoAllowed = quota && quota->videoEnabled;
    for (QCheckBox *box : {m_withVideo, m_withVsl}) {
        box->setEnabled(videoAllowed);
        if (!videoAllowed && box->isChecked())
            box->setChecked(false);
    }
    if (quota && !videoAllowed) {
        const QString upgrade = quota->upgradeUrl.isValid()
                ? QStringLiteral(" <a href=\"%1\">%2</a>")
                          .arg(quota->upgradeUrl.toString().toHtmlEscaped(), tr("Upgrade"))
                : QString();
        m_planNote->setText(tr("Video and VSL need Unloopa's Pro plan (you are on %1).")
                                    .arg(quota->plan.toHtmlEscaped()) +
                            upgrade);
        m_planNote->show();
    } else {
        m_planNote->setText(quota ? QString() : tr("Checking your plan…"));
        m_planNote->setVisible(!quota);
    }

    // No websites left: the whole composer is off, saying why, until when, and the upgrade link
    // (QuotaGate decides, as everywhere). An unread quota does not block: Unloopa still refuses.
    const QuotaGate::Verdict generation = QuotaGate(quota).leadGeneration();
    const bool quotaBlocks = quota && !generation;
    for (QWidget *input : {static_cast<QWidget *>(m_command), static_cast<QWidget *>(m_maxResults)})
        input->setEnabled(!quotaBlocks);
    if (quotaBlocks) {
        m_withVideo->setEnabled(false);
        m_withVsl->setEnabled(false);
    }
    if (!quota) {
        m_quotaLine->setText(tr("Quota not known yet (it is checked when Unloopa is reachable)."));
    } else if (quotaBlocks) {
        ErrorText::show(m_quotaLine, generation.toError(), tr("Generating leads is off."));
    } else {
        const int uses = qMin(m_maxResults->value(), quota->websites.remaining);
        QString line = tr("Will use up to %1 of the %2 websites left this period")
                               .arg(locale.toString(uses), locale.toString(quota->websites.remaining));
        if (quota->resetsAt.isValid())
            line += tr(" (quota resets %1)").arg(utcWhen(quota->resetsAt));
        if ((m_withVideo->isChecked() || m_withVsl->isChecked()))
            line += tr("; %1 videos left").arg(locale.toString(quota->videos.remaining));
        m_quotaLine->setText(line + QLatin1Char('.'));
    }

    UnloopaCommandRequest request;
    request.command = text;
    request.maxResults = m_maxResults->value();
    const bool submitting = m_controller->isSubmitting();
    const bool valid = request.problem().isEmpty();
    m_generate->setEnabled(!submitting && valid && !quotaBlocks);
    m_generate->setText(submitting ? tr("Submitting…") : tr("&Generate leads"));
    if (!valid && !text.trimmed().isEmpty())
        m_generate->setToolTip(request.problem());
    else if (quotaBlocks)
        m_generate->setToolTip(generation.reason);
    else
        m_generate->setToolTip(tr("Submit the command to Unloopa (Ctrl+Enter)"));
}

void LeadsPage::submitCommand()
{
    // The button is disabled while a command is in flight; the shortcut checks the same.
    if (!m_controller || !m_generate->isEnabled())
        return;
    UnloopaCommandRequest request;
    request.command = m_command->toPlainText().trimmed();
    request.maxResults = m_maxResults->value();
    request.withVideo = m_withVideo->isChecked();
    request.withVsl = m_withVsl->isChecked();
    // Spending (quota) and, through Unloopa, emailing people no list can screen beforehand: the
    // operator confirms each command. Cancel is the default, so Enter alone sends nothing.
    QMessageBox confirm(QMessageBox::Question, tr("Generate leads"),
                        tr("Generate up to %n lead(s) for \u201c%1\u201d?", nullptr, m_maxResults->value())
                                .arg(request.command),
                        QMessageBox::NoButton, this);
    confirm.setObjectName(QStringLiteral("leadsConfirmCommand"));
    confirm.setInformativeText(tr("This spends Unloopa quota. Unloopa also emails the leads it finds; they "
                                  "are found during the job, so the do-not-contact list cannot screen them "
                                  "beforehand."));
    QPushButton *go = confirm.addButton(tr("&Generate"), QMessageBox::AcceptRole);
    go->setObjectName(QStringLiteral("leadsConfirmGenerate"));
    confirm.setDefaultButton(confirm.addButton(QMessageBox::Cancel));
    confirm.exec();
    if (confirm.clickedButton() != go || !m_generate->isEnabled())
        return;
    m_composerMessage->clear();
    if (m_controller->submit(request))
        updateComposer();
}

// ---------------------------------------------------------------------------------------------
// Jobs

QWidget *LeadsPage::createJobs()
{
    auto *box = new QGroupBox(tr("Jobs"));
    auto *layout = new QVBoxLayout(box);
    m_jobsView = new RecordTableView;
    m_jobsView->setObjectName(QStringLiteral("leadsJobs"));
    m_jobsView->setAccessibleName(tr("Lead generation jobs"));
    setupTable(m_jobsView, m_controller->jobs(), QStringLiteral("leads/jobs"));
    m_jobsView->setItemDelegateForColumn(LeadStore::jobSchema().indexOf(u"progress"),
                                         new JobProgressDelegate(m_jobsView));
    layout->addWidget(m_jobsView, 1);
    m_jobSteps = new QLabel(tr("Select a job to see its steps. Double-click it to show its leads."));
    m_jobSteps->setObjectName(QStringLiteral("leadsJobSteps"));
    m_jobSteps->setWordWrap(true);
    m_jobSteps->setTextFormat(Qt::RichText);
    layout->addWidget(m_jobSteps);
    connect(m_jobsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &LeadsPage::showSelectedJob);
    connect(m_jobsView, &RecordTableView::activated, this, [this](const QModelIndex &index) {
        const QString id =
                m_controller->jobs()->index(index.row(), 0).data(RecordTableModel::RawRole).toString();
        UnloopaLeadFilter f = filter();
        f.jobId = id;
        setFilter(f);
        m_tabs->setCurrentIndex(0);
    });
    return box;
}

void LeadsPage::showSelectedJob()
{
    const QModelIndex current = m_jobsView->currentIndex();
    if (!current.isValid())
        return;
    const QString id =
            m_controller->jobs()->index(current.row(), 0).data(RecordTableModel::RawRole).toString();
    const auto job = m_controller->store()->job(id);
    if (!job)
        return;
    QString html =
            QStringLiteral("<b>%1</b> — %2").arg(job->command.toHtmlEscaped(), job->status.toHtmlEscaped());
    if (!job->currentStep.isEmpty() && !job->isFinished())
        html += QStringLiteral(" · %1 (%2 %)").arg(job->currentStep.toHtmlEscaped()).arg(job->progress);
    if (!job->steps.isEmpty()) {
        html += QStringLiteral("<ul>");
        for (const UnloopaJobStep &step : job->steps) {
            const QString mark = step.status == QLatin1String("completed") ? QStringLiteral("✓")
                    : step.status == QLatin1String("failed")               ? QStringLiteral("✗")
                    : step.status == QLatin1String("processing")           ? QStringLiteral("…")
                                                                           : QStringLiteral("·");
            html += QStringLiteral("<li>%1 %2 — %3 (%4)</li>")
                            .arg(mark, step.name.toHtmlEscaped(), step.status.toHtmlEscaped(),
                                 step.message.isEmpty() ? QString::number(step.count)
                                                        : step.message.toHtmlEscaped());
        }
        html += QStringLiteral("</ul>");
    }
    if (!job->error.isEmpty())
        html += QStringLiteral("<p>%1 %2</p>").arg(tr("Error:").toHtmlEscaped(), job->error.toHtmlEscaped());
    m_jobSteps->setText(html);
}

// ---------------------------------------------------------------------------------------------
// Leads table, filters, detail

void LeadsPage::setupTable(RecordTableView *view, RecordTableModel *model, const QString &layoutKey)
{
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    // Newest first until the operator sorts otherwise. Header sorting starts once the store's rows
    // are in: sorting while they stream in would re-sort every batch on the GUI thread.
    view->setRecordModel(model, layoutKey, model->schema().indexOf(u"createdAt"), Qt::DescendingOrder);
    if (m_controller->isLoaded())
        view->setSortingEnabled(true);
    else
        connect(m_controller, &LeadsController::loaded, view, [view] { view->setSortingEnabled(true); });
}

QWidget *LeadsPage::createLeadsTab()
{
    auto *tab = new QWidget;
    auto *layout = new QVBoxLayout(tab);

    // Filters: each one narrows the table at once; "Fetch from Unloopa" asks the server with the
    // same filters (every page).
    auto *row1 = new QHBoxLayout;
    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("leadsSearch"));
    m_search->setAccessibleName(tr("Search leads"));
    m_search->setPlaceholderText(tr("Search name, city, industry (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_city = new QLineEdit;
    m_city->setObjectName(QStringLiteral("leadsCity"));
    m_city->setAccessibleName(tr("City contains"));
    m_city->setPlaceholderText(tr("City"));
    m_industry = new QLineEdit;
    m_industry->setObjectName(QStringLiteral("leadsIndustry"));
    m_industry->setAccessibleName(tr("Industry contains"));
    m_industry->setPlaceholderText(tr("Industry"));
    row1->addWidget(m_search, 2);
    row1->addWidget(m_city, 1);
    row1->addWidget(m_industry, 1);
    m_fetch = new QPushButton(tr("&Fetch from Unloopa"));
    m_fetch->setObjectName(QStringLiteral("leadsFetch"));
    m_fetch->setToolTip(tr("Download every lead matching these filters from Unloopa (F5)"));
    row1->addWidget(m_fetch);
    m_scheduleButton = new QPushButton(tr("Schedule &Verloop calls…"));
    m_scheduleButton->setObjectName(QStringLiteral("leadsScheduleCalls"));
    m_scheduleButton->setToolTip(
            tr("Schedule a Verloop voice-AI call for each selected lead, after a dry run "
               "(Ctrl+Shift+V)"));
    row1->addWidget(m_scheduleButton);
    layout->addLayout(row1);

    auto *row2 = new QHBoxLayout;
    m_hasPhone = new QCheckBox(tr("Phone"));
    m_hasPhone->setObjectName(QStringLiteral("leadsHasPhone"));
    m_hasPhone->setToolTip(tr("Only leads with a phone number"));
    m_hasEmail = new QCheckBox(tr("Email"));
    m_hasEmail->setObjectName(QStringLiteral("leadsHasEmail"));
    m_hasEmail->setToolTip(tr("Only leads with an email address"));
    m_hasWebsite = new QCheckBox(tr("Website"));
    m_hasWebsite->setObjectName(QStringLiteral("leadsHasWebsite"));
    m_hasWebsite->setToolTip(tr("Only leads with a generated website"));
    m_hasVideo = new QCheckBox(tr("Video"));
    m_hasVideo->setObjectName(QStringLiteral("leadsHasVideo"));
    m_hasVideo->setToolTip(tr("Only leads with a video"));
    row2->addWidget(new QLabel(tr("Only with:")));
    for (QCheckBox *box : {m_hasPhone, m_hasEmail, m_hasWebsite, m_hasVideo})
        row2->addWidget(box);
    m_videoStatus = new QComboBox;
    m_videoStatus->setObjectName(QStringLiteral("leadsVideoStatus"));
    m_videoStatus->setAccessibleName(tr("Video status"));
    m_videoStatus->addItem(tr("Any video status"), QString());
    for (const QString &status : UnloopaLeadFilter::videoStatuses())
        m_videoStatus->addItem(status, status);
    row2->addWidget(m_videoStatus);
    m_minRating = new QDoubleSpinBox;
    m_minRating->setObjectName(QStringLiteral("leadsMinRating"));
    m_minRating->setAccessibleName(tr("Minimum rating"));
    m_minRating->setRange(0, 5);
    m_minRating->setSingleStep(0.5);
    m_minRating->setDecimals(1);
    m_minRating->setPrefix(tr("★ ≥ "));
    m_minRating->setSpecialValueText(tr("Any rating"));
    row2->addWidget(m_minRating);
    m_minReviews = new QSpinBox;
    m_minReviews->setObjectName(QStringLiteral("leadsMinReviews"));
    m_minReviews->setAccessibleName(tr("Minimum reviews"));
    m_minReviews->setRange(0, 1'000'000);
    m_minReviews->setPrefix(tr("≥ "));
    m_minReviews->setSuffix(tr(" reviews"));
    m_minReviews->setSpecialValueText(tr("Any reviews"));
    row2->addWidget(m_minReviews);
    auto dateEdit = [](const QString &name, const QString &accessible) {
        auto *edit = new QDateEdit;
        edit->setObjectName(name);
        edit->setAccessibleName(accessible);
        edit->setCalendarPopup(true);
        edit->setMinimumDate(kAnyDate);
        edit->setSpecialValueText(QObject::tr("Any date"));
        edit->setDate(kAnyDate);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        return edit;
    };
    m_createdAfter = dateEdit(QStringLiteral("leadsCreatedAfter"), tr("Created on or after"));
    m_createdBefore = dateEdit(QStringLiteral("leadsCreatedBefore"), tr("Created before"));
    row2->addWidget(new QLabel(tr("Created from")));
    row2->addWidget(m_createdAfter);
    row2->addWidget(new QLabel(tr("before")));
    row2->addWidget(m_createdBefore);
    m_jobChip = new QToolButton;
    m_jobChip->setObjectName(QStringLiteral("leadsJobFilter"));
    m_jobChip->setToolTip(tr("Showing one job's leads; click to show all"));
    m_jobChip->hide();
    row2->addWidget(m_jobChip);
    row2->addStretch();
    layout->addLayout(row2);

    m_leadsSplitter = new QSplitter(Qt::Horizontal);
    auto *stack = new QStackedWidget;
    m_leadsView = new RecordTableView;
    m_leadsView->setObjectName(QStringLiteral("leadsTable"));
    m_leadsView->setAccessibleName(tr("Leads"));
    setupTable(m_leadsView, m_controller->leads(), QStringLiteral("leads/table"));
    // Several leads at once: bulk actions (scheduling calls) work on the selection.
    m_leadsView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    createLeadActions();
    m_leadsView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_leadsEmpty = new QLabel(
            tr("No leads stored on this computer yet. Describe a niche and a place above and press "
               "Generate leads — or Fetch from Unloopa to download the leads you already have."));
    m_leadsEmpty->setObjectName(QStringLiteral("leadsEmpty"));
    m_leadsEmpty->setWordWrap(true);
    m_leadsEmpty->setAlignment(Qt::AlignCenter);
    stack->addWidget(m_leadsEmpty);
    stack->addWidget(m_leadsView);
    m_leadsSplitter->addWidget(stack);
    m_detail = new LeadDetailPane;
    m_leadsSplitter->addWidget(m_detail);
    m_leadsSplitter->setStretchFactor(0, 3);
    m_leadsSplitter->setStretchFactor(1, 1);
    layout->addWidget(m_leadsSplitter, 1);
    LayoutMemory::track(m_leadsSplitter, QStringLiteral("leads/detail"));

    auto showTableOrEmpty = [this, stack] {
        stack->setCurrentWidget(m_controller->leads()->table().rowCount() == 0
                                        ? static_cast<QWidget *>(m_leadsEmpty)
                                        : m_leadsView);
    };
    connect(m_controller->leads(), &RecordTableModel::rowsMerged, stack, showTableOrEmpty);
    connect(m_controller->leads(), &QAbstractItemModel::modelReset, stack, showTableOrEmpty);
    showTableOrEmpty();

    for (QLineEdit *edit : {m_search, m_city, m_industry})
        connect(edit, &QLineEdit::textChanged, this, &LeadsPage::applyLocalFilter);
    for (QCheckBox *box : {m_hasPhone, m_hasEmail, m_hasWebsite, m_hasVideo})
        connect(box, &QCheckBox::toggled, this, &LeadsPage::applyLocalFilter);
    connect(m_videoStatus, &QComboBox::currentIndexChanged, this, &LeadsPage::applyLocalFilter);
    connect(m_minRating, &QDoubleSpinBox::valueChanged, this, &LeadsPage::applyLocalFilter);
    connect(m_minReviews, &QSpinBox::valueChanged, this, &LeadsPage::applyLocalFilter);
    connect(m_createdAfter, &QDateEdit::dateChanged, this, &LeadsPage::applyLocalFilter);
    connect(m_createdBefore, &QDateEdit::dateChanged, this, &LeadsPage::applyLocalFilter);
    connect(m_jobChip, &QToolButton::clicked, this, [this] {
        UnloopaLeadFilter f = filter();
        f.jobId.clear();
        setFilter(f);
    });
    connect(m_fetch, &QPushButton::clicked, this, [this] {
        if (m_controller->isRefreshing())
            m_controller->cancelRefresh();
        else
            fetchFromServer();
    });
    connect(m_leadsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &LeadsPage::showSelectedLead);
    connect(m_leadsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &LeadsPage::updateLeadActions);
    connect(m_controller->leads(), &QAbstractItemModel::modelReset, this, &LeadsPage::updateLeadActions);
    connect(m_controller->leads(), &QAbstractItemModel::layoutChanged, this, &LeadsPage::updateLeadActions);
    connect(m_controller, &LeadsController::quotaChanged, this, &LeadsPage::updateLeadActions);
    updateLeadActions();
    const auto requestSchedule = [this] {
        const QList<int> rows = selectedLeadRows();
        if (!rows.isEmpty())
            Q_EMIT scheduleVerloopCallsRequested(ContactList::fromLeads(*m_controller->leads(), rows));
    };
    connect(m_scheduleCalls, &QAction::triggered, this, requestSchedule);
    connect(m_scheduleButton, &QPushButton::clicked, this, requestSchedule);
    connect(m_sendOutreach, &QAction::triggered, this, [this] {
        const QList<UnloopaLead> leads = selectedLeads();
        if (!leads.isEmpty())
            Q_EMIT sendOutreachRequested(leads);
    });
    connect(m_voiceCampaign, &QAction::triggered, this, [this] {
        const QList<UnloopaLead> leads = selectedLeads();
        if (!leads.isEmpty())
            Q_EMIT voiceCampaignRequested(leads);
    });
    connect(m_voiceCall, &QAction::triggered, this, [this] {
        const QList<UnloopaLead> leads = selectedLeads();
        if (leads.size() == 1)
            Q_EMIT voiceCallRequested(leads.constFirst());
    });
    return tab;
}

// The bulk actions on the selected leads: in the table's context menu, and on the page so that
// their shortcuts work wherever the focus is on it.
void LeadsPage::createLeadActions()
{
    const auto make = [this](const QString &text, const char *name, QKeyCombination keys,
                             const QString &toolTip) {
        auto *action = new QAction(text, this);
        action->setObjectName(QString::fromLatin1(name));
        action->setShortcut(QKeySequence(keys));
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        // What it does; the tool tip adds why it is off when it is.
        action->setStatusTip(toolTip);
        action->setToolTip(toolTip);
        action->setEnabled(false);
        addAction(action);
        m_leadsView->addAction(action);
        return action;
    };
    m_scheduleCalls =
            make(tr("Schedule &Verloop calls…"), "leadsScheduleCallsAction", Qt::CTRL | Qt::SHIFT | Qt::Key_V,
                 tr("Schedule a Verloop voice-AI call for each selected lead, after a dry run"));
    m_sendOutreach =
            make(tr("Send Unloopa &email…"), "leadsSendOutreachAction", Qt::CTRL | Qt::SHIFT | Qt::Key_O,
                 tr("Email the selected leads that have an address through Unloopa, after a dry "
                    "run"));
    m_voiceCampaign =
            make(tr("Unloopa voice &campaign…"), "leadsVoiceCampaignAction", Qt::CTRL | Qt::SHIFT | Qt::Key_G,
                 tr("Create an Unloopa voice campaign for the selected leads, after a dry run"));
    m_voiceCall =
            make(tr("Call with Unloopa &agent…"), "leadsVoiceCallAction", Qt::CTRL | Qt::SHIFT | Qt::Key_K,
                 tr("Call the selected lead with an Unloopa voice agent (1 voice credit)"));
}

void LeadsPage::updateLeadActions()
{
    const qsizetype selected = m_leadsView->selectionModel()->selectedRows().size();
    m_scheduleCalls->setEnabled(selected > 0);
    m_scheduleButton->setEnabled(selected > 0);
    m_sendOutreach->setEnabled(selected > 0);
    // Voice needs a plan with it (/quota): otherwise the reason and the way out are in the tip.
    const QuotaGate::Verdict voice = QuotaGate(m_controller->quota()).voice();
    const auto explain = [](QAction *action, const QStringList &why) {
        action->setToolTip((QStringList{action->statusTip()} + why).join(QLatin1Char('\n')));
    };
    const QStringList voiceWhy = voice ? QStringList() : QStringList{voice.reason};
    m_voiceCampaign->setEnabled(selected > 0 && voice);
    explain(m_voiceCampaign, voiceWhy);
    m_voiceCall->setEnabled(selected == 1 && voice);
    explain(m_voiceCall, (selected > 1 ? QStringList{tr("Select one lead.")} : QStringList()) + voiceWhy);
}

QList<UnloopaLead> LeadsPage::selectedLeads() const
{
    QList<UnloopaLead> leads;
    if (!m_controller)
        return leads;
    const RecordTable &table = m_controller->leads()->table();
    const int idColumn = m_controller->leads()->schema().indexOf(u"id");
    for (int row : selectedLeadRows()) {
        if (row < 0 || row >= table.rowCount())
            continue;
        // The store has every field the table shows and more (the table is loaded from it).
        if (const auto lead = m_controller->store()->lead(table.text(row, idColumn)))
            leads.append(*lead);
    }
    return leads;
}

QList<int> LeadsPage::selectedLeadRows() const
{
    QList<int> rows;
    if (!m_leadsView)
        return rows;
    QModelIndexList selected = m_leadsView->selectionModel()->selectedRows();
    // In the order the operator sees them.
    std::sort(selected.begin(), selected.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    rows.reserve(selected.size());
    for (const QModelIndex &index : std::as_const(selected))
        rows << index.data(RecordTableModel::TableRowRole).toInt();
    return rows;
}

UnloopaLeadFilter LeadsPage::filter() const
{
    UnloopaLeadFilter f;
    f.search = m_search->text().trimmed();
    f.city = m_city->text().trimmed();
    f.industry = m_industry->text().trimmed();
    f.hasPhone = m_hasPhone->isChecked();
    f.hasEmail = m_hasEmail->isChecked();
    f.hasWebsite = m_hasWebsite->isChecked();
    f.hasVideo = m_hasVideo->isChecked();
    f.videoStatus = m_videoStatus->currentData().toString();
    if (m_minRating->value() > 0)
        f.minRating = m_minRating->value();
    if (m_minReviews->value() > 0)
        f.minReviews = m_minReviews->value();
    if (m_createdAfter->date() > kAnyDate)
        f.createdAfter = m_createdAfter->date();
    if (m_createdBefore->date() > kAnyDate)
        f.createdBefore = m_createdBefore->date();
    f.jobId = m_jobFilter;
    return f;
}

void LeadsPage::setFilter(const UnloopaLeadFilter &f)
{
    {
        const QList<QWidget *> editors{m_search,    m_city,       m_industry,     m_hasPhone,
                                       m_hasEmail,  m_hasWebsite, m_hasVideo,     m_videoStatus,
                                       m_minRating, m_minReviews, m_createdAfter, m_createdBefore};
        QList<std::shared_ptr<QSignalBlocker>> blockers;
        for (QWidget *w : editors)
            blockers.append(std::make_shared<QSignalBlocker>(w));
        m_search->setText(f.search);
        m_city->setText(f.city);
        m_industry->setText(f.industry);
        m_hasPhone->setChecked(f.hasPhone);
        m_hasEmail->setChecked(f.hasEmail);
        m_hasWebsite->setChecked(f.hasWebsite);
        m_hasVideo->setChecked(f.hasVideo);
        m_videoStatus->setCurrentIndex(qMax(0, m_videoStatus->findData(f.videoStatus)));
        m_minRating->setValue(f.minRating.value_or(0));
        m_minReviews->setValue(f.minReviews.value_or(0));
        m_createdAfter->setDate(f.createdAfter.isValid() ? f.createdAfter : kAnyDate);
        m_createdBefore->setDate(f.createdBefore.isValid() ? f.createdBefore : kAnyDate);
    }
    m_jobFilter = f.jobId;
    applyLocalFilter();
}

void LeadsPage::applyLocalFilter()
{
    const UnloopaLeadFilter f = filter();
    const RecordFilter rf = LeadsController::localFilter(f);
    m_controller->leads()->setFilter(rf);

    if (f.jobId.isEmpty()) {
        m_jobChip->hide();
    } else {
        const auto job = m_controller->store()->job(f.jobId);
        m_jobChip->setText(tr("Job: %1 ✕").arg(job ? job->command.left(40) : f.jobId.left(8)));
        m_jobChip->show();
    }
}

void LeadsPage::fetchFromServer()
{
    if (!m_controller)
        return;
    m_controller->refreshQuota();
    m_controller->refreshJobs();
    m_controller->refreshLeads(filter());
    m_controller->refreshWebsites();
}

void LeadsPage::showLead(const QString &leadId)
{
    m_tabs->setCurrentIndex(0);
    m_pendingLead = leadId;
    const int row = m_controller->leads()->table().findRow(QStringView(leadId));
    if (row >= 0 && m_controller->leads()->viewRow(row) < 0)
        setFilter({}); // the filter hides it
    selectPending();
}

void LeadsPage::showJob(const QString &jobId)
{
    m_pendingJob = jobId;
    selectPending();
}

QString LeadsPage::currentJobId() const
{
    const QModelIndex current = m_jobsView->currentIndex();
    return current.isValid()
            ? m_controller->jobs()->index(current.row(), 0).data(RecordTableModel::RawRole).toString()
            : QString();
}

void LeadsPage::selectPending()
{
    if (!m_pendingLead.isEmpty() && m_leadsView->selectRecord(m_pendingLead)) {
        m_pendingLead.clear();
        m_leadsView->setFocus();
    }
    if (!m_pendingJob.isEmpty() && m_jobsView->selectRecord(m_pendingJob))
        m_pendingJob.clear();
}

void LeadsPage::showSelectedLead()
{
    const QModelIndex current = m_leadsView->currentIndex();
    if (!current.isValid()) {
        m_detailLeadId.clear();
        m_detail->clear();
        return;
    }
    const QString id =
            m_controller->leads()->index(current.row(), 0).data(RecordTableModel::RawRole).toString();
    if (id == m_detailLeadId)
        return;
    m_detailLeadId = id;
    m_controller->fetchLeadDetail(id);
}

// ---------------------------------------------------------------------------------------------
// Websites

QWidget *LeadsPage::createWebsitesTab()
{
    auto *tab = new QWidget;
    auto *layout = new QVBoxLayout(tab);
    m_websiteSearch = new QLineEdit;
    m_websiteSearch->setObjectName(QStringLiteral("websitesSearch"));
    m_websiteSearch->setAccessibleName(tr("Search websites"));
    m_websiteSearch->setPlaceholderText(tr("Search business, city, industry, website"));
    m_websiteSearch->setClearButtonEnabled(true);
    layout->addWidget(m_websiteSearch);
    m_websitesView = new RecordTableView;
    m_websitesView->setObjectName(QStringLiteral("websitesTable"));
    m_websitesView->setAccessibleName(tr("Generated websites"));
    setupTable(m_websitesView, m_controller->websites(), QStringLiteral("leads/websites"));
    layout->addWidget(m_websitesView, 1);
    connect(m_websiteSearch, &QLineEdit::textChanged, m_controller->websites(),
            &RecordTableModel::setFilterText);
    return tab;
}

// ---------------------------------------------------------------------------------------------
// Status row: counts, sync state, export

QWidget *LeadsPage::createStatusRow()
{
    auto *row = new QWidget;
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    // These labels change with every batch that arrives: their size must not, or each change
    // would re-lay out the whole page (and resize the big table) on the GUI thread.
    m_counts = new QLabel;
    m_counts->setObjectName(QStringLiteral("leadsCounts"));
    m_counts->setMinimumWidth(m_counts->fontMetrics().horizontalAdvance(
            tr("No websites match the filters (100,000,000 stored)")));
    m_counts->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
    m_sync = new QLabel;
    m_sync->setObjectName(QStringLiteral("leadsSync"));
    m_sync->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_sync->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_counts);
    layout->addWidget(m_sync, 1);
    m_export = new ExportControl(m_controller->exportJob(), m_notifier);
    m_export->setObjectName(QStringLiteral("leadsExport"));
    m_export->setSource([this] {
        const bool websites = currentModel() == m_controller->websites();
        return ExportControl::Source{currentModel(),
                                     websites ? QStringLiteral("websites.csv") : QStringLiteral("leads.csv")};
    });
    layout->addWidget(m_export);
    return row;
}

RecordTableModel *LeadsPage::currentModel() const
{
    if (!m_controller)
        return nullptr;
    return m_tabs->currentIndex() == 1 ? m_controller->websites() : m_controller->leads();
}

void LeadsPage::updateCounts()
{
    if (!m_controller)
        return;
    const QLocale locale;
    RecordTableModel *model = currentModel();
    const int shown = model->rowCount();
    const int all = model->table().rowCount();
    const QString what = model == m_controller->websites() ? tr("websites") : tr("leads");
    if (all == 0)
        m_counts->setText(tr("No %1 stored").arg(what));
    else if (shown == all)
        m_counts->setText(tr("%1 %2").arg(locale.toString(all), what));
    else if (shown == 0)
        m_counts->setText(tr("No %1 match the filters (%2 stored)").arg(what, locale.toString(all)));
    else
        m_counts->setText(tr("Showing %1 of %2 %3").arg(locale.toString(shown), locale.toString(all), what));
}

void LeadsPage::updateSyncLabel()
{
    if (!m_controller)
        return;
    const QDateTime last = m_controller->lastSynced();
    if (m_controller->isOffline()) {
        m_offline->setText(last.isValid()
                                   ? tr("Offline — Unloopa cannot be reached. Showing what this computer "
                                        "stored; last synced at %1.")
                                             .arg(when(last))
                                   : tr("Offline — Unloopa cannot be reached and nothing was synced yet."));
        m_offline->show();
    } else {
        m_offline->hide();
    }
    if (m_controller->isRefreshing())
        return;
    setSyncText(last.isValid() ? tr("Last synced at %1.").arg(when(last))
                               : tr("Not synced with Unloopa yet."));
}

bool LeadsPage::exportTo(const QString &path, CsvProfile profile)
{
    return m_controller && m_controller->exportJob()->start(currentModel(), path, profile);
}

void LeadsPage::cancelExport()
{
    if (m_controller)
        m_controller->exportJob()->cancel();
}

bool LeadsPage::isExporting() const
{
    return m_controller && m_controller->exportJob()->isBusy();
}

void LeadsPage::notify(const Notification &notification)
{
    if (m_notifier)
        m_notifier->notify(notification);
    setSyncText(notification.title + QStringLiteral(": ") + notification.message);
}

void LeadsPage::setSyncText(const QString &text)
{
    // One line that never resizes the row; the whole sentence is in the tool tip.
    m_sync->setText(text);
    m_sync->setToolTip(text);
}
