#pragma once

#include <QDialog>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

// New campaign: a name and a priority (POST /campaigns).
class NewCampaignDialog : public QDialog
{
    Q_OBJECT
public:
    explicit NewCampaignDialog(QWidget *parent = nullptr);

    QString name() const;
    QString priority() const; // HIGH, MEDIUM (the default) or LOW
    QPushButton *okButton() const { return m_ok; }

private:
    QLineEdit *m_name;
    QComboBox *m_priority;
    QPushButton *m_ok = nullptr;
};

// Register by id: a campaign created elsewhere (the API cannot list campaigns).
class RegisterCampaignDialog : public QDialog
{
    Q_OBJECT
public:
    // `problem` says why an id cannot be registered (empty: it can).
    RegisterCampaignDialog(std::function<QString(const QString &id)> problem, QWidget *parent = nullptr);

    QString campaignId() const;
    QString name() const;
    QPushButton *okButton() const { return m_ok; }

private:
    void validate();

    std::function<QString(const QString &)> m_problem;
    QLineEdit *m_id;
    QLineEdit *m_name;
    QLabel *m_problemLabel;
    QPushButton *m_ok = nullptr;
};
