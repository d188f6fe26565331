import { useState } from 'react';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Input, Space, Table, Tag, Typography } from 'antd';
import { adminApiClient } from '../../../api/admin-api.ts';
import type { AuditEntry } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';

const PAGE_SIZE = 50;

/** A before/after value of an entry, as readable JSON (nothing when absent). */
function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return null;
  return <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12, maxHeight: 320, overflow: 'auto' }}>{JSON.stringify(value, null, 2)}</pre>;
}

/** The hash-chained audit log, newest first, with filters by target and the chain verification. */
export function AuditLogPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [filter, setFilter] = useState({ targetType: '', targetId: '' });
  const [draft, setDraft] = useState(filter);
  const log = useInfiniteQuery({
    queryKey: ['admin', 'audit', filter],
    queryFn: ({ pageParam }) => adminApiClient.audit({ targetType: filter.targetType || undefined, targetId: filter.targetId || undefined, cursor: pageParam, limit: PAGE_SIZE }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const verify = useMutation({ mutationFn: adminApiClient.verifyAudit });
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  const apply = () => setFilter({ targetType: draft.targetType.trim(), targetId: draft.targetId.trim() });

  return (
    <>
      <PageHeader
        title={t(page.labelKey)}
        description={t('admin.audit.description')}
        extra={
          <Button onClick={() => verify.mutate()} loading={verify.isPending} data-testid="audit-verify">
            {t('admin.audit.verify')}
          </Button>
        }
      />
      <ErrorAlert error={verify.error} />
      {verify.data &&
        (verify.data.ok ? (
          <Alert type="success" showIcon closable title={t('admin.audit.chainOk', { count: fmt.number(verify.data.entries, 0) })} style={{ marginBottom: 16 }} data-testid="audit-verify-ok" />
        ) : (
          <Alert
            type="error"
            showIcon
            title={t('admin.audit.chainBroken', { count: fmt.number(verify.data.entries, 0) })}
            description={verify.data.brokenAt && t('admin.audit.brokenAt', { id: verify.data.brokenAt.id, problem: verify.data.brokenAt.problem })}
            style={{ marginBottom: 16 }}
            data-testid="audit-verify-broken"
          />
        ))}
      <Space wrap style={{ marginBottom: 12 }}>
        <Input allowClear placeholder={t('admin.audit.targetType')} value={draft.targetType} onChange={(e) => setDraft({ ...draft, targetType: e.target.value })} onPressEnter={apply} style={{ width: 180 }} data-testid="audit-target-type" />
        <Input allowClear placeholder={t('admin.audit.targetId')} value={draft.targetId} onChange={(e) => setDraft({ ...draft, targetId: e.target.value })} onPressEnter={apply} style={{ width: 280 }} data-testid="audit-target-id" />
        <Button type="primary" onClick={apply} data-testid="audit-filter">
          {t('admin.common.filter')}
        </Button>
        <Button onClick={() => void log.refetch()} loading={log.isRefetching}>
          {t('admin.common.refresh')}
        </Button>
      </Space>
      <ErrorAlert error={log.error} />
      <Table<AuditEntry>
        data-testid="audit-table"
        size="small"
        rowKey={(r) => r.id}
        loading={log.isLoading}
        dataSource={rows}
        pagination={false}
        expandable={{
          expandedRowRender: (e) => (
            <Descriptions
              size="small"
              column={1}
              bordered
              items={[
                ...(e.before !== null && e.before !== undefined ? [{ key: 'before', label: t('admin.audit.before'), children: <Json value={e.before} /> }] : []),
                ...(e.after !== null && e.after !== undefined ? [{ key: 'after', label: t('admin.audit.after'), children: <Json value={e.after} /> }] : []),
                ...(e.reason ? [{ key: 'reason', label: t('admin.audit.reason'), children: e.reason }] : []),
                {
                  key: 'hash',
                  label: t('admin.audit.hash'),
                  children: (
                    <Typography.Text code style={{ fontSize: 11 }}>
                      {e.hash}
                    </Typography.Text>
                  ),
                },
              ]}
            />
          ),
        }}
        columns={[
          { title: t('admin.audit.id'), dataIndex: 'id', width: 80 },
          { title: t('admin.common.time'), dataIndex: 'at', render: (v: string) => fmt.dateTime(v) },
          { title: t('admin.audit.actor'), dataIndex: 'actor', render: (v: string) => <code>{v}</code> },
          { title: t('admin.audit.action'), dataIndex: 'action', render: (v: string) => <Tag>{v}</Tag> },
          {
            title: t('admin.audit.target'),
            key: 'target',
            render: (_, e) => (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => (setDraft({ targetType: e.targetType, targetId: e.targetId }), setFilter({ targetType: e.targetType, targetId: e.targetId }))}>
                <code>{e.targetType + ' / ' + e.targetId}</code>
              </Button>
            ),
          },
          { title: t('admin.common.org'), dataIndex: 'orgId', render: (v: string) => <OrgName id={v} /> },
        ]}
      />
      <div style={{ marginTop: 12, textAlign: 'center' }}>
        {log.hasNextPage ? (
          <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage} data-testid="audit-more">
            {t('admin.common.loadMore')}
          </Button>
        ) : (
          rows.length > 0 && <span style={{ color: 'rgba(0,0,0,0.45)' }}>{t('admin.common.end', { count: rows.length })}</span>
        )}
      </div>
    </>
  );
}
