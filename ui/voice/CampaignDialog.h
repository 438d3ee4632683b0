#pragma once

#include "verloop/VerloopCampaignRegistry.h"

#include <QDialog>

#include <functional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTimeEdit;

// Adds or edits one Verloop campaign of the console's registry. Verloop has no endpoint that
// lists campaigns, so the operator copies what its Outreach dashboard shows: the Campaign ID, the
// retries configured there (a call counts 1 + retries against the per-day attempt cap, since
// Verloop may ring that often) and the campaign's working window and days.
class CampaignDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CampaignDialog(QWidget *parent = nullptr);

    // What the form says (addedAt is the registry's).
    VerloopCampaignEntry entry() const;
    void setEntry(const VerloopCampaignEntry &entry);

    // Extra checks of the caller (e.g. "a campaign with this name exists"): a sentence or empty.
    void setValidator(std::function<QString(const QString &name, const QString &uuid)> validator);
    // Why OK is off; empty when it is on.
    QString problem() const;
    QPushButton *okButton() const { return m_ok; }

private:
    void validate();

    QLineEdit *m_name;
    QLineEdit *m_uuid;
    QSpinBox *m_retries;
    QCheckBox *m_hasWindow;
    QTimeEdit *m_start;
    QTimeEdit *m_end;
    QList<QCheckBox *> m_days; // Monday first
    QLabel *m_problem;
    QPushButton *m_ok;
    std::function<QString(const QString &, const QString &)> m_validator;
};
