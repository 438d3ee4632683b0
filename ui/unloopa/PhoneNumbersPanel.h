#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class VoiceSetupController;

// The account's phone numbers (count of the limit 3), a search by 3-digit area code and country,
// buying a result ($1/month, confirmed, one purchase at a time) and releasing a number (confirmed).
class PhoneNumbersPanel : public QWidget
{
    Q_OBJECT
public:
    explicit PhoneNumbersPanel(VoiceSetupController *controller, QWidget *parent = nullptr);

    void search();
    void buySelected();
    void releaseSelected();
    void focusSearch();

private:
    void showNumbers();
    void showResults();
    void updateButtons();
    bool confirm(const QString &objectName, const QString &title, const QString &text, const QString &details,
                 const QString &action);

    VoiceSetupController *m_controller;
    QLabel *m_count;
    QListWidget *m_numbers;
    QLabel *m_numbersEmpty;
    QPushButton *m_release;
    QLineEdit *m_areaCode;
    QLineEdit *m_country;
    QPushButton *m_search;
    QListWidget *m_results;
    QLabel *m_resultsEmpty;
    QPushButton *m_buy;
    QLabel *m_error;
    bool m_searched = false;
};
