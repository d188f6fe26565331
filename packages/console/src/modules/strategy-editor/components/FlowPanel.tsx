import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Empty, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { StrategyPackage } from '../../../api/types.ts';
import { OUTCOME_COLORS, OUTCOMES, type Outcome } from '../../../components/OutcomeTag.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { END_NODE, flowToGraph, START_NODE } from '../model/flow-graph.ts';
import { BandsEditor } from './BandsEditor.tsx';
import { CelEditor } from './CelEditor.tsx';
import { removeAt, replaceAt, useEditorContext } from './editor-context.ts';
import { RISKS } from './RuleDrawer.tsx';

type Stage = StrategyPackage['flow']['stages'][number];
type StageType = Stage['type'];
const STAGE_TYPES: readonly StageType[] = ['list', 'rules', 'score', 'model', 'datasource', 'table', 'branch'];
const STAGE_COLORS: Record<StageType, string> = { list: '#722ed1', rules: '#1677ff', score: '#fa8c16', model: '#13c2c2', datasource: '#2f54eb', table: '#eb2f96', branch: '#52c41a' };
const ID = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

function newStage(type: StageType, id: string, pkg: StrategyPackage): Stage {
  switch (type) {
    case 'list':
      return { id, type, checks: [] };
    case 'rules':
      return { id, type, ruleSet: pkg.ruleSets[0]?.id ?? '', mode: 'all' };
    case 'score':
      return { id, type, bands: [{ min: -100000, max: 50, outcome: 'pass', riskLevel: 'low' }, { min: 50, outcome: 'review', riskLevel: 'medium' }] };
    case 'model':
      return { id, type, model: pkg.models[0]?.id ?? '' };
    case 'datasource':
      return { id, type, source: pkg.dataSources[0]?.id ?? '' };
    case 'table':
      return { id, type, table: pkg.tables[0]?.id ?? '' };
    case 'branch':
      return { id, type, branches: [], default: 'end' };
  }
}

type LabelNode = Node<{ label: React.ReactNode }>;

/** A stage: in at the top, next/branch exits at the bottom, early exits (exitOn) on the right. */
function StageNode({ data }: NodeProps<LabelNode>) {
  return (
    <>
      <Handle type="target" position={Position.Top} />
      {data.label}
      <Handle type="source" position={Position.Bottom} />
      <Handle type="source" position={Position.Right} id="exit" />
    </>
  );
}

/** The decision: reached from above, and from the right by early exits. */
function EndNode({ data }: NodeProps<LabelNode>) {
  return (
    <>
      <Handle type="target" position={Position.Top} />
      <Handle type="target" position={Position.Right} id="exit" />
      {data.label}
    </>
  );
}

const NODE_TYPES = { stage: StageNode, end: EndNode };

/** Renames a stage and every reference to it (next, branch targets, defaults). */
function renameStage(stages: readonly Stage[], from: string, to: string): Stage[] {
  const ref = (x: string | undefined) => (x === from ? to : x);
  return stages.map((s) => {
    const base = { ...s, id: s.id === from ? to : s.id, ...(s.next !== undefined ? { next: ref(s.next) } : {}) };
    return s.type === 'branch' ? ({ ...base, branches: s.branches.map((b) => ({ ...b, next: ref(b.next)! })), default: ref(s.default)! } as Stage) : (base as Stage);
  });
}

/** The decision flow as a graph: stages with their exits; selecting a stage opens its settings. */
export function FlowPanel() {
  const { t } = useI18n();
  const { pkg, update, readOnly, text } = useEditorContext();
  const stages = pkg.flow.stages;
  const [selected, setSelected] = useState<string | null>(stages[0]?.id ?? null);
  const [addType, setAddType] = useState<StageType>('rules');
  const graph = useMemo(() => flowToGraph(stages), [stages]);
  const selectedIndex = stages.findIndex((s) => s.id === selected);

  const nodes: Node[] = graph.nodes.map((n) => {
    if (n.kind !== 'stage') {
      return {
        id: n.id,
        type: n.kind === 'start' ? 'input' : 'end',
        className: 'react-flow__node-output',
        position: n.position,
        data: { label: <span data-testid={`flow-node-${n.kind}`}>{t(`strategyEditor.flow.${n.kind}`)}</span> },
        style: { width: 120, borderRadius: 16, background: '#fafafa' },
        selectable: false,
      };
    }
    const s = stages[n.index!]!;
    const color = STAGE_COLORS[s.type];
    return {
      id: n.id,
      type: 'stage',
      className: 'react-flow__node-default',
      position: n.position,
      selected: n.id === selected,
      data: {
        label: (
          <div data-testid={`flow-node-${s.id}`} style={{ textAlign: 'left' }}>
            <div style={{ fontWeight: 600 }}>{s.name ? text(s.name) : s.id}</div>
            <Tag color={color} style={{ marginTop: 2 }}>{t(`strategyEditor.stage.type.${s.type}`)}</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 11 }}>{stageSummary(s)}</Typography.Text>
          </div>
        ),
      },
      style: { width: 200, borderColor: color, borderWidth: n.id === selected ? 2 : 1, boxShadow: n.id === selected ? `0 0 0 3px ${color}33` : undefined },
    };
  });
  const edges: Edge[] = graph.edges.map((e) => {
    const exitColor = e.kind === 'exit' ? OUTCOME_COLORS[(stages.find((s) => s.id === e.source)?.exitOn?.[0] ?? 'reject') as Outcome] : undefined;
    const color = e.broken ? '#f5222d' : exitColor ?? (e.kind === 'default' ? '#8c8c8c' : '#595959');
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      ...(e.kind === 'exit' ? { sourceHandle: 'exit', targetHandle: 'exit', type: 'smoothstep', pathOptions: { offset: 48 } } : {}),
      ...(e.kind === 'branch' || e.kind === 'exit' ? { label: e.kind === 'exit' ? t('strategyEditor.flow.exitOn', { outcomes: e.label ?? '' }) : e.label } : e.kind === 'default' ? { label: t('strategyEditor.flow.default') } : {}),
      animated: e.kind === 'branch',
      style: { stroke: color, strokeDasharray: e.kind === 'exit' || e.kind === 'default' ? '5 4' : undefined },
      markerEnd: { type: MarkerType.ArrowClosed, color },
      labelStyle: { fontSize: 11 },
    };
  });

  const setStages = (next: Stage[]) => update?.((p) => ({ ...p, flow: { ...p.flow, stages: next } }));
  const setStage = (i: number, s: Stage) => {
    const before = stages[i]!;
    const renamed = before.id !== s.id && ID.test(s.id) ? renameStage(replaceAt(stages, i, { ...s, id: before.id } as Stage), before.id, s.id) : replaceAt(stages, i, s);
    setStages(renamed);
    if (before.id === selected) setSelected(s.id);
  };
  const add = () => {
    const used = new Set(stages.map((s) => s.id));
    let n = stages.length + 1;
    while (used.has(`${addType}_${n}`)) n++;
    const s = newStage(addType, `${addType}_${n}`, pkg);
    setStages([...stages, s]);
    setSelected(s.id);
  };

  return (
    <Row gutter={12}>
      <Col span={14}>
        <Space direction="vertical" style={{ width: '100%' }}>
          {graph.cyclic && <Alert type="error" showIcon title={t('strategyEditor.flow.cycle')} />}
          {graph.edges.some((e) => e.broken) && <Alert type="error" showIcon title={t('strategyEditor.flow.broken')} />}
          <div style={{ height: 560, border: '1px solid #f0f0f0', borderRadius: 8 }} data-testid="flow-graph">
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={NODE_TYPES}
              fitView
              nodesDraggable={false}
              nodesConnectable={false}
              edgesFocusable={false}
              onNodeClick={(_, node) => node.id !== START_NODE && node.id !== END_NODE && setSelected(node.id)}
              proOptions={{ hideAttribution: true }}
              minZoom={0.2}
            >
              <Background gap={16} />
              <Controls showInteractive={false} />
            </ReactFlow>
          </div>
          {!readOnly && (
            <Space>
              <Select style={{ width: 160 }} value={addType} options={STAGE_TYPES.map((x) => ({ value: x, label: t(`strategyEditor.stage.type.${x}`) }))} onChange={setAddType} aria-label={t('strategyEditor.flow.stageType')} />
              <Button icon={<PlusOutlined />} onClick={add} data-testid="stage-add" disabled={stages.length >= 200}>
                {t('strategyEditor.flow.addStage')}
              </Button>
            </Space>
          )}
        </Space>
      </Col>
      <Col span={10}>
        {selectedIndex >= 0 ? (
          <StageSettings
            key={selectedIndex}
            stage={stages[selectedIndex]!}
            stages={stages}
            onChange={readOnly ? undefined : (s) => setStage(selectedIndex, s)}
            onDelete={readOnly ? undefined : () => {
              setStages(removeAt(stages, selectedIndex));
              setSelected(null);
            }}
          />
        ) : (
          <Empty description={t('strategyEditor.flow.pick')} />
        )}
      </Col>
    </Row>
  );
}

function stageSummary(s: Stage): string {
  switch (s.type) {
    case 'rules':
      return ` ${s.ruleSet} · ${s.mode}`;
    case 'list':
      return ` ${s.checks.length}`;
    case 'score':
      return ` ${s.bands.length}`;
    case 'model':
      return ` ${s.model}`;
    case 'datasource':
      return ` ${s.source}`;
    case 'table':
      return ` ${s.table}`;
    case 'branch':
      return ` ${s.branches.length + 1}`;
  }
}

function StageSettings({ stage: s, stages, onChange, onDelete }: { stage: Stage; stages: readonly Stage[]; onChange?: (s: Stage) => void; onDelete?: () => void }) {
  const { t } = useI18n();
  const { pkg, catalogue, text } = useEditorContext();
  const set = (patch: Partial<Stage>) => onChange?.({ ...s, ...patch } as Stage);
  const targets = [...stages.filter((x) => x.id !== s.id).map((x) => ({ value: x.id, label: x.id })), { value: 'end', label: t('strategyEditor.flow.end') }];
  const idDup = stages.filter((x) => x.id === s.id).length > 1;

  return (
    <Card
      size="small"
      data-testid="stage-settings"
      title={
        <Space>
          <Typography.Text code>{s.id}</Typography.Text>
          <Tag color={STAGE_COLORS[s.type]}>{t(`strategyEditor.stage.type.${s.type}`)}</Tag>
        </Space>
      }
      extra={
        onDelete && (
          <Popconfirm title={t('strategyEditor.flow.deleteConfirm', { id: s.id })} okText={t('strategyEditor.delete')} cancelText={t('strategyEditor.cancel')} onConfirm={onDelete}>
            <Button size="small" danger icon={<DeleteOutlined />}>
              {t('strategyEditor.delete')}
            </Button>
          </Popconfirm>
        )
      }
    >
      <Form layout="vertical" size="small" disabled={!onChange}>
        <Row gutter={8}>
          <Col span={12}>
            <Form.Item label={t('strategyEditor.flow.stageId')} validateStatus={!ID.test(s.id) || idDup ? 'error' : undefined} help={!ID.test(s.id) ? t('strategyEditor.invalidId') : idDup ? t('strategyEditor.duplicateId') : undefined}>
              <Input value={s.id} onChange={(e) => set({ id: e.target.value })} data-testid="stage-id" />
            </Form.Item>
          </Col>
          {s.type !== 'branch' && (
            <Col span={12}>
              <Form.Item label={t('strategyEditor.flow.next')} help={t('strategyEditor.flow.nextHelp')}>
                <Select allowClear value={s.next} options={targets} onChange={(next: string | undefined) => set({ next })} />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Row gutter={8}>
          <Col span={12}>
            <Form.Item label={t('strategyEditor.nameZh')}>
              <Input value={s.name?.zh} onChange={(e) => set({ name: { zh: e.target.value, en: s.name?.en ?? '' } })} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('strategyEditor.nameEn')}>
              <Input value={s.name?.en} onChange={(e) => set({ name: { zh: s.name?.zh ?? '', en: e.target.value } })} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('strategyEditor.flow.exitOnLabel')} help={t('strategyEditor.flow.exitOnHelp')}>
          <Select mode="multiple" value={s.exitOn ?? []} options={OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))} onChange={(v: Outcome[]) => set({ exitOn: v.length ? v : undefined })} />
        </Form.Item>
        {s.type === 'rules' && (
          <Row gutter={8}>
            <Col span={14}>
              <Form.Item label={t('strategyEditor.tab.ruleSets')} validateStatus={pkg.ruleSets.some((r) => r.id === s.ruleSet) ? undefined : 'error'}>
                <Select value={s.ruleSet || undefined} options={pkg.ruleSets.map((r) => ({ value: r.id, label: `${r.id} (${r.rules.length})` }))} onChange={(ruleSet: string) => set({ ruleSet })} data-testid="stage-ruleset" />
              </Form.Item>
            </Col>
            <Col span={10}>
              <Form.Item label={t('strategyEditor.flow.rulesMode')}>
                <Select value={s.mode} options={(['all', 'first'] as const).map((m) => ({ value: m, label: t(`strategyEditor.flow.rulesMode.${m}`) }))} onChange={(mode: 'all' | 'first') => set({ mode })} />
              </Form.Item>
            </Col>
          </Row>
        )}
        {s.type === 'score' && (
          <>
            <Form.Item label={t('strategyEditor.tab.bands')}>
              <BandsEditor testId={`stage-bands-${s.id}`} bands={s.bands} onChange={onChange ? (bands) => set({ bands }) : undefined} />
            </Form.Item>
            <Form.Item label={t('strategyEditor.flow.weights')} help={t('strategyEditor.flow.weightsHelp')}>
              <Space direction="vertical">
                {Object.entries(s.weights ?? {}).map(([k, w]) => (
                  <Space key={k}>
                    <Typography.Text code>{k}</Typography.Text>
                    <InputNumber size="small" value={w} onChange={(v) => set({ weights: { ...s.weights, [k]: typeof v === 'number' ? v : 1 } })} />
                  </Space>
                ))}
                {onChange && (
                  <Select
                    size="small"
                    style={{ width: 220 }}
                    placeholder={t('strategyEditor.flow.addWeight')}
                    value={null}
                    options={pkg.rules.filter((r) => !(s.weights && r.id in s.weights)).map((r) => ({ value: r.id, label: r.id }))}
                    onChange={(id: string) => set({ weights: { ...s.weights, [id]: 1 } })}
                  />
                )}
              </Space>
            </Form.Item>
          </>
        )}
        {s.type === 'model' && (
          <>
            <Form.Item label={t('strategyEditor.stage.type.model')}>
              <Select value={s.model || undefined} options={pkg.models.map((m) => ({ value: m.id, label: m.name ? `${m.id} · ${m.name}` : m.id }))} onChange={(model: string) => set({ model })} />
            </Form.Item>
            <Form.Item label={t('strategyEditor.tab.bands')}>
              {s.bands ? (
                <BandsEditor testId={`stage-bands-${s.id}`} bands={s.bands} onChange={onChange ? (bands) => set({ bands: bands.length ? bands : undefined }) : undefined} />
              ) : (
                onChange && <Button size="small" onClick={() => set({ bands: [{ min: 0, max: 0.5, outcome: 'pass', riskLevel: 'low' }, { min: 0.5, outcome: 'review', riskLevel: 'medium' }] })}>{t('strategyEditor.flow.addBands')}</Button>
              )}
            </Form.Item>
          </>
        )}
        {s.type === 'datasource' && (
          <>
            <Form.Item label={t('strategyEditor.stage.type.datasource')}>
              <Select value={s.source || undefined} options={pkg.dataSources.map((d) => ({ value: d.id, label: d.name ? `${d.id} · ${text(d.name)}` : d.id }))} onChange={(source: string) => set({ source })} />
            </Form.Item>
            <Form.Item label={t('strategyEditor.flow.when')}>
              <CelEditor testId="stage-when" value={s.when ?? ''} context="branch" minHeight={24} onChange={onChange ? (when) => set({ when: when.trim() ? when : undefined }) : undefined} />
            </Form.Item>
          </>
        )}
        {s.type === 'table' && (
          <Form.Item label={t('strategyEditor.stage.type.table')}>
            <Select value={s.table || undefined} options={pkg.tables.map((x) => ({ value: x.id, label: `${x.id} · ${x.kind}` }))} onChange={(table: string) => set({ table })} />
          </Form.Item>
        )}
        {s.type === 'branch' && (
          <>
            {s.branches.map((b, i) => (
              <Card key={i} size="small" style={{ marginBottom: 8 }} title={t('strategyEditor.flow.branchN', { n: i + 1 })} extra={onChange && <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('strategyEditor.delete')} onClick={() => set({ branches: removeAt(s.branches, i) })} />}>
                <Form.Item label={t('strategyEditor.flow.when')}>
                  <CelEditor testId={`branch-when-${i}`} value={b.when} context="branch" minHeight={24} onChange={onChange ? (when) => set({ branches: replaceAt(s.branches, i, { ...b, when }) }) : undefined} />
                </Form.Item>
                <Form.Item label={t('strategyEditor.flow.next')}>
                  <Select value={b.next} options={targets} onChange={(next: string) => set({ branches: replaceAt(s.branches, i, { ...b, next }) })} />
                </Form.Item>
              </Card>
            ))}
            {onChange && s.branches.length < 20 && (
              <Button size="small" icon={<PlusOutlined />} style={{ marginBottom: 8 }} onClick={() => set({ branches: [...s.branches, { when: 'true', next: 'end' }] })}>
                {t('strategyEditor.flow.addBranch')}
              </Button>
            )}
            <Form.Item label={t('strategyEditor.flow.default')}>
              <Select value={s.default} options={targets} onChange={(d: string) => set({ default: d })} />
            </Form.Item>
          </>
        )}
        {s.type === 'list' && (
          <>
            {s.checks.map((c, i) => (
              <Card key={i} size="small" style={{ marginBottom: 8 }} title={t('strategyEditor.flow.checkN', { n: i + 1 })} extra={onChange && <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('strategyEditor.delete')} onClick={() => set({ checks: removeAt(s.checks, i) })} />}>
                <Row gutter={8}>
                  <Col span={12}>
                    <Form.Item label={t('strategyEditor.action.list')}>
                      <Select showSearch value={c.list || undefined} options={(catalogue?.lists ?? []).map((l) => ({ value: l.key, label: `${l.key} · ${text(l.name)}` }))} onChange={(list: string) => set({ checks: replaceAt(s.checks, i, { ...c, list }) })} />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item label={t('strategyEditor.rules.outcome')}>
                      <Select value={c.outcome} options={OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))} onChange={(outcome: Outcome) => set({ checks: replaceAt(s.checks, i, { ...c, outcome }) })} />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item label={t('strategyEditor.flow.checkValue')}>
                  <CelEditor testId={`check-value-${i}`} value={c.value} context="value" minHeight={24} onChange={onChange ? (value) => set({ checks: replaceAt(s.checks, i, { ...c, value }) }) : undefined} />
                </Form.Item>
                <Row gutter={8}>
                  <Col span={10}>
                    <Form.Item label={t('strategyEditor.rules.reasonCode')}>
                      <Input value={c.reasonCode} onChange={(e) => set({ checks: replaceAt(s.checks, i, { ...c, reasonCode: e.target.value }) })} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item label={t('strategyEditor.rules.risk')}>
                      <Select allowClear value={c.riskLevel} options={RISKS.map((r) => ({ value: r, label: t(`strategyEditor.risk.${r}`) }))} onChange={(riskLevel) => set({ checks: replaceAt(s.checks, i, { ...c, riskLevel }) })} />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item label={t('strategyEditor.flow.stop')}>
                      <Switch checked={c.stop ?? false} onChange={(stop) => set({ checks: replaceAt(s.checks, i, { ...c, stop: stop || undefined }) })} />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
            ))}
            {onChange && s.checks.length < 50 && (
              <Button size="small" icon={<PlusOutlined />} onClick={() => set({ checks: [...s.checks, { list: '', value: 'event.', outcome: 'reject', reasonCode: 'LIST_HIT' }] })}>
                {t('strategyEditor.flow.addCheck')}
              </Button>
            )}
          </>
        )}
      </Form>
    </Card>
  );
}
