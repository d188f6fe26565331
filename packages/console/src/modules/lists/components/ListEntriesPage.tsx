import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Breadcrumb, Button, Card, Descriptions, Empty, Input, Popconfirm, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { catalogApi } from '../../../api/catalog-api.ts';
import type { ListEntry } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import type { NavPage } from '../../shell/nav-items.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import { downloadText } from '../utils/download-text.ts';
import { AddEntriesModal } from './AddEntriesModal.tsx';
import { ImportCsvModal } from './ImportCsvModal.tsx';
import { KIND_COLORS } from './list-options.ts';
import { entriesKey, listKey, LISTS_KEY } from './lists-query-keys.ts';

const PAGE_SIZES = [20, 50, 100, 200];

/** One list: its entries paged and searched on the server, adding, expiring, removing, CSV import and export. */
export function ListEntriesPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const text = useText();
  const fmt = useFormat();
  const { message } = App.useApp();
  const id = useParams().id!;
  const qc = useQueryClient();
  const perms = usePermissions();
  const canWrite = perms.has('list.write');
  const canExport = perms.has('list.export');
  const [search, setSearch] = useState('');
  const [includeExpired, setIncludeExpired] = useState(false);
  const [paging, setPaging] = useState({ current: 1, pageSize: 50 });
  const [selected, setSelected] = useState<string[]>([]);
  const [dialog, setDialog] = useState<'add' | 'import' | null>(null);

  const list = useQuery({ queryKey: listKey(id), queryFn: () => catalogApi.lists.get(id) });
  const query = { limit: paging.pageSize, offset: (paging.current - 1) * paging.pageSize, search: search || undefined, includeExpired: includeExpired || undefined };
  const entries = useQuery({ queryKey: [...entriesKey(id), query], queryFn: () => catalogApi.lists.entries(id, query), placeholderData: keepPreviousData, enabled: list.isSuccess });

  const refresh = async () => {
    setSelected([]);
    await qc.invalidateQueries({ queryKey: LISTS_KEY });
  };
  const expire = useMutation({
    mutationFn: (refs: string[]) => catalogApi.lists.expireEntries(id, refs),
    onSuccess: async (r) => {
      message.success(t('lists.entries.expiredN', { n: r.expired }));
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (refs: string[]) => catalogApi.lists.removeEntries(id, refs),
    onSuccess: async (r) => {
      message.success(t('lists.entries.removedN', { n: r.removed }));
      await refresh();
    },
  });
  const exportCsv = useMutation({
    mutationFn: async () => {
      const csv = await catalogApi.lists.exportCsv(id);
      downloadText(csv, `${list.data?.key ?? 'list'}.csv`, 'text/csv;charset=utf-8');
    },
  });

  const l = list.data;
  return (
    <>
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to={page.path}>{t(page.labelKey)}</Link> }, { title: l?.key ?? id }]} />
      <PageHeader
        title={l ? `${text(l.name)} · ${l.key}` : t('lists.list')}
        description={l?.description || undefined}
        extra={
          l && (
            <Space wrap>
              {canWrite && (
                <Button type="primary" onClick={() => setDialog('add')} data-testid="entries-add">
                  {t('lists.entries.add')}
                </Button>
              )}
              {canWrite && (
                <Button onClick={() => setDialog('import')} data-testid="entries-import">
                  {t('lists.import.open')}
                </Button>
              )}
              {canExport && (
                <Button onClick={() => exportCsv.mutate()} loading={exportCsv.isPending} data-testid="entries-export">
                  {t('lists.export')}
                </Button>
              )}
            </Space>
          )
        }
      />
      <ErrorAlert error={list.error ?? entries.error ?? expire.error ?? remove.error ?? exportCsv.error} />
      {l && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} data-testid="list-summary">
            <Descriptions.Item label={t('lists.kind')}>
              <Tag color={KIND_COLORS[l.kind]}>{t(`lists.kind.${l.kind}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('lists.dimension')}>{t(`lists.dimension.${l.dimension}`)}</Descriptions.Item>
            <Descriptions.Item label={t('lists.org')}>
              <OrgName id={l.orgId} />
            </Descriptions.Item>
            <Descriptions.Item label={t('lists.ruleUse')}>
              <Typography.Text code copyable>{`inList('${l.key}', …)`}</Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {l && (
        <>
          <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
            <Space wrap>
              <Input.Search
                allowClear
                placeholder={l.dimension === 'card' ? t('lists.entries.searchCard') : (l.dimension === 'phone' || l.dimension === 'name') && !perms.has('pii.read') ? t('lists.entries.searchFull') : t('lists.entries.search')}
                style={{ width: 320 }}
                maxLength={64}
                onSearch={(v) => {
                  setSearch(v.trim());
                  // Rows no longer shown are no longer selected: Expire and Remove act on what is seen.
                  setSelected([]);
                  setPaging((p) => ({ ...p, current: 1 }));
                }}
                onChange={(e) => {
                  // An emptied box shows every entry again, without waiting for Enter.
                  if (e.target.value.trim() === '' && search !== '') {
                    setSearch('');
                    setSelected([]);
                    setPaging((p) => ({ ...p, current: 1 }));
                  }
                }}
                data-testid="entries-search"
              />
              <Space size={6}>
                <Switch
                  size="small"
                  checked={includeExpired}
                  onChange={(v) => {
                    setIncludeExpired(v);
                    setSelected([]);
                    setPaging((p) => ({ ...p, current: 1 }));
                  }}
                  data-testid="entries-include-expired"
                />
                <Typography.Text>{t('lists.entries.includeExpired')}</Typography.Text>
              </Space>
            </Space>
            {canWrite && (
              <Space>
                <Typography.Text type="secondary">{t('lists.entries.selectedN', { n: selected.length })}</Typography.Text>
                <Popconfirm
                  title={t('lists.entries.expireConfirm', { n: selected.length })}
                  description={t('lists.entries.expireHint')}
                  okText={t('lists.entries.expire')}
                  cancelText={t('lists.cancel')}
                  okButtonProps={{ 'data-testid': 'entries-expire-ok' }}
                  onConfirm={() => expire.mutateAsync(selected)}
                  disabled={!selected.length}
                >
                  <Button disabled={!selected.length} loading={expire.isPending} data-testid="entries-expire">
                    {t('lists.entries.expire')}
                  </Button>
                </Popconfirm>
                <Popconfirm
                  title={t('lists.entries.removeConfirm', { n: selected.length })}
                  description={t('lists.entries.removeHint')}
                  okText={t('lists.entries.remove')}
                  cancelText={t('lists.cancel')}
                  okButtonProps={{ danger: true, 'data-testid': 'entries-remove-ok' }}
                  onConfirm={() => remove.mutateAsync(selected)}
                  disabled={!selected.length}
                >
                  <Button danger disabled={!selected.length} loading={remove.isPending} data-testid="entries-remove">
                    {t('lists.entries.remove')}
                  </Button>
                </Popconfirm>
              </Space>
            )}
          </Space>
          <Table<ListEntry>
            data-testid="entries-table"
            size="small"
            rowKey={(r) => r.ref}
            loading={entries.isFetching}
            dataSource={entries.data?.items ?? []}
            rowSelection={canWrite ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), preserveSelectedRowKeys: false } : undefined}
            locale={{ emptyText: <Empty description={search ? t('lists.entries.noMatch') : t('lists.entries.empty')} /> }}
            pagination={{
              current: paging.current,
              pageSize: paging.pageSize,
              total: entries.data?.total ?? 0,
              pageSizeOptions: PAGE_SIZES,
              showSizeChanger: true,
              showTotal: (n) => t('lists.entries.total', { n }),
              onChange: (current, pageSize) => {
                setSelected([]);
                setPaging({ current: pageSize === paging.pageSize ? current : 1, pageSize });
              },
            }}
            columns={[
              { title: t('lists.entries.value'), dataIndex: 'value', render: (v: string) => <Typography.Text code style={{ whiteSpace: 'nowrap' }} data-testid="entry-value">{v}</Typography.Text> },
              { title: t('lists.entries.reason'), dataIndex: 'reason', ellipsis: true },
              { title: t('lists.entries.source'), dataIndex: 'source', render: (s: string) => <Tag>{s}</Tag> },
              { title: t('lists.org'), dataIndex: 'orgId', render: (o: string) => <OrgName id={o} /> },
              { title: t('lists.entries.createdBy'), dataIndex: 'createdBy' },
              { title: t('lists.entries.createdAt'), dataIndex: 'createdAt', render: (v: string) => fmt.dateTime(v) },
              {
                title: t('lists.entries.expiresAt'),
                key: 'expiresAt',
                render: (_, e) =>
                  e.expired ? (
                    <Tooltip title={fmt.dateTime(e.expiresAt)}>
                      <Tag color="default" data-testid="entry-expired">
                        {t('lists.entries.expired')}
                      </Tag>
                    </Tooltip>
                  ) : e.expiresAt ? (
                    fmt.dateTime(e.expiresAt)
                  ) : (
                    <Typography.Text type="secondary">{t('lists.entries.never')}</Typography.Text>
                  ),
              },
            ]}
          />
        </>
      )}
      {l && (
        <AddEntriesModal
          open={dialog === 'add'}
          list={l}
          onClose={() => setDialog(null)}
          onAdded={async (n) => {
            setDialog(null);
            message.success(t('lists.entries.addedN', { n }));
            await refresh();
          }}
        />
      )}
      {l && <ImportCsvModal open={dialog === 'import'} list={l} onClose={() => setDialog(null)} onImported={refresh} />}
    </>
  );
}
