#include "UniboxView.h"

#include "common/ErrorText.h"
#include "common/ExportControl.h"
#include "common/LayoutMemory.h"
#include "common/RecordTableView.h"
#include "email/EmailCampaignStore.h"
#include "email/UniboxController.h"
#include "table/RecordTableModel.h"

#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace {
constexpr int IntentRole = Qt::UserRole + 1;

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}
} // namespace

UniboxView::UniboxView(const EmailContext &context, QWidget *parent)
    : QWidget(parent),
      m_context(context),
      m_controller(new UniboxController(context.service, context.activity, this)),
      m_threads(new RecordTableModel(UniboxController::threadSchema(), this)),
      m_intents(new QListWidget(this)),
      m_table(new RecordTableView(this)),
      m_reader(new QTextBrowser(this)),
      m_status(new QLabel(this)),
      m_refresh(new QPushButton(tr("&Refresh replies"), this))
{
    setObjectName(QStringLiteral("uniboxView"));
    setAccessibleName(tr("Unibox"));
    m_intents->setObjectName(QStringLiteral("uniboxIntents"));
    m_intents->setAccessibleName(tr("Reply intents"));
    m_table->setObjectName(QStringLiteral("uniboxThreads"));
    m_table->setAccessibleName(tr("Reply threads of the chosen intent"));
    m_table->setRecordModel(m_threads, QStringLiteral("email/unibox"), UniboxController::Latest,
                            Qt::DescendingOrder);
    m_table->setSortingEnabled(true);
    m_reader->setObjectName(QStringLiteral("uniboxReader"));
    m_reader->setAccessibleName(tr("The chosen thread"));
    m_reader->setOpenLinks(false);
    m_reader->setPlaceholderText(tr("Choose a thread to read it."));
    m_status->setObjectName(QStringLiteral("uniboxStatus"));
    m_status->setWordWrap(true);
    ErrorText::makeLinkLabel(m_status);
    m_refresh->setObjectName(QStringLiteral("uniboxRefresh"));
    m_refresh->setToolTip(tr("Read the reply threads from Outreach2day again (Alt+R)"));

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Replies across every campaign, by intent. Outreach2day has no "
                                 "endpoint for a thread's messages: what the console saw is kept."),
                              this),
                   1);
    top->addWidget(m_refresh);
    m_export = new ExportControl(m_controller->exportJob(), context.notifier, this);
    m_export->setObjectName(QStringLiteral("uniboxExport"));
    m_export->setSource([this] {
        return ExportControl::Source{m_threads, QStringLiteral("unibox-threads.csv")};
    });
    m_export->attachShortcut(this);
    top->addWidget(m_export);
    auto *right = new QSplitter(Qt::Vertical, this);
    right->setObjectName(QStringLiteral("uniboxReadSplitter"));
    right->addWidget(m_table);
    right->addWidget(m_reader);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("uniboxSplitter"));
    splitter->addWidget(m_intents);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 4);
    LayoutMemory::track(splitter, QStringLiteral("email/unibox"));
    LayoutMemory::track(right, QStringLiteral("email/unibox-reader"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    connect(m_refresh, &QPushButton::clicked, this, &UniboxView::refresh);
    connect(m_intents, &QListWidget::currentItemChanged, this, [this] { reloadThreads(); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    showThread(m_threads->index(current.row(), UniboxController::Id).data().toString());
            });
    connect(m_reader, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        const QStringList parts = url.path().split(QLatin1Char('/'));
        if (url.scheme() == QLatin1String("campaign") && !parts.value(0).isEmpty())
            Q_EMIT campaignRequested(parts.value(0));
        else if (url.scheme() == QLatin1String("contact") && parts.size() == 2)
            Q_EMIT contactRequested(parts.value(0), parts.value(1));
    });
    connect(m_controller, &UniboxController::threadsChanged, this, [this] {
        reloadIntents();
        reloadThreads();
    });
    connect(m_controller, &UniboxController::refreshFinished, this, [this](const ApiError &error) {
        m_refresh->setEnabled(true);
        if (error.isError() && error.kind != ApiError::Kind::Cancelled)
            ErrorText::show(m_status, error, tr("The reply threads could not be read:"));
        else
            m_status->setText(tr("Reply threads read."));
    });
    reloadIntents();
    reloadThreads();
}

QString UniboxView::currentIntent() const
{
    const QListWidgetItem *item = m_intents->currentItem();
    return item ? item->data(IntentRole).toString() : QStringLiteral("interested");
}

void UniboxView::selectIntent(const QString &intent)
{
    for (int row = 0; row < m_intents->count(); ++row) {
        if (m_intents->item(row)->data(IntentRole).toString() == intent)
            m_intents->setCurrentRow(row);
    }
}

void UniboxView::refresh()
{
    if (!m_context.service || !m_context.activity)
        return;
    m_refresh->setEnabled(false);
    m_status->setText(tr("Reading the reply threads…"));
    m_controller->refresh();
}

void UniboxView::reloadIntents()
{
    if (!m_context.activity)
        return;
    const QString current = currentIntent();
    const QSignalBlocker blocker(m_intents);
    m_intents->clear();
    for (const QString &intent : m_controller->intents()) {
        auto *item = new QListWidgetItem(tr("%1 (%2)")
                                                 .arg(UniboxController::intentLabel(intent))
                                                 .arg(m_controller->threadCount(intent)),
                                         m_intents);
        item->setData(IntentRole, intent);
    }
    selectIntent(current);
}

void UniboxView::reloadThreads()
{
    if (!m_context.activity)
        return;
    // A refresh keeps the thread being read selected.
    const QString current = currentThreadId();
    m_threads->setRows(m_controller->threadTable(currentIntent()));
    if (!selectPendingReply() && !current.isEmpty())
        m_table->selectRecord(current);
}

void UniboxView::showReply(const QString &threadId, const QString &email)
{
    m_pendingThread = threadId;
    m_pendingEmail = email;
    if (currentIntent() == QLatin1String("interested"))
        selectPendingReply();
    else
        selectIntent(QStringLiteral("interested")); // reloads the threads, then selects
}

bool UniboxView::selectPendingReply()
{
    if (m_pendingThread.isEmpty() && m_pendingEmail.isEmpty())
        return false;
    bool selected = m_table->selectRecord(m_pendingThread);
    // The threads are listed newest first: the first of the contact's is its latest.
    for (int row = 0; !selected && !m_pendingEmail.isEmpty() && row < m_threads->rowCount(); ++row) {
        const int tableRow = m_threads->tableRow(row);
        if (m_threads->table()
                    .text(tableRow, UniboxController::Email)
                    .compare(m_pendingEmail, Qt::CaseInsensitive) == 0)
            selected = m_table->selectRecord(m_threads->table().text(tableRow, UniboxController::Id));
    }
    if (selected) {
        m_pendingThread.clear();
        m_pendingEmail.clear();
    }
    return selected;
}

QString UniboxView::currentThreadId() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? m_threads->index(current.row(), UniboxController::Id).data().toString()
                             : QString();
}

QString UniboxView::campaignName(const QString &campaignId) const
{
    if (m_context.store) {
        if (const auto row = m_context.store->campaign(campaignId); row && !row->campaign.name.isEmpty())
            return row->campaign.name;
    }
    return campaignId;
}

void UniboxView::showThread(const QString &threadId)
{
    const auto thread = m_context.activity ? m_context.activity->thread(threadId) : std::nullopt;
    if (!thread) {
        m_reader->clear();
        return;
    }
    const QLocale locale;
    QString html;
    html += QStringLiteral("<h3>%1</h3>")
                    .arg(escaped(thread->subject.isEmpty() ? tr("(no subject)") : thread->subject));
    const auto line = [&html](const QString &label, const QString &value) {
        html += QStringLiteral("<p><b>%1</b> %2</p>").arg(escaped(label), value);
    };
    line(tr("Intent:"), escaped(UniboxController::intentLabel(thread->replyIntent)));
    line(tr("Campaign:"),
         QStringLiteral("<a href=\"campaign:%1\">%2</a>")
                 .arg(escaped(thread->campaignId), escaped(campaignName(thread->campaignId))));
    line(tr("Contact:"),
         QStringLiteral("<a href=\"contact:%1/%2\">%3</a>")
                 .arg(escaped(thread->campaignId), escaped(thread->contactId),
                      escaped(thread->email.isEmpty() ? thread->contactId : thread->email)));
    if (thread->latestAt().isValid())
        line(tr("Latest:"), escaped(locale.toString(thread->latestAt().toLocalTime(), QLocale::ShortFormat)));
    if (thread->messageCount >= 0)
        line(tr("Messages:"), QString::number(thread->messageCount));
    const QString text = thread->body.isEmpty() ? thread->snippet : thread->body;
    html += QStringLiteral("<hr/><p style=\"white-space: pre-wrap\">%1</p>")
                    .arg(text.isEmpty() ? escaped(tr("The answer carried no text for this thread."))
                                        : escaped(text));
    const QList<O2dThread> history = m_context.activity->threadHistory(threadId);
    if (history.size() > 1) {
        html += QStringLiteral("<hr/><p><b>%1</b></p><ul>").arg(escaped(tr("Earlier states seen:")));
        for (qsizetype i = history.size() - 2; i >= 0; --i) {
            const O2dThread &old = history.at(i);
            html += QStringLiteral("<li>%1 — %2: %3</li>")
                            .arg(escaped(locale.toString(old.latestAt().toLocalTime(), QLocale::ShortFormat)),
                                 escaped(UniboxController::intentLabel(old.replyIntent)),
                                 escaped(old.snippet.isEmpty() ? old.body.left(200) : old.snippet));
        }
        html += QStringLiteral("</ul>");
    }
    m_reader->setHtml(html);
}
