#include "TestMain.h"

#include "SandboxFixture.h"

#include "calls/WebhooksPanel.h"
#include "credentials/CredentialStore.h"
#include "sandbox/UnlimCallSandbox.h"
#include "store/CdrStore.h"
#include "table/RecordTableModel.h"
#include "unlimcall/UnlimCallService.h"

#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>

// Webhook subscriptions through the real panel, the real keychain (a private Secret Service) and
// the sandbox: the secret is shown once, kept in the keychain and nowhere else, and removed with
// the subscription.
class TestWebhooksPanel : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<SandboxFixture> m_sandbox;
    std::unique_ptr<UnlimCallService> m_service;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<CdrStore> m_store;
    std::unique_ptr<CredentialStore> m_keychain;

    std::optional<VendorCredentials> readSecret(const QString &hookId)
    {
        std::optional<Result<VendorCredentials>> result;
        m_keychain->load(Vendor::UnlimCall, WebhooksPanel::secretAccount(hookId), this,
                         [&](Result<VendorCredentials> r) { result.emplace(std::move(r)); });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 30'000) || !result->ok())
            return std::nullopt;
        return result->value();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_sandbox = std::make_unique<SandboxFixture>();
        QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
        m_service = std::make_unique<UnlimCallService>(m_sandbox->client(Vendor::UnlimCall));
        m_db = std::make_unique<Database>(m_dir.filePath(QStringLiteral("console.sqlite")));
        m_db->registerMigrations(CdrStore::component(), CdrStore::migrations());
        QVERIFY(m_db->open());
        QVERIFY(m_db->migrate());
        m_store = std::make_unique<CdrStore>(m_db.get());
        m_keychain = std::make_unique<CredentialStore>(QStringLiteral("campaign-console-test-hooks"));
    }

    void subscribeShowsTheSecretOnceAndKeepsItInTheKeychain()
    {
        WebhooksPanel panel(m_service.get(), m_store.get(), m_keychain.get());
        QAbstractItemModelTester tester(panel.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel.show();
        QSignalSpy subscribed(&panel, &WebhooksPanel::subscribed);

        panel.eventBox()->setCurrentIndex(panel.eventBox()->findData(QStringLiteral("disposition.set")));
        QTest::keyClicks(panel.urlEdit(), QStringLiteral("http://example.com/insecure"));
        QVERIFY(!panel.subscribeButton()->isEnabled()); // https only: never sent
        panel.urlEdit()->clear();
        QTest::keyClicks(panel.urlEdit(), QStringLiteral("https://example.com/hooks/unlimcall"));
        QVERIFY(panel.subscribeButton()->isEnabled());
        QTest::mouseClick(panel.subscribeButton(), Qt::LeftButton);
        QTest::mouseClick(panel.subscribeButton(), Qt::LeftButton); // a second click sends nothing more
        QVERIFY(subscribed.wait(30'000));
        QCOMPARE(m_sandbox->server()->requestCount(Vendor::UnlimCall, "POST", QStringLiteral("/hooks")), 1);
        const QString id = subscribed.first().at(0).toString();
        QVERIFY2(subscribed.first().at(1).toBool(), "the secret went to the keychain");

        // Shown once, in a dialog.
        auto *dialog = panel.findChild<QDialog *>(QStringLiteral("hookSecretDialog"));
        QVERIFY(dialog);
        const QString secret = dialog->findChild<QLineEdit *>(QStringLiteral("hookSecret"))->text();
        QVERIFY(secret.startsWith(QLatin1String("whsec_")));
        QPointer<QLineEdit> field = dialog->findChild<QLineEdit *>(QStringLiteral("hookSecret"));
        QPointer<QDialog> closing = dialog;
        dialog->reject();
        QVERIFY(field); // deleted later, not during reject()
        QVERIFY(field->text().isEmpty()); // wiped when closed...
        QTRY_VERIFY(!closing); // ...and gone: it cannot be shown again

        // In the keychain, and in the local list — without the secret.
        const auto stored = readSecret(id);
        QVERIFY(stored);
        QCOMPARE(QString::fromUtf8(stored->clientSecret), secret);
        QCOMPARE(m_store->hooks().size(), 1);
        QCOMPARE(m_store->hooks().first().id, id);
        QCOMPARE(panel.model()->rowCount(), 1);
        m_db->exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        for (const QString &file : QDir(m_dir.path()).entryList(QDir::Files)) {
            QFile f(m_dir.filePath(file));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(secret.toUtf8()), qPrintable(file));
        }

        // Unsubscribe: DELETE /hooks/{id}, the list says so, the secret is gone.
        QSignalSpy removed(&panel, &WebhooksPanel::removed);
        auto *view = panel.findChild<QAbstractItemView *>(QStringLiteral("hookList"));
        view->setCurrentIndex(panel.model()->index(0, 0));
        // The operator answers Yes to "Unsubscribe?".
        auto *answer = new QTimer(this);
        connect(answer, &QTimer::timeout, this, [answer] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                box->button(QMessageBox::Yes)->click();
                answer->deleteLater();
            }
        });
        answer->start(20);
        panel.removeSelected();
        QVERIFY(removed.wait(30'000));
        QCOMPARE(m_sandbox->server()->unlimcall()->activeHookCount(), 0);
        QVERIFY(!m_store->hooks().first().isActive());
        QTRY_VERIFY(!readSecret(id).has_value());
    }

    void cleanupTestCase()
    {
        m_keychain.reset();
        m_store.reset();
        m_db.reset();
        m_service.reset();
        m_sandbox.reset();
    }
};

CC_TEST_GUI_MAIN(TestWebhooksPanel)
#include "tst_webhookspanel.moc"
