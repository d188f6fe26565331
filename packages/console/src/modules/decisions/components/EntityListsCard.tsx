import { Card, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { EntityListMembership } from '../../../api/types.ts';
import { OrgName } from '../../../components/OrgName.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';

/** The list entries holding the entity, expired ones included (greyed). */
export function EntityListsCard({ lists }: { lists: EntityListMembership[] }) {
  const { t } = useI18n();
  const text = useText();
  const f = useFormat();
  return (
    <Card size="small" title={t('entity.lists')} style={{ marginBottom: 16 }}>
      <Table<EntityListMembership>
        size="small"
        pagination={false}
        rowKey={(x) => `${x.listId}/${x.createdAt}`}
        dataSource={lists}
        data-testid="entity-lists"
        locale={{ emptyText: t('entity.noLists') }}
        columns={[
          {
            title: t('entity.list'),
            key: 'list',
            render: (_: unknown, x) => (
              <Space direction="vertical" size={0}>
                <Link to={`/lists/${encodeURIComponent(x.listId)}`}>{text(x.listName)}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {x.listKey}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('entity.listKind'), dataIndex: 'kind', width: 80, render: (v: string) => <Tag color={v === 'black' ? 'red' : v === 'white' ? 'green' : 'gold'}>{v}</Tag> },
          { title: t('decisions.col.org'), dataIndex: 'orgId', render: (v: string) => <OrgName id={v} /> },
          { title: t('entity.reason'), dataIndex: 'reason' },
          {
            title: t('entity.expires'),
            dataIndex: 'expiresAt',
            render: (v: string | null) => (v ? <span style={{ color: Date.parse(v) < Date.now() ? '#999' : undefined }}>{f.dateTime(v)}</span> : t('entity.never')),
          },
          { title: t('entity.addedBy'), key: 'added', render: (_: unknown, x) => `${x.createdBy} · ${f.dateTime(x.createdAt)}` },
        ]}
      />
    </Card>
  );
}
