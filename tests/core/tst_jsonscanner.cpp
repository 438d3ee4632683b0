// Reading JSON straight into records (JsonScanner, Cdr::scan) gives exactly what the generic
// document and Cdr::fromJson give, and gives up, rather than guess, wherever the generic reader
// has to decide (invalid text, a key twice, a surrogate pair).

#include "TestMain.h"

#include "core/JsonScanner.h"
#include "unlimcall/UnlimCallTypes.h"

#include <QJsonDocument>
#include <QJsonObject>

using UnlimCall::Cdr;

namespace {

// JSON written with single quotes, so that it reads in a C++ string.
QByteArray j(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}

std::optional<Cdr> scanned(const QByteArray &text)
{
    JsonScanner in(text);
    std::optional<Cdr> cdr = Cdr::scan(in);
    return cdr && in.atEnd() ? cdr : std::nullopt;
}

std::optional<Cdr> generic(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        return std::nullopt;
    return Cdr::fromJson(document.object());
}

} // namespace

class TestJsonScanner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sameRecordAsTheGenericReader_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("the docs' example")
                << j("{'id': '1747852442.42', 'startTime': '2026-05-24T18:14:02.000Z', 'duration': 81, "
                     "'billsec': 81, 'src': '+14155550100', 'dst': '+442071838750', 'disposition': "
                     "'ANSWERED', 'sipUsername': 'unl_001', 'sellPriceCents': 34, 'currency': 'USD', "
                     "'country': 'United Kingdom', 'did': null}");
        QTest::newRow("numbers where strings are documented, and the reverse")
                << (j("{'id':1747852442.42,'startTime':'2026-05-24T18:14:02Z','duration':'81',"
                      "'billsec':80.9,'src':14155550100,'sellPriceCents':'34','did':7}"));
        QTest::newRow("keys in another order, unknown ones nested, fields missing")
                << (j("{'country':'France','extra':{'a':[1,2.5e3,{'b':null}],'c':true},"
                      "'startTime':'2026-05-24T18:14:02.123+02:00','id':'x','flags':[false]}"));
        QTest::newRow("escapes and UTF-8")
                << QByteArray("{\"id\":\"a\\/b\\\"c\\\\\",\"startTime\":\"2026-05-24\",\"country\":"
                              "\"C\\u00f4te d\xe2\x80\x99Ivoire\\n\\t\",\"dst\":\"\xc3\xa9\"}");
        QTest::newRow("wrong types read as empty")
                << (j("{'id':'1','startTime':'2026-05-24T00:00:00Z','src':[1],'dst':{},"
                      "'duration':null,'billsec':true,'currency':false}"));
        QTest::newRow("negative and exponent numbers")
                << (j("{'id':-0.0,'startTime':'2026-05-24T00:00:00Z','duration':-12,"
                      "'sellPriceCents':1.5E2,'billsec':2e-1}"));
    }
    void sameRecordAsTheGenericReader()
    {
        QFETCH(QByteArray, text);
        const std::optional<Cdr> expected = generic(text);
        QVERIFY(expected);
        const std::optional<Cdr> actual = scanned(text);
        QVERIFY(actual);
        QCOMPARE(actual->startMs, expected->startMs);
        QCOMPARE(actual->toJson(), expected->toJson());
    }

    // Where the scanner gives up the page is read the generic way, so each of these must give
    // nothing rather than a record.
    void givesUpWhereTheGenericReaderDecides_data()
    {
        QTest::addColumn<QByteArray>("text");
        const QByteArray head = j("{'id':'1','startTime':'2026-05-24T00:00:00Z'");
        QTest::newRow("trailing comma") << head + ",}";
        QTest::newRow("leading zero") << head + j(",'duration':01}");
        QTest::newRow("bare word") << head + j(",'duration':nul}");
        QTest::newRow("unterminated") << head + j(",'src':'abc");
        QTest::newRow("control character") << head + ",\"src\":\"a\tb\"}";
        QTest::newRow("invalid UTF-8") << head + ",\"src\":\"\xc3(\"}";
        QTest::newRow("surrogate pair") << head + j(",'src':'\\ud83d\\ude00'}");
        QTest::newRow("bad escape") << head + j(",'src':'\\x41'}");
        QTest::newRow("number out of range") << head + j(",'duration':1e999}");
        QTest::newRow("a key twice") << head + j(",'id':'2'}");
        QTest::newRow("too deep") << head + j(",'x':") + QByteArray(40, '[') + QByteArray(40, ']') + "}";
        QTest::newRow("no id") << (j("{'startTime':'2026-05-24T00:00:00Z'}"));
        QTest::newRow("empty id") << (j("{'id':'','startTime':'2026-05-24T00:00:00Z'}"));
        QTest::newRow("unreadable time") << (j("{'id':'1','startTime':'yesterday'}"));
        QTest::newRow("time as a number") << (j("{'id':'1','startTime':1779646442000}"));
        QTest::newRow("not an object") << (j("['id','1']"));
        QTest::newRow("garbage after") << head + "} x";
    }
    void givesUpWhereTheGenericReaderDecides()
    {
        QFETCH(QByteArray, text);
        QVERIFY(!scanned(text));
    }

    // A page holds a thousand records and a handful of dispositions, currencies, countries:
    // each distinct value is made once and shared, not allocated per record.
    void repeatedValuesAreShared()
    {
        const QByteArray record = j("{'id':'%1','startTime':'2026-05-24T00:00:00Z','disposition':'ANSWERED',"
                                    "'currency':'USD','country':'United Kingdom','src':'+14155550100'}");
        QByteArray text = "[";
        for (int i = 0; i < 3; ++i)
            text += (i ? "," : "") + QByteArray(record).replace("%1", QByteArray::number(i));
        text += "]";
        JsonScanner in(text);
        QVERIFY(in.enterArray());
        QList<Cdr> cdrs;
        while (in.nextElement()) {
            const std::optional<Cdr> cdr = Cdr::scan(in);
            QVERIFY(cdr);
            cdrs.append(*cdr);
        }
        QVERIFY(in.atEnd());
        QCOMPARE(cdrs.size(), 3);
        QCOMPARE(cdrs.at(2).country, QStringLiteral("United Kingdom"));
        for (const Cdr &cdr : std::as_const(cdrs)) {
            QCOMPARE(cdr.disposition.constData(), cdrs.first().disposition.constData());
            QCOMPARE(cdr.currency.constData(), cdrs.first().currency.constData());
            QCOMPARE(cdr.country.constData(), cdrs.first().country.constData());
        }
        QCOMPARE_NE(cdrs.at(1).id, cdrs.at(0).id);
    }

    void readsNumbersExactly()
    {
        JsonScanner in(QByteArrayView("[0, -0.5e-3, 1747852442.42, 12345678901234567]"));
        QVERIFY(in.enterArray());
        QList<double> numbers;
        double number = 0;
        while (in.nextElement()) {
            QVERIFY(in.readNumber(number));
            numbers.append(number);
        }
        QVERIFY(!in.failed());
        QVERIFY(in.atEnd());
        QCOMPARE(numbers, (QList<double>{0, -0.5e-3, 1747852442.42, 12345678901234567.0}));
    }
};

CC_TEST_GUILESS_MAIN(TestJsonScanner)
#include "tst_jsonscanner.moc"
