import { useState } from 'react';
import { Alert, Button, Select, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined, UndoOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { groupOf, moveCategory, sameGroups, splitAll, validateGroups } from '../model/groups.ts';

/**
 * The category groups of a categorical variable, edited by hand: each category can move to
 * another group or to a new one; Recompute bins the data with exactly these groups. Mount it with
 * a `key` of the binning shown.
 */
export function GroupsEditor(p: { current: readonly string[][]; manual: boolean; pending: boolean; onApply: (groups: string[][]) => void; onReset: () => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<string[][]>(p.current.map((g) => [...g]));
  const issues = validateGroups(draft);
  const blocking = issues.filter((x) => x !== 'ONE_GROUP');
  const changed = !sameGroups(draft, p.current);
  const categories = draft.flat();
  const options = [...draft.map((g, i) => ({ value: i, label: t('models.groups.group', { n: i + 1, size: g.length }) })), { value: draft.length, label: t('models.groups.newGroup') }];
  return (
    <div data-testid="groups-editor">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('models.groups.hint')}
      </Typography.Paragraph>
      <Space size={[4, 4]} wrap style={{ marginBottom: 8 }}>
        {draft.map((g, i) => (
          <Tag key={i} color="purple" data-testid={`group-${i}`}>
            {`${i + 1}: ${g.join(', ')}`}
          </Tag>
        ))}
      </Space>
      <Table<{ category: string }>
        size="small"
        rowKey={(r) => r.category}
        dataSource={categories.map((category) => ({ category }))}
        pagination={false}
        scroll={{ y: 260 }}
        columns={[
          { title: t('models.groups.category'), dataIndex: 'category', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          {
            title: t('models.groups.groupColumn'),
            key: 'group',
            width: 220,
            render: (_: unknown, r) => <Select size="small" style={{ width: 200 }} value={groupOf(draft, r.category)} options={options} onChange={(to: number) => setDraft(moveCategory(draft, r.category, to))} data-testid={`group-of-${r.category}`} />,
          },
        ]}
      />
      {issues.map((x) => (
        <Alert key={x} type={x === 'ONE_GROUP' ? 'warning' : 'error'} showIcon style={{ marginTop: 8 }} title={t(`models.groupIssue.${x}`)} />
      ))}
      <Space wrap style={{ marginTop: 8 }}>
        <Button type="primary" icon={<ReloadOutlined />} disabled={!!blocking.length || !changed} loading={p.pending} onClick={() => p.onApply(draft)} data-testid="groups-recompute">
          {t('models.breaks.recompute')}
        </Button>
        <Button onClick={() => setDraft(splitAll(draft))} data-testid="groups-split">
          {t('models.groups.splitAll')}
        </Button>
        <Button icon={<UndoOutlined />} disabled={!changed} onClick={() => setDraft(p.current.map((g) => [...g]))}>
          {t('models.breaks.undo')}
        </Button>
        {p.manual && (
          <Button onClick={p.onReset} data-testid="groups-automatic">
            {t('models.breaks.automatic')}
          </Button>
        )}
      </Space>
    </div>
  );
}
