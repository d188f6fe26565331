import { Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { CaseSummary } from '../../../api/types.ts';
import { OrgName } from '../../../components/OrgName.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { investigatorsText, isOverdue } from '../model/case-workflow.ts';
import { CaseStateTag, PriorityTag, SubjectText } from './CaseTags.tsx';

/** One page of cases, newest first; Previous/Next follow the API's cursor (the caller keeps the stack). */
export function CaseTable(props: {
  items: CaseSummary[] | undefined;
  loading: boolean;
  page: number;
  hasNext: boolean;
  onNext: () => void;
  onPrevious: () => void;
  /** Rows that can be picked (the merge tab); no paging buttons then when both are absent. */
  selection?: { selected: string[]; onChange: (ids: string[]) => void };
  testId?: string;
  emptyText?: string;
}) {
  const { t } = useI18n();
  const text = useText();
  const f = useFormat();
  const columns: ColumnsType<CaseSummary> = [
    {
      title: t('cases.col.number'),
      dataIndex: 'number',
      width: 160,
      fixed: 'left',
      render: (v: string, c) => (
        <Link to={`/cases/${encodeURIComponent(c.id)}`} data-testid="case-link">
          {v}
        </Link>
      ),
    },
    { title: t('cases.col.title'), dataIndex: 'title', ellipsis: true, width: 220 },
    { title: t('cases.col.type'), dataIndex: 'typeName', width: 130, ellipsis: true, render: (_: unknown, c) => text(c.typeName) },
    { title: t('cases.col.state'), dataIndex: 'state', width: 120, render: (_: unknown, c) => <CaseStateTag state={c.state} stateName={c.stateName} phase={c.phase} /> },
    { title: t('cases.col.priority'), dataIndex: 'priority', width: 90, render: (_: unknown, c) => <PriorityTag priority={c.priority} /> },
    { title: t('cases.col.subject'), key: 'subject', width: 220, ellipsis: true, render: (_: unknown, c) => <SubjectText type={c.subjectType} display={c.subjectDisplay} /> },
    { title: t('cases.col.org'), dataIndex: 'orgId', width: 110, ellipsis: true, render: (v: string) => <OrgName id={v} /> },
    {
      title: t('cases.col.investigators'),
      dataIndex: 'investigators',
      width: 170,
      render: (names: string[]) => {
        const { shown, more } = investigatorsText(names);
        return (
          <Space size={[0, 4]} wrap>
            {shown.map((n) => (
              <Tag key={n}>{n}</Tag>
            ))}
            {more > 0 && (
              <Tooltip title={names.slice(shown.length).join(', ')}>
                <Tag>{t('cases.more', { n: more })}</Tag>
              </Tooltip>
            )}
          </Space>
        );
      },
    },
    { title: t('cases.col.amount'), dataIndex: 'amount', width: 120, align: 'right', render: (v: number | null, c) => (v === null ? '' : `${f.number(v)} ${c.currency ?? ''}`) },
    { title: t('cases.col.opened'), dataIndex: 'openedAt', width: 150, render: (v: string) => f.dateTime(v) },
    {
      title: t('cases.col.due'),
      dataIndex: 'dueAt',
      width: 150,
      render: (v: string | null, c) => (v ? <Typography.Text type={isOverdue(v, c.phase) ? 'danger' : undefined}>{f.dateTime(v)}</Typography.Text> : ''),
    },
  ];
  const paged = !props.selection;
  return (
    <div data-testid={props.testId ?? 'case-table'}>
      <Table<CaseSummary>
        rowKey={(c) => c.id}
        size="small"
        columns={columns}
        dataSource={props.items}
        loading={props.loading}
        pagination={false}
        scroll={{ x: 1500 }}
        locale={{ emptyText: props.emptyText ?? t('cases.empty') }}
        onRow={(c) => ({ 'data-testid': `case-row-${c.number}` }) as React.HTMLAttributes<HTMLElement>}
        rowSelection={props.selection ? { selectedRowKeys: props.selection.selected, onChange: (keys) => props.selection!.onChange(keys as string[]) } : undefined}
      />
      {paged && (
        <Space style={{ marginTop: 12, justifyContent: 'flex-end', width: '100%' }}>
          <Typography.Text type="secondary" data-testid="page-number">
            {t('cases.page', { n: props.page })}
          </Typography.Text>
          <Button onClick={props.onPrevious} disabled={props.page <= 1 || props.loading} data-testid="page-previous">
            {t('cases.previous')}
          </Button>
          <Button onClick={props.onNext} disabled={!props.hasNext || props.loading} data-testid="page-next">
            {t('cases.next')}
          </Button>
        </Space>
      )}
    </div>
  );
}
