#include "Outreach2dayContacts.h"

#include "MultipartForm.h"
#include "Outreach2dayAnswers.h"
#include "SandboxClock.h"
#include "SandboxCsv.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

using namespace O2dAnswers;

namespace {

const QStringList &knownFields()
{
    static const QStringList fields = {
            QStringLiteral("email"),   QStringLiteral("firstName"), QStringLiteral("lastName"),
            QStringLiteral("company"), QStringLiteral("title"),     QStringLiteral("phone"),
            QStringLiteral("website"), QStringLiteral("city"),      QStringLiteral("country")};
    return fields;
}

// A column named exactly like a known field (any case) is that field; "name" is the full name.
QString fieldNamed(const QString &column)
{
    for (const QString &field : knownFields()) {
        if (column.compare(field, Qt::CaseInsensitive) == 0)
            return field;
    }
    if (column.compare(QLatin1String("name"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("name");
    return column;
}

// The mapping preview's guess for a column: a known field by its usual spellings, else the
// column itself as a custom field.
QString suggestedField(const QString &column)
{
    QString key;
    for (const QChar c : column.toLower()) {
        if (c.isLetterOrNumber())
            key.append(c);
    }
    static const QList<QPair<QString, QStringList>> spellings = {
            {QStringLiteral("email"),
             {QStringLiteral("email"), QStringLiteral("emailaddress"), QStringLiteral("mail")}},
            {QStringLiteral("firstName"),
             {QStringLiteral("firstname"), QStringLiteral("first"), QStringLiteral("fname"),
              QStringLiteral("givenname")}},
            {QStringLiteral("lastName"),
             {QStringLiteral("lastname"), QStringLiteral("last"), QStringLiteral("lname"),
              QStringLiteral("surname"), QStringLiteral("familyname")}},
            {QStringLiteral("company"),
             {QStringLiteral("company"), QStringLiteral("companyname"), QStringLiteral("org"),
              QStringLiteral("organisation"), QStringLiteral("organization"), QStringLiteral("employer")}},
            {QStringLiteral("title"),
             {QStringLiteral("title"), QStringLiteral("jobtitle"), QStringLiteral("role"),
              QStringLiteral("position")}},
            {QStringLiteral("phone"),
             {QStringLiteral("phone"), QStringLiteral("phonenumber"), QStringLiteral("mobile"),
              QStringLiteral("tel")}},
            {QStringLiteral("website"),
             {QStringLiteral("website"), QStringLiteral("url"), QStringLiteral("web"),
              QStringLiteral("site")}},
            {QStringLiteral("city"), {QStringLiteral("city"), QStringLiteral("town")}},
            {QStringLiteral("country"), {QStringLiteral("country")}},
    };
    for (const auto &entry : spellings) {
        if (entry.second.contains(key))
            return entry.first;
    }
    return column;
}

// A custom field may be named anything a CSV header can hold (the suggestion keeps the header's
// own name), within reason.
bool isFieldName(const QString &name)
{
    return !name.isEmpty() && name.size() <= 100 && std::none_of(name.cbegin(), name.cend(), [](QChar c) {
        return c.category() == QChar::Other_Control;
    });
}

// Contact ids grow with a number: compare by it (ids widen past 999999).
qint64 idNumber(const QString &id)
{
    return QStringView(id).mid(id.indexOf(QLatin1Char('_')) + 1).toLongLong();
}

QByteArray sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

} // namespace

Outreach2dayContacts::Outreach2dayContacts(QRandomGenerator random, Outreach2dayPager *pager,
                                           const SandboxClock *clock,
                                           std::function<bool(const QString &)> campaignExists,
                                           std::function<void(const QString &)> campaignChanged)
    : m_random(random),
      m_campaignExists(std::move(campaignExists)),
      m_changed(std::move(campaignChanged)),
      m_pager(pager),
      m_clock(clock)
{ }

int Outreach2dayContacts::count(const QString &campaignId, const QString &status) const
{
    const auto it = m_books.constFind(campaignId);
    if (it == m_books.constEnd())
        return 0;
    if (status.isEmpty())
        return int(it->contacts.size());
    return int(std::count_if(it->contacts.cbegin(), it->contacts.cend(),
                             [&status](const Contact &c) { return c.status == status; }));
}

QStringList Outreach2dayContacts::pending(const QString &campaignId, int limit) const
{
    QStringList ids;
    for (const Contact &contact : m_books.value(campaignId).contacts) {
        if (limit >= 0 && ids.size() >= limit)
            break;
        if (contact.status == QLatin1String("pending"))
            ids.append(contact.id);
    }
    return ids;
}

QList<int> Outreach2dayContacts::activate(const QString &campaignId, const QStringList &ids)
{
    const QSet<QString> wanted(ids.cbegin(), ids.cend());
    const qint64 at = m_clock->nowMs();
    QList<int> activated;
    const QList<Contact> &contacts = m_books[campaignId].contacts;
    for (qsizetype i = 0; i < contacts.size(); ++i) {
        if (wanted.contains(contacts.at(i).id) && contacts.at(i).status == QLatin1String("pending")) {
            setStatus(campaignId, int(i), QStringLiteral("active"), at);
            activated.append(int(i));
        }
    }
    return activated;
}

const Outreach2dayContacts::Contact &Outreach2dayContacts::contactAt(const QString &campaignId,
                                                                     int index) const
{
    return m_books.find(campaignId)->contacts.at(index);
}

void Outreach2dayContacts::setStatus(const QString &campaignId, int index, const QString &status, qint64 atMs)
{
    Book &book = m_books[campaignId];
    Contact &contact = book.contacts[index];
    if (contact.status == status)
        return;
    // The feed is searched by time: a change never goes before the campaign's last one.
    if (!book.changes.isEmpty())
        atMs = qMax(atMs, book.changes.constLast().atMs);
    book.changes.append(Change{++m_lastSeq, index, status, contact.status, atMs});
    contact.status = status;
    contact.updatedAt = QDateTime::fromMSecsSinceEpoch(atMs - atMs % 1000, Qt::UTC);
}

bool Outreach2dayContacts::isSuppressed(const QString &email) const
{
    return m_suppressions.contains(email.trimmed().toLower());
}

int Outreach2dayContacts::addSuppressions(const QStringList &emails, const QString &reason, int *added,
                                          qint64 atMs)
{
    if (atMs < 0)
        atMs = m_clock->nowMs();
    int newAddresses = 0;
    int contactsSuppressed = 0;
    for (const QString &address : emails) {
        const QString email = address.trimmed().toLower();
        if (m_suppressions.contains(email))
            continue;
        m_suppressions.insert(email, int(m_suppressionLog.size()));
        m_suppressionLog.append(Suppression{++m_lastSeq, email, reason,
                                            QDateTime::fromMSecsSinceEpoch(atMs - atMs % 1000, Qt::UTC)});
        ++newAddresses;
        for (auto book = m_books.begin(); book != m_books.end(); ++book) {
            const auto index = book->byEmail.constFind(email);
            if (index == book->byEmail.constEnd())
                continue;
            const QString &status = book->contacts.at(*index).status;
            if (status == QLatin1String("pending") || status == QLatin1String("active")) {
                setStatus(book.key(), *index, QStringLiteral("suppressed"), atMs);
                ++contactsSuppressed;
                m_changed(book.key());
            }
        }
    }
    if (added)
        *added = newAddresses;
    return contactsSuppressed;
}

QString Outreach2dayContacts::randomImportId()
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    QString id = QStringLiteral("imp_");
    for (int i = 0; i < 6; ++i)
        id.append(QLatin1Char(alphabet[m_random.bounded(36)]));
    return id;
}

std::optional<SandboxResponse> Outreach2dayContacts::replayed(const QString &scope,
                                                              const SandboxRequest &request,
                                                              const QByteArray &fingerprint)
{
    const QString key = QString::fromUtf8(request.header("Idempotency-Key")).trimmed();
    if (key.isEmpty())
        return std::nullopt;
    if (key.size() > 255)
        return fieldError(QStringLiteral("Idempotency-Key"),
                          QStringLiteral("The Idempotency-Key header must be at most 255 characters."));
    const auto it = m_replays.constFind(scope + QLatin1Char('\n') + key);
    if (it == m_replays.constEnd())
        return std::nullopt;
    if (it->fingerprint != fingerprint) {
        return error(422, QStringLiteral("idempotency_key_reused"),
                     QStringLiteral("This Idempotency-Key was already used for another request "
                                    "(another campaign or file). Use a new key for a new import."));
    }
    SandboxResponse response = it->response;
    response.headers.append({QByteArrayLiteral("Idempotent-Replayed"), QByteArrayLiteral("true")});
    return response;
}

SandboxResponse Outreach2dayContacts::remember(const QString &scope, const SandboxRequest &request,
                                               const QByteArray &fingerprint, const SandboxResponse &response)
{
    const QString key = QString::fromUtf8(request.header("Idempotency-Key")).trimmed();
    if (!key.isEmpty() && response.status / 100 == 2)
        m_replays.insert(scope + QLatin1Char('\n') + key, Replay{fingerprint, response});
    return response;
}

std::optional<MultipartForm> Outreach2dayContacts::formOf(const SandboxRequest &request,
                                                          SandboxResponse *refused) const
{
    const QByteArray boundary = MultipartForm::boundaryOf(request.header("Content-Type"));
    if (boundary.isEmpty()) {
        *refused = error(415, QStringLiteral("unsupported_media_type"),
                         QStringLiteral("Imports are multipart/form-data with a boundary."));
        return std::nullopt;
    }
    QString problem;
    auto form = MultipartForm::parse(request.body, boundary, &problem);
    if (!form)
        *refused = fieldError(QStringLiteral("file"),
                              QStringLiteral("The multipart body is malformed: %1").arg(problem));
    return form;
}

Outreach2dayContacts::Contact &Outreach2dayContacts::upsert(const QString &campaignId, const QString &email,
                                                            bool *created)
{
    Book &book = m_books[campaignId];
    const QString key = email.toLower();
    const auto it = book.byEmail.constFind(key);
    if (it != book.byEmail.constEnd()) {
        *created = false;
        return book.contacts[*it];
    }
    Contact contact;
    contact.id = QStringLiteral("cnt_%1").arg(++m_lastContactNumber, 6, 10, QLatin1Char('0'));
    contact.email = email;
    contact.createdAt = contact.updatedAt = m_clock->now();
    if (m_suppressions.contains(key))
        contact.status = QStringLiteral("suppressed");
    book.byEmail.insert(key, int(book.contacts.size()));
    book.contacts.append(contact);
    *created = true;
    return book.contacts.last();
}

void Outreach2dayContacts::importRows(const QString &campaignId, const QList<QPair<int, QStringList>> &rows,
                                      const QList<QPair<int, QString>> &mapping, const QStringList &columns,
                                      ImportTally *tally)
{
    int emailColumn = -1;
    for (const auto &entry : mapping) {
        if (entry.second == QLatin1String("email"))
            emailColumn = entry.first;
    }
    for (const auto &row : rows) {
        const QStringList &fields = row.second;
        ++tally->parsed;
        const QString email = emailColumn < fields.size() ? fields.at(emailColumn).trimmed() : QString();
        if (!isEmail(email)) {
            ++tally->invalid;
            if (tally->errors.size() < 1000) {
                tally->errors.append(
                        QJsonObject{{QStringLiteral("row"), tally->parsed},
                                    {QStringLiteral("line"), row.first},
                                    {QStringLiteral("field"), QStringLiteral("email")},
                                    {QStringLiteral("column"), columns.value(emailColumn)},
                                    {QStringLiteral("value"), email},
                                    {QStringLiteral("message"),
                                     email.isEmpty() ? QStringLiteral("The email is missing.")
                                                     : QStringLiteral("Not a valid email address.")}});
            }
            continue;
        }
        ++tally->valid;
        ++tally->upserted;
        bool created = false;
        Contact &contact = upsert(campaignId, email, &created);
        if (created)
            ++tally->created;
        QString fullName;
        for (const auto &entry : mapping) {
            const QString value = entry.first < fields.size() ? fields.at(entry.first).trimmed() : QString();
            const QString &field = entry.second;
            if (field == QLatin1String("email") || value.isEmpty())
                continue;
            if (field == QLatin1String("firstName"))
                contact.firstName = value;
            else if (field == QLatin1String("lastName"))
                contact.lastName = value;
            else if (field == QLatin1String("name"))
                fullName = value;
            else
                contact.custom.insert(field, value);
        }
        if (!fullName.isEmpty() && contact.firstName.isEmpty() && contact.lastName.isEmpty()) {
            const qsizetype space = fullName.indexOf(QLatin1Char(' '));
            contact.firstName = space < 0 ? fullName : fullName.left(space);
            contact.lastName = space < 0 ? QString() : fullName.mid(space + 1).trimmed();
        }
    }
}

SandboxResponse Outreach2dayContacts::importDirect(const QString &campaignId, const SandboxRequest &request)
{
    SandboxResponse refused;
    const auto form = formOf(request, &refused);
    if (!form)
        return refused;
    const MultipartForm::Part *file = form->part("file");
    if (!file)
        return fieldError(QStringLiteral("file"),
                          QStringLiteral("The multipart part \"file\" (the CSV) is missing."));
    if (file->data.size() > maxDirectImportBytes) {
        return error(413, QStringLiteral("payload_too_large"),
                     QStringLiteral("The file is larger than %1 bytes: use a staged import (POST /imports).")
                             .arg(maxDirectImportBytes));
    }
    const QString scope = QStringLiteral("contacts/import");
    const QByteArray fingerprint = sha256(campaignId.toUtf8() + '\n' + file->data);
    if (auto answer = replayed(scope, request, fingerprint))
        return *answer;

    const SandboxCsv csv = SandboxCsv::parse(file->data);
    if (!csv.problem.isEmpty())
        return fieldError(QStringLiteral("file"), csv.problem);
    QList<QPair<int, QString>> mapping;
    for (qsizetype i = 0; i < csv.header.size(); ++i) {
        if (!csv.header.at(i).isEmpty())
            mapping.append({int(i), fieldNamed(csv.header.at(i))});
    }
    if (std::none_of(mapping.cbegin(), mapping.cend(),
                     [](const auto &e) { return e.second == QLatin1String("email"); }))
        return fieldError(QStringLiteral("file"), QStringLiteral("The CSV header has no email column."));
    QList<QPair<int, QStringList>> rows;
    rows.reserve(csv.records.size());
    for (const SandboxCsv::Record &record : csv.records)
        rows.append({record.line, record.fields});
    ImportTally tally;
    importRows(campaignId, rows, mapping, csv.header, &tally);
    m_changed(campaignId);
    const QJsonObject answer{
            {QStringLiteral("imported"), tally.created},  {QStringLiteral("parsed"), tally.parsed},
            {QStringLiteral("valid"), tally.valid},       {QStringLiteral("invalid"), tally.invalid},
            {QStringLiteral("upserted"), tally.upserted}, {QStringLiteral("errors"), tally.errors}};
    return remember(scope, request, fingerprint, SandboxResponse::json(answer));
}

SandboxResponse Outreach2dayContacts::startImport(const SandboxRequest &request)
{
    SandboxResponse refused;
    const auto form = formOf(request, &refused);
    if (!form)
        return refused;
    const MultipartForm::Part *campaignPart = form->part("campaignId");
    const QString campaignId = campaignPart ? QString::fromUtf8(campaignPart->data).trimmed() : QString();
    if (campaignId.isEmpty())
        return fieldError(QStringLiteral("campaignId"),
                          QStringLiteral("The multipart part \"campaignId\" is missing."));
    if (!m_campaignExists(campaignId))
        return notFound(QStringLiteral("campaign"), campaignId);
    const MultipartForm::Part *file = form->part("file");
    if (!file)
        return fieldError(QStringLiteral("file"),
                          QStringLiteral("The multipart part \"file\" (the CSV) is missing."));
    const QString scope = QStringLiteral("imports");
    const QByteArray fingerprint = sha256(campaignId.toUtf8() + '\n' + file->data);
    if (auto answer = replayed(scope, request, fingerprint))
        return *answer;

    const SandboxCsv csv = SandboxCsv::parse(file->data);
    if (!csv.problem.isEmpty())
        return fieldError(QStringLiteral("file"), csv.problem);
    StagedImport import;
    do {
        import.id = randomImportId();
    } while (m_imports.contains(import.id));
    import.campaignId = campaignId;
    import.status = QStringLiteral("pending_mapping");
    import.columns = csv.header;
    import.rows.reserve(csv.records.size());
    for (const SandboxCsv::Record &record : csv.records)
        import.rows.append({record.line, record.fields});
    import.createdAt = m_clock->now();
    m_imports.insert(import.id, import);
    const QJsonObject answer{{QStringLiteral("importId"), import.id},
                             {QStringLiteral("status"), import.status},
                             {QStringLiteral("campaignId"), campaignId}};
    return remember(scope, request, fingerprint, SandboxResponse::json(answer, 201));
}

SandboxResponse Outreach2dayContacts::mappingPreview(const SandboxRequest &request)
{
    const QString id = request.pathArgs.value(QStringLiteral("importId"));
    const auto it = m_imports.constFind(id);
    if (it == m_imports.constEnd())
        return notFound(QStringLiteral("import"), id);
    QJsonObject suggested;
    for (const QString &column : it->columns) {
        if (!column.isEmpty())
            suggested.insert(column, suggestedField(column));
    }
    QJsonArray samples;
    for (qsizetype r = 0; r < qMin<qsizetype>(5, it->rows.size()); ++r) {
        QJsonObject sample;
        const QStringList &fields = it->rows.at(r).second;
        for (qsizetype c = 0; c < it->columns.size(); ++c)
            sample.insert(it->columns.at(c), fields.value(c));
        samples.append(sample);
    }
    return SandboxResponse::json(
            QJsonObject{{QStringLiteral("importId"), it->id},
                        {QStringLiteral("columns"), QJsonArray::fromStringList(it->columns)},
                        {QStringLiteral("suggestedMapping"), suggested},
                        {QStringLiteral("sampleRows"), samples},
                        {QStringLiteral("totalRows"), int(it->rows.size())}});
}

SandboxResponse Outreach2dayContacts::confirmMapping(const SandboxRequest &request)
{
    const QString id = request.pathArgs.value(QStringLiteral("importId"));
    auto it = m_imports.find(id);
    if (it == m_imports.end())
        return notFound(QStringLiteral("import"), id);
    bool ok = false;
    const QJsonObject body = request.jsonObject(&ok);
    if (!ok)
        return invalidJson();
    if (it->status != QLatin1String("pending_mapping")) {
        return invalidState(
                it->status,
                QStringLiteral("The import's mapping is already confirmed (status %1).").arg(it->status));
    }
    if (!body.value(QStringLiteral("mapping")).isObject())
        return fieldError(QStringLiteral("mapping"), QStringLiteral("mapping is required: {column: field}."));
    const QJsonObject mapping = body.value(QStringLiteral("mapping")).toObject();
    QMap<QString, QString> accepted;
    QHash<QString, QString> columnOfField;
    for (auto entry = mapping.begin(); entry != mapping.end(); ++entry) {
        const QString path = QStringLiteral("mapping.") + entry.key();
        if (!it->columns.contains(entry.key()))
            return fieldError(path,
                              QStringLiteral("%1: the file has no column \"%2\".").arg(path, entry.key()));
        if (!entry.value().isString() && !entry.value().isNull())
            return fieldError(
                    path, QStringLiteral("%1 must be a field name (or empty to skip the column).").arg(path));
        const QString field = entry.value().toString().trimmed();
        if (field.isEmpty())
            continue;
        if (!isFieldName(field))
            return fieldError(path, QStringLiteral("%1: \"%2\" is not a valid field name.").arg(path, field));
        if (columnOfField.contains(field)) {
            return fieldError(path,
                              QStringLiteral("%1: the columns \"%2\" and \"%3\" both map to %4.")
                                      .arg(path, columnOfField.value(field), entry.key(), field));
        }
        columnOfField.insert(field, entry.key());
        accepted.insert(entry.key(), field);
    }
    if (!columnOfField.contains(QStringLiteral("email")))
        return fieldError(QStringLiteral("mapping"), QStringLiteral("mapping must map one column to email."));
    it->mapping = accepted;
    it->status = QStringLiteral("processing");
    return SandboxResponse::json(importStatusJson(*it));
}

void Outreach2dayContacts::advanceImport(StagedImport &import)
{
    if (!m_campaignExists(import.campaignId)) {
        import.status = QStringLiteral("failed");
        return;
    }
    ++import.polls;
    const qsizetype total = import.rows.size();
    const qsizetype target = import.polls >= m_importPolls ? total : total * import.polls / m_importPolls;
    QList<QPair<int, QString>> mapping;
    for (qsizetype c = 0; c < import.columns.size(); ++c) {
        const QString field = import.mapping.value(import.columns.at(c));
        if (!field.isEmpty())
            mapping.append({int(c), field});
    }
    ImportTally tally;
    tally.parsed = import.processed; // rows are numbered across polls
    importRows(import.campaignId, import.rows.mid(import.processed, target - import.processed), mapping,
               import.columns, &tally);
    import.processed = int(target);
    import.imported += tally.valid;
    import.invalid += tally.invalid;
    for (const QJsonValue &error : std::as_const(tally.errors)) {
        if (import.errors.size() < 1000)
            import.errors.append(error);
    }
    m_changed(import.campaignId);
    if (import.processed >= total)
        import.status = QStringLiteral("completed");
}

SandboxResponse Outreach2dayContacts::importStatus(const SandboxRequest &request)
{
    const QString id = request.pathArgs.value(QStringLiteral("importId"));
    auto it = m_imports.find(id);
    if (it == m_imports.end())
        return notFound(QStringLiteral("import"), id);
    if (it->status == QLatin1String("processing"))
        advanceImport(*it);
    return SandboxResponse::json(importStatusJson(*it));
}

SandboxResponse Outreach2dayContacts::list(const QString &campaignId, const SandboxRequest &request)
{
    const QList<Contact> contacts = m_books.value(campaignId).contacts;
    Outreach2dayPager::List list;
    list.name = QStringLiteral("contacts");
    list.count = contacts.size();
    // Contacts are appended with growing ids: a page starts after the cursor's, whatever was
    // imported since.
    list.keyOf = [&contacts](qsizetype i) {
        return idNumber(contacts.at(i).id);
    };
    SandboxResponse refused;
    const auto page = m_pager->page(request, list, &refused);
    if (!page)
        return refused;
    QJsonArray items;
    for (qsizetype i : page->rows)
        items.append(contactJson(campaignId, contacts.at(i)));
    return Outreach2dayPager::answer(items, *page);
}

SandboxResponse Outreach2dayContacts::changes(const QString &campaignId, const SandboxRequest &request)
{
    const Book book = m_books.value(campaignId);
    QJsonValue echoed = QJsonValue::Null;
    qsizetype first = 0;
    if (request.hasQuery(QStringLiteral("updatedSince"))) {
        const QString text = request.queryValue(QStringLiteral("updatedSince"));
        const QDateTime since = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!since.isValid() || since.timeSpec() == Qt::LocalTime)
            return fieldError(QStringLiteral("updatedSince"),
                              QStringLiteral("updatedSince must be an ISO 8601 time with a zone, such as "
                                             "2026-03-09T00:00:00Z."));
        echoed = text;
        // Changes at or after the time (the feed is in time order).
        const qint64 sinceMs = since.toMSecsSinceEpoch();
        first = std::lower_bound(book.changes.cbegin(), book.changes.cend(), sinceMs,
                                 [](const Change &c, qint64 ms) { return c.atMs < ms; }) -
                book.changes.cbegin();
    }
    Outreach2dayPager::List list;
    list.name = QStringLiteral("changes");
    list.count = book.changes.size();
    list.first = first;
    list.keyOf = [&book](qsizetype i) {
        return book.changes.at(i).seq;
    };
    SandboxResponse refused;
    const auto page = m_pager->page(request, list, &refused);
    if (!page)
        return refused;
    QJsonArray items;
    for (qsizetype i : page->rows) {
        const Change &change = book.changes.at(i);
        const Contact &contact = book.contacts.at(change.contact);
        items.append(QJsonObject{
                {QStringLiteral("contactId"), contact.id},
                {QStringLiteral("email"), contact.email},
                {QStringLiteral("status"), change.status},
                {QStringLiteral("previousStatus"), change.previousStatus},
                {QStringLiteral("updatedAt"),
                 iso(QDateTime::fromMSecsSinceEpoch(change.atMs - change.atMs % 1000, Qt::UTC))}});
    }
    return Outreach2dayPager::answer(items, *page, QJsonObject{{QStringLiteral("updated_since"), echoed}});
}

SandboxResponse Outreach2dayContacts::suppress(const SandboxRequest &request)
{
    bool ok = false;
    const QJsonObject body = request.jsonObject(&ok);
    if (!ok)
        return invalidJson();
    const QJsonValue emailsValue = body.value(QStringLiteral("emails"));
    if (!emailsValue.isArray() || emailsValue.toArray().isEmpty())
        return fieldError(QStringLiteral("emails"), QStringLiteral("emails must list at least one address."));
    const QJsonArray emails = emailsValue.toArray();
    if (emails.size() > 1000)
        return fieldError(QStringLiteral("emails"),
                          QStringLiteral("emails may list at most 1000 addresses."));
    QString reason = QStringLiteral("manual_suppression");
    SandboxResponse refused;
    if (!readString(body, QStringLiteral("reason"), QStringLiteral("reason"), &reason, &refused))
        return refused;
    if (reason.size() > 200)
        return fieldError(QStringLiteral("reason"), QStringLiteral("reason must be at most 200 characters."));
    QStringList addresses;
    for (qsizetype i = 0; i < emails.size(); ++i) {
        const QString email = emails.at(i).toString().trimmed();
        if (!isEmail(email)) {
            const QString path = QStringLiteral("emails[%1]").arg(i);
            return fieldError(path, QStringLiteral("%1 is not an email address.").arg(path));
        }
        addresses.append(email.toLower());
    }
    int added = 0;
    const int contactsSuppressed = addSuppressions(addresses, reason, &added);
    return SandboxResponse::json(
            QJsonObject{{QStringLiteral("ok"), true},
                        {QStringLiteral("suppressed"), added},
                        {QStringLiteral("alreadySuppressed"), int(addresses.size()) - added},
                        {QStringLiteral("contactsSuppressed"), contactsSuppressed}});
}

SandboxResponse Outreach2dayContacts::suppressionStatus(const SandboxRequest &request)
{
    const QString email = request.queryValue(QStringLiteral("email")).trimmed();
    if (!isEmail(email))
        return fieldError(QStringLiteral("email"), QStringLiteral("email must be an email address."));
    const auto it = m_suppressions.constFind(email.toLower());
    if (it == m_suppressions.constEnd())
        return SandboxResponse::json(QJsonObject{{QStringLiteral("email"), email.toLower()},
                                                 {QStringLiteral("suppressed"), false}});
    QJsonObject answer = suppressionJson(m_suppressionLog.at(*it));
    answer.insert(QStringLiteral("suppressed"), true);
    return SandboxResponse::json(answer);
}

SandboxResponse Outreach2dayContacts::listSuppressions(const SandboxRequest &request)
{
    Outreach2dayPager::List list;
    list.name = QStringLiteral("suppressions");
    list.count = m_suppressionLog.size();
    list.keyOf = [this](qsizetype i) {
        return m_suppressionLog.at(i).seq;
    };
    list.accept = [this](qsizetype i) {
        return !m_suppressionLog.at(i).removed;
    };
    SandboxResponse refused;
    const auto page = m_pager->page(request, list, &refused);
    if (!page)
        return refused;
    QJsonArray items;
    for (qsizetype i : page->rows)
        items.append(suppressionJson(m_suppressionLog.at(i)));
    return Outreach2dayPager::answer(items, *page);
}

// Removing a suppression lets the address be emailed by contacts imported later; contacts it
// suppressed stay suppressed (their sequence has ended).
SandboxResponse Outreach2dayContacts::unsuppress(const SandboxRequest &request)
{
    const QString email = request.queryValue(QStringLiteral("email")).trimmed().toLower();
    if (!isEmail(email))
        return fieldError(QStringLiteral("email"), QStringLiteral("email must be an email address."));
    const auto it = m_suppressions.constFind(email);
    if (it == m_suppressions.constEnd())
        return notFound(QStringLiteral("suppression for"), email);
    m_suppressionLog[*it].removed = true;
    m_suppressions.erase(it);
    return SandboxResponse::noContent();
}

QJsonObject Outreach2dayContacts::suppressionJson(const Suppression &entry) const
{
    return QJsonObject{{QStringLiteral("email"), entry.email},
                       {QStringLiteral("reason"), entry.reason},
                       {QStringLiteral("createdAt"), iso(entry.createdAt)}};
}

QJsonObject Outreach2dayContacts::contactJson(const QString &campaignId, const Contact &contact)
{
    return QJsonObject{{QStringLiteral("id"), contact.id},
                       {QStringLiteral("campaignId"), campaignId},
                       {QStringLiteral("email"), contact.email},
                       {QStringLiteral("name"),
                        QStringList{contact.firstName, contact.lastName}.join(QLatin1Char(' ')).trimmed()},
                       {QStringLiteral("firstName"), contact.firstName},
                       {QStringLiteral("lastName"), contact.lastName},
                       {QStringLiteral("status"), contact.status},
                       {QStringLiteral("customJson"), contact.custom},
                       {QStringLiteral("createdAt"), iso(contact.createdAt)},
                       {QStringLiteral("updatedAt"), iso(contact.updatedAt)}};
}

QJsonObject Outreach2dayContacts::importStatusJson(const StagedImport &import)
{
    return QJsonObject{{QStringLiteral("importId"), import.id},
                       {QStringLiteral("campaignId"), import.campaignId},
                       {QStringLiteral("status"), import.status},
                       {QStringLiteral("totalRows"), int(import.rows.size())},
                       {QStringLiteral("processedRows"), import.processed},
                       {QStringLiteral("imported"), import.imported},
                       {QStringLiteral("invalid"), import.invalid},
                       {QStringLiteral("errors"), import.errors}};
}
