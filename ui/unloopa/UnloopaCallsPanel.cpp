#include "UnloopaCallsPanel.h"

#include "common/ErrorText.h"
#include "common/ExportControl.h"
#include "common/LayoutMemory.h"
#include "common/RecordTableView.h"
#include "export/ExportJob.h"
#include "table/CellFormat.h"
#include "table/RecordTableModel.h"
#include "unloopa/UnloopaCallsController.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QVBoxLayout>

#include <functional>

namespace {

// Shows a column's vendor codes as words (the cell keeps the code: filters and CSV use it).
class WordsDelegate : public QStyledItemDelegate
{
public:
    WordsDelegate(std::function<QString(const QString &)> words, QObject *parent)
        : QStyledItemDelegate(parent), m_words(std::move(words))
    { }
    QString displayText(const QVariant &value, const QLocale &) const override
    {
        return m_words(value.toString());
    }

private:
    std::function<QString(const QString &)> m_words;
};

QString speaker(const QString &role)
{
    if (role == QLatin1String("agent"))
        return UnloopaCallsPanel::tr("Agent");
    if (role == QLatin1String("user"))
        return UnloopaCallsPanel::tr("Callee");
    return role;
}

// The analysis's keys as Unloopa names them, in words.
QString analysisLabel(const QString &key)
{
    static const QList<QPair<const char *, const char *>> known{
            {"summary", QT_TRANSLATE_NOOP("UnloopaCallsPanel", "Summary")},
            {"sentiment", QT_TRANSLATE_NOOP("UnloopaCallsPanel", "Sentiment")},
            {"interest_level", QT_TRANSLATE_NOOP("UnloopaCallsPanel", "Interest level")},
            {"call_successful", QT_TRANSLATE_NOOP("UnloopaCallsPanel", "Call successful")},
            {"callback_requested", QT_TRANSLATE_NOOP("UnloopaCallsPanel", "Callback requested")},
            {"next_step", QT_TRANSLATE_NOOP("UnloopaCallsPanel", "Next step")},
    };
    for (const auto &[id, label] : known) {
        if (key == QLatin1String(id))
            return UnloopaCallsPanel::tr(label);
    }
    QString words = key;
    words.replace(QLatin1Char('_'), QLatin1Char(' '));
    return words.left(1).toUpper() + words.mid(1);
}

QString analysisValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? UnloopaCallsPanel::tr("Yes") : UnloopaCallsPanel::tr("No");
    case QJsonValue::Double:
        return QLocale().toString(value.toDouble());
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return {};
    default:
        return QString::fromUtf8(QJsonDocument(value.isArray() ? QJsonDocument(value.toArray())
                                                               : QJsonDocument(value.toObject()))
                                         .toJson(QJsonDocument::Compact));
    }
}

QString timeText(const QDateTime &when)
{
    return when.isValid() ? CellFormat::dateTime(when.toMSecsSinceEpoch()) : QString();
}

} // namespace

UnloopaCallsPanel::UnloopaCallsPanel(UnloopaCallsController *controller, QWidget *parent)
    : QWidget(parent), m_controller(controller)
{
    setObjectName(QStringLiteral("unloopaCallsPanel"));
    setAccessibleName(tr("Unloopa calls"));
    auto *layout = new QVBoxLayout(this);

    // ---- Filters and actions
    auto *bar = new QHBoxLayout;
    auto combo = [this](const char *name, const QString &accessible, const QString &any) {
        auto *box = new QComboBox(this);
        box->setObjectName(QString::fromLatin1(name));
        box->setAccessibleName(accessible);
        box->addItem(any, QString());
        return box;
    };
    m_status = combo("unloopaCallsStatus", tr("Status"), tr("Any status"));
    for (const QString &status : UnloopaCall::statuses())
        m_status->addItem(UnloopaCallsController::statusText(status), status);
    m_outcome = combo("unloopaCallsOutcome", tr("Outcome"), tr("Any outcome"));
    for (const QString &outcome : UnloopaCall::outcomes())
        m_outcome->addItem(UnloopaCallsController::outcomeText(outcome), outcome);
    m_campaign = combo("unloopaCallsCampaign", tr("Campaign"), tr("Any campaign"));
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("unloopaCallsSearch"));
    m_search->setAccessibleName(tr("Search calls"));
    m_search->setPlaceholderText(tr("Search business, number, notes, transcript…"));
    m_search->setClearButtonEnabled(true);
    m_refresh = new QPushButton(tr("&Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("unloopaCallsRefresh"));
    m_refresh->setToolTip(tr("Read the calls from Unloopa again (F5)"));
    m_placeCall = new QPushButton(tr("Place a &call…"), this);
    m_placeCall->setObjectName(QStringLiteral("unloopaCallsPlaceCall"));
    m_placeCall->setToolTip(tr("One call with a voice agent, 1 voice credit (Ctrl+Shift+N)"));
    m_export = new ExportControl(controller->exportJob(), nullptr, this);
    m_export->setSource([this] {
        return ExportControl::Source{m_controller->calls(), QStringLiteral("unloopa-calls.csv")};
    });
    m_export->attachShortcut(this);
    bar->addWidget(m_status);
    bar->addWidget(m_outcome);
    bar->addWidget(m_campaign);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_refresh);
    bar->addWidget(m_placeCall);
    bar->addWidget(m_export);
    layout->addLayout(bar);

    m_listNotInterested = new QCheckBox(
            tr("Put the numbers of calls that end \"not interested\" on the &do-not-contact list"), this);
    m_listNotInterested->setObjectName(QStringLiteral("unloopaCallsListNotInterested"));
    m_listNotInterested->setToolTip(
            tr("Also pauses the active campaigns that would call such a number. Off until you choose it."));
    m_listNotInterested->setChecked(controller->listsNotInterested());
    layout->addWidget(m_listNotInterested);

    auto *statusLine = new QHBoxLayout;
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("unloopaCallsCount"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("unloopaCallsMessage"));
    ErrorText::makeLinkLabel(m_message);
    m_message->setWordWrap(true);
    statusLine->addWidget(m_count);
    statusLine->addWidget(m_message, 1);
    layout->addLayout(statusLine);

    m_empty = new QLabel(this);
    m_empty->setObjectName(QStringLiteral("unloopaCallsEmpty"));
    m_empty->setWordWrap(true);
    layout->addWidget(m_empty);

    // ---- Table | detail
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("unloopaCallsSplitter"));
    m_table = new RecordTableView(splitter);
    m_table->setObjectName(QStringLiteral("unloopaCallsTable"));
    m_table->setAccessibleName(tr("Calls"));
    m_table->setRecordModel(controller->calls(), QStringLiteral("unloopa/calls"), UnloopaCallStore::CreatedAt,
                            Qt::DescendingOrder);
    m_table->setSortingEnabled(true);
    m_table->setItemDelegateForColumn(UnloopaCallStore::Status,
                                      new WordsDelegate(&UnloopaCallsController::statusText, m_table));
    m_table->setItemDelegateForColumn(UnloopaCallStore::Outcome,
                                      new WordsDelegate(&UnloopaCallsController::outcomeText, m_table));

    auto *detail = new QWidget(splitter);
    detail->setObjectName(QStringLiteral("unloopaCallDetail"));
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_header = new QLabel(detail);
    m_header->setObjectName(QStringLiteral("unloopaCallHeader"));
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    detailLayout->addWidget(m_header);
    auto *findBar = new QHBoxLayout;
    m_find = new QLineEdit(detail);
    m_find->setObjectName(QStringLiteral("unloopaTranscriptFind"));
    m_find->setAccessibleName(tr("Find in the transcript"));
    m_find->setPlaceholderText(tr("Find in the transcript (Ctrl+F)"));
    m_find->setClearButtonEnabled(true);
    m_matches = new QLabel(detail);
    m_matches->setObjectName(QStringLiteral("unloopaTranscriptMatches"));
    findBar->addWidget(m_find, 1);
    findBar->addWidget(m_matches);
    detailLayout->addLayout(findBar);
    m_transcript = new QTextBrowser(detail);
    m_transcript->setObjectName(QStringLiteral("unloopaTranscript"));
    m_transcript->setAccessibleName(tr("Transcript"));
    m_transcript->setOpenLinks(false);
    detailLayout->addWidget(m_transcript, 3);
    m_analysis = new QLabel(detail);
    m_analysis->setObjectName(QStringLiteral("unloopaCallAnalysis"));
    m_analysis->setAccessibleName(tr("Analysis"));
    m_analysis->setWordWrap(true);
    m_analysis->setTextFormat(Qt::RichText);
    m_analysis->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_analysis->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    detailLayout->addWidget(m_analysis, 1);
    splitter->addWidget(m_table);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    LayoutMemory::track(splitter, QStringLiteral("unloopa/calls/splitter"));
    layout->addWidget(splitter, 1);
    clearDetail();

    // ---- Keys
    auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *s = new QShortcut(keys, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence::FindNext, [this] { findInTranscript(false); });
    shortcut(QKeySequence::FindPrevious, [this] { findInTranscript(true); });
    shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), [this] { Q_EMIT placeCallRequested(); });

    // ---- Wiring
    for (QComboBox *box : {m_status, m_outcome, m_campaign})
        connect(box, &QComboBox::currentIndexChanged, this, &UnloopaCallsPanel::filtersChanged);
    connect(m_search, &QLineEdit::textChanged, controller, &UnloopaCallsController::setSearchText);
    connect(m_refresh, &QPushButton::clicked, controller, &UnloopaCallsController::refresh);
    connect(m_placeCall, &QPushButton::clicked, this, &UnloopaCallsPanel::placeCallRequested);
    connect(m_listNotInterested, &QCheckBox::toggled, this, &UnloopaCallsPanel::optInToggled);
    connect(m_find, &QLineEdit::textChanged, this, &UnloopaCallsPanel::highlightMatches);
    connect(m_find, &QLineEdit::returnPressed, this,
            [this] { findInTranscript(QGuiApplication::keyboardModifiers() & Qt::ShiftModifier); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &UnloopaCallsPanel::selectionChanged);
    connect(controller->calls(), &RecordTableModel::visibleRowsChanged, this,
            &UnloopaCallsPanel::updateCount);
    connect(controller->calls(), &RecordTableModel::modelReset, this, &UnloopaCallsPanel::updateCount);
    connect(controller, &UnloopaCallsController::campaignsChanged, this, &UnloopaCallsPanel::fillCampaigns);
    connect(controller, &UnloopaCallsController::detailReady, this, [this](const UnloopaCall &call, bool) {
        if (call.id == m_shownId)
            showCall(call);
    });
    connect(controller, &UnloopaCallsController::detailFailed, this,
            [this](const QString &id, const ApiError &error) {
                if (id == m_shownId)
                    ErrorText::show(m_message, error, tr("Could not read the call:"));
            });
    connect(controller, &UnloopaCallsController::refreshingChanged, this, [this](bool refreshing) {
        m_refresh->setEnabled(!refreshing);
        if (refreshing)
            m_message->setText(tr("Reading the calls from Unloopa…"));
    });
    connect(controller, &UnloopaCallsController::refreshProgress, this, [this](int fetched, int total) {
        m_message->setText(tr("Reading the calls from Unloopa… %1 of %2").arg(fetched).arg(total));
    });
    connect(controller, &UnloopaCallsController::refreshed, this, [this](int fetched) {
        m_message->setText(tr("%n call(s) read from Unloopa.", nullptr, fetched));
    });
    connect(controller, &UnloopaCallsController::refreshFailed, this, [this](const ApiError &error) {
        ErrorText::show(m_message, error, tr("Could not read the calls; the stored ones are shown:"));
    });
    connect(controller, &UnloopaCallsController::storeFailed, this, [this](const StoreStatus &status) {
        ErrorText::show(m_message, status.toApiError(Vendor::Unloopa), tr("The local store failed:"));
    });
    connect(controller, &UnloopaCallsController::notInterestedListed, this,
            [this](int added, const QStringList &paused) {
                if (added == 0)
                    return;
                QString text =
                        tr("%n not-interested number(s) put on the do-not-contact list.", nullptr, added);
                if (!paused.isEmpty())
                    text += QLatin1Char(' ') +
                            tr("%n campaign(s) that would call them paused.", nullptr, int(paused.size()));
                m_message->setText(text.toHtmlEscaped());
            });
    connect(controller, &UnloopaCallsController::listingFailed, this, [this](const ApiError &error) {
        ErrorText::show(m_message, error, tr("Could not put the not-interested numbers on the list:"));
    });
    connect(controller->exportJob(), &ExportJob::finished, this, [this](const CsvExportResult &result) {
        m_message->setText(ExportControl::describe(result).toHtmlEscaped());
    });
    fillCampaigns();
    updateCount();
}

void UnloopaCallsPanel::focusFind()
{
    if (!m_transcript->document()->isEmpty()) {
        m_find->setFocus(Qt::ShortcutFocusReason);
        m_find->selectAll();
    } else {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    }
}

void UnloopaCallsPanel::filtersChanged()
{
    UnloopaCallFilter filter;
    filter.status = m_status->currentData().toString();
    filter.outcome = m_outcome->currentData().toString();
    filter.campaignId = m_campaign->currentData().toString();
    m_controller->setFilter(filter);
    m_controller->refresh();
}

void UnloopaCallsPanel::fillCampaigns()
{
    const QString current = m_campaign->currentData().toString();
    const QSignalBlocker blocker(m_campaign);
    while (m_campaign->count() > 1)
        m_campaign->removeItem(1);
    for (const auto &[id, name] : m_controller->campaignNames())
        m_campaign->addItem(name, id);
    const int index = m_campaign->findData(current);
    if (index < 0 && !current.isEmpty())
        m_campaign->addItem(current, current); // filtered by an id the store has no name for
    m_campaign->setCurrentIndex(qMax(0, m_campaign->findData(current)));
}

void UnloopaCallsPanel::updateCount()
{
    const RecordTableModel *model = m_controller->calls();
    const int stored = model->table().rowCount();
    const int shown = model->rowCount();
    m_count->setText(shown == stored ? tr("%n call(s)", nullptr, stored)
                                     : tr("%1 of %n call(s)", nullptr, stored).arg(shown));
    if (stored == 0)
        m_empty->setText(tr("No Unloopa calls yet. Place one with \"Place a call…\", or call from a voice "
                            "campaign; they appear here with their transcripts."));
    else if (shown == 0)
        m_empty->setText(tr("No call matches these filters."));
    m_empty->setVisible(shown == 0);
}

void UnloopaCallsPanel::selectionChanged()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        clearDetail();
        return;
    }
    const RecordTableModel *model = m_controller->calls();
    const QString id = model->table().text(model->tableRow(current.row()), UnloopaCallStore::Id);
    if (id == m_shownId)
        return;
    m_shownId = id;
    m_controller->showDetail(id);
}

void UnloopaCallsPanel::clearDetail()
{
    m_shownId.clear();
    m_header->setText(tr("Select a call to read its transcript and Unloopa's analysis."));
    m_transcript->clear();
    m_analysis->clear();
    m_matches->clear();
}

void UnloopaCallsPanel::showCall(const UnloopaCall &call)
{
    QStringList facts;
    facts << call.phoneNumber << UnloopaCallsController::statusText(call.status);
    if (!call.outcome.isEmpty())
        facts << UnloopaCallsController::outcomeText(call.outcome);
    if (call.durationSecs > 0)
        facts << CellFormat::duration(call.durationSecs);
    if (call.startedAt.isValid())
        facts << tr("started %1").arg(timeText(call.startedAt));
    QString header =
            QStringLiteral("<b>%1</b><br>%2")
                    .arg((call.businessName.isEmpty() ? call.phoneNumber : call.businessName).toHtmlEscaped(),
                         facts.join(QStringLiteral(" · ")).toHtmlEscaped());
    if (!call.outcomeNotes.isEmpty())
        header += QStringLiteral("<br>") + call.outcomeNotes.toHtmlEscaped();
    m_header->setText(header);

    // The transcript, one paragraph per turn; the text itself is untouched, so find matches it.
    const int scroll = m_transcript->verticalScrollBar()->value();
    if (call.transcript.isEmpty()) {
        m_transcript->setPlainText(QString());
        m_transcript->setPlaceholderText(call.isFinished()
                                                 ? tr("This call has no transcript (nobody spoke).")
                                                 : tr("The transcript arrives when the call ends."));
    } else {
        QString html;
        for (const UnloopaTranscriptTurn &turn : call.transcript) {
            QString who = speaker(turn.role).toHtmlEscaped();
            if (turn.atSecs)
                who += QStringLiteral(" <small>(%1)</small>").arg(CellFormat::duration(qint64(*turn.atSecs)));
            html += turn.role.isEmpty()
                    ? QStringLiteral("<p>%1</p>").arg(turn.text.toHtmlEscaped())
                    : QStringLiteral("<p><b>%1</b>: %2</p>").arg(who, turn.text.toHtmlEscaped());
        }
        m_transcript->setHtml(html);
        m_transcript->verticalScrollBar()->setValue(scroll);
    }
    highlightMatches();

    QString analysis;
    for (auto it = call.analysis.constBegin(); it != call.analysis.constEnd(); ++it) {
        QString value = analysisValue(it.value());
        if (it.value().isString()) // "not_interested", "high": codes read as words
            value.replace(QLatin1Char('_'), QLatin1Char(' '));
        if (!value.isEmpty())
            analysis += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                                .arg(analysisLabel(it.key()).toHtmlEscaped(), value.toHtmlEscaped());
    }
    m_analysis->setText(analysis.isEmpty()
                                ? tr("No analysis yet.").toHtmlEscaped()
                                : QStringLiteral("<table cellspacing=\"4\">%1</table>").arg(analysis));
}

void UnloopaCallsPanel::highlightMatches()
{
    QList<QTextEdit::ExtraSelection> selections;
    const QString needle = m_find->text();
    if (!needle.isEmpty()) {
        QTextCharFormat format;
        format.setBackground(palette().brush(QPalette::Highlight));
        format.setForeground(palette().brush(QPalette::HighlightedText));
        QTextDocument *document = m_transcript->document();
        for (QTextCursor at = document->find(needle); !at.isNull(); at = document->find(needle, at)) {
            QTextEdit::ExtraSelection selection;
            selection.cursor = at;
            selection.format = format;
            selections.append(selection);
        }
        m_matches->setText(selections.isEmpty() ? tr("No match")
                                                : tr("%n match(es)", nullptr, int(selections.size())));
    } else {
        m_matches->clear();
    }
    m_transcript->setExtraSelections(selections);
}

void UnloopaCallsPanel::findInTranscript(bool backwards)
{
    const QString needle = m_find->text();
    if (needle.isEmpty())
        return;
    const QTextDocument::FindFlags flags =
            backwards ? QTextDocument::FindBackward : QTextDocument::FindFlags();
    if (!m_transcript->find(needle, flags)) {
        // Wrap around.
        QTextCursor cursor = m_transcript->textCursor();
        cursor.movePosition(backwards ? QTextCursor::End : QTextCursor::Start);
        m_transcript->setTextCursor(cursor);
        m_transcript->find(needle, flags);
    }
}

void UnloopaCallsPanel::optInToggled(bool on)
{
    if (on && !m_controller->listsNotInterested()) {
        QMessageBox box(QMessageBox::Question, tr("Put not-interested numbers on the do-not-contact list?"),
                        tr("From now on, the number of every call that ends \"not interested\" is put on the "
                           "do-not-contact list, and the active campaigns that would call it are paused."),
                        QMessageBox::Cancel, this);
        box.setObjectName(QStringLiteral("unloopaCallsConfirmListing"));
        box.setInformativeText(tr("%n stored call(s) ended not interested; their numbers are listed now.",
                                  nullptr, m_controller->notInterestedCount()));
        QPushButton *yes = box.addButton(tr("&List them"), QMessageBox::AcceptRole);
        yes->setObjectName(QStringLiteral("unloopaCallsConfirmListingButton"));
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() != yes) {
            const QSignalBlocker blocker(m_listNotInterested);
            m_listNotInterested->setChecked(false);
            return;
        }
    }
    m_controller->setListsNotInterested(on);
}
