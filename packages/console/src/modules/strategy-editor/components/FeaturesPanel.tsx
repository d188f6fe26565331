import { useState } from 'react';
import { Button, Col, Drawer, Form, Input, Popconfirm, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { StrategyPackage } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { CelEditor } from './CelEditor.tsx';
import { removeAt, replaceAt, useEditorContext } from './editor-context.ts';

type Feature = StrategyPackage['features'][number];
type Kind = Feature['kind'];
const KINDS: readonly Kind[] = ['velocity', 'profile', 'geo'];
const AGGS = ['count', 'sum', 'avg', 'min', 'max', 'distinct', 'stddev', 'first_seen', 'last_value'] as const;
const NUMERIC_AGGS = new Set(['sum', 'avg', 'min', 'max', 'stddev']);
const STATS = ['isNew', 'seenCount', 'share', 'usualHour'] as const;
const WINDOW = /^[0-9]+[smhd]$/;
const ID = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** A feature of another kind keeping what the two kinds share (name, scope, by, filter). */
function switchKind(f: Feature, kind: Kind): Feature {
  const common = { name: f.name, by: f.by, ...(f.scope ? { scope: f.scope } : {}), ...(f.on ? { on: f.on } : {}), ...(f.filter ? { filter: f.filter } : {}), ...(f.eventTypes ? { eventTypes: f.eventTypes } : {}) };
  if (kind === 'velocity') return { ...common, kind, agg: 'count', window: 'window' in f && f.window ? f.window : '1h' };
  if (kind === 'profile') return { ...common, kind, stat: 'isNew', ...('field' in f && f.field ? { field: f.field } : {}) };
  return { ...common, kind, field: 'field' in f && f.field ? f.field : 'location' };
}

function summary(f: Feature): string {
  if (f.kind === 'velocity') return `${f.agg}${f.field ? `(${f.field})` : ''} by ${f.by.join(', ')} / ${f.window}`;
  if (f.kind === 'profile') return `${f.stat}${f.field ? `(${f.field})` : ''} by ${f.by.join(', ')}${f.window ? ` / ${f.window}` : ''}`;
  return `geo(${f.field}) by ${f.by.join(', ')}${f.window ? ` / ${f.window}` : ''}`;
}

/** Feature definitions: velocity counters and aggregates, behaviour profiles, geo-velocity. */
export function FeaturesPanel() {
  const { t } = useI18n();
  const { pkg, update, readOnly, catalogue } = useEditorContext();
  const [editing, setEditing] = useState<number | null>(null);
  const set = (i: number, f: Feature) => update?.((p) => ({ ...p, features: replaceAt(p.features, i, f) }));
  const add = () => {
    const used = new Set(pkg.features.map((f) => f.name));
    let n = pkg.features.length + 1;
    while (used.has(`feature_${n}`)) n++;
    const firstField = catalogue?.fields[0]?.name.slice('event.'.length) ?? 'customer_id';
    update?.((p) => ({ ...p, features: [...p.features, { kind: 'velocity', name: `feature_${n}`, agg: 'count', by: [firstField], window: '1h' }] }));
    setEditing(pkg.features.length);
  };
  const typeOf = (name: string) => catalogue?.features.find((f) => f.name === `features.${name}`)?.type;

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table
        size="small"
        rowKey={(_, i) => String(i)}
        dataSource={pkg.features}
        pagination={pkg.features.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        onRow={(f, i) => ({ 'data-testid': `feature-row-${f.name}`, onDoubleClick: () => setEditing(i ?? null) }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('strategyEditor.features.name'), key: 'name', render: (_, f) => <Typography.Text code>{f.name}</Typography.Text> },
          { title: t('strategyEditor.features.kind'), key: 'kind', width: 110, render: (_, f) => <Tag>{t(`strategyEditor.features.kind.${f.kind}`)}</Tag> },
          { title: t('strategyEditor.features.definition'), key: 'def', render: (_, f) => <Typography.Text type="secondary">{summary(f)}</Typography.Text> },
          { title: t('strategyEditor.variables.type'), key: 'type', width: 90, render: (_, f) => <Typography.Text code>{typeOf(f.name) ?? '…'}</Typography.Text> },
          { title: t('strategyEditor.features.filter'), key: 'filter', render: (_, f) => (f.filter ? <Typography.Text code ellipsis style={{ maxWidth: 240 }}>{f.filter}</Typography.Text> : null) },
          {
            title: '',
            key: 'actions',
            width: 90,
            render: (_, f, i) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EditOutlined />} aria-label={readOnly ? t('strategyEditor.view') : t('strategyEditor.edit')} onClick={() => setEditing(i)} />
                {!readOnly && (
                  <Popconfirm title={t('strategyEditor.features.deleteConfirm', { name: f.name })} okText={t('strategyEditor.delete')} cancelText={t('strategyEditor.cancel')} onConfirm={() => update?.((p) => ({ ...p, features: removeAt(p.features, i) }))}>
                    <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('strategyEditor.delete')} />
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {!readOnly && (
        <Button icon={<PlusOutlined />} onClick={add} data-testid="feature-add">
          {t('strategyEditor.features.add')}
        </Button>
      )}
      {editing !== null && pkg.features[editing] && <FeatureDrawer feature={pkg.features[editing]} onChange={readOnly ? undefined : (f) => set(editing, f)} onClose={() => setEditing(null)} />}
    </Space>
  );
}

function FeatureDrawer({ feature: f, onChange, onClose }: { feature: Feature; onChange: ((f: Feature) => void) | undefined; onClose: () => void }) {
  const { t } = useI18n();
  const { catalogue } = useEditorContext();
  const set = (patch: Partial<Feature>) => onChange?.({ ...f, ...patch } as Feature);
  const fieldOpts = (pred: (fieldType: string) => boolean = () => true) =>
    (catalogue?.fields ?? []).filter((x) => pred(x.fieldType)).map((x) => ({ value: x.name.slice('event.'.length), label: `${x.name.slice('event.'.length)} : ${x.fieldType}` }));
  const windowValue = 'window' in f ? f.window : undefined;
  const windowBad = windowValue !== undefined && !WINDOW.test(windowValue);
  const needsField = f.kind === 'velocity' && f.agg !== 'count';

  return (
    <Drawer open width={720} onClose={onClose} title={t('strategyEditor.features.title', { name: f.name })} data-testid="feature-drawer" destroyOnHidden>
      <Form layout="vertical" size="small" disabled={!onChange}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label={t('strategyEditor.features.name')} required validateStatus={ID.test(f.name) ? undefined : 'error'} help={ID.test(f.name) ? undefined : t('strategyEditor.invalidId')}>
              <Input value={f.name} onChange={(e) => set({ name: e.target.value })} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('strategyEditor.features.kind')}>
              <Select value={f.kind} options={KINDS.map((k) => ({ value: k, label: t(`strategyEditor.features.kind.${k}`) }))} onChange={(k: Kind) => onChange?.(switchKind(f, k))} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          {f.kind === 'velocity' && (
            <Col span={8}>
              <Form.Item label={t('strategyEditor.features.agg')}>
                <Select value={f.agg} options={AGGS.map((a) => ({ value: a, label: t(`strategyEditor.features.agg.${a}`) }))} onChange={(agg: (typeof AGGS)[number]) => set({ agg })} />
              </Form.Item>
            </Col>
          )}
          {f.kind === 'profile' && (
            <Col span={8}>
              <Form.Item label={t('strategyEditor.features.stat')}>
                <Select value={f.stat} options={STATS.map((a) => ({ value: a, label: t(`strategyEditor.features.stat.${a}`) }))} onChange={(stat: (typeof STATS)[number]) => set({ stat })} />
              </Form.Item>
            </Col>
          )}
          <Col span={8}>
            <Form.Item
              label={t('strategyEditor.features.field')}
              required={needsField || f.kind === 'geo'}
              validateStatus={(needsField || f.kind === 'geo') && !('field' in f && f.field) ? 'error' : undefined}
              help={f.kind === 'velocity' && NUMERIC_AGGS.has(f.agg) ? t('strategyEditor.features.numericField') : undefined}
            >
              <Select
                allowClear={f.kind !== 'geo'}
                showSearch
                value={'field' in f ? f.field : undefined}
                options={fieldOpts(f.kind === 'geo' ? (x) => x === 'geo' : f.kind === 'velocity' && NUMERIC_AGGS.has(f.agg) ? (x) => x === 'number' || x === 'integer' : undefined)}
                onChange={(field: string | undefined) => set({ field } as Partial<Feature>)}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('strategyEditor.features.window')} required={f.kind === 'velocity'} validateStatus={windowBad ? 'error' : undefined} help={windowBad ? t('strategyEditor.features.windowHelp') : undefined}>
              <Input value={windowValue} placeholder={t('strategyEditor.features.windowPlaceholder')} onChange={(e) => set({ window: e.target.value || undefined } as Partial<Feature>)} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label={t('strategyEditor.features.by')} required validateStatus={f.by.length ? undefined : 'error'} help={t('strategyEditor.features.byHelp')}>
              <Select mode="multiple" maxCount={4} value={f.by} options={fieldOpts()} onChange={(by: string[]) => set({ by })} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('strategyEditor.features.eventTypes')} help={t('strategyEditor.features.eventTypesHelp')}>
              <Select mode="tags" value={f.eventTypes ?? []} onChange={(v: string[]) => set({ eventTypes: v.length ? v : undefined })} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item label={t('strategyEditor.features.scope')}>
              <Select value={f.scope ?? 'org'} options={(['org', 'global'] as const).map((s) => ({ value: s, label: t(`strategyEditor.features.scope.${s}`) }))} onChange={(scope: 'org' | 'global') => set({ scope: scope === 'org' ? undefined : scope })} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('strategyEditor.features.on')}>
              <Select value={f.on ?? 'event'} options={(['event', 'feedback'] as const).map((s) => ({ value: s, label: t(`strategyEditor.features.on.${s}`) }))} onChange={(on: 'event' | 'feedback') => set({ on: on === 'event' ? undefined : on })} />
            </Form.Item>
          </Col>
          {f.kind === 'velocity' && (
            <Col span={8}>
              <Form.Item label={t('strategyEditor.features.includeCurrent')}>
                <Switch checked={f.includeCurrent ?? false} onChange={(includeCurrent) => set({ includeCurrent: includeCurrent || undefined })} />
              </Form.Item>
            </Col>
          )}
          {f.kind === 'profile' && (
            <Col span={8}>
              <Form.Item label={t('strategyEditor.features.tz')}>
                <Input value={f.tz} placeholder={t('strategyEditor.features.tzPlaceholder')} onChange={(e) => set({ tz: e.target.value || undefined })} />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Form.Item label={t('strategyEditor.features.filter')} help={t('strategyEditor.features.filterHelp')}>
          <CelEditor testId="feature-filter" value={f.filter ?? ''} context="filter" minHeight={30} onChange={onChange ? (filter) => set({ filter: filter.trim() ? filter : undefined }) : undefined} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
