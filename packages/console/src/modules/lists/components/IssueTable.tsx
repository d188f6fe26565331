import { Table, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n.ts';
import type { ServerIssue } from '../utils/server-issues.ts';

/** The server's per-field problems of a refused change, each at its path. */
export function IssueTable({ issues, testId }: { issues: readonly ServerIssue[]; testId?: string }) {
  const { t } = useI18n();
  if (!issues.length) return null;
  return (
    <Table<ServerIssue & { n: number }>
      data-testid={testId ?? 'catalog-issues'}
      size="small"
      pagination={false}
      style={{ marginBottom: 16 }}
      rowKey={(r) => r.n}
      dataSource={issues.map((i, n) => ({ ...i, n }))}
      columns={[
        { title: t('lists.issue.path'), dataIndex: 'path', render: (p: string) => <Typography.Text code>{p}</Typography.Text> },
        { title: t('lists.issue.code'), dataIndex: 'code', width: 180 },
        { title: t('lists.issue.message'), dataIndex: 'message' },
      ]}
    />
  );
}
