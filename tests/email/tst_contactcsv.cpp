#include "TestMain.h"

#include "email/ContactCsv.h"
#include "export/CsvReader.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>

// A contacts CSV as the console prepares it for Outreach2day: the one CSV record parser streamed a
// record at a time (chunk boundaries anywhere), a preview that reads only the head of the file, the
// proposed mapping and its problems in words, the multipart body with the header rewritten and
// invalid rows left out with their lines, the Idempotency-Key's stability, and the row errors'
// export through the one exporter.
class TestContactCsv : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    QString writeFile(const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(QStringLiteral("f%1.csv").arg(++m_counter));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return {};
        return path;
    }

    static QByteArray readAll(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    // The parts of a multipart/form-data body (RFC 7578), split here independently of the writer:
    // name → (headers, content).
    static QMap<QString, QPair<QByteArray, QByteArray>> parts(const QByteArray &body,
                                                              const QByteArray &boundary)
    {
        QMap<QString, QPair<QByteArray, QByteArray>> out;
        const QByteArray delimiter = "--" + boundary;
        if (!body.startsWith(delimiter) || !body.endsWith(QByteArray(delimiter + "--\r\n")))
            return out;
        qsizetype at = delimiter.size();
        while (body.mid(at, 2) == "\r\n") {
            const qsizetype next = body.indexOf(QByteArray("\r\n" + delimiter), at);
            const QByteArray part = body.mid(at + 2, next - at - 2);
            const qsizetype split = part.indexOf("\r\n\r\n");
            const QByteArray headers = part.left(split);
            const qsizetype nameAt = headers.indexOf("name=\"") + 6;
            const QString name =
                    QString::fromUtf8(headers.mid(nameAt, headers.indexOf('"', nameAt) - nameAt));
            out.insert(name, {headers, part.mid(split + 4)});
            at = next + 2 + delimiter.size();
        }
        return out;
    }

    static QMap<QString, QString> map(std::initializer_list<std::pair<const char *, const char *>> pairs)
    {
        QMap<QString, QString> out;
        for (const auto &[column, field] : pairs)
            out.insert(QString::fromUtf8(column), QString::fromUtf8(field));
        return out;
    }

private Q_SLOTS:
    void recordReaderHoldsAcrossChunkBoundaries_data()
    {
        QTest::addColumn<int>("padding");
        // The reader takes 64 KiB at a time: move a doubled quote, a CRLF, a quoted line break and
        // a multi-byte character across the boundary byte by byte.
        for (int padding = 65536 - 12; padding <= 65536 + 2; ++padding)
            QTest::addRow("pad %d", padding) << padding;
    }

    void recordReaderHoldsAcrossChunkBoundaries()
    {
        QFETCH(int, padding);
        const QByteArray filler(padding, 'x');
        QByteArray bytes =
                "\xEF\xBB\xBFh1,h2\r\n" + filler + ",\"a \"\"b\"\"\r\nc\xC3\xA9\"\r\nlast,\"'=1\"\r\n";
        QBuffer buffer(&bytes);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        Csv::RecordReader reader(&buffer);
        QStringList record;
        QVERIFY(reader.next(&record));
        QCOMPARE(record, (QStringList{QStringLiteral("h1"), QStringLiteral("h2")}));
        QVERIFY(reader.next(&record));
        QCOMPARE(reader.line(), 2);
        QCOMPARE(record.at(0), QString::fromLatin1(filler));
        QCOMPARE(record.at(1), QStringLiteral("a \"b\"\r\ncé"));
        QVERIFY(reader.next(&record));
        QCOMPARE(reader.line(), 4);
        QCOMPARE(record, (QStringList{QStringLiteral("last"), QStringLiteral("=1")}));
        QVERIFY(!reader.next(&record));
        QVERIFY2(reader.problem().isEmpty(), qPrintable(reader.problem()));
        QCOMPARE(reader.bytesRead(), qint64(bytes.size()));
    }

    void previewReadsOnlyTheHeadOfABigFile()
    {
        // 200,000 rows (about 7 MB) and a tail no parser could finish: the preview never gets there.
        QByteArray bytes = "email,first_name,org\r\n";
        for (int i = 0; i < 200000; ++i)
            bytes += "person" + QByteArray::number(i) + "@example.com,Name " + QByteArray::number(i) +
                    ",Org\r\n";
        bytes += "broken@example.com,\"never closed\r\n";
        const QString path = writeFile(bytes);

        const ContactCsv::Preview preview = ContactCsv::preview(path, 20);
        QVERIFY2(preview.problem.isEmpty(), qPrintable(preview.problem));
        QCOMPARE(preview.header,
                 (QStringList{QStringLiteral("email"), QStringLiteral("first_name"), QStringLiteral("org")}));
        QCOMPARE(preview.rows.size(), 20);
        QCOMPARE(preview.rows.at(19).at(0), QStringLiteral("person19@example.com"));
        QCOMPARE(preview.lineNumbers.at(19), 21);
        QCOMPARE(preview.fileSize, qint64(bytes.size()));
        QVERIFY2(preview.bytesRead <= 64 * 1024, qPrintable(QString::number(preview.bytesRead)));

        // The whole file, by contrast, does not parse.
        QString problem;
        QVERIFY(!Csv::readFile(path, &problem));
        QVERIFY2(problem.contains(QStringLiteral("Line 200002")), qPrintable(problem));
    }

    void previewFollowsTheCsvRules()
    {
        const QString path = writeFile("\xEF\xBB\xBF"
                                       "E-mail,Name,Notes\r\n"
                                       "ann@acme.com,\"Chen, Ann\",\"said \"\"hi\"\"\r\ntwice\"\r\n"
                                       "\r\n"
                                       "bob@bigco.io,Bob,\"'=SUM(A1)\"\n");
        const ContactCsv::Preview preview = ContactCsv::preview(path, 20);
        QVERIFY2(preview.problem.isEmpty(), qPrintable(preview.problem));
        QCOMPARE(preview.header.at(0), QStringLiteral("E-mail")); // the BOM is not part of the name
        QCOMPARE(preview.rows.size(), 2);
        QCOMPARE(preview.rows.at(0).at(1), QStringLiteral("Chen, Ann"));
        QCOMPARE(preview.rows.at(0).at(2), QStringLiteral("said \"hi\"\r\ntwice"));
        QCOMPARE(preview.rows.at(1).at(2), QStringLiteral("=SUM(A1)")); // the export's apostrophe
        QCOMPARE(preview.lineNumbers, (QList<int>{2, 5}));
    }

    void previewSaysWhatIsWrong()
    {
        ContactCsv::Preview preview = ContactCsv::preview(writeFile(QByteArray()));
        QVERIFY(preview.problem.contains(QStringLiteral("empty")));
        QVERIFY(preview.header.isEmpty());

        preview = ContactCsv::preview(writeFile("email\r\nann@acme.com\r\n\"open"));
        QVERIFY2(preview.problem.contains(QStringLiteral("Line 3")), qPrintable(preview.problem));

        preview = ContactCsv::preview(m_dir.filePath(QStringLiteral("missing.csv")));
        QVERIFY(preview.problem.contains(QStringLiteral("missing.csv")));
    }

    void proposesAMapping_data()
    {
        QTest::addColumn<QString>("column");
        QTest::addColumn<QString>("field");
        const QList<QPair<const char *, const char *>> cases = {
                {"E-mail", "email"},
                {"Email Address", "email"},
                {"first_name", "firstName"},
                {"First Name", "firstName"},
                {"given name", "firstName"},
                {"last", "lastName"},
                {"Surname", "lastName"},
                {"org", "company"},
                {"Organisation", "company"},
                {"Company Name", "company"},
                {"role", "title"},
                {"Job Title", "title"},
                {"Phone Number", "phone"},
                {"URL", "website"},
                {"City", "city"},
                {"Country", "country"},
                {"Lead Source", "leadSource"},
                {"2nd try", ""},
        };
        for (const auto &[column, field] : cases)
            QTest::addRow("%s", column) << QString::fromUtf8(column) << QString::fromUtf8(field);
    }

    void proposesAMapping()
    {
        QFETCH(QString, column);
        QFETCH(QString, field);
        const QMap<QString, QString> mapping = ContactCsv::proposeMapping({QStringLiteral("id"), column});
        QCOMPARE(mapping.value(column), field);
        QVERIFY(mapping.contains(column));
    }

    void proposesEachKnownFieldOnce()
    {
        // Two columns that both look like an email: the first gets it, the second is not imported.
        const QStringList header = {QStringLiteral("Email"), QStringLiteral("Name"), QStringLiteral("E-mail"),
                                    QStringLiteral("org")};
        const QMap<QString, QString> mapping = ContactCsv::proposeMapping(header);
        QCOMPARE(mapping.value(QStringLiteral("Email")), QStringLiteral("email"));
        QCOMPARE(mapping.value(QStringLiteral("E-mail")), QString());
        QCOMPARE(mapping.value(QStringLiteral("Name")), QStringLiteral("name"));
        QCOMPARE(mapping.value(QStringLiteral("org")), QStringLiteral("company"));
        QCOMPARE(ContactCsv::mappingProblem(header, mapping), QString());
    }

    void namesWhatIsWrongWithAMapping()
    {
        const QStringList header = {QStringLiteral("mail"), QStringLiteral("org"),
                                    QStringLiteral("employer")};
        QVERIFY(ContactCsv::mappingProblem(header, map({{"org", "company"}}))
                        .contains(QStringLiteral("email")));
        const QString twice = ContactCsv::mappingProblem(
                header, map({{"mail", "email"}, {"org", "company"}, {"employer", "company"}}));
        QVERIFY2(twice.contains(QStringLiteral("org")) && twice.contains(QStringLiteral("employer")) &&
                         twice.contains(QStringLiteral("company")),
                 qPrintable(twice));
        QVERIFY(ContactCsv::mappingProblem(header, map({{"mail", "email"}, {"phone", "phone"}}))
                        .contains(QStringLiteral("phone")));
        QVERIFY(ContactCsv::mappingProblem(header, map({{"mail", "email"}, {"org", "the company"}}))
                        .contains(QStringLiteral("the company")));
        QVERIFY(ContactCsv::mappingProblem({QStringLiteral("mail"), QStringLiteral("mail")},
                                           map({{"mail", "email"}}))
                        .contains(QStringLiteral("mail")));
        QCOMPARE(ContactCsv::mappingProblem(header,
                                            map({{"mail", "email"}, {"org", ""}, {"employer", "company"}})),
                 QString());
    }

    void directBodyRewritesTheHeaderAndLeavesInvalidRowsOut()
    {
        const QByteArray csv = "\xEF\xBB\xBF"
                               "E-mail,first_name,org,internal note\r\n"
                               "Sarah@Acme.com,Sarah,\"Acme, Inc.\",keep out\r\n"
                               "not-an-address,Nobody,X,\r\n"
                               "mike@bigco.io,\"Mi\"\"ke\r\nJ.\",=cmd|' /C calc'!A0,x\r\n"
                               ",Empty,Y,\r\n"
                               "  lee@corp.example  ,Lee,Corp,\r\n"
                               "too@many.example,a,b,c,d\r\n";
        const QString path = writeFile(csv);
        const QString out = m_dir.filePath(QStringLiteral("direct.body"));
        const QMap<QString, QString> mapping = map({{"E-mail", "email"},
                                                    {"first_name", "firstName"},
                                                    {"org", "company"},
                                                    {"internal note", ""}});
        const ContactCsv::BodyResult result =
                ContactCsv::writeMultipart(path, out, "BOUNDARYxyz", mapping, true, {});
        QVERIFY2(result.problem.isEmpty(), qPrintable(result.problem));
        QCOMPARE(result.rows, qint64(3));
        QCOMPARE(result.lines, (QList<int>{2, 4, 7}));
        QCOMPARE(result.emails,
                 (QStringList{QStringLiteral("sarah@acme.com"), QStringLiteral("mike@bigco.io"),
                              QStringLiteral("lee@corp.example")}));
        QCOMPARE(result.sha256, QCryptographicHash::hash(csv, QCryptographicHash::Sha256).toHex());

        // Lines of the file: the quoted line break in mike's row moves everything after it down.
        QCOMPARE(result.errors.size(), 3);
        QCOMPARE(result.errors.at(0).line, 3);
        QCOMPARE(result.errors.at(0).column, QStringLiteral("E-mail"));
        QCOMPARE(result.errors.at(0).value, QStringLiteral("not-an-address"));
        QCOMPARE(result.errors.at(0).source, QStringLiteral("local"));
        QCOMPARE(result.errors.at(1).line, 6);
        QVERIFY(result.errors.at(1).message.contains(QStringLiteral("no email")));
        QCOMPARE(result.errors.at(2).line, 8);

        const auto body = parts(readAll(out), "BOUNDARYxyz");
        QCOMPARE(body.keys(), QStringList{QStringLiteral("file")});
        QVERIFY(body.value(QStringLiteral("file")).first.contains("filename=\""));
        QVERIFY(body.value(QStringLiteral("file")).first.contains("Content-Type: text/csv"));
        const QByteArray file = body.value(QStringLiteral("file")).second;
        QVERIFY(file.startsWith("email,firstName,company\r\n")); // no BOM, the field names
        QString problem;
        const auto records = Csv::read(file, &problem);
        QVERIFY2(records, qPrintable(problem));
        QCOMPARE(records->rows.size(), 3);
        QCOMPARE(records->rows.at(0),
                 (QStringList{QStringLiteral("Sarah@Acme.com"), QStringLiteral("Sarah"),
                              QStringLiteral("Acme, Inc.")}));
        QCOMPARE(records->rows.at(1).at(1), QStringLiteral("Mi\"ke\r\nJ."));
        // Sent as it is: the vendor's parser would keep a protecting apostrophe as part of the value.
        QVERIFY(file.contains("\r\nmike@bigco.io,\"Mi\"\"ke\r\nJ.\",=cmd|' /C calc'!A0\r\n"));
        QCOMPARE(records->rows.at(2).at(0), QStringLiteral("lee@corp.example"));
    }

    void stagedBodyKeepsTheFileAndAddsTheCampaign()
    {
        const QString path = writeFile("email,first_name,org\nsarah@acme.com,Sarah,Acme\nbad,B,C\n");
        const QString out = m_dir.filePath(QStringLiteral("staged.body"));
        const ContactCsv::BodyResult result = ContactCsv::writeMultipart(
                path, out, "b0undary", map({{"email", "email"}, {"first_name", "firstName"}, {"org", ""}}),
                false, {{QStringLiteral("campaignId"), QStringLiteral("cmp_abc123")}});
        QVERIFY2(result.problem.isEmpty(), qPrintable(result.problem));
        const QByteArray body = readAll(out);
        QVERIFY(body.startsWith("--b0undary\r\nContent-Disposition: form-data; name=\"campaignId\"\r\n\r\n"
                                "cmp_abc123\r\n--b0undary\r\n"));
        const auto split = parts(body, "b0undary");
        QCOMPARE(split.value(QStringLiteral("campaignId")).second, QByteArray("cmp_abc123"));
        QCOMPARE(split.value(QStringLiteral("file")).second,
                 QByteArray("email,first_name,org\r\nsarah@acme.com,Sarah,Acme\r\n"));
        QCOMPARE(result.errors.size(), 1);
        QCOMPARE(result.errors.at(0).line, 3);
    }

    void aBodyThatCannotBeWrittenWhollyIsNotLeftBehind()
    {
        QByteArray csv = "email\r\n";
        for (int i = 0; i < 50000; ++i)
            csv += "p" + QByteArray::number(i) + "@example.com\r\n";
        const QString path = writeFile(csv);
        const QString out = m_dir.filePath(QStringLiteral("cancelled.body"));
        int calls = 0;
        ContactCsv::BodyResult result = ContactCsv::writeMultipart(
                path, out, "b", map({{"email", "email"}}), true, {}, [&calls](qint64 done, qint64 total) {
                    Q_ASSERT(done <= total);
                    return ++calls < 3;
                });
        QCOMPARE(calls, 3);
        QVERIFY(!result.problem.isEmpty());
        QVERIFY(!QFile::exists(out));

        result = ContactCsv::writeMultipart(path, out, "b", map({{"email", "firstName"}}), true, {});
        QVERIFY(result.problem.contains(QStringLiteral("email")));
        QVERIFY(!QFile::exists(out));

        result = ContactCsv::writeMultipart(writeFile("email\r\na@b.co\r\n\"x"), out, "b",
                                            map({{"email", "email"}}), true, {});
        QVERIFY(result.problem.contains(QStringLiteral("Line 3")));
        QVERIFY(!QFile::exists(out));
    }

    void idempotencyKeyIsStablePerLogicalImport()
    {
        const QString path = writeFile("email,org\r\na@b.co,X\r\n");
        const QByteArray sha = ContactCsv::fileSha256(path);
        QCOMPARE(sha, QCryptographicHash::hash(readAll(path), QCryptographicHash::Sha256).toHex());
        const QMap<QString, QString> mapping = map({{"email", "email"}, {"org", "company"}});
        const QString key = ContactCsv::idempotencyKey(QStringLiteral("cmp_1"), sha, mapping);
        QVERIFY(key.startsWith(QStringLiteral("o2d-imp-")));
        // The same import again — also with an unmapped column spelled out — is the same key.
        QCOMPARE(ContactCsv::idempotencyKey(QStringLiteral("cmp_1"), sha, mapping), key);
        QCOMPARE(ContactCsv::idempotencyKey(QStringLiteral("cmp_1"),
                                            ContactCsv::fileSha256(writeFile(readAll(path))),
                                            map({{"email", "email"}, {"org", "company"}, {"x", ""}})),
                 key);
        // Another campaign, another content, another mapping: another import.
        QVERIFY(ContactCsv::idempotencyKey(QStringLiteral("cmp_2"), sha, mapping) != key);
        QVERIFY(ContactCsv::idempotencyKey(QStringLiteral("cmp_1"),
                                           ContactCsv::fileSha256(writeFile("email,org\r\na@b.co,Y\r\n")),
                                           mapping) != key);
        QVERIFY(ContactCsv::idempotencyKey(QStringLiteral("cmp_1"), sha,
                                           map({{"email", "email"}, {"org", "title"}})) != key);
        QCOMPARE(ContactCsv::mappingJson(map({{"org", "company"}, {"email", "email"}, {"x", ""}})),
                 QByteArray("{\"email\":\"email\",\"org\":\"company\"}"));

        QString problem;
        QVERIFY(ContactCsv::fileSha256(m_dir.filePath(QStringLiteral("none.csv")), &problem).isEmpty());
        QVERIFY(!problem.isEmpty());
    }

    void vendorRowErrorsPointAtTheOperatorsLines()
    {
        // Sent rows 1..3 came from the file's lines 2, 4 and 7 (rows left out locally, a quoted
        // line break): the vendor's row 2 is line 4.
        const QJsonArray errors = {
                QJsonObject{{QStringLiteral("row"), 2},
                            {QStringLiteral("line"), 3},
                            {QStringLiteral("field"), QStringLiteral("email")},
                            {QStringLiteral("column"), QStringLiteral("E-mail")},
                            {QStringLiteral("value"), QStringLiteral("x@y")},
                            {QStringLiteral("message"), QStringLiteral("Not a valid email address.")}},
                QJsonObject{{QStringLiteral("row"), 3},
                            {QStringLiteral("email"), QStringLiteral("z@q.io")},
                            {QStringLiteral("reason"), QStringLiteral("duplicate")}},
                QJsonObject{{QStringLiteral("row"), 9},
                            {QStringLiteral("error"), QStringLiteral("beyond the file")}},
                QJsonValue(QStringLiteral("a bare sentence")),
        };
        const QList<ContactCsv::RowError> out = ContactCsv::vendorRowErrors(errors, {2, 4, 7});
        QCOMPARE(out.size(), 4);
        QCOMPARE(out.at(0).line, 4);
        QCOMPARE(out.at(0).column, QStringLiteral("E-mail"));
        QCOMPARE(out.at(0).value, QStringLiteral("x@y"));
        QCOMPARE(out.at(0).message, QStringLiteral("Not a valid email address."));
        QCOMPARE(out.at(0).source, QStringLiteral("outreach2day"));
        QCOMPARE(out.at(1).line, 7);
        QCOMPARE(out.at(1).value, QStringLiteral("z@q.io"));
        QCOMPARE(out.at(1).message, QStringLiteral("duplicate"));
        QCOMPARE(out.at(2).line, 0); // a row the console did not send: no line to point at
        QCOMPARE(out.at(2).message, QStringLiteral("beyond the file"));
        QCOMPARE(out.at(3).message, QStringLiteral("a bare sentence"));
    }

    void rowErrorsExportThroughTheOneExporter()
    {
        const QList<ContactCsv::RowError> errors = {
                {3, QStringLiteral("email"), QStringLiteral("=HYPERLINK(\"x\")"),
                 QStringLiteral("not an email address"), QStringLiteral("local")},
                {7, QStringLiteral("email"), QStringLiteral("bob@"), QStringLiteral("invalid domain"),
                 QStringLiteral("outreach2day")},
        };
        const QString path = m_dir.filePath(QStringLiteral("errors.csv"));
        QString problem;
        QVERIFY2(ContactCsv::exportErrors(errors, path, &problem), qPrintable(problem));
        const QByteArray bytes = readAll(path);
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF")); // the spreadsheet profile
        QVERIFY(bytes.contains("\"'=HYPERLINK(\"\"x\"\")\"")); // formula neutralised
        const auto records = Csv::readFile(path, &problem);
        QVERIFY2(records, qPrintable(problem));
        QCOMPARE(records->header.size(), 5);
        QCOMPARE(records->rows.size(), 2);
        QCOMPARE(records->rows.at(0).at(0), QStringLiteral("3"));
        QCOMPARE(records->rows.at(0).at(2), QStringLiteral("=HYPERLINK(\"x\")"));
        QCOMPARE(records->rows.at(1).at(4), QStringLiteral("outreach2day"));

        QVERIFY(!ContactCsv::exportErrors(errors, m_dir.filePath(QStringLiteral("no/such/dir/e.csv")),
                                          &problem));
        QVERIFY(!problem.isEmpty());
    }
};

CC_TEST_GUILESS_MAIN(TestContactCsv)
#include "tst_contactcsv.moc"
