import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Input, Select, Space, Table, Tag } from 'antd';
import { adminApiClient } from '../../../api/admin-api.ts';
import type { LoginAttempt, LoginOutcome } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';

const OUTCOMES: LoginOutcome[] = ['success', 'failure', 'locked', 'disabled', 'totp_required'];
const COLOR: Record<LoginOutcome, string> = { success: 'green', failure: 'red', locked: 'volcano', disabled: 'default', totp_required: 'blue' };
const PAGE_SIZE = 50;

/** Sign-in attempts, newest first: successes, failures, lockouts, with the source address. */
export function LoginLogPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [username, setUsername] = useState('');
  const [outcome, setOutcome] = useState<LoginOutcome>();
  const log = useInfiniteQuery({
    queryKey: ['admin', 'loginLog', username, outcome],
    queryFn: ({ pageParam }) => adminApiClient.logins({ username: username || undefined, outcome, cursor: pageParam, limit: PAGE_SIZE }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader title={t(page.labelKey)} description={t('admin.loginLog.description')} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('admin.loginLog.username')} onSearch={(v) => setUsername(v.trim())} style={{ width: 220 }} data-testid="login-log-username" />
        <Select allowClear placeholder={t('admin.loginLog.anyOutcome')} value={outcome} onChange={setOutcome} style={{ width: 180 }} options={OUTCOMES.map((o) => ({ value: o, label: t(`admin.loginLog.outcomes.${o}`) }))} data-testid="login-log-outcome" />
        <Button onClick={() => void log.refetch()} loading={log.isRefetching}>
          {t('admin.common.refresh')}
        </Button>
      </Space>
      <ErrorAlert error={log.error} />
      <Table<LoginAttempt>
        data-testid="login-log-table"
        size="small"
        rowKey={(r) => r.id}
        loading={log.isLoading}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('admin.common.time'), dataIndex: 'at', render: (v: string) => fmt.dateTime(v) },
          { title: t('admin.loginLog.username'), dataIndex: 'username', render: (v: string) => <code>{v}</code> },
          { title: t('admin.loginLog.outcome'), dataIndex: 'outcome', render: (v: string) => <Tag color={COLOR[v as LoginOutcome]}>{(OUTCOMES as string[]).includes(v) ? t(`admin.loginLog.outcomes.${v as LoginOutcome}`) : v}</Tag> },
          { title: t('admin.loginLog.ip'), dataIndex: 'ip', render: (v: string) => <code>{v}</code> },
          { title: t('admin.common.org'), dataIndex: 'orgId', render: (v: string | null) => (v ? <OrgName id={v} /> : '') },
        ]}
      />
      <div style={{ marginTop: 12, textAlign: 'center' }}>
        {log.hasNextPage ? (
          <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage} data-testid="login-log-more">
            {t('admin.common.loadMore')}
          </Button>
        ) : (
          rows.length > 0 && <span style={{ color: 'rgba(0,0,0,0.45)' }}>{t('admin.common.end', { count: rows.length })}</span>
        )}
      </div>
    </>
  );
}
