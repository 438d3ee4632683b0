// The Webhooks view through its real widgets (offscreen), its secrets in a real Secret Service
// (gnome-keyring in a private D-Bus session, started by run-isolated.sh), over loopback HTTP to the
// sandbox. The sandbox answers the event types; the subscription endpoints are registered here on
// the sandbox server as the Outreach2day public API reference shows them (the sandbox has none
// yet), recording what the console sent. Proven: the secret is made by the console, shown once,
// copied, and kept only in the keychain (never in the database or settings); rotation keeps the
// old secret accepted through the grace period the operator set; pause, resume, test, the events
// and deliveries lists; delete only after a confirmation.
#include "EmailSectionRig.h"
#include "TestMain.h"
#include "credentials/CredentialStore.h"
#include "email/WebhookSecrets.h"
#include "email/WebhooksController.h"
#include "email/WebhooksView.h"
#include "table/RecordTableModel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDirIterator>
#include <QFile>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>

class TestWebhooksView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void createdSecretShownOnceAndOnlyInTheKeychain();
    void rotateKeepsTheOldSecretThroughTheGracePeriod();
    void chosenSubscriptionIsEditedWithoutItsSecret();
    void pauseResumeTestListsAndDeleteAfterConfirmation();
    void withoutAKeychainNothingIsCreated();

private:
    void routes();
    QString subscriptionPath(const QString &tail = {}) const
    {
        return QStringLiteral("/campaigns/webhooks/subscriptions") + tail;
    }
    bool click(WebhooksView &view, const QString &button, int finishedCount = 1);
    // The secrets the keychain accepts for a subscription as of `now`.
    QStringList accepted(const QString &id, const QDateTime &graceUntil, const QDateTime &now);
    QString current(const QString &id);
    // True when `secret` is in none of the files under the test's directory and settings.
    bool nowhereOnDisk(const QString &secret);

    EmailSectionRig m_rig;
    CredentialStore m_keychain{CredentialStore::defaultServiceName()};
    QHash<QString, QJsonObject> m_subscriptions; // what the test endpoints hold
    QList<QPair<QByteArray, QString>> m_calls; // method + path the console called
    QJsonObject m_lastBody;
    int m_next = 1;
    QString m_id; // the subscription created by the first test
};

void TestWebhooksView::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("CC_SECRET_SERVICE_PID"),
             "run this test through tests/support/run-isolated.sh");
    // The test's own subscription endpoints go in before the sandbox starts: routes match in the
    // order they were registered, and the sandbox's own webhook endpoints are added at start().
    routes();
    QVERIFY2(m_rig.start(), qPrintable(m_rig.errorString()));
}

void TestWebhooksView::routes()
{
    SandboxServer *server = m_rig.sandbox().server();
    const auto record = [this](const SandboxRequest &request) {
        m_calls.append({request.method, request.path});
        m_lastBody = request.jsonObject();
    };
    server->route(
            Vendor::Outreach2day, "POST", subscriptionPath(), [this, record](const SandboxRequest &request) {
                record(request);
                QJsonObject subscription = request.jsonObject();
                subscription.insert(QStringLiteral("id"), QStringLiteral("wh_sub_%1").arg(m_next++));
                subscription.insert(QStringLiteral("status"), QStringLiteral("active"));
                m_subscriptions.insert(subscription.value(QStringLiteral("id")).toString(), subscription);
                return SandboxResponse::json(QJsonObject{{QStringLiteral("subscription"), subscription}},
                                             201);
            });
    const auto action = [this, record](const QString &status) {
        return [this, record, status](const SandboxRequest &request) {
            record(request);
            const QString id = request.pathArgs.value(QStringLiteral("id"));
            if (!m_subscriptions.contains(id))
                return SandboxServer::error(Vendor::Outreach2day, 404, QStringLiteral("not_found"),
                                            QStringLiteral("No such subscription."));
            QJsonObject &subscription = m_subscriptions[id];
            if (!status.isEmpty())
                subscription.insert(QStringLiteral("status"), status);
            QJsonObject answer = subscription;
            answer.remove(QStringLiteral("secret"));
            return SandboxResponse::json(QJsonObject{{QStringLiteral("subscription"), answer}});
        };
    };
    // Pause answers only the id and the new status (the document shows no answer): what the console
    // keeps of the subscription must survive it.
    server->route(Vendor::Outreach2day, "POST", subscriptionPath(QStringLiteral("/{id}/pause")),
                  [this, record](const SandboxRequest &request) {
                      record(request);
                      const QString id = request.pathArgs.value(QStringLiteral("id"));
                      m_subscriptions[id].insert(QStringLiteral("status"), QStringLiteral("paused"));
                      return SandboxResponse::json(QJsonObject{
                              {QStringLiteral("subscription"),
                               QJsonObject{{QStringLiteral("id"), id},
                                           {QStringLiteral("status"), QStringLiteral("paused")}}}});
                  });
    server->route(Vendor::Outreach2day, "PATCH", subscriptionPath(QStringLiteral("/{id}")),
                  [this, record](const SandboxRequest &request) {
                      record(request);
                      QJsonObject &subscription =
                              m_subscriptions[request.pathArgs.value(QStringLiteral("id"))];
                      for (auto it = m_lastBody.constBegin(); it != m_lastBody.constEnd(); ++it)
                          subscription.insert(it.key(), it.value());
                      QJsonObject answer = subscription;
                      answer.remove(QStringLiteral("secret"));
                      return SandboxResponse::json(QJsonObject{{QStringLiteral("subscription"), answer}});
                  });
    server->route(Vendor::Outreach2day, "POST", subscriptionPath(QStringLiteral("/{id}/resume")),
                  action(QStringLiteral("active")));
    server->route(Vendor::Outreach2day, "POST", subscriptionPath(QStringLiteral("/{id}/test")), action({}));
    server->route(Vendor::Outreach2day, "POST", subscriptionPath(QStringLiteral("/{id}/rotate-secret")),
                  [this, record](const SandboxRequest &request) {
                      record(request);
                      const QString id = request.pathArgs.value(QStringLiteral("id"));
                      m_subscriptions[id].insert(QStringLiteral("secret"),
                                                 m_lastBody.value(QStringLiteral("secret")));
                      return SandboxResponse::json(
                              QJsonObject{{QStringLiteral("subscription"), m_subscriptions[id]}});
                  });
    server->route(Vendor::Outreach2day, "DELETE", subscriptionPath(QStringLiteral("/{id}")),
                  [this, record](const SandboxRequest &request) {
                      record(request);
                      m_subscriptions.remove(request.pathArgs.value(QStringLiteral("id")));
                      return SandboxResponse::noContent();
                  });
    server->route(Vendor::Outreach2day, "GET", subscriptionPath(QStringLiteral("/{id}/deliveries")),
                  [this](const SandboxRequest &request) {
                      const QString id = request.pathArgs.value(QStringLiteral("id"));
                      QJsonArray items;
                      int n = 0;
                      for (const auto &call : std::as_const(m_calls)) {
                          if (call.second.endsWith(id + QStringLiteral("/test")))
                              items.append(QJsonObject{
                                      {QStringLiteral("id"), QStringLiteral("dlv_%1").arg(++n)},
                                      {QStringLiteral("subscriptionId"), id},
                                      {QStringLiteral("eventType"), QStringLiteral("webhook.test")},
                                      {QStringLiteral("status"), QStringLiteral("delivered")},
                                      {QStringLiteral("attempts"), 1},
                                      {QStringLiteral("responseStatus"), 200},
                                      {QStringLiteral("createdAt"), QStringLiteral("2026-03-09T10:00:00Z")}});
                      }
                      return SandboxResponse::json(QJsonObject{{QStringLiteral("items"), items}});
                  });
    server->route(
            Vendor::Outreach2day, "GET", QStringLiteral("/campaigns/webhooks/events"),
            [](const SandboxRequest &) {
                QJsonArray items;
                for (int i = 1; i <= 3; ++i)
                    items.append(QJsonObject{
                            {QStringLiteral("id"), QStringLiteral("evt_%1").arg(i)},
                            {QStringLiteral("type"), QStringLiteral("reply.received")},
                            {QStringLiteral("campaignId"), QStringLiteral("cmp_abc123")},
                            {QStringLiteral("email"), QStringLiteral("lead%1@events.example").arg(i)},
                            {QStringLiteral("replyIntent"), QStringLiteral("interested")},
                            {QStringLiteral("createdAt"), QStringLiteral("2026-03-09T1%1:00:00Z").arg(i)}});
                return SandboxResponse::json(QJsonObject{{QStringLiteral("items"), items}});
            });
}

bool TestWebhooksView::click(WebhooksView &view, const QString &button, int finishedCount)
{
    QSignalSpy finished(view.controller(), &WebhooksController::finished);
    auto *push = view.findChild<QPushButton *>(button);
    if (!push || !push->isEnabled()) {
        qWarning("%s missing or disabled", qPrintable(button));
        return false;
    }
    QTest::mouseClick(push, Qt::LeftButton);
    if (!QTest::qWaitFor([&finished, finishedCount] { return finished.size() >= finishedCount; }, 15000))
        return false;
    const ApiError error = finished.last().at(1).value<ApiError>();
    if (error.isError())
        qWarning("%s", qPrintable(error.summary()));
    return !error.isError();
}

QString TestWebhooksView::current(const QString &id)
{
    WebhookSecrets secrets(&m_keychain);
    std::optional<Result<QString>> result;
    secrets.current(id, this, [&result](Result<QString> r) { result.emplace(std::move(r)); });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 10000) || !result->ok())
        return {};
    return result->value();
}

QStringList TestWebhooksView::accepted(const QString &id, const QDateTime &graceUntil, const QDateTime &now)
{
    WebhookSecrets secrets(&m_keychain);
    std::optional<Result<QStringList>> result;
    secrets.acceptedSecrets(
            id, graceUntil, this, [&result](Result<QStringList> r) { result.emplace(std::move(r)); }, now);
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 10000) || !result->ok())
        return {};
    return result->value();
}

bool TestWebhooksView::nowhereOnDisk(const QString &secret)
{
    QSettings().sync();
    QStringList files{QSettings().fileName()};
    QDirIterator it(m_rig.dir(QString()), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    for (const QString &path : std::as_const(files)) {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(secret.toUtf8())) {
            qWarning("the secret is in %s", qPrintable(path));
            return false;
        }
    }
    return true;
}

void TestWebhooksView::createdSecretShownOnceAndOnlyInTheKeychain()
{
    EmailContext context = m_rig.context();
    context.credentials = &m_keychain;
    WebhooksView view(context);
    view.show();
    QAbstractItemModelTester tester(view.hooksModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto *types = view.findChild<QListWidget *>(QStringLiteral("webhookEventTypes"));
    QSignalSpy typesRead(view.controller(), &WebhooksController::eventTypesChanged);
    view.refresh();
    QVERIFY(typesRead.wait(10000));
    const QList<QListWidgetItem *> reply =
            types->findItems(QStringLiteral("reply.received"), Qt::MatchExactly);
    QCOMPARE(reply.size(), 1);
    reply.first()->setCheckState(Qt::Checked);
    QTest::keyClicks(view.findChild<QLineEdit *>(QStringLiteral("webhookEndpoint")),
                     QStringLiteral("https://hooks.example/outreach"));
    QTest::keyClicks(view.findChild<QLineEdit *>(QStringLiteral("webhookIntents")),
                     QStringLiteral("interested, not_interested"));
    QTest::keyClicks(view.findChild<QLineEdit *>(QStringLiteral("webhookCampaigns")),
                     QStringLiteral("cmp_abc123"));
    view.findChild<QCheckBox *>(QStringLiteral("webhookIgnoreOoo"))->setChecked(true);
    view.findChild<QCheckBox *>(QStringLiteral("webhookIgnoreAutoReply"))->setChecked(true);
    QSignalSpy issued(view.controller(), &WebhooksController::secretIssued);
    QVERIFY(click(view, QStringLiteral("webhookCreate")));
    QCOMPARE(issued.size(), 1);
    m_id = issued.first().at(0).toString();

    // What was sent: every filter and switch, and a secret the console made.
    QCOMPARE(m_lastBody.value(QStringLiteral("endpoint")).toString(),
             QStringLiteral("https://hooks.example/outreach"));
    QCOMPARE(m_lastBody.value(QStringLiteral("eventTypes")).toArray(),
             QJsonArray{QStringLiteral("reply.received")});
    QCOMPARE(m_lastBody.value(QStringLiteral("replyIntents")).toArray(),
             (QJsonArray{QStringLiteral("interested"), QStringLiteral("not_interested")}));
    QCOMPARE(m_lastBody.value(QStringLiteral("campaignIds")).toArray(),
             QJsonArray{QStringLiteral("cmp_abc123")});
    QVERIFY(m_lastBody.value(QStringLiteral("ignoreOoo")).toBool());
    QVERIFY(m_lastBody.value(QStringLiteral("ignoreAutoReply")).toBool());
    const QString secret = m_lastBody.value(QStringLiteral("secret")).toString();
    QVERIFY2(secret.startsWith(QStringLiteral("whsec_")), qPrintable(secret.left(6)));
    QCOMPARE(QByteArray::fromBase64(secret.mid(6).toLatin1()).size(), 32);

    // Shown once, copied, kept in the keychain only.
    auto *panel = view.findChild<QWidget *>(QStringLiteral("webhookSecretPanel"));
    auto *shown = view.findChild<QLineEdit *>(QStringLiteral("webhookSecret"));
    QVERIFY(panel->isVisible());
    QCOMPARE(shown->text(), secret);
    QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("webhookCopySecret")), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), secret);
    QApplication::clipboard()->clear();
    QCOMPARE(current(m_id), secret);
    QCOMPARE(view.hooksModel()->rowCount(), 1);
    QCOMPARE(view.hooksModel()->index(0, WebhooksController::HookId).data().toString(), m_id);
    QVERIFY(m_rig.activity()->hook(m_id)->subscription.secret.isEmpty());
    QVERIFY(nowhereOnDisk(secret));
    QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("webhookHideSecret")), Qt::LeftButton);
    QVERIFY(!panel->isVisible());
    QVERIFY(shown->text().isEmpty());

    // Another look at the subscriptions never shows it again.
    WebhooksView again(context);
    again.show();
    QCOMPARE(again.hooksModel()->rowCount(), 1);
    QVERIFY(!again.findChild<QWidget *>(QStringLiteral("webhookSecretPanel"))->isVisible());
    for (const QLineEdit *edit : again.findChildren<QLineEdit *>())
        QVERIFY(!edit->text().contains(secret));
}

void TestWebhooksView::rotateKeepsTheOldSecretThroughTheGracePeriod()
{
    QVERIFY2(!m_id.isEmpty(), "needs the subscription of the test before");
    EmailContext context = m_rig.context();
    context.credentials = &m_keychain;
    WebhooksView view(context);
    view.show();
    const QString old = current(m_id);
    QVERIFY(!old.isEmpty());
    view.selectSubscription(m_id);
    auto *grace = view.findChild<QSpinBox *>(QStringLiteral("webhookGrace"));
    grace->setFocus();
    grace->selectAll();
    QTest::keyClicks(grace, QStringLiteral("48"));
    QCOMPARE(grace->value(), 48);
    QSignalSpy issued(view.controller(), &WebhooksController::secretIssued);
    const QDateTime before = QDateTime::currentDateTimeUtc();
    QVERIFY(click(view, QStringLiteral("webhookRotate")));
    QCOMPARE(m_calls.last().second, subscriptionPath(QStringLiteral("/%1/rotate-secret").arg(m_id)));
    const QString fresh = m_lastBody.value(QStringLiteral("secret")).toString();
    QVERIFY(fresh.startsWith(QStringLiteral("whsec_")) && fresh != old);
    QCOMPARE(issued.size(), 1);
    QCOMPARE(issued.first().at(1).toString(), fresh);
    QCOMPARE(view.findChild<QLineEdit *>(QStringLiteral("webhookSecret"))->text(), fresh);
    QCOMPARE(current(m_id), fresh);

    // The operator's 48 hours: both accepted inside, only the new one after.
    const QDateTime graceUntil = m_rig.activity()->hook(m_id)->graceUntil;
    QVERIFY(graceUntil >= before.addSecs(48 * 3600) &&
            graceUntil <= QDateTime::currentDateTimeUtc().addSecs(48 * 3600));
    QCOMPARE(accepted(m_id, graceUntil, graceUntil.addSecs(-60)), (QStringList{fresh, old}));
    QCOMPARE(accepted(m_id, graceUntil, graceUntil.addSecs(1)), QStringList{fresh});
    QVERIFY(nowhereOnDisk(fresh));
    QVERIFY(nowhereOnDisk(old));
}

void TestWebhooksView::chosenSubscriptionIsEditedWithoutItsSecret()
{
    QVERIFY2(!m_id.isEmpty(), "needs the subscription of the first test");
    EmailContext context = m_rig.context();
    context.credentials = &m_keychain;
    WebhooksView view(context);
    view.show();
    const QString secret = current(m_id);
    QVERIFY(!secret.isEmpty());
    auto *endpoint = view.findChild<QLineEdit *>(QStringLiteral("webhookEndpoint"));
    auto *intents = view.findChild<QLineEdit *>(QStringLiteral("webhookIntents"));
    auto *campaigns = view.findChild<QLineEdit *>(QStringLiteral("webhookCampaigns"));
    auto *ooo = view.findChild<QCheckBox *>(QStringLiteral("webhookIgnoreOoo"));
    auto *types = view.findChild<QListWidget *>(QStringLiteral("webhookEventTypes"));

    // Choosing it puts what it holds into the form (its event type ticked before the vendor's
    // list is read).
    view.selectSubscription(m_id);
    QCOMPARE(endpoint->text(), QStringLiteral("https://hooks.example/outreach"));
    QCOMPARE(intents->text(), QStringLiteral("interested, not_interested"));
    QCOMPARE(campaigns->text(), QStringLiteral("cmp_abc123"));
    QVERIFY(ooo->isChecked());
    QCOMPARE(types->findItems(QStringLiteral("reply.received"), Qt::MatchExactly).value(0)->checkState(),
             Qt::Checked);
    QSignalSpy typesRead(view.controller(), &WebhooksController::eventTypesChanged);
    view.refresh();
    QVERIFY(typesRead.wait(10000));
    QCOMPARE(types->findItems(QStringLiteral("reply.received"), Qt::MatchExactly).value(0)->checkState(),
             Qt::Checked);
    QList<QListWidgetItem *> bounced = types->findItems(QStringLiteral("contact.bounced"), Qt::MatchExactly);
    QCOMPARE(bounced.size(), 1);
    QCOMPARE(bounced.first()->checkState(), Qt::Unchecked);

    // The operator edits it and saves: a PATCH of the whole form, no secret, kept locally.
    endpoint->clear();
    QTest::keyClicks(endpoint, QStringLiteral("https://hooks.example/outreach-v2"));
    bounced.first()->setCheckState(Qt::Checked);
    intents->clear(); // empty: every intent
    ooo->setChecked(false);
    const int created = int(m_calls.size());
    QVERIFY(click(view, QStringLiteral("webhookUpdate")));
    QCOMPARE(int(m_calls.size()), created + 1);
    QCOMPARE(m_calls.last(), qMakePair(QByteArray("PATCH"), subscriptionPath(QStringLiteral("/") + m_id)));
    QCOMPARE(m_lastBody.value(QStringLiteral("endpoint")).toString(),
             QStringLiteral("https://hooks.example/outreach-v2"));
    QCOMPARE(m_lastBody.value(QStringLiteral("eventTypes")).toArray(),
             (QJsonArray{QStringLiteral("reply.received"), QStringLiteral("contact.bounced")}));
    QCOMPARE(m_lastBody.value(QStringLiteral("replyIntents")).toArray(), QJsonArray());
    QCOMPARE(m_lastBody.value(QStringLiteral("campaignIds")).toArray(),
             QJsonArray{QStringLiteral("cmp_abc123")});
    QCOMPARE(m_lastBody.value(QStringLiteral("ignoreOoo")).toBool(true), false);
    QVERIFY(!m_lastBody.contains(QStringLiteral("secret")));
    QCOMPARE(view.hooksModel()->index(0, WebhooksController::Endpoint).data().toString(),
             QStringLiteral("https://hooks.example/outreach-v2"));
    const auto kept = m_rig.activity()->hook(m_id);
    QCOMPARE(kept->subscription.eventTypes,
             (QStringList{QStringLiteral("reply.received"), QStringLiteral("contact.bounced")}));
    QVERIFY(kept->subscription.replyIntents.isEmpty());
    QVERIFY(kept->graceUntil.isValid()); // the rotation's grace period is not forgotten
    QCOMPARE(current(m_id), secret); // the secret did not change
    QVERIFY(!view.findChild<QWidget *>(QStringLiteral("webhookSecretPanel"))->isVisible());

    // A form that cannot be sent sends nothing.
    endpoint->clear();
    QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("webhookUpdate")), Qt::LeftButton);
    QCOMPARE(int(m_calls.size()), created + 1);
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("webhookStatus"))
                    ->text()
                    .contains(QStringLiteral("URL")));
}

void TestWebhooksView::pauseResumeTestListsAndDeleteAfterConfirmation()
{
    QVERIFY2(!m_id.isEmpty(), "needs the subscription of the first test");
    EmailContext context = m_rig.context();
    context.credentials = &m_keychain;
    WebhooksView view(context);
    view.show();
    view.selectSubscription(m_id);
    const auto status = [&view] {
        return view.hooksModel()->index(0, WebhooksController::Status).data().toString();
    };
    QVERIFY(click(view, QStringLiteral("webhookPause")));
    QCOMPARE(status(), QStringLiteral("paused"));
    // The answer named only the status: the endpoint and filters kept here are still there.
    QCOMPARE(view.hooksModel()->index(0, WebhooksController::Endpoint).data().toString(),
             QStringLiteral("https://hooks.example/outreach-v2"));
    QCOMPARE(m_rig.activity()->hook(m_id)->subscription.campaignIds,
             QStringList{QStringLiteral("cmp_abc123")});
    QVERIFY(click(view, QStringLiteral("webhookResume")));
    QCOMPARE(status(), QStringLiteral("active"));
    QSignalSpy deliveries(view.controller(), &WebhooksController::deliveriesChanged);
    QVERIFY(click(view, QStringLiteral("webhookTest")));
    QTRY_COMPARE_WITH_TIMEOUT(view.deliveriesModel()->rowCount(), 1, 10000);
    QCOMPARE(view.deliveriesModel()->index(0, 3).data().toString(), QStringLiteral("delivered"));
    view.refresh(); // reads the events and the deliveries again: both lists start empty
    QTRY_COMPARE_WITH_TIMEOUT(view.eventsModel()->rowCount(), 3, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(view.deliveriesModel()->rowCount(), 1, 10000);
    // Either list exported through the one exporter: the one shown.
    CsvExportResult exported = m_rig.exportTo(view.listExport(), QStringLiteral("deliveries.csv"));
    QVERIFY2(exported.status.ok(), qPrintable(exported.status.summary()));
    QCOMPARE(exported.rows, 1);
    view.showEvents(true);
    exported = m_rig.exportTo(view.listExport(), QStringLiteral("events.csv"));
    QVERIFY2(exported.status.ok(), qPrintable(exported.status.summary()));
    QCOMPARE(exported.rows, 3);
    QFile events(exported.path);
    QVERIFY(events.open(QIODevice::ReadOnly));
    QVERIFY(events.readAll().contains("lead3@events.example"));

    // Delete asks first: Cancel sends nothing.
    const int calls = int(m_calls.size());
    QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("webhookDelete")), Qt::LeftButton);
    auto *confirm = view.findChild<QMessageBox *>(QStringLiteral("webhookDeleteConfirm"));
    QVERIFY(confirm);
    QTRY_VERIFY(confirm->isVisible());
    QTest::mouseClick(confirm->button(QMessageBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(!view.findChild<QMessageBox *>(QStringLiteral("webhookDeleteConfirm")));
    QCOMPARE(int(m_calls.size()), calls);

    QSignalSpy finished(view.controller(), &WebhooksController::finished);
    QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("webhookDelete")), Qt::LeftButton);
    confirm = view.findChild<QMessageBox *>(QStringLiteral("webhookDeleteConfirm"));
    QVERIFY(confirm);
    QTest::mouseClick(confirm->button(QMessageBox::Yes), Qt::LeftButton);
    QVERIFY(finished.wait(15000));
    QVERIFY(!finished.last().at(1).value<ApiError>().isError());
    QCOMPARE(m_calls.last().first, QByteArray("DELETE"));
    QCOMPARE(view.hooksModel()->rowCount(), 0);
    QVERIFY(current(m_id).isEmpty());
}

void TestWebhooksView::withoutAKeychainNothingIsCreated()
{
    WebhooksView view(m_rig.context()); // demo mode: credentials in memory, no keychain
    view.show();
    QVERIFY(!view.findChild<QPushButton *>(QStringLiteral("webhookCreate"))->isEnabled());
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("webhookStatus"))
                    ->text()
                    .contains(QStringLiteral("keychain")));
}

CC_TEST_GUI_MAIN(TestWebhooksView)
#include "tst_webhooksview.moc"
