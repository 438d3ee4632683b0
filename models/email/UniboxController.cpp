#include "UniboxController.h"

#include "export/ExportJob.h"

#include "core/CursorPager.h"
#include "core/VendorClient.h"
#include "outreach2day/Outreach2dayService.h"

#include <QSet>

namespace {
QString interested()
{
    return QStringLiteral("interested");
}
QString notInterested()
{
    return QStringLiteral("not_interested");
}
} // namespace

UniboxController::UniboxController(Outreach2dayService *service, EmailActivityStore *store, QObject *parent)
    : QObject(parent), m_service(service), m_store(store), m_export(new ExportJob(this))
{ }

void UniboxController::refresh()
{
    if (!m_service || !m_store)
        return;
    if (CursorPager *previous = m_pager) {
        // Superseded first: cancel() reports finished() at once, and that is not this refresh's end.
        m_pager = nullptr;
        previous->cancel();
        previous->deleteLater();
    }
    CursorPager *pager = m_service->threadsPager(QString(), QString(), this);
    m_pager = pager;
    connect(pager, &CursorPager::page, this, [this](const QList<QJsonObject> &items) {
        QList<O2dThread> threads;
        threads.reserve(items.size());
        for (const QJsonObject &item : items)
            threads.append(O2dThread::fromJson(item));
        m_store->saveThreads(threads);
        Q_EMIT threadsChanged();
    });
    connect(pager, &CursorPager::finished, this, [this, pager](const ApiError &error) {
        pager->deleteLater();
        if (m_pager != pager)
            return; // superseded by a newer refresh
        m_pager = nullptr;
        Q_EMIT refreshFinished(error);
    });
    pager->start();
}

bool UniboxController::isRefreshing() const
{
    return m_pager && m_pager->isRunning();
}

QStringList UniboxController::intents() const
{
    QSet<QString> seen;
    for (const O2dThread &thread : m_store->threads())
        seen.insert(thread.replyIntent);
    QStringList others;
    for (const QString &intent : std::as_const(seen)) {
        if (intent != interested() && intent != notInterested() && !intent.isEmpty())
            others.append(intent);
    }
    others.sort();
    QStringList ordered{interested(), notInterested()};
    ordered.append(others);
    if (seen.contains(QString()))
        ordered.append(QString());
    return ordered;
}

int UniboxController::threadCount(const QString &intent) const
{
    if (!intent.isEmpty())
        return int(m_store->threads(QString(), intent).size());
    int count = 0;
    for (const O2dThread &thread : m_store->threads())
        count += thread.replyIntent.isEmpty() ? 1 : 0;
    return count;
}

QString UniboxController::intentLabel(const QString &intent)
{
    if (intent.isEmpty())
        return tr("No intent");
    if (intent == interested())
        return tr("Interested");
    if (intent == notInterested())
        return tr("Not interested");
    QString words = intent;
    words.replace(QLatin1Char('_'), QLatin1Char(' '));
    words[0] = words.at(0).toUpper();
    return words; // an intent the document does not name: the API's own word
}

RecordSchema UniboxController::threadSchema()
{
    return RecordSchema({ColumnSpec::make(ColumnType::Text, QStringLiteral("id"), tr("Thread")).hidden(),
                         ColumnSpec::make(ColumnType::DateTime, QStringLiteral("latestAt"), tr("Latest")),
                         ColumnSpec::make(ColumnType::Text, QStringLiteral("email"), tr("Contact email")),
                         ColumnSpec::make(ColumnType::Text, QStringLiteral("subject"), tr("Subject")),
                         ColumnSpec::make(ColumnType::Text, QStringLiteral("snippet"), tr("Reply")),
                         ColumnSpec::make(ColumnType::Category, QStringLiteral("campaignId"), tr("Campaign")),
                         ColumnSpec::make(ColumnType::Text, QStringLiteral("contactId"), tr("Contact")),
                         ColumnSpec::make(ColumnType::Integer, QStringLiteral("messages"), tr("Messages"))},
                        QStringLiteral("id"));
}

RecordTable UniboxController::threadTable(const QString &intent) const
{
    RecordTable table(threadSchema());
    const QList<O2dThread> threads = m_store->threads(QString(), intent);
    table.reserve(int(threads.size()));
    for (const O2dThread &thread : threads) {
        if (thread.replyIntent != intent)
            continue; // "" asks the store for every intent: keep the threads without one only
        const int row = table.appendRow();
        table.setText(row, Id, thread.id);
        if (thread.latestAt().isValid())
            table.setDateTime(row, Latest, thread.latestAt().toMSecsSinceEpoch());
        table.setText(row, Email, thread.email);
        table.setText(row, Subject, thread.subject);
        table.setText(row, Snippet, thread.snippet.isEmpty() ? thread.body.left(200) : thread.snippet);
        table.setText(row, Campaign, thread.campaignId);
        table.setText(row, Contact, thread.contactId);
        if (thread.messageCount >= 0)
            table.setInteger(row, Messages, thread.messageCount);
    }
    return table;
}
