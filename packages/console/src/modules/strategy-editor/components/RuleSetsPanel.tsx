import { Button, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { removeAt, replaceAt, useEditorContext } from './editor-context.ts';

/** Rule sets: ordered lists of rules a `rules` stage runs. */
export function RuleSetsPanel() {
  const { t } = useI18n();
  const { pkg, update, readOnly, text } = useEditorContext();
  type RuleSet = (typeof pkg.ruleSets)[number];
  const set = (i: number, rs: RuleSet) => update?.((p) => ({ ...p, ruleSets: replaceAt(p.ruleSets, i, rs) }));
  const usedBy = (id: string) => pkg.flow.stages.filter((s) => s.type === 'rules' && s.ruleSet === id).map((s) => s.id);
  const add = () => {
    const used = new Set(pkg.ruleSets.map((r) => r.id));
    let n = pkg.ruleSets.length + 1;
    while (used.has(`set_${n}`)) n++;
    update?.((p) => ({ ...p, ruleSets: [...p.ruleSets, { id: `set_${n}`, rules: [] }] }));
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table
        size="small"
        rowKey={(_, i) => String(i)}
        dataSource={pkg.ruleSets}
        pagination={false}
        onRow={(rs) => ({ 'data-testid': `ruleset-row-${rs.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('strategyEditor.ruleSets.id'), key: 'id', width: 180, render: (_, rs, i) => <Input size="small" value={rs.id} disabled={readOnly} onChange={(e) => set(i, { ...rs, id: e.target.value })} aria-label={t('strategyEditor.ruleSets.id')} /> },
          {
            title: t('strategyEditor.ruleSets.name'),
            key: 'name',
            width: 260,
            render: (_, rs, i) => (
              <Space.Compact size="small">
                <Input value={rs.name?.zh} placeholder={t('strategyEditor.nameZh')} disabled={readOnly} onChange={(e) => set(i, { ...rs, name: { zh: e.target.value, en: rs.name?.en ?? '' } })} />
                <Input value={rs.name?.en} placeholder={t('strategyEditor.nameEn')} disabled={readOnly} onChange={(e) => set(i, { ...rs, name: { zh: rs.name?.zh ?? '', en: e.target.value } })} />
              </Space.Compact>
            ),
          },
          {
            title: t('strategyEditor.ruleSets.rules'),
            key: 'rules',
            render: (_, rs, i) => (
              <Select
                mode="multiple"
                size="small"
                style={{ width: '100%' }}
                disabled={readOnly}
                value={rs.rules}
                status={rs.rules.some((r) => !pkg.rules.some((x) => x.id === r)) ? 'error' : undefined}
                options={pkg.rules.map((r) => ({ value: r.id, label: `${r.id} · ${text(r.name)}` }))}
                onChange={(rules: string[]) => set(i, { ...rs, rules })}
                aria-label={t('strategyEditor.ruleSets.rules')}
              />
            ),
          },
          { title: t('strategyEditor.ruleSets.usedBy'), key: 'used', width: 160, render: (_, rs) => (usedBy(rs.id).length ? usedBy(rs.id).map((s) => <Tag key={s}>{s}</Tag>) : <Typography.Text type="secondary">{t('strategyEditor.ruleSets.unused')}</Typography.Text>) },
          {
            title: '',
            key: 'del',
            width: 48,
            render: (_, rs, i) =>
              !readOnly && (
                <Popconfirm title={t('strategyEditor.ruleSets.deleteConfirm', { id: rs.id })} okText={t('strategyEditor.delete')} cancelText={t('strategyEditor.cancel')} onConfirm={() => update?.((p) => ({ ...p, ruleSets: removeAt(p.ruleSets, i) }))}>
                  <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={t('strategyEditor.delete')} />
                </Popconfirm>
              ),
          },
        ]}
      />
      {!readOnly && (
        <Button icon={<PlusOutlined />} onClick={add}>
          {t('strategyEditor.ruleSets.add')}
        </Button>
      )}
    </Space>
  );
}
