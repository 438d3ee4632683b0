#include "TestMain.h"

#include "outbound/DncCsv.h"
#include "outbound/DncInput.h"
#include "outbound/SqliteOutboundStore.h"

#include <QFile>
#include <QTemporaryDir>

// The do-not-contact list from what operators type and files hold: entries normalised (E.164 with
// libphonenumber, lower-case addresses, @domains), a CSV import that is all or nothing with each
// invalid row's line number, and an export through the one exporter that imports back unchanged.
class TestDncCsv : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    QString freshPath(const QString &suffix)
    {
        return m_dir.filePath(QStringLiteral("f%1.%2").arg(++m_counter).arg(suffix));
    }

    QString writeFile(const QByteArray &bytes)
    {
        const QString path = freshPath(QStringLiteral("csv"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return {};
        return path;
    }

    static QStringList values(const QList<DncEntry> &entries)
    {
        QStringList out;
        for (const DncEntry &e : entries)
            out.append(DncInput::display(e));
        out.sort();
        return out;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void parsesEntries_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("kind"); // -1: refused
        QTest::addColumn<QString>("value");
        QTest::newRow("US national") << QStringLiteral("(305) 555-0123") << int(DncEntry::Kind::Phone)
                                     << QStringLiteral("+13055550123");
        QTest::newRow("international") << QStringLiteral("+44 20 7183 8750") << int(DncEntry::Kind::Phone)
                                       << QStringLiteral("+442071838750");
        QTest::newRow("spreadsheet-protected")
                << QStringLiteral("'+13055550123") << int(DncEntry::Kind::Phone)
                << QStringLiteral("+13055550123");
        QTest::newRow("address") << QStringLiteral("  Someone@Example.COM ") << int(DncEntry::Kind::Email)
                                 << QStringLiteral("someone@example.com");
        QTest::newRow("domain") << QStringLiteral("@Example.com") << int(DncEntry::Kind::Domain)
                                << QStringLiteral("example.com");
        QTest::newRow("protected domain") << QStringLiteral("'@example.com") << int(DncEntry::Kind::Domain)
                                          << QStringLiteral("example.com");
        QTest::newRow("no such number") << QStringLiteral("+1 555 0100") << -1 << QString();
        QTest::newRow("words") << QStringLiteral("call me maybe") << -1 << QString();
        QTest::newRow("half address") << QStringLiteral("someone@") << -1 << QString();
        QTest::newRow("bare domain-like") << QStringLiteral("@localhost") << -1 << QString();
        QTest::newRow("empty") << QStringLiteral("   ") << -1 << QString();
    }

    void parsesEntries()
    {
        QFETCH(QString, text);
        QFETCH(int, kind);
        QFETCH(QString, value);
        QString problem;
        const std::optional<DncEntry> entry = DncInput::parse(text, &problem);
        if (kind < 0) {
            QVERIFY(!entry.has_value());
            QVERIFY(!problem.isEmpty());
            return;
        }
        QVERIFY2(entry.has_value(), qPrintable(problem));
        QCOMPARE(int(entry->kind), kind);
        QCOMPARE(entry->value, value);
    }

    // One invalid row: every invalid row is named by its line, and nothing is imported.
    void importIsAllOrNothing()
    {
        SqliteOutboundStore store(freshPath(QStringLiteral("sqlite")));
        const QString path = writeFile("entry,reason\r\n"
                                       "(305) 555-0123,asked\r\n"
                                       "someone@example.com,\r\n"
                                       "not a number,x\r\n"
                                       "\r\n"
                                       "@example.org,whole company\r\n"
                                       "+1 555 0100,x\r\n");
        QVERIFY(!path.isEmpty());
        const DncCsv::Import result = DncCsv::importFile(store, path, QStringLiteral("ann"));
        QVERIFY(!result.ok());
        QCOMPARE(result.problems.size(), 2);
        QCOMPARE(result.problems.at(0).line, 4);
        QVERIFY2(result.problems.at(0).sentence.contains(QLatin1String("not a number")),
                 qPrintable(result.problems.at(0).sentence));
        QCOMPARE(result.problems.at(1).line, 7);
        QCOMPARE(result.added, 0);
        QVERIFY(store.doNotContactEntries().isEmpty());
        QVERIFY(store.lastReadStatus().ok());
    }

    void importsEveryValidRow()
    {
        SqliteOutboundStore store(freshPath(QStringLiteral("sqlite")));
        DncEntry existing = *DncInput::parse(QStringLiteral("+13055550123"), nullptr);
        existing.source = QStringLiteral("manual");
        existing.reason = QStringLiteral("said so on the phone");
        QVERIFY(store.addToDoNotContact({existing}).ok());

        // No header: entry, then reason.
        const QString path = writeFile("305-555-0123,from the file\n"
                                       "Someone@Example.com\n"
                                       "@Example.org,whole company\n"
                                       "+44 20 7183 8750,uk\n");
        const DncCsv::Import result =
                DncCsv::importFile(store, path, QStringLiteral("ann"), QStringLiteral("imported list"));
        QVERIFY2(result.ok(),
                 qPrintable(result.problems.isEmpty() ? result.status.summary()
                                                      : result.problems.first().sentence));
        QCOMPARE(result.entries.size(), 4);
        QCOMPARE(result.added, 3); // the first number was listed already
        const QList<DncEntry> listed = store.doNotContactEntries();
        QCOMPARE(values(listed),
                 (QStringList{QStringLiteral("+13055550123"), QStringLiteral("+442071838750"),
                              QStringLiteral("@example.org"), QStringLiteral("someone@example.com")}));
        for (const DncEntry &e : listed) {
            if (e.value == QLatin1String("+13055550123")) {
                QCOMPARE(e.reason, QStringLiteral("said so on the phone")); // first reason wins
                QCOMPARE(e.source, QStringLiteral("manual"));
            } else {
                QCOMPARE(e.source, QStringLiteral("csv_import"));
                QCOMPARE(e.addedBy, QStringLiteral("ann"));
            }
            if (e.value == QLatin1String("someone@example.com"))
                QCOMPARE(e.reason, QStringLiteral("imported list")); // the row gave none
            if (e.value == QLatin1String("example.org"))
                QCOMPARE(e.reason, QStringLiteral("whole company"));
        }
        QVERIFY(store.listedEntry(Recipient::email(QStringLiteral("boss@example.org"))).has_value());
    }

    void emptyOrUnreadableFileIsAProblem()
    {
        SqliteOutboundStore store(freshPath(QStringLiteral("sqlite")));
        DncCsv::Import none =
                DncCsv::importFile(store, writeFile("entry,reason\r\n\r\n"), QStringLiteral("ann"));
        QVERIFY(!none.ok());
        QCOMPARE(none.problems.size(), 1);
        DncCsv::Import missing = DncCsv::importFile(store, m_dir.filePath(QStringLiteral("absent.csv")),
                                                    QStringLiteral("ann"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.problems.first().line, 0);
    }

    // The export reads back as the same list, whichever profile wrote it.
    void exportImportsBack_data()
    {
        QTest::addColumn<int>("profile");
        QTest::newRow("machine") << int(CsvProfile::Machine);
        QTest::newRow("spreadsheet") << int(CsvProfile::Spreadsheet);
    }

    void exportImportsBack()
    {
        QFETCH(int, profile);
        SqliteOutboundStore store(freshPath(QStringLiteral("sqlite")));
        QList<DncEntry> entries;
        for (const QString &text : {QStringLiteral("+13055550123"), QStringLiteral("a@example.com"),
                                    QStringLiteral("@example.org"), QStringLiteral("+442071838750")}) {
            DncEntry e = *DncInput::parse(text, nullptr);
            e.source = QStringLiteral("manual");
            e.reason = QStringLiteral("=HYPERLINK(\"x\"), \"quoted\"");
            e.addedBy = QStringLiteral("ann");
            entries.append(e);
        }
        QVERIFY(store.addToDoNotContact(entries).ok());
        const QString path = freshPath(QStringLiteral("csv"));
        const CsvExportResult exported =
                DncCsv::exportFile(store.doNotContactEntries(), path, CsvProfile(profile));
        QVERIFY2(exported.status.ok(), qPrintable(exported.status.summary()));
        QCOMPARE(exported.rows, qint64(4));
        QCOMPARE(QFile::permissions(path) & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());

        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        // The formula in the reason is neutralised (README promise C2).
        QVERIFY(bytes.contains("\"'=HYPERLINK(\"\"x\"\"), \"\"quoted\"\"\""));

        SqliteOutboundStore other(freshPath(QStringLiteral("sqlite")));
        const DncCsv::Import imported = DncCsv::importFile(other, path, QStringLiteral("bob"));
        QVERIFY2(imported.ok(),
                 qPrintable(imported.problems.isEmpty() ? imported.status.summary()
                                                        : imported.problems.first().sentence));
        QCOMPARE(values(other.doNotContactEntries()), values(entries));
        for (const DncEntry &e : other.doNotContactEntries())
            QCOMPARE(e.reason, QStringLiteral("=HYPERLINK(\"x\"), \"quoted\""));
    }
};

CC_TEST_GUILESS_MAIN(TestDncCsv)
#include "tst_dnccsv.moc"
