import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Empty, Table, Tooltip, Typography } from 'antd';
import { http } from '../../../api/client.ts';
import { monitoringApi } from '../../../api/monitoring-api.ts';
import type { RuleQualityRow } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { rangeKey, resolveRange, type RangeChoice } from '../utils/time-range.ts';

const api = monitoringApi(http);

/**
 * Each rule's precision and recall over the dashboard's range against the labels handlers and
 * investigators concluded (and imported ones): how many of its hits were fraud, and how much of
 * the fraud it caught. Rules without judged hits show dashes.
 */
export function RuleQualityCard({ range, eventType, org, onRule }: { range: RangeChoice; eventType?: string; org?: string; onRule(ruleId: string): void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const q = useQuery({
    queryKey: ['monitoring', 'rule-quality', rangeKey(range), eventType ?? null, org ?? null],
    queryFn: ({ signal }) => {
      const r = resolveRange(range);
      return api.ruleQuality({ from: r.from, to: r.to, ...(eventType ? { eventType } : {}), ...(org ? { org } : {}) }, signal);
    },
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const data = q.data;
  return (
    <Card
      size="small"
      title={t('monitoring.quality.title')}
      extra={data && <Typography.Text type="secondary">{t('monitoring.quality.summary', { labelled: fmt.number(data.labelledEvents, 0), fraud: fmt.number(data.fraudEvents, 0) })}</Typography.Text>}
      data-testid="rule-quality"
    >
      {q.error ? <ErrorAlert error={q.error} /> : null}
      {data && data.rules.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('monitoring.noRules')} />
      ) : (
        <Table<RuleQualityRow>
          size="small"
          loading={q.isFetching && !data}
          rowKey={(r) => r.ruleId}
          dataSource={data?.rules ?? []}
          pagination={(data?.rules.length ?? 0) > 10 ? { pageSize: 10, size: 'small' } : false}
          columns={[
            { key: 'rule', title: t('monitoring.quality.rule'), render: (_, r) => <Typography.Link onClick={() => onRule(r.ruleId)} data-testid={`rule-quality-${r.ruleId}`}>{r.ruleId}</Typography.Link> },
            { key: 'hits', title: t('monitoring.quality.hits'), align: 'right', sorter: (a, b) => a.hits - b.hits, render: (_, r) => fmt.number(r.hits, 0) },
            { key: 'fraud', title: t('monitoring.quality.fraudHits'), align: 'right', render: (_, r) => fmt.number(r.fraudHits, 0) },
            { key: 'genuine', title: t('monitoring.quality.genuineHits'), align: 'right', render: (_, r) => fmt.number(r.genuineHits, 0) },
            {
              key: 'precision',
              title: <Tooltip title={t('monitoring.quality.precisionHelp')}>{t('monitoring.quality.precision')}</Tooltip>,
              align: 'right',
              sorter: (a, b) => (a.precision ?? -1) - (b.precision ?? -1),
              render: (_, r) => <span data-testid={`rule-precision-${r.ruleId}`}>{fmt.percent(r.precision, 1) || '–'}</span>,
            },
            {
              key: 'recall',
              title: <Tooltip title={t('monitoring.quality.recallHelp')}>{t('monitoring.quality.recall')}</Tooltip>,
              align: 'right',
              sorter: (a, b) => (a.recall ?? -1) - (b.recall ?? -1),
              render: (_, r) => <span data-testid={`rule-recall-${r.ruleId}`}>{fmt.percent(r.recall, 1) || '–'}</span>,
            },
          ]}
        />
      )}
    </Card>
  );
}
