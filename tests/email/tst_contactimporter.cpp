#include "SandboxFixture.h"
#include "TestMain.h"

#include "core/CursorPager.h"
#include "core/VendorClient.h"
#include "email/ContactImporter.h"
#include "email/EmailCampaignStore.h"
#include "outbound/SqliteOutboundStore.h"
#include "outreach2day/Outreach2dayService.h"
#include "store/Database.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>

// A contact import from a CSV file to an Outreach2day campaign, against the sandbox over loopback
// with a real SQLite store: direct (header rewritten) and staged (the vendor's mapping preview,
// the operator's mapping confirmed, status polled), row errors mapped back to the file's lines,
// the do-not-contact report, cancel, and README promise H9 — the key is saved before the first
// byte, and a re-run after a crash reuses it so the campaign holds each contact once.
class TestContactImporter : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    std::unique_ptr<SandboxFixture> m_sandbox;
    std::unique_ptr<Outreach2dayService> m_service;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<EmailCampaignStore> m_store;
    QString m_dbPath;

    QString writeFile(const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(QStringLiteral("contacts%1.csv").arg(++m_counter));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return {};
        return path;
    }

    static QMap<QString, QString> map(std::initializer_list<std::pair<const char *, const char *>> pairs)
    {
        QMap<QString, QString> out;
        for (const auto &[column, field] : pairs)
            out.insert(QString::fromUtf8(column), QString::fromUtf8(field));
        return out;
    }

    QString createCampaign()
    {
        QString id;
        bool done = false;
        m_service->createCampaign(QStringLiteral("Import %1").arg(++m_counter), QStringLiteral("MEDIUM"),
                                  this, [&](const Result<O2dCampaign> &r) {
                                      if (r)
                                          id = r->id;
                                      else
                                          qWarning("%s", qPrintable(r.error().summary()));
                                      done = true;
                                  });
        if (!QTest::qWaitFor([&] { return done; }, 10000))
            return {};
        return id;
    }

    // Every contact of the campaign as the vendor lists it (the one pager).
    QList<QJsonObject> contacts(const QString &campaignId)
    {
        QList<QJsonObject> all;
        CursorPager *pager = m_service->contactsPager(campaignId, this);
        ApiError end;
        bool done = false;
        connect(pager, &CursorPager::page, this,
                [&all](const QList<QJsonObject> &items, const QString &) { all += items; });
        connect(pager, &CursorPager::finished, this, [&](const ApiError &e) {
            end = e;
            done = true;
        });
        pager->start();
        if (!QTest::qWaitFor([&] { return done; }, 20000) || end.isError())
            qWarning("contacts: %s", qPrintable(end.summary()));
        pager->deleteLater();
        return all;
    }

    static QStringList emails(const QList<QJsonObject> &items)
    {
        QStringList out;
        for (const QJsonObject &item : items)
            out << item.value(QStringLiteral("email")).toString().toLower();
        out.sort();
        return out;
    }

    static ContactImporter::Summary run(ContactImporter &importer, const QString &campaignId,
                                        const QString &path, const QMap<QString, QString> &mapping)
    {
        QSignalSpy finished(&importer, &ContactImporter::finished);
        importer.start(campaignId, path, mapping);
        if (!finished.wait(30000))
            return {};
        return finished.constFirst().constFirst().value<ContactImporter::Summary>();
    }

    int requestsTo(const QString &pathPart) const
    {
        int n = 0;
        for (const SandboxRecordedRequest &r : m_sandbox->server()->requests())
            n += r.vendor == Vendor::Outreach2day && r.path.contains(pathPart) ? 1 : 0;
        return n;
    }

    ContactImporter *newImporter(OutboundStore *outbound = nullptr)
    {
        auto *importer = new ContactImporter(m_service.get(), m_store.get(), outbound, this);
        importer->setPollIntervalMs(5);
        return importer;
    }

private Q_SLOTS:
    void init()
    {
        m_sandbox = std::make_unique<SandboxFixture>();
        QVERIFY2(m_sandbox->start(), qPrintable(m_sandbox->errorString()));
        m_service = std::make_unique<Outreach2dayService>(m_sandbox->client(Vendor::Outreach2day));
        m_service->setWorkspaceId(SandboxFixture::outreachWorkspaceId());
        m_dbPath = m_dir.filePath(QStringLiteral("console%1.sqlite").arg(++m_counter));
        m_db = std::make_unique<Database>(m_dbPath);
        m_db->registerMigrations(EmailCampaignStore::component(), EmailCampaignStore::migrations());
        QVERIFY(m_db->open().ok());
        QVERIFY(m_db->migrate().ok());
        m_store = std::make_unique<EmailCampaignStore>(m_db.get());
    }

    void cleanup()
    {
        m_store.reset();
        m_db.reset();
        m_service.reset();
        m_sandbox.reset();
    }

    void directImportRewritesTheHeaderAndSavesTheKeyFirst()
    {
        const QString campaign = createCampaign();
        QVERIFY(!campaign.isEmpty());
        const QString path = writeFile("E-mail,first_name,org,internal note\r\n"
                                       "Sarah@Acme.com,Sarah,Acme Corp,secret\r\n"
                                       "not-an-address,Nobody,X,\r\n"
                                       "mike@bigco.io,\"Mike \"\"MJ\"\"\",BigCo,\r\n"
                                       "lee@corp.example,Lee,Corp,\r\n");
        const QMap<QString, QString> mapping = map({{"E-mail", "email"},
                                                    {"first_name", "firstName"},
                                                    {"org", "company"},
                                                    {"internal note", ""}});
        const QString key = ContactCsv::idempotencyKey(campaign, ContactCsv::fileSha256(path), mapping);

        // When the upload reaches the vendor, the key is already on disk (H9).
        std::optional<EmailCampaignStore::ImportRecord> atFirstByte;
        connect(m_sandbox->server(), &SandboxServer::requestReceived, this,
                [&](const SandboxRecordedRequest &request) {
                    if (request.path.endsWith(QStringLiteral("/contacts/import")))
                        atFirstByte = m_store->import(key);
                });

        ContactImporter *importer = newImporter();
        const ContactImporter::Summary summary = run(*importer, campaign, path, mapping);
        QVERIFY2(!summary.error.isError(), qPrintable(summary.error.summary()));
        QCOMPARE(summary.mode, QStringLiteral("direct"));
        QCOMPARE(summary.idempotencyKey, key);
        QVERIFY(!summary.reused);
        QCOMPARE(summary.rowsSent, qint64(3));
        QCOMPARE(summary.imported, 3);
        QCOMPARE(summary.invalid, 1);
        QCOMPARE(summary.rowErrors.size(), 1);
        QCOMPARE(summary.rowErrors.at(0).line, 3);
        QCOMPARE(summary.rowErrors.at(0).source, QStringLiteral("local"));

        QVERIFY(atFirstByte.has_value());
        QCOMPARE(atFirstByte->state, QStringLiteral("sending"));
        const std::optional<EmailCampaignStore::ImportRecord> record = m_store->import(key);
        QVERIFY(record.has_value());
        QCOMPARE(record->state, QStringLiteral("completed"));
        QCOMPARE(record->mode, QStringLiteral("direct"));
        QCOMPARE(record->campaignId, campaign);
        QCOMPARE(record->mappingJson,
                 QStringLiteral("{\"E-mail\":\"email\",\"first_name\":\"firstName\","
                                "\"org\":\"company\"}"));

        const QList<QJsonObject> listed = contacts(campaign);
        QCOMPARE(emails(listed),
                 (QStringList{QStringLiteral("lee@corp.example"), QStringLiteral("mike@bigco.io"),
                              QStringLiteral("sarah@acme.com")}));
        for (const QJsonObject &contact : listed) {
            if (contact.value(QStringLiteral("email")).toString().toLower() ==
                QLatin1String("mike@bigco.io")) {
                QVERIFY2(QJsonDocument(contact).toJson().contains("BigCo"),
                         QJsonDocument(contact).toJson().constData());
                QVERIFY(!QJsonDocument(contact).toJson().contains("secret"));
            }
        }

        // The same import again: the same key, the vendor's replay, no contact twice.
        const ContactImporter::Summary again = run(*importer, campaign, path, mapping);
        QVERIFY2(!again.error.isError(), qPrintable(again.error.summary()));
        QVERIFY(again.reused);
        QCOMPARE(again.idempotencyKey, key);
        QCOMPARE(again.imported, 3);
        QCOMPARE(emails(contacts(campaign)).size(), 3);
    }

    void importReportsTheDoNotContactList()
    {
        SqliteOutboundStore outbound(m_dbPath);
        DncEntry address;
        address.kind = DncEntry::Kind::Email;
        address.value = QStringLiteral("mike@bigco.io");
        address.source = QStringLiteral("manual");
        DncEntry domain;
        domain.kind = DncEntry::Kind::Domain;
        domain.value = QStringLiteral("acme.com");
        domain.source = QStringLiteral("manual");
        QVERIFY(outbound.addToDoNotContact({address, domain}).ok());

        const QString campaign = createCampaign();
        const QString path = writeFile("email,name\n"
                                       "sarah@acme.com,Sarah\n"
                                       "ops@mail.acme.com,Ops\n"
                                       "mike@bigco.io,Mike\n"
                                       "ann@bigco.io,Ann\n");
        ContactImporter *importer = newImporter(&outbound);
        const ContactImporter::Summary summary =
                run(*importer, campaign, path, map({{"email", "email"}, {"name", "firstName"}}));
        QVERIFY2(!summary.error.isError(), qPrintable(summary.error.summary()));
        QStringList listed = summary.doNotContact;
        listed.sort();
        QCOMPARE(listed,
                 (QStringList{QStringLiteral("mike@bigco.io"), QStringLiteral("ops@mail.acme.com"),
                              QStringLiteral("sarah@acme.com")}));
    }

    void stagedImportConfirmsTheOperatorsMapping()
    {
        const QString campaign = createCampaign();
        const QString path = writeFile("email,first_name,last,org,role\r\n"
                                       "sarah@acme.com,Sarah,Chen,Acme,VP\r\n"
                                       "mike@bigco.io,Mike,Johnson,BigCo,CTO\r\n"
                                       "broken,No,Body,X,Y\r\n"
                                       "lee@corp.example,Lee,Park,Corp,CEO\r\n");
        // The operator maps "role" to a custom field instead of title and leaves "last" out.
        const QMap<QString, QString> mapping = map({{"email", "email"},
                                                    {"first_name", "firstName"},
                                                    {"last", ""},
                                                    {"org", "company"},
                                                    {"role", "seniority"}});
        ContactImporter *importer = newImporter();
        importer->setDirectLimitBytes(16); // anything bigger goes staged
        QSignalSpy previewed(importer, &ContactImporter::mappingPreviewed);
        QStringList phases;
        connect(importer, &ContactImporter::progress, this,
                [&phases](const QString &phase, qint64, qint64) { phases << phase; });

        const ContactImporter::Summary summary = run(*importer, campaign, path, mapping);
        QVERIFY2(!summary.error.isError(), qPrintable(summary.error.summary()));
        QCOMPARE(summary.mode, QStringLiteral("staged"));
        QCOMPARE(summary.imported, 3);
        QCOMPARE(summary.rowErrors.size(), 1);
        QCOMPARE(summary.rowErrors.at(0).line, 4);
        QCOMPARE(previewed.size(), 1);
        const O2dMappingPreview preview = previewed.constFirst().constFirst().value<O2dMappingPreview>();
        QCOMPARE(preview.columns,
                 (QStringList{QStringLiteral("email"), QStringLiteral("first_name"), QStringLiteral("last"),
                              QStringLiteral("org"), QStringLiteral("role")}));
        QVERIFY(phases.contains(QStringLiteral("uploading")));
        QVERIFY(phases.contains(QStringLiteral("mapping")));

        const std::optional<EmailCampaignStore::ImportRecord> record =
                m_store->import(summary.idempotencyKey);
        QVERIFY(record.has_value());
        QCOMPARE(record->state, QStringLiteral("completed"));
        QVERIFY(record->importId.startsWith(QStringLiteral("imp_")));

        const QList<QJsonObject> listed = contacts(campaign);
        QCOMPARE(listed.size(), 3);
        for (const QJsonObject &contact : listed) {
            const QByteArray json = QJsonDocument(contact).toJson(QJsonDocument::Compact);
            QVERIFY2(json.contains("seniority"), json.constData()); // the operator's field, not "title"
            QVERIFY2(!json.contains("Chen") && !json.contains("Johnson"), json.constData());
        }
    }

    void cancelStopsFollowingAStagedImportAndARerunFinishesIt()
    {
        const QString campaign = createCampaign();
        const QString path = writeFile("email,org\nsarah@acme.com,Acme\nmike@bigco.io,BigCo\n");
        const QMap<QString, QString> mapping = map({{"email", "email"}, {"org", "company"}});
        ContactImporter *importer = newImporter();
        importer->setDirectLimitBytes(16);
        bool cancelled = false;
        int progressAfterCancel = 0;
        connect(importer, &ContactImporter::progress, this,
                [&, importer](const QString &phase, qint64, qint64) {
                    if (cancelled) {
                        ++progressAfterCancel;
                    } else if (phase == QLatin1String("processing")) {
                        cancelled = true;
                        importer->cancel(); // from the progress slot, as a Cancel click may come
                    }
                });
        QSignalSpy firstFinished(importer, &ContactImporter::finished);
        const ContactImporter::Summary stopped = run(*importer, campaign, path, mapping);
        QCOMPARE(stopped.error.kind, ApiError::Kind::Cancelled);
        QVERIFY2(stopped.error.explanation.contains(QStringLiteral("goes on")),
                 qPrintable(stopped.error.explanation));
        QVERIFY(!importer->isRunning());
        const std::optional<EmailCampaignStore::ImportRecord> record =
                m_store->import(stopped.idempotencyKey);
        QVERIFY(record.has_value());
        QVERIFY(!record->importId.isEmpty());

        // Run again: same key, the vendor's import followed to its end, no second upload.
        const auto uploads = [this] {
            return requestsTo(QStringLiteral("/imports")) - requestsTo(QStringLiteral("/imports/"));
        };
        const int uploadsBefore = uploads();
        ContactImporter *again = newImporter();
        again->setDirectLimitBytes(16);
        const ContactImporter::Summary finished = run(*again, campaign, path, mapping);
        QVERIFY2(!finished.error.isError(), qPrintable(finished.error.summary()));
        QVERIFY(finished.reused);
        QCOMPARE(finished.idempotencyKey, stopped.idempotencyKey);
        QCOMPARE(uploads(), uploadsBefore);
        QCOMPARE(emails(contacts(campaign)),
                 (QStringList{QStringLiteral("mike@bigco.io"), QStringLiteral("sarah@acme.com")}));
        // While the second run polled every 5 ms, the cancelled one stayed silent.
        QCOMPARE(progressAfterCancel, 0);
        QCOMPARE(firstFinished.size(), 1);
    }

    void cancelWhilePreparingSendsNothing()
    {
        QByteArray bytes = "email\r\n";
        for (int i = 0; i < 300000; ++i)
            bytes += "p" + QByteArray::number(i) + "@example.com\r\n";
        const QString path = writeFile(bytes);
        const QString campaign = createCampaign();
        m_sandbox->server()->clearRequests();
        ContactImporter *importer = newImporter();
        QSignalSpy finished(importer, &ContactImporter::finished);
        importer->start(campaign, path, map({{"email", "email"}}));
        importer->cancel();
        QVERIFY(finished.wait(30000));
        const auto summary = finished.constFirst().constFirst().value<ContactImporter::Summary>();
        QCOMPARE(summary.error.kind, ApiError::Kind::Cancelled);
        QVERIFY(m_sandbox->server()->requests().isEmpty());
        QVERIFY(m_store->imports(campaign).isEmpty());
    }

    void aBadMappingOrFileSendsNothing()
    {
        const QString campaign = createCampaign();
        m_sandbox->server()->clearRequests();
        ContactImporter *importer = newImporter();
        ContactImporter::Summary summary =
                run(*importer, campaign, writeFile("email,org\na@b.co,X\n"), map({{"org", "company"}}));
        QCOMPARE(summary.error.kind, ApiError::Kind::Local);
        QVERIFY2(summary.error.explanation.contains(QStringLiteral("email")),
                 qPrintable(summary.error.explanation));
        summary = run(*importer, campaign, writeFile("email\nnobody\n"), map({{"email", "email"}}));
        QCOMPARE(summary.error.kind, ApiError::Kind::Local);
        QCOMPARE(summary.rowErrors.size(), 1);
        summary = run(*importer, campaign, m_dir.filePath(QStringLiteral("none.csv")),
                      map({{"email", "email"}}));
        QCOMPARE(summary.error.kind, ApiError::Kind::Local);
        QVERIFY(m_sandbox->server()->requests().isEmpty());
    }

    // README promise H9 across a crash: the child saves the key, sends the upload and is killed
    // before the answer; the re-run reuses the key and the campaign holds each contact once.
    void crashAfterTheUploadAndRerunAddsNoContactTwice()
    {
        const QString campaign = createCampaign();
        QByteArray bytes = "email,first_name\r\n";
        for (int i = 0; i < 200; ++i)
            bytes += "person" + QByteArray::number(i) + "@example.com,P" + QByteArray::number(i) + "\r\n";
        const QString path = writeFile(bytes);
        const QMap<QString, QString> mapping = map({{"email", "email"}, {"first_name", "firstName"}});
        const QString key = ContactCsv::idempotencyKey(campaign, ContactCsv::fileSha256(path), mapping);
        m_store.reset(); // the child owns the database while it runs
        m_db.reset();

        // The sandbox takes the upload in at once and holds its answer back: the child dies in between.
        SandboxFault slow;
        slow.kind = SandboxFault::Kind::Latency;
        slow.vendor = Vendor::Outreach2day;
        slow.pathPrefix = QStringLiteral("/campaigns/%1/contacts/import").arg(campaign);
        slow.latencyMs = 60000;
        slow.count = 1;
        m_sandbox->server()->addFault(slow);

        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("CC_IMPORT_TOKEN"),
                   QString::fromLatin1(SandboxFixture::token(Vendor::Outreach2day)));
        env.insert(QStringLiteral("CC_IMPORT_WORKSPACE"), SandboxFixture::outreachWorkspaceId());
        child.setProcessEnvironment(env);
        bool uploadReceived = false;
        connect(m_sandbox->server(), &SandboxServer::requestReceived, this,
                [&](const SandboxRecordedRequest &request) {
                    if (request.path.endsWith(QStringLiteral("/contacts/import"))) {
                        uploadReceived = true;
                        child.kill(); // SIGKILL: no destructor runs, no answer is read
                    }
                });
        child.start(QStringLiteral(CC_IMPORT_KILLWRITER),
                    {m_dbPath, m_sandbox->baseUrl(Vendor::Outreach2day).toString(), campaign, path,
                     QStringLiteral("email=email"), QStringLiteral("first_name=firstName")});
        QVERIFY2(child.waitForStarted(30000), qPrintable(child.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(uploadReceived || child.state() == QProcess::NotRunning, 30000);
        QVERIFY2(uploadReceived, child.readAllStandardError().constData());
        QTRY_COMPARE_WITH_TIMEOUT(child.state(), QProcess::NotRunning, 30000);
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        QVERIFY(!child.readAllStandardOutput().contains("finished"));
        m_sandbox->server()->clearFaults();
        QCOMPARE(emails(contacts(campaign)).size(), 200); // the vendor did take the upload in

        // The console starts again on the same database.
        m_db = std::make_unique<Database>(m_dbPath);
        m_db->registerMigrations(EmailCampaignStore::component(), EmailCampaignStore::migrations());
        QVERIFY(m_db->open().ok());
        QVERIFY(m_db->migrate().ok());
        m_store = std::make_unique<EmailCampaignStore>(m_db.get());
        const std::optional<EmailCampaignStore::ImportRecord> left = m_store->import(key);
        QVERIFY(left.has_value());
        QCOMPARE(left->state, QStringLiteral("sending"));

        ContactImporter *importer = newImporter();
        const ContactImporter::Summary summary = run(*importer, campaign, path, mapping);
        QVERIFY2(!summary.error.isError(), qPrintable(summary.error.summary()));
        QVERIFY(summary.reused);
        QCOMPARE(summary.idempotencyKey, key);
        // The vendor's answer to the first upload, replayed: a new import would have found all 200
        // already there and imported none.
        QCOMPARE(summary.imported, 200);
        const QStringList listed = emails(contacts(campaign));
        QCOMPARE(listed.size(), 200);
        QCOMPARE(QSet<QString>(listed.cbegin(), listed.cend()).size(), 200);
        QCOMPARE(m_store->import(key)->state, QStringLiteral("completed"));
    }
};

CC_TEST_GUILESS_MAIN(TestContactImporter)
#include "tst_contactimporter.moc"
