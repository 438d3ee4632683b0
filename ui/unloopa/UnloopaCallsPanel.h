#pragma once

#include "unloopa/UnloopaVoiceTypes.h"

#include <QWidget>

class ExportControl;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTextBrowser;
class RecordTableView;
class UnloopaCallsController;

// The Unloopa Voice page's Calls tab: the stored calls in the one table view (filters status,
// outcome and campaign, free text that reaches the transcripts, outcomes in words), the selected
// call's detail — its transcript turn by turn with find (Ctrl+F, Enter/F3 for the next match,
// Shift for the previous) and Unloopa's analysis —, export (Ctrl+E), and the operator's opt-in
// that not_interested outcomes put the number on the do-not-contact list. Widgets only:
// UnloopaCallsController holds the state.
class UnloopaCallsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit UnloopaCallsPanel(UnloopaCallsController *controller, QWidget *parent = nullptr);

    // Ctrl+F: the transcript's find field when a call with a transcript is shown, else the search.
    void focusFind();
    ExportControl *exportControl() const { return m_export; }

Q_SIGNALS:
    // "Place a call…": the page opens the single-call dialog.
    void placeCallRequested();

private:
    void showCall(const UnloopaCall &call);
    void clearDetail();
    void selectionChanged();
    void filtersChanged();
    void fillCampaigns();
    void updateCount();
    void findInTranscript(bool backwards);
    void highlightMatches();
    void optInToggled(bool on);

    UnloopaCallsController *m_controller;
    QComboBox *m_status;
    QComboBox *m_outcome;
    QComboBox *m_campaign;
    QLineEdit *m_search;
    QPushButton *m_refresh;
    QPushButton *m_placeCall;
    ExportControl *m_export;
    QCheckBox *m_listNotInterested;
    QLabel *m_count;
    QLabel *m_message;
    QLabel *m_empty;
    RecordTableView *m_table;
    QLabel *m_header;
    QLineEdit *m_find;
    QLabel *m_matches;
    QTextBrowser *m_transcript;
    QLabel *m_analysis;
    QString m_shownId;
};
