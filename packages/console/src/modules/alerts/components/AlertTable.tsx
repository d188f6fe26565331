import type { ReactNode } from 'react';
import { Button, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { Alert } from '../../../api/types.ts';
import { OrgName } from '../../../components/OrgName.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useAlertCategories } from '../hooks/use-alert-categories.ts';
import { isSubjectKind } from '../utils/alert-model.ts';
import { DispositionTag, LevelTag, StatusTag } from './AlertTags.tsx';
import { SlaIndicator } from './SlaIndicator.tsx';

/**
 * A list of alerts: level, category, subject, org, events, amount, first and last event, the SLA
 * countdown and who holds it, with Claim on open ones (`onClaim`) and Assign (`onAssign`, for
 * holders of alert.assign). Paging, when there is any, is the caller's (`footer`).
 */
export function AlertTable(props: {
  items: Alert[] | undefined;
  loading: boolean;
  now: number;
  onClaim?: (a: Alert) => void;
  claiming?: string;
  onAssign?: (a: Alert) => void;
  emptyText?: string;
  footer?: ReactNode;
  testId?: string;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const { name } = useAlertCategories();
  const columns: ColumnsType<Alert> = [
    { title: t('alerts.col.level'), dataIndex: 'level', width: 76, render: (v: string) => <LevelTag level={v} /> },
    {
      title: t('alerts.col.category'),
      dataIndex: 'category',
      width: 120,
      ellipsis: true,
      render: (v: string) => (
        <Tooltip title={v}>
          <span data-testid="alert-category">{name(v)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('alerts.col.subject'),
      key: 'subject',
      width: 170,
      render: (_: unknown, a) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/alerts/${encodeURIComponent(a.id)}`} data-testid="alert-link">
            {a.subject.display}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {isSubjectKind(a.subject.type) ? t(`alerts.subject.${a.subject.type}`) : a.subject.type}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('alerts.col.org'), dataIndex: 'orgId', width: 120, ellipsis: true, render: (v: string) => <OrgName id={v} /> },
    { title: t('alerts.col.events'), dataIndex: 'eventCount', width: 64, align: 'right', render: (v: number) => <span data-testid="alert-events">{f.number(v, 0)}</span> },
    { title: t('alerts.col.amount'), dataIndex: 'amount', width: 90, align: 'right', render: (v: number) => f.number(v) },
    {
      title: t('alerts.col.eventTimes'),
      key: 'time',
      width: 160,
      render: (_: unknown, a) => (
        <Space orientation="vertical" size={0} style={{ fontSize: 12 }}>
          <span>{t('alerts.col.first', { time: f.dateTime(a.firstEventAt) })}</span>
          <span>{t('alerts.col.last', { time: f.dateTime(a.lastEventAt) })}</span>
        </Space>
      ),
    },
    { title: t('alerts.col.sla'), key: 'sla', width: 160, render: (_: unknown, a) => <SlaIndicator alert={a} now={props.now} /> },
    {
      title: t('alerts.col.status'),
      key: 'status',
      width: 130,
      render: (_: unknown, a) => (
        <Space orientation="vertical" size={2}>
          <span>
            <StatusTag status={a.status} />
            {a.disposition && <DispositionTag disposition={a.disposition} />}
          </span>
          {a.assignee && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="alert-assignee">
              {a.assignee}
            </Typography.Text>
          )}
        </Space>
      ),
    },
  ];
  if (props.onClaim || props.onAssign) {
    columns.push({
      title: t('alerts.col.actions'),
      key: 'actions',
      width: 130,
      fixed: 'right',
      render: (_: unknown, a) => (
        <Space size={0}>
          {props.onClaim && a.status === 'open' && (
            <Button type="link" size="small" loading={props.claiming === a.id} onClick={() => props.onClaim!(a)} data-testid="alert-claim">
              {t('alerts.action.claim')}
            </Button>
          )}
          {props.onAssign && a.status !== 'closed' && (
            <Button type="link" size="small" onClick={() => props.onAssign!(a)} data-testid="alert-assign">
              {a.assignee ? t('alerts.action.reassign') : t('alerts.action.assign')}
            </Button>
          )}
        </Space>
      ),
    });
  }
  return (
    <div data-testid={props.testId ?? 'alert-table'}>
      <Table<Alert>
        rowKey={(a) => a.id}
        size="small"
        columns={columns}
        dataSource={props.items}
        loading={props.loading}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: props.emptyText ?? t('alerts.empty') }}
        rowClassName={(a) => `alert-row alert-row-${a.sla ?? 'none'}`}
      />
      {props.footer}
    </div>
  );
}
