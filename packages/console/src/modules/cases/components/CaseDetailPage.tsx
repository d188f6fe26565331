import { useMemo, useState } from 'react';
import { Alert, Badge, Breadcrumb, Spin, Tabs } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../api/api-error.ts';
import { casesApi } from '../../../api/cases-api.ts';
import type { CaseReviewResult } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { StaleAlert } from '../../../components/StaleAlert.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { NotFoundPage } from '../../errors/components/NotFoundPage.tsx';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { CasePageContext, type CasePage } from '../hooks/case-page-context.ts';
import { mayWork } from '../model/case-workflow.ts';
import { AttachmentsTab } from './AttachmentsTab.tsx';
import { CaseHeader } from './CaseHeader.tsx';
import { ConclusionTab } from './ConclusionTab.tsx';
import { EvidenceTab } from './EvidenceTab.tsx';
import { LinksTab } from './LinksTab.tsx';
import { MembersTab } from './MembersTab.tsx';
import { MergeTab } from './MergeTab.tsx';
import { NotesTab } from './NotesTab.tsx';
import { ReportButtons } from './ReportButtons.tsx';
import { TasksTab } from './TasksTab.tsx';
import { TimelineTab } from './TimelineTab.tsx';
import { TransitionBar } from './TransitionBar.tsx';

/** One case: its header, the caller's workflow actions, and the investigation in tabs. */
export function CaseDetailPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const permissions = usePermissions();
  const q = useQuery({ queryKey: ['cases', 'detail', id], queryFn: () => casesApi.get(id) });
  const [stale, setStale] = useState(false);
  const [labels, setLabels] = useState<CaseReviewResult['labels'] | undefined>();
  const [tab, setTab] = useState('timeline');
  const c = q.data;
  const ctx = useMemo<CasePage | null>(() => (c ? { c, mayWork: mayWork(c, permissions), markStale: () => setStale(true) } : null), [c, permissions]);

  // Another bank's case, or none: the same answer as any unknown address.
  if (isApiError(q.error) && q.error.status === 404) return <NotFoundPage />;

  const reload = async () => {
    await q.refetch();
    setStale(false);
  };
  const count = (n: number) => (n ? <Badge count={n} color="#8c8c8c" size="small" style={{ marginInlineStart: 6 }} /> : null);

  return (
    <>
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/cases">{t(page.labelKey)}</Link> }, { title: c?.number ?? id }]} />
      <PageHeader title={c ? <span data-testid="case-title">{`${c.number} · ${c.title}`}</span> : t('cases.detail.title')} extra={c && <ReportButtons caseId={c.id} number={c.number} />} />
      <ErrorAlert error={q.error} />
      {q.isLoading && <Spin />}
      {stale && <StaleAlert title={t('cases.detail.stale')} reloadLabel={t('cases.detail.reload')} onReload={() => void reload()} testIdPrefix="case" />}
      {ctx && (
        <CasePageContext.Provider value={ctx}>
          <div data-testid="case-detail" data-version={ctx.c.version}>
            <CaseHeader />
            <TransitionBar onReviewed={setLabels} />
            {labels && (labels.events > 0 || labels.subject) && (
              <Alert type="success" showIcon closable style={{ marginBottom: 16 }} data-testid="case-labels" title={t('cases.review.labels', { events: labels.events })} description={labels.subject ? t('cases.review.subjectLabelled') : undefined} onClose={() => setLabels(undefined)} />
            )}
            <Tabs
              activeKey={tab}
              onChange={setTab}
              destroyOnHidden={false}
              items={[
                { key: 'timeline', label: <span data-testid="tab-timeline">{t('cases.tab.timeline')}</span>, children: <TimelineTab /> },
                { key: 'members', label: <span data-testid="tab-members">{t('cases.tab.members')}{count(ctx.c.members.length)}</span>, children: <MembersTab /> },
                { key: 'tasks', label: <span data-testid="tab-tasks">{t('cases.tab.tasks')}{count(ctx.c.tasks.filter((x) => x.status === 'open').length)}</span>, children: <TasksTab /> },
                { key: 'notes', label: <span data-testid="tab-notes">{t('cases.tab.notes')}{count(ctx.c.notes.length)}</span>, children: <NotesTab /> },
                { key: 'links', label: <span data-testid="tab-links">{t('cases.tab.links')}{count(ctx.c.links.length)}</span>, children: <LinksTab /> },
                { key: 'evidence', label: <span data-testid="tab-evidence">{t('cases.tab.evidence')}{count(ctx.c.evidence.length)}</span>, children: <EvidenceTab /> },
                { key: 'attachments', label: <span data-testid="tab-attachments">{t('cases.tab.attachments')}{count(ctx.c.attachments.length)}</span>, children: <AttachmentsTab /> },
                { key: 'conclusion', label: <span data-testid="tab-conclusion">{t('cases.tab.conclusion')}</span>, children: <ConclusionTab onReviewed={setLabels} /> },
                ...(permissions.has('case.investigate') ? [{ key: 'merge', label: <span data-testid="tab-merge">{t('cases.tab.merge')}</span>, children: <MergeTab /> }] : []),
              ]}
            />
          </div>
        </CasePageContext.Provider>
      )}
    </>
  );
}
