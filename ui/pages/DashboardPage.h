#pragma once

#include "core/Vendor.h"

#include <QMap>
#include <QWidget>

class QLabel;
class QPushButton;
class ServiceHub;
struct ConnectionTestResult;

// The first page: each vendor account's state and the last connection test in words, and a
// button to test them all. Later versions add campaign and cost overviews here.
class DashboardPage : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardPage(ServiceHub *hub, QWidget *parent = nullptr);

    QString stateText(Vendor vendor) const;
    QString summaryText(Vendor vendor) const;

Q_SIGNALS:
    void openAccounts(Vendor vendor);

private:
    void updateState(Vendor vendor);
    void showResult(const ConnectionTestResult &result);
    void testAll();

    ServiceHub *m_hub;
    QMap<Vendor, QLabel *> m_states;
    QMap<Vendor, QLabel *> m_summaries;
    QPushButton *m_testAll;
};
