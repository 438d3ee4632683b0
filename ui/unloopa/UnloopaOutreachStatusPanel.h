#pragma once

#include <QWidget>

class OutreachController;
class QLabel;
class RecordTableView;

// Is outreach email set up, and how much can go out today: configured or not (the setup link when
// not), every sending account (daily limit, sent today, remaining, warm-up "day N of 28" and health,
// as Unloopa reports them) and the summary (capacity, queue, accounts with health issues).
class UnloopaOutreachStatusPanel : public QWidget
{
    Q_OBJECT
public:
    explicit UnloopaOutreachStatusPanel(OutreachController *controller, QWidget *parent = nullptr);

private:
    void showStatus();

    OutreachController *m_controller;
    QLabel *m_configured;
    QLabel *m_capacity;
    QLabel *m_queue;
    QLabel *m_healthIssues;
    RecordTableView *m_accounts;
    QLabel *m_empty;
};
