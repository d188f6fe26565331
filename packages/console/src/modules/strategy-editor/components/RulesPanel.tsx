import { useMemo, useState } from 'react';
import { Button, Input, Popconfirm, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { StrategyPackage } from '../../../api/types.ts';
import { OutcomeTag } from '../../../components/OutcomeTag.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { removeAt, replaceAt, useEditorContext } from './editor-context.ts';
import { RuleDrawer } from './RuleDrawer.tsx';

export type Rule = StrategyPackage['rules'][number];

/** A fresh rule id not used yet in the package. */
function freshId(pkg: StrategyPackage, base: string): string {
  const used = new Set(pkg.rules.map((r) => r.id));
  for (let i = pkg.rules.length + 1; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** The package's rules: a dense table with search, and a drawer to edit one rule. */
export function RulesPanel() {
  const { t } = useI18n();
  const { pkg, update, readOnly, text } = useEditorContext();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<number | null>(null);
  const inSets = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const rs of pkg.ruleSets) for (const id of rs.rules) m.set(id, [...(m.get(id) ?? []), rs.id]);
    return m;
  }, [pkg.ruleSets]);

  const rows = pkg.rules.map((rule, index) => ({ rule, index })).filter(({ rule }) => {
    const q = search.trim().toLowerCase();
    return !q || rule.id.toLowerCase().includes(q) || rule.name.zh.includes(q) || rule.name.en.toLowerCase().includes(q) || rule.reasonCode.toLowerCase().includes(q);
  });
  const setRule = (i: number, r: Rule) => update?.((p) => ({ ...p, rules: replaceAt(p.rules, i, r) }));

  const add = () => {
    const id = freshId(pkg, 'rule');
    update?.((p) => ({ ...p, rules: [...p.rules, { id, name: { zh: id, en: id }, condition: 'true', outcome: 'review', reasonCode: id.toUpperCase(), enabled: true, mode: 'live' }] }));
    setEditing(pkg.rules.length);
  };
  const remove = (i: number) => {
    const id = pkg.rules[i]!.id;
    update?.((p) => ({ ...p, rules: removeAt(p.rules, i), ruleSets: p.ruleSets.map((rs) => ({ ...rs, rules: rs.rules.filter((x) => x !== id) })) }));
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Input.Search allowClear placeholder={t('strategyEditor.rules.search')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 280 }} data-testid="rules-search" />
        {!readOnly && (
          <Button icon={<PlusOutlined />} onClick={add} data-testid="rule-add">
            {t('strategyEditor.rules.add')}
          </Button>
        )}
      </Space>
      <Table
        size="small"
        rowKey={(r) => `${r.index}`}
        dataSource={rows}
        pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        onRow={(r) => ({ 'data-testid': `rule-row-${r.rule.id}`, onDoubleClick: () => setEditing(r.index) }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('strategyEditor.rules.id'), key: 'id', render: (_, r) => <Typography.Text code>{r.rule.id}</Typography.Text>, width: 200 },
          {
            title: t('strategyEditor.rules.name'),
            key: 'name',
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <span>{text(r.rule.name)}</span>
                {r.rule.component && <Tag color="purple">{t('strategyEditor.rules.component', { id: r.rule.component.id })}</Tag>}
              </Space>
            ),
          },
          { title: t('strategyEditor.rules.outcome'), key: 'outcome', width: 110, render: (_, r) => (r.rule.outcome ? <OutcomeTag outcome={r.rule.outcome} /> : <Typography.Text type="secondary">{t('strategyEditor.rules.scoreOnly')}</Typography.Text>) },
          { title: t('strategyEditor.rules.score'), key: 'score', width: 80, align: 'right', render: (_, r) => r.rule.score ?? '' },
          { title: t('strategyEditor.rules.risk'), key: 'risk', width: 90, render: (_, r) => (r.rule.riskLevel ? t(`strategyEditor.risk.${r.rule.riskLevel}`) : '') },
          {
            title: t('strategyEditor.rules.enabled'),
            key: 'enabled',
            width: 150,
            render: (_, r) => (
              <Space size={4}>
                <Switch size="small" checked={r.rule.enabled} disabled={readOnly} aria-label={t('strategyEditor.rules.enabled')} onChange={(on) => setRule(r.index, { ...r.rule, enabled: on })} />
                {r.rule.mode === 'shadow' && <Tag color="default">{t('strategyEditor.rules.shadow')}</Tag>}
              </Space>
            ),
          },
          { title: t('strategyEditor.rules.reason'), key: 'reason', render: (_, r) => <Tooltip title={text(r.rule.reason)}><Typography.Text code>{r.rule.reasonCode}</Typography.Text></Tooltip> },
          { title: t('strategyEditor.rules.ruleSets'), key: 'sets', render: (_, r) => (inSets.get(r.rule.id) ?? []).map((s) => <Tag key={s}>{s}</Tag>) },
          {
            title: '',
            key: 'actions',
            width: 90,
            render: (_, r) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EditOutlined />} aria-label={readOnly ? t('strategyEditor.view') : t('strategyEditor.edit')} onClick={() => setEditing(r.index)} data-testid={`rule-edit-${r.rule.id}`} />
                {!readOnly && (
                  <Popconfirm title={t('strategyEditor.rules.deleteConfirm', { id: r.rule.id })} onConfirm={() => remove(r.index)} okText={t('strategyEditor.delete')} cancelText={t('strategyEditor.cancel')}>
                    <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('strategyEditor.delete')} />
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing !== null && pkg.rules[editing] && (
        <RuleDrawer
          rule={pkg.rules[editing]}
          onChange={readOnly ? undefined : (r) => {
            const before = pkg.rules[editing]!;
            update?.((p) => ({
              ...p,
              rules: replaceAt(p.rules, editing, r),
              // Renaming a rule keeps it in its rule sets.
              ruleSets: before.id === r.id ? p.ruleSets : p.ruleSets.map((rs) => ({ ...rs, rules: rs.rules.map((x) => (x === before.id ? r.id : x)) })),
            }));
          }}
          onClose={() => setEditing(null)}
        />
      )}
    </Space>
  );
}
