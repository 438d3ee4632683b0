#pragma once

#include "core/ApiError.h"
#include "unloopa/UnloopaTypes.h"

#include <QWidget>

class QLabel;

// The detail of one lead (GET /leads/{id}): contact data, rating and reviews, socials, the
// generated website, video/VSL status and links, and the analysis of the business's existing
// website. Links open in the system browser (http/https only).
class LeadDetailPane : public QWidget
{
    Q_OBJECT
public:
    explicit LeadDetailPane(QWidget *parent = nullptr);

    void clear();
    // `fresh` false: from the local store (the network answer may follow).
    void setLead(const UnloopaLead &lead, bool fresh);
    // The detail could not be fetched: say why, keep what is shown.
    void setError(const ApiError &error);
    QString leadId() const { return m_leadId; }
    // The text shown (tests, screen readers).
    QString text() const;

private:
    QString m_leadId;
    QLabel *m_body;
    QLabel *m_status;
};
