#pragma once

#include "outbound/CallingRules.h"

#include <QGroupBox>

class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimeEdit;

// The calling rules as Settings shows them: the window in the recipient's local time, the daily
// attempt cap, and stricter windows per region (a country code such as "US", or number prefixes
// such as "1305, 1786"). What makes no sense is said as it is typed (CallingRules::problem()).
class CallingRulesEditor : public QGroupBox
{
    Q_OBJECT
public:
    explicit CallingRulesEditor(QWidget *parent = nullptr);

    void setRules(const CallingRules &rules);
    // The rules the fields describe now.
    CallingRules rules() const;
    // Empty when rules() may be saved, else why not.
    QString problem() const;

    void addRegion();
    void removeSelectedRegion();

    QTimeEdit *startEdit() const { return m_start; }
    QTimeEdit *endEdit() const { return m_end; }
    QSpinBox *capEdit() const { return m_cap; }
    QTableWidget *regionsTable() const { return m_regions; }
    QLabel *problemLabel() const { return m_problem; }

    enum RegionColumn { RegionName, RegionWhere, RegionStart, RegionEnd };

    // "US" -> country; "1305, +1 786" -> prefixes (digits only).
    static void parseWhere(const QString &text, RegionWindow &region);
    static QString whereText(const RegionWindow &region);

Q_SIGNALS:
    void changed();

private:
    void showProblem();

    QTimeEdit *m_start;
    QTimeEdit *m_end;
    QSpinBox *m_cap;
    QTableWidget *m_regions;
    QPushButton *m_removeRegion;
    QLabel *m_problem;
    bool m_filling = false;
};
