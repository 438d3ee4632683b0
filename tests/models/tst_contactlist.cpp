#include "TestMain.h"

#include "controllers/ContactList.h"
#include "export/CsvExporter.h"
#include "export/CsvReader.h"
#include "table/RecordTableModel.h"

#include <QFile>
#include <QTemporaryDir>

// The contacts a bulk outbound action is about: read from the CSV files operators bring (the
// console's own exports included, RFC 4180 quoting, the spreadsheet profile's formula guard
// undone) or from selected leads.
class TestContactList : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(bytes);
        return path;
    }

    static RecordSchema leadLikeSchema()
    {
        return RecordSchema(
                {
                        ColumnSpec::make(ColumnType::Text, QStringLiteral("id"), QStringLiteral("ID")),
                        ColumnSpec::make(ColumnType::Text, QStringLiteral("businessName"),
                                         QStringLiteral("Business")),
                        ColumnSpec::make(ColumnType::Phone, QStringLiteral("phone"), QStringLiteral("Phone")),
                        ColumnSpec::make(ColumnType::Text, QStringLiteral("phoneRaw"),
                                         QStringLiteral("Phone as received")),
                        ColumnSpec::make(ColumnType::Real, QStringLiteral("rating"), QStringLiteral("Rating"))
                                .withDecimals(1),
                },
                QStringLiteral("id"));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void readsQuotedFieldsAndLineBreaks()
    {
        QString problem;
        const auto records = Csv::read(QByteArray("\xEF\xBB\xBFname,phone\r\n"
                                                  "\"Ann's \"\"Best\"\" Dental, LLC\",+13055550142\r\n"
                                                  "\r\n"
                                                  "\"two\nlines\",'+442071838750\n"
                                                  "last,row"),
                                       &problem);
        QVERIFY2(records, qPrintable(problem));
        QCOMPARE(records->header, (QStringList{QStringLiteral("name"), QStringLiteral("phone")}));
        QCOMPARE(records->rows.size(), 3);
        QCOMPARE(records->rows.at(0).at(0), QStringLiteral("Ann's \"Best\" Dental, LLC"));
        QCOMPARE(records->rows.at(1).at(0), QStringLiteral("two\nlines"));
        // The spreadsheet profile's guard against formulas is taken off again.
        QCOMPARE(records->rows.at(1).at(1), QStringLiteral("+442071838750"));
        QCOMPARE(records->lineNumbers, (QList<int>{2, 4, 6}));
    }

    void refusesAnUnclosedQuoteWithItsLine()
    {
        QString problem;
        QVERIFY(!Csv::read(QByteArray("phone\n+13055550142\n\"+1305"), &problem));
        QVERIFY2(problem.contains(QStringLiteral("Line 3")), qPrintable(problem));
    }

    void readsTheConsolesOwnSpreadsheetExport()
    {
        RecordTableModel model(leadLikeSchema());
        RecordTable rows(model.schema());
        const int r = rows.appendRow();
        rows.setText(r, 0, QStringLiteral("lead-1"));
        rows.setText(r, 1, QStringLiteral("=Acme, \"Plumbing\""));
        rows.setText(r, 2, QStringLiteral("+13055550142"));
        model.setRows(std::move(rows));
        const QString path = m_dir.filePath(QStringLiteral("leads.csv"));
        const CsvExportResult exported = CsvExporter::exportModel(model, path, CsvProfile::Spreadsheet);
        QVERIFY2(exported.status.ok(), qPrintable(exported.status.message));

        QString problem;
        const auto contacts = ContactList::fromCsv(path, &problem);
        QVERIFY2(contacts, qPrintable(problem));
        QCOMPARE(contacts->contacts.size(), 1);
        QCOMPARE(contacts->contacts.at(0).phone, QStringLiteral("+13055550142"));
        QCOMPARE(contacts->contacts.at(0).label, QStringLiteral("=Acme, \"Plumbing\""));
        QCOMPARE(contacts->contacts.at(0).fields.value(QStringLiteral("Business")),
                 QStringLiteral("=Acme, \"Plumbing\""));
    }

    void csvNeedsAPhoneColumn()
    {
        QString problem;
        QVERIFY(!ContactList::fromCsv(write(QStringLiteral("nophone.csv"), "name,city\nAcme,Miami\n"),
                                      &problem));
        QVERIFY2(problem.contains(QStringLiteral("phone")), qPrintable(problem));
    }

    void csvRowWithExtraFieldsIsReportedWithItsLine()
    {
        QString problem;
        QVERIFY(!ContactList::fromCsv(
                write(QStringLiteral("extra.csv"),
                      "Phone Number,Company\n+13055550142,Acme\n+13055550143,B,extra\n"),
                &problem));
        QVERIFY2(problem.contains(QStringLiteral("Line 3")), qPrintable(problem));
    }

    void csvColumnsBecomeFields()
    {
        QString problem;
        const auto contacts =
                ContactList::fromCsv(write(QStringLiteral("fields.csv"),
                                           "Company,phone_number,customer_id\nAcme,(305) 555-0142,c-17\n"),
                                     &problem);
        QVERIFY2(contacts, qPrintable(problem));
        QCOMPARE(contacts->fields.size(), 3);
        QCOMPARE(contacts->fields.at(2).key, QStringLiteral("customer_id"));
        const Contact &contact = contacts->contacts.at(0);
        QCOMPARE(contact.phone, QStringLiteral("(305) 555-0142"));
        QCOMPARE(contact.label, QStringLiteral("Acme"));
        QCOMPARE(contact.fields.value(QStringLiteral("customer_id")), QStringLiteral("c-17"));
    }

    void leadsGiveTheirNumberOrWhatWasReceived()
    {
        RecordTableModel model(leadLikeSchema());
        RecordTable rows(model.schema());
        int r = rows.appendRow();
        rows.setText(r, 0, QStringLiteral("lead-1"));
        rows.setText(r, 1, QStringLiteral("Acme Plumbing"));
        rows.setText(r, 2, QStringLiteral("+13055550142"));
        rows.setReal(r, 4, 4.5);
        r = rows.appendRow();
        rows.setText(r, 0, QStringLiteral("lead-2"));
        rows.setText(r, 1, QStringLiteral("No Number Co."));
        rows.setText(r, 3, QStringLiteral("call for quote"));
        model.setRows(std::move(rows));

        const ContactList list = ContactList::fromLeads(model, {1, 0});
        QCOMPARE(list.fields.size(), 5);
        QCOMPARE(list.contacts.size(), 2);
        QCOMPARE(list.contacts.at(0).label, QStringLiteral("No Number Co."));
        QCOMPARE(list.contacts.at(0).phone, QStringLiteral("call for quote"));
        QCOMPARE(list.contacts.at(1).phone, QStringLiteral("+13055550142"));
        QCOMPARE(list.contacts.at(1).fields.value(QStringLiteral("businessName")),
                 QStringLiteral("Acme Plumbing"));
        QCOMPARE(list.contacts.at(1).fields.value(QStringLiteral("rating")), QLocale().toString(4.5, 'f', 1));
        QVERIFY(!list.contacts.at(1).fields.contains(QStringLiteral("phoneRaw")));
    }
};

CC_TEST_GUI_MAIN(TestContactList)
#include "tst_contactlist.moc"
