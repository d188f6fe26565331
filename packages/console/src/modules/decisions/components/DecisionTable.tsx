import { Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { DecisionSummary } from '../../../api/types.ts';
import { OrgName } from '../../../components/OrgName.tsx';
import { OutcomeTag } from '../../../components/OutcomeTag.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { RiskTag } from './RiskTag.tsx';

/** Rule hits shown in a row before "+n". */
const SHOWN_HITS = 3;

/**
 * One page of decisions, newest first, with Previous/Next driven by the API's cursor (the caller
 * keeps the cursor stack).
 */
export function DecisionTable(props: {
  items: DecisionSummary[] | undefined;
  loading: boolean;
  page: number;
  hasNext: boolean;
  onNext: () => void;
  onPrevious: () => void;
  testId?: string;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const columns: ColumnsType<DecisionSummary> = [
    {
      title: t('decisions.col.time'),
      dataIndex: 'occurredAt',
      width: 150,
      sorter: true,
      sortOrder: 'descend',
      sortDirections: ['descend'],
      showSorterTooltip: false,
      render: (v: string, d) => (
        <Link to={`/decisions/${encodeURIComponent(d.decisionId)}`} data-testid="decision-link">
          {f.dateTime(v)}
        </Link>
      ),
    },
    { title: t('decisions.col.eventType'), dataIndex: 'eventType', width: 110, ellipsis: true },
    { title: t('decisions.col.eventId'), dataIndex: 'eventId', width: 130, ellipsis: true, render: (v: string) => <Typography.Text copyable={{ text: v }}>{v}</Typography.Text> },
    { title: t('decisions.col.org'), dataIndex: 'orgId', width: 100, ellipsis: true, render: (v: string) => <OrgName id={v} /> },
    { title: t('decisions.col.outcome'), dataIndex: 'outcome', width: 90, render: (v: string) => <OutcomeTag outcome={v} /> },
    { title: t('decisions.col.score'), dataIndex: 'score', width: 64, align: 'right', render: (v: number) => f.number(v) },
    { title: t('decisions.col.risk'), dataIndex: 'riskLevel', width: 80, render: (v: string) => <RiskTag level={v} /> },
    {
      title: t('decisions.col.rules'),
      dataIndex: 'hits',
      render: (hits: string[]) =>
        hits.length ? (
          <Space size={[0, 4]} wrap>
            {hits.slice(0, SHOWN_HITS).map((h) => (
              <Tag key={h}>{h}</Tag>
            ))}
            {hits.length > SHOWN_HITS && (
              <Tooltip title={hits.slice(SHOWN_HITS).join(', ')}>
                <Tag>{t('decisions.moreHits', { n: hits.length - SHOWN_HITS })}</Tag>
              </Tooltip>
            )}
          </Space>
        ) : null,
    },
    { title: t('decisions.col.latency'), dataIndex: 'latencyMs', width: 80, align: 'right', render: (v: number) => t('decisions.ms', { ms: f.number(v, 2) }) },
    {
      title: t('decisions.col.strategy'),
      key: 'strategy',
      width: 130,
      ellipsis: true,
      render: (_: unknown, d) => (d.strategyId ? `${d.strategyId} v${d.strategyVersion ?? ''}` : null),
    },
    {
      title: t('decisions.col.degraded'),
      dataIndex: 'degraded',
      width: 92,
      render: (v: boolean) => (v ? <Tag color="orange">{t('decisions.degradedYes')}</Tag> : null),
    },
  ];
  return (
    <div data-testid={props.testId ?? 'decision-table'}>
      <Table<DecisionSummary>
        rowKey={(d) => d.decisionId}
        size="small"
        columns={columns}
        dataSource={props.items}
        loading={props.loading}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('decisions.empty') }}
      />
      <Space style={{ marginTop: 12, justifyContent: 'flex-end', width: '100%' }}>
        <Typography.Text type="secondary" data-testid="page-number">
          {t('decisions.page', { n: props.page })}
        </Typography.Text>
        <Button onClick={props.onPrevious} disabled={props.page <= 1 || props.loading} data-testid="page-previous">
          {t('decisions.previous')}
        </Button>
        <Button onClick={props.onNext} disabled={!props.hasNext || props.loading} data-testid="page-next">
          {t('decisions.next')}
        </Button>
      </Space>
    </div>
  );
}
