#include "LeadDetailPane.h"

#include "common/ErrorText.h"
#include "phone/PhoneNumbers.h"

#include <QCoreApplication>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QVBoxLayout>

namespace {

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString link(const QUrl &url, const QString &label = {})
{
    if (!url.isValid() || url.isEmpty())
        return {};
    const QString shown = label.isEmpty() ? url.toDisplayString() : label;
    return QStringLiteral("<a href=\"%1\">%2</a>").arg(esc(QString::fromUtf8(url.toEncoded())), esc(shown));
}

QString row(const QString &name, const QString &valueHtml)
{
    return QStringLiteral("<tr><td style=\"padding-right:12px\"><b>%1</b></td><td>%2</td></tr>")
            .arg(esc(name), valueHtml);
}

QString statusText(const QString &status)
{
    return status.isEmpty() ? QCoreApplication::translate("LeadDetailPane", "not requested") : status;
}

} // namespace

LeadDetailPane::LeadDetailPane(QWidget *parent) : QWidget(parent), m_body(new QLabel), m_status(new QLabel)
{
    setObjectName(QStringLiteral("leadDetail"));
    setAccessibleName(tr("Lead detail"));
    m_body->setObjectName(QStringLiteral("leadDetailText"));
    m_body->setWordWrap(true);
    m_body->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_body->setTextInteractionFlags(Qt::TextBrowserInteraction);
    ErrorText::makeLinkLabel(m_body);
    ErrorText::makeLinkLabel(m_status);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("leadDetailStatus"));

    auto *inner = new QWidget;
    auto *innerLayout = new QVBoxLayout(inner);
    innerLayout->addWidget(m_body);
    innerLayout->addWidget(m_status);
    innerLayout->addStretch();
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(inner);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
    clear();
}

void LeadDetailPane::clear()
{
    m_leadId.clear();
    m_body->setText(tr("Select a lead to see its contact data, website and analysis."));
    m_status->clear();
}

QString LeadDetailPane::text() const
{
    return m_body->text() + QLatin1Char('\n') + m_status->text();
}

void LeadDetailPane::setLead(const UnloopaLead &lead, bool fresh)
{
    const QLocale locale;
    m_leadId = lead.id;
    QString html = QStringLiteral("<h3>%1</h3><p>%2</p><table>")
                           .arg(esc(lead.businessName),
                                esc(QStringList({lead.industry, lead.city}).join(QStringLiteral(" · "))));
    // Contact
    QString phone;
    if (!lead.phone.isEmpty())
        phone = esc(PhoneNumbers::formatInternational(lead.phone)) + QStringLiteral(" <small>(") +
                esc(lead.phone) + QStringLiteral(")</small>");
    else if (!lead.phoneAsReceived.isEmpty())
        phone = esc(lead.phoneAsReceived) +
                QStringLiteral(" <i>— %1</i>").arg(tr("not a valid phone number"));
    else
        phone = tr("none found");
    html += row(tr("Phone"), phone);
    html += row(tr("Email"), lead.email.isEmpty() ? tr("none found") : esc(lead.email));
    QString rating =
            lead.rating ? QStringLiteral("★ %1").arg(locale.toString(*lead.rating, 'f', 1)) : tr("no rating");
    rating += QStringLiteral(" (%1)").arg(tr("%n review(s)", nullptr, lead.reviews));
    html += row(tr("Google rating"), esc(rating));
    html += row(tr("Language"), esc(lead.language));
    // Generated assets
    html += row(tr("Generated website"), lead.url.isValid() ? link(lead.url) : tr("not generated yet"));
    html += row(tr("Video"),
                esc(statusText(lead.videoStatus)) +
                        (lead.videoUrl.isValid() ? QStringLiteral(" — ") + link(lead.videoUrl, tr("watch"))
                                                 : QString()));
    html += row(tr("VSL"),
                esc(statusText(lead.vslStatus)) +
                        (lead.vslUrl.isValid() ? QStringLiteral(" — ") + link(lead.vslUrl, tr("watch"))
                                               : QString()));
    // Socials
    QStringList socials;
    for (const auto &[url, name] : {std::pair{lead.instagram, QStringLiteral("Instagram")},
                                    std::pair{lead.facebook, QStringLiteral("Facebook")},
                                    std::pair{lead.linkedin, QStringLiteral("LinkedIn")},
                                    std::pair{lead.twitter, QStringLiteral("Twitter")}}) {
        if (url.isValid() && !url.isEmpty())
            socials << link(url, name);
    }
    html += row(tr("Socials"), socials.isEmpty() ? tr("none found") : socials.join(QStringLiteral(" · ")));
    // Existing website analysis
    if (lead.hasDetail) {
        if (lead.existingWebsite) {
            const UnloopaExistingWebsite &e = *lead.existingWebsite;
            html += row(tr("Existing website"), link(e.url));
            html += row(tr("PageSpeed score"),
                        e.pagespeedScore ? QStringLiteral("%1 / 100").arg(*e.pagespeedScore) : tr("unknown"));
            html += row(tr("Load time"),
                        e.loadTimeSeconds ? tr("%1 s").arg(locale.toString(*e.loadTimeSeconds, 'f', 1))
                                          : tr("unknown"));
            html += row(tr("Mobile optimised"),
                        e.mobileOptimized ? (*e.mobileOptimized ? tr("yes") : tr("no")) : tr("unknown"));
        } else {
            html += row(tr("Existing website"), tr("none — the business has no website of its own"));
        }
    }
    if (lead.createdAt.isValid())
        html += row(tr("Added"), esc(locale.toString(lead.createdAt.toLocalTime(), QLocale::ShortFormat)));
    html += QStringLiteral("</table>");
    m_body->setText(html);
    m_status->setText(fresh ? QString()
                            : tr("Shown from this computer's copy; fetching the latest from Unloopa…"));
}

void LeadDetailPane::setError(const ApiError &error)
{
    ErrorText::show(m_status, error, tr("Could not load the latest detail."));
}
