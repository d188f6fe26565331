import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Timeline, Typography } from 'antd';
import { strategiesApi } from '../strategies-client.ts';
import type { StrategyVersionDetail } from '../../../api/types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import type { MessageKey } from '../../../i18n/translate.ts';
import { actorLabel } from '../utils/lifecycle.ts';
import { TestResultsTable } from './TestCasesTab.tsx';

/** The version's story: written, submitted with its test results, reviewed with the note; and the deployments of it. */
export function HistoryTab({ detail, id }: { detail: StrategyVersionDetail; id: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const deployments = useQuery({ queryKey: ['strategies', 'deployments'], queryFn: strategiesApi.deployments });
  const mine = [...(deployments.data?.active ?? []), ...(deployments.data?.scheduled ?? [])].filter((d) => d.strategy.id === id && d.strategy.version === detail.version);
  const reviewed = detail.status === 'rejected' ? 'rejected' : 'approved';
  const items = [
    { key: 'created', color: 'gray', content: t('strategies.history.created', { who: actorLabel(detail.createdBy), when: fmt.dateTime(detail.createdAt), note: detail.changeNote || '—' }) },
    ...(detail.submittedBy ? [{ key: 'submitted', color: 'blue', content: t('strategies.history.submitted', { who: actorLabel(detail.submittedBy), when: fmt.dateTime(detail.submittedAt) }) }] : []),
    ...(detail.approvedBy ? [{ key: 'reviewed', color: reviewed === 'rejected' ? 'red' : 'green', content: t(`strategies.history.${reviewed}`, { who: actorLabel(detail.approvedBy), when: fmt.dateTime(detail.approvedAt), note: detail.reviewNote ?? '' }) }] : []),
    ...mine.map((d) => ({
      key: `d${d.deploymentId}`,
      color: 'purple',
      content: d.scheduledFor
        ? t('strategies.history.scheduled', { mode: t(`strategies.state.${d.mode}` as MessageKey), who: actorLabel(d.actor), when: fmt.dateTime(d.scheduledFor), reason: d.reason })
        : t('strategies.history.deployed', { mode: t(`strategies.state.${d.mode}` as MessageKey), who: actorLabel(d.actor), when: fmt.dateTime(d.since), reason: d.reason }),
    })),
  ];
  return (
    <div data-testid="version-history">
      <Card size="small" title={t('strategies.history.steps')} style={{ marginBottom: 12 }}>
        <Timeline items={items} />
        <Typography.Text type="secondary">{t('strategies.history.auditHint')}</Typography.Text>
      </Card>
      <Card size="small" title={t('strategies.history.testResults')}>
        {detail.testResults?.length ? <TestResultsTable results={detail.testResults} testId="history-test-results" /> : <Empty description={t('strategies.history.noTestResults')} />}
      </Card>
    </div>
  );
}
