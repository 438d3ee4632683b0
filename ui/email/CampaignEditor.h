#pragma once

#include "EditorSection.h"

#include <QList>
#include <QWidget>

class CampaignDashboard;
class CampaignEditorController;
class LaunchSection;
class QLabel;
class QListWidget;
class QSplitter;
class QStackedWidget;
class ScheduleSection;

// The campaign editor: its sections in the API's own order (details → steps → contacts →
// mailboxes → schedule and stop rules → preflight → launch), then the running campaign's
// dashboard and its subsequences, each listed with what it still lacks, any reachable at any time
// (click, arrow keys, Alt+1..9), and the capacity planner's line, recomputed on every change.
class CampaignEditor : public QWidget
{
    Q_OBJECT
public:
    CampaignEditor(const EmailContext &context, CampaignEditorController *controller,
                   QWidget *parent = nullptr);

    void setCampaign(const QString &campaignId);
    QString campaignId() const;

    // Section ids: "details", "steps", "contacts", "mailboxes", "schedule", "preflight", "launch",
    // "dashboard", "subsequences".
    QStringList sectionIds() const;
    EditorSection *section(const QString &id) const;
    void showSection(const QString &id);
    QString currentSectionId() const;
    // What a section lacks, as the list shows it.
    QString missing(const QString &id) const { return section(id) ? section(id)->missing() : QString(); }
    QLabel *capacityLabel() const { return m_capacity; }
    CampaignDashboard *dashboard() const { return m_dashboard; }

Q_SIGNALS:
    // Something of the campaign changed (the list shows its last change and status).
    void campaignEdited();

private:
    struct Entry
    {
        QString id;
        QString title;
        EditorSection *section;
    };
    void addSection(const QString &id, const QString &title, EditorSection *section);
    void refreshList();
    void recomputePlan();

    CampaignEditorController *m_controller;
    QSplitter *m_splitter;
    QListWidget *m_list;
    QStackedWidget *m_stack;
    QLabel *m_capacity;
    ScheduleSection *m_schedule = nullptr;
    LaunchSection *m_launch = nullptr;
    CampaignDashboard *m_dashboard = nullptr;
    QList<Entry> m_entries;
};
