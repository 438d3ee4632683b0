#include "ErrorText.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QLabel>
#include <QUrl>

namespace {
QString linkLabel(const ApiError::Link &link)
{
    QString label = link.label;
    label.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (label.startsWith(QLatin1String("voice credits.")))
        label = QCoreApplication::translate("ErrorText", "Buy ") + label.mid(int(qstrlen("voice credits.")));
    if (label == QLatin1String("upgrade"))
        label = QCoreApplication::translate("ErrorText", "Upgrade your plan");
    if (label == QLatin1String("setup url"))
        label = QCoreApplication::translate("ErrorText", "Finish the setup");
    return label;
}
} // namespace

namespace ErrorText {

QString richText(const ApiError &error, const QString &prefix)
{
    QString text = prefix.isEmpty() ? error.explanation : prefix + QLatin1Char(' ') + error.explanation;
    QString html = text.toHtmlEscaped();
    QStringList links;
    for (const ApiError::Link &link : error.links) {
        if (!link.url.isValid())
            continue;
        links << QStringLiteral("<a href=\"%1\">%2</a>")
                         .arg(link.url.toString(QUrl::FullyEncoded).toHtmlEscaped(),
                              linkLabel(link).toHtmlEscaped());
    }
    if (!links.isEmpty())
        html += QStringLiteral("<br>") + links.join(QStringLiteral(" · "));
    return html;
}

QString plainText(const ApiError &error)
{
    QString text = error.explanation;
    for (const ApiError::Link &link : error.links)
        text += QStringLiteral("\n%1: %2").arg(linkLabel(link), link.url.toString());
    return text;
}

void makeLinkLabel(QLabel *label)
{
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    label->setOpenExternalLinks(false);
    label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    QObject::connect(label, &QLabel::linkActivated, label, [](const QString &link) {
        const QUrl url(link);
        // Only web links: a vendor's answer must not open local files or custom schemes.
        if (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"))
            QDesktopServices::openUrl(url);
    });
}

void show(QLabel *label, const ApiError &error, const QString &prefix)
{
    label->setText(richText(error, prefix));
}

} // namespace ErrorText
