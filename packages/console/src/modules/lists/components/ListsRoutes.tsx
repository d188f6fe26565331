import { useMemo, useState } from 'react';
import { Link, Route, Routes, useNavigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Empty, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { catalogApi } from '../../../api/catalog-api.ts';
import type { RiskList } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useOrgQuery } from '../../org-scope/hooks/use-org-scope.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import type { NavPage } from '../../shell/nav-items.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import { filterLists } from '../utils/list-filter.ts';
import { KIND_COLORS, LIST_DIMENSIONS, LIST_KINDS } from './list-options.ts';
import { ListFormModal } from './ListFormModal.tsx';
import { ListEntriesPage } from './ListEntriesPage.tsx';
import { LISTS_KEY } from './lists-query-keys.ts';

/** Black, white and grey lists: the lists in scope, and one list's entries. */
export function ListsRoutes({ page }: { page: NavPage }) {
  return (
    <Routes>
      <Route index element={<ListIndexPage page={page} />} />
      <Route path=":id" element={<ListEntriesPage page={page} />} />
    </Routes>
  );
}

function ListIndexPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const text = useText();
  const fmt = useFormat();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const orgQuery = useOrgQuery();
  const canWrite = usePermissions().has('list.write');
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<string | undefined>();
  const [dimension, setDimension] = useState<string | undefined>();
  const [editing, setEditing] = useState<{ list?: RiskList } | null>(null);
  const q = useQuery({ queryKey: [...LISTS_KEY, orgQuery], queryFn: () => catalogApi.lists.list(orgQuery) });
  const del = useMutation({ mutationFn: (id: string) => catalogApi.lists.remove(id), onSuccess: () => qc.invalidateQueries({ queryKey: LISTS_KEY }) });
  const rows = useMemo(() => filterLists(q.data?.items ?? [], { text: search, kind, dimension }), [q.data, search, kind, dimension]);
  return (
    <>
      <PageHeader
        title={t(page.labelKey)}
        description={t('lists.intro')}
        extra={
          canWrite && (
            <Button type="primary" onClick={() => setEditing({})} data-testid="list-new">
              {t('lists.create')}
            </Button>
          )
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('lists.searchPlaceholder')} style={{ width: 280 }} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="lists-search" />
        <Select allowClear placeholder={t('lists.kind')} style={{ width: 140 }} value={kind} onChange={setKind} options={LIST_KINDS.map((k) => ({ value: k, label: t(`lists.kind.${k}`) }))} data-testid="lists-kind-filter" />
        <Select allowClear placeholder={t('lists.dimension')} style={{ width: 160 }} value={dimension} onChange={setDimension} options={LIST_DIMENSIONS.map((d) => ({ value: d, label: t(`lists.dimension.${d}`) }))} data-testid="lists-dimension-filter" />
      </Space>
      <ErrorAlert error={q.error ?? del.error} />
      <Table<RiskList>
        data-testid="lists-table"
        size="small"
        rowKey={(r) => r.id}
        loading={q.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: <Empty description={t('lists.empty')} /> }}
        columns={[
          {
            title: t('lists.key'),
            dataIndex: 'key',
            sorter: (a, b) => a.key.localeCompare(b.key),
            render: (k: string, r) => (
              <Link to={`${page.path}/${encodeURIComponent(r.id)}`} data-testid={`list-link-${k}`} style={{ whiteSpace: 'nowrap' }}>
                {k}
              </Link>
            ),
          },
          { title: t('lists.name'), key: 'name', render: (_, r) => text(r.name) },
          { title: t('lists.kind'), dataIndex: 'kind', render: (k: RiskList['kind']) => <Tag color={KIND_COLORS[k]}>{t(`lists.kind.${k}`)}</Tag> },
          { title: t('lists.dimension'), dataIndex: 'dimension', render: (d: RiskList['dimension']) => t(`lists.dimension.${d}`) },
          { title: t('lists.org'), dataIndex: 'orgId', render: (o: string) => <OrgName id={o} /> },
          { title: t('lists.entryCount'), dataIndex: 'entryCount', align: 'right', sorter: (a, b) => (a.entryCount ?? 0) - (b.entryCount ?? 0), render: (n: number | undefined) => fmt.number(n ?? 0, 0) },
          { title: t('lists.description'), dataIndex: 'description', ellipsis: true, render: (d: string) => <Typography.Text type="secondary">{d}</Typography.Text> },
          { title: t('lists.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => fmt.dateTime(v) },
          ...(canWrite
            ? [
                {
                  title: t('lists.actions'),
                  key: 'actions',
                  render: (_: unknown, r: RiskList) => (
                    <Space size={4}>
                      <Button size="small" type="link" onClick={() => setEditing({ list: r })} data-testid={`list-edit-${r.key}`}>
                        {t('lists.edit')}
                      </Button>
                      <Popconfirm
                        title={t('lists.deleteConfirm', { key: r.key })}
                        description={t('lists.deleteHint', { n: r.entryCount ?? 0 })}
                        okText={t('lists.delete')}
                        cancelText={t('lists.cancel')}
                        okButtonProps={{ danger: true, 'data-testid': 'list-delete-ok' }}
                        onConfirm={() => del.mutateAsync(r.id)}
                      >
                        <Button size="small" type="link" danger data-testid={`list-delete-${r.key}`}>
                          {t('lists.delete')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <ListFormModal
        open={!!editing}
        list={editing?.list}
        onClose={() => setEditing(null)}
        onSaved={async (saved) => {
          const created = !editing?.list;
          setEditing(null);
          await qc.invalidateQueries({ queryKey: LISTS_KEY });
          if (created) navigate(`${page.path}/${encodeURIComponent(saved.id)}`);
        }}
      />
    </>
  );
}
