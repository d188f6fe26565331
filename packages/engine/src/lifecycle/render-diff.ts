import type { FeatureDefinition } from '../features/index.ts';
import { maskDigitRuns } from '../event-data.ts';
import type { DataSourceDef, DecisionTableDef, DerivedVariable, Rule, RuleSet, Stage, StrategyTestCase } from '../types.ts';
import type { CollectionDiff, ItemChange, OutcomeActions, PackageDiff, ThresholdChange } from './diff-packages.ts';
import type { FieldChange } from './field-changes.ts';

export type DiffLanguage = 'en' | 'zh';

type Kind = 'package' | 'rule' | 'ruleSet' | 'stage' | 'variable' | 'feature' | 'list' | 'model' | 'dataSource' | 'table' | 'outcomeActions' | 'testCase';

const NOUN: Record<Kind, { en: string; zh: string }> = {
  package: { en: 'package', zh: '策略包' },
  rule: { en: 'rule', zh: '规则' },
  ruleSet: { en: 'rule set', zh: '规则集' },
  stage: { en: 'stage', zh: '阶段' },
  variable: { en: 'variable', zh: '变量' },
  feature: { en: 'feature', zh: '特征' },
  list: { en: 'list', zh: '名单' },
  model: { en: 'model', zh: '模型' },
  dataSource: { en: 'data source', zh: '数据源' },
  table: { en: 'decision table', zh: '决策表' },
  outcomeActions: { en: 'actions on outcome', zh: '结果动作' },
  testCase: { en: 'test case', zh: '测试用例' },
};

/** Chinese names of the fields reviewers meet most; other paths are shown as they are. */
const FIELD_ZH: Record<string, string> = {
  id: '标识',
  name: '名称',
  description: '描述',
  eventType: '事件类型',
  direction: '方向',
  condition: '条件',
  component: '组件',
  outcome: '结果',
  challenge: '验证方式',
  score: '分值',
  riskLevel: '风险等级',
  reasonCode: '原因码',
  reason: '原因',
  tags: '标签',
  enabled: '启用',
  mode: '模式',
  actions: '动作',
  rules: '规则',
  type: '类型',
  checks: '名单检查',
  weights: '权重',
  bands: '分段',
  model: '模型',
  source: '数据源',
  when: '条件',
  table: '决策表',
  branches: '分支',
  default: '默认分支',
  next: '下一阶段',
  exitOn: '提前结束于',
  expr: '表达式',
  window: '窗口',
  filter: '过滤条件',
  by: '维度',
  field: '字段',
  data: '事件数据',
  features: '特征值',
  expectOutcome: '期望结果',
  expectHits: '期望命中',
  rows: '行',
  cells: '单元格',
  defaultOutcome: '默认结果',
};

const TEXT = {
  none: { en: '(none)', zh: '（无）' },
  noChanges: { en: 'No changes.', zh: '无变更。' },
};

/**
 * Renders a {@link PackageDiff} as plain text, one change per line: `+` added, `-` removed, `~`
 * changed. Threshold and outcome-mapping changes come first, right after package-level changes,
 * then every kind of item. Digit runs that look like card numbers are masked (test cases may hold
 * test card numbers).
 *
 * @example renderDiff(diffPackages(v3, v4), 'en')
 *   // '~ threshold in rule big_amount (event.amount >): 5000 → 8000\n~ rule big_amount: condition "…" → "…"'
 */
export function renderDiff(d: PackageDiff, lang: DiffLanguage): string {
  const zh = lang === 'zh';
  const lines: string[] = [];
  const noun = (k: Kind) => NOUN[k][lang];
  const v = (x: unknown) => formatValue(x, lang);
  const change = (k: Kind, id: string, f: FieldChange) => {
    const label = zh ? fieldLabel(f.path, lang) : f.path;
    // An element of a keyed array (a list check, an action) that one version lacks reads better as added or removed.
    if (f.before === undefined && typeof f.after === 'object' && f.after !== null) return zh ? `~ ${noun(k)} ${id}：新增 ${label} ${v(f.after)}` : `~ ${noun(k)} ${id}: ${label} added ${v(f.after)}`;
    if (f.after === undefined && typeof f.before === 'object' && f.before !== null) return zh ? `~ ${noun(k)} ${id}：删除 ${label}` : `~ ${noun(k)} ${id}: ${label} removed`;
    return zh ? `~ ${noun(k)} ${id}：${label} ${v(f.before)} → ${v(f.after)}` : `~ ${noun(k)} ${id}: ${label} ${v(f.before)} → ${v(f.after)}`;
  };
  const added = (k: Kind, id: string, detail = '') => (zh ? `+ 新增${noun(k)} ${id}${detail ? `：${detail}` : ''}` : `+ ${noun(k)} ${id} added${detail ? `: ${detail}` : ''}`);
  const removed = (k: Kind, id: string) => (zh ? `- 删除${noun(k)} ${id}` : `- ${noun(k)} ${id} removed`);
  // Test cases are named by free text, so their names are quoted; everything else has an identifier.
  const show = (k: Kind, id: string) => (k === 'testCase' ? JSON.stringify(id) : id);
  const section = <T,>(k: Kind, c: CollectionDiff<T, ItemChange>, idOf: (x: T) => string, detail: (x: T) => string, skip?: (f: FieldChange) => boolean) => {
    for (const x of c.added) lines.push(added(k, show(k, idOf(x)), detail(x)));
    for (const x of c.removed) lines.push(removed(k, show(k, idOf(x))));
    for (const ch of c.changed) for (const f of ch.changes) if (!skip?.(f)) lines.push(change(k, show(k, ch.id), f));
    if (c.reordered) {
      const arrow = (ids: string[]) => ids.join(' → ');
      lines.push(zh ? `~ ${noun(k)}顺序：${arrow(c.reordered.before)} ⇒ ${arrow(c.reordered.after)}` : `~ ${noun(k)} order: ${arrow(c.reordered.before)} ⇒ ${arrow(c.reordered.after)}`);
    }
  };

  for (const f of d.package) lines.push(zh ? `~ ${noun('package')}：${fieldLabel(f.path, lang)} ${v(f.before)} → ${v(f.after)}` : `~ package: ${f.path} ${v(f.before)} → ${v(f.after)}`);

  for (const t of d.thresholds) {
    const [k, id] = holderOf(t);
    const where = t.kind === 'rule' && t.path === 'condition' ? '' : zh ? ` ${fieldLabel(t.path, lang)}` : ` ${t.path}`;
    const ctx = t.context ? (zh ? `（${t.context}）` : ` (${t.context})`) : '';
    lines.push(zh ? `~ ${noun(k)} ${id}${where} 阈值${ctx}：${t.before} → ${t.after}` : `~ threshold in ${noun(k)} ${id}${where}${ctx}: ${t.before} → ${t.after}`);
  }
  for (const m of d.outcomeMapping) {
    const k: Kind = m.kind === 'stage' ? 'stage' : 'table';
    lines.push(
      zh
        ? `~ ${noun(k)} ${m.id} ${fieldLabel(m.path, lang)} 结果映射：${v(m.before)} → ${v(m.after)}`
        : `~ outcome mapping in ${noun(k)} ${m.id} ${m.path}: ${v(m.before)} → ${v(m.after)}`,
    );
  }

  section<Rule>('rule', d.rules, (r) => r.id, (r) => ruleSummary(r, lang));

  // Membership is shown as members added and removed and the new order, not as two long arrays.
  section<RuleSet>('ruleSet', d.ruleSets, (r) => r.id, (r) => (r.rules ?? []).join(', '), (f) => f.path === 'rules');
  for (const c of d.ruleSets.changed) {
    const members = c.changes.find((f) => f.path === 'rules');
    if (!members) continue;
    const parts: string[] = [];
    if (c.membersAdded.length) parts.push(`+ ${c.membersAdded.join(', ')}`);
    if (c.membersRemoved.length) parts.push(`- ${c.membersRemoved.join(', ')}`);
    const now = Array.isArray(members.after) ? members.after.join(', ') : v(members.after);
    if (c.reordered) parts.push(zh ? `顺序变为 ${now}` : `order now ${now}`);
    if (parts.length) lines.push(zh ? `~ ${noun('ruleSet')} ${c.id} 成员：${parts.join('；')}` : `~ ${noun('ruleSet')} ${c.id} members: ${parts.join('; ')}`);
    else lines.push(change('ruleSet', c.id, members));
  }

  section<Stage>('stage', d.flow, (s) => s.id, (s) => stageSummary(s));
  section<DerivedVariable>('variable', d.variables, (x) => x.name, (x) => x.expr);
  section<FeatureDefinition>('feature', d.features, (f) => f.name, (f) => featureSummary(f));
  for (const c of d.features.changed) {
    if (c.newState) lines.push(zh ? `~ ${noun('feature')} ${c.id}：状态定义改变，历史数据不延续` : `~ ${noun('feature')} ${c.id}: keeps a new state; its history is not carried over`);
  }
  for (const l of d.lists.added) lines.push(zh ? `+ 新增引用名单 ${l}` : `+ list ${l} referenced`);
  for (const l of d.lists.removed) lines.push(zh ? `- 不再引用名单 ${l}` : `- list ${l} no longer referenced`);
  section('model', d.models, (m) => m.id, (m) => m.kind);
  section<DataSourceDef>('dataSource', d.dataSources, (x) => x.id, (x) => x.url);
  section<DecisionTableDef>('table', d.tables, (t) => t.id, (t) => t.kind);
  section<OutcomeActions>('outcomeActions', d.outcomeActions, (x) => x.outcome, (x) => x.actions.map((a) => a.type).join(', '));
  section<StrategyTestCase>('testCase', d.testCases, (t) => t.name, (t) => (zh ? `期望 ${t.expectOutcome}` : `expects ${t.expectOutcome}`));

  if (lines.length === 0) return TEXT.noChanges[lang];
  return maskDigitRuns(lines.join('\n'));
}

function holderOf(t: ThresholdChange): [Kind, string] {
  switch (t.kind) {
    case 'rule':
      return ['rule', t.rule];
    case 'variable':
      return ['variable', t.variable];
    case 'stage':
      return ['stage', t.stage];
    case 'table':
      return ['table', t.table];
  }
}

function ruleSummary(r: Rule, lang: DiffLanguage): string {
  const zh = lang === 'zh';
  const parts = [`${zh ? r.name?.zh : r.name?.en}`, zh ? `条件 ${r.condition}` : `when ${r.condition}`];
  if (r.outcome) parts.push(zh ? `结果 ${r.outcome}` : `outcome ${r.outcome}`);
  if (r.score !== undefined) parts.push(zh ? `分值 ${r.score}` : `score ${r.score}`);
  if (r.mode === 'shadow') parts.push(zh ? '试运行' : 'shadow');
  if (r.enabled === false) parts.push(zh ? '未启用' : 'disabled');
  return parts.join(zh ? '；' : '; ');
}

function stageSummary(s: Stage): string {
  switch (s.type) {
    case 'rules':
      return `rules ${s.ruleSet} (${s.mode})`;
    case 'model':
      return `model ${s.model}`;
    case 'datasource':
      return `datasource ${s.source}`;
    case 'table':
      return `table ${s.table}`;
    default:
      return s.type;
  }
}

function featureSummary(f: FeatureDefinition): string {
  const what = f.kind === 'velocity' ? `${f.agg}${f.field ? `(${f.field})` : ''}` : f.kind === 'profile' ? `${f.stat}${f.field ? `(${f.field})` : ''}` : `geo(${f.field})`;
  const window = 'window' in f && f.window ? ` / ${f.window}` : '';
  return `${f.kind} ${what} by ${(f.by ?? []).join(', ')}${window}`;
}

function fieldLabel(path: string, lang: DiffLanguage): string {
  if (lang !== 'zh') return path;
  const m = /^([A-Za-z]+)(.*)$/.exec(path);
  if (!m) return path;
  return (FIELD_ZH[m[1]!] ?? m[1]!) + m[2]!;
}

function formatValue(x: unknown, lang: DiffLanguage): string {
  if (x === undefined) return TEXT.none[lang];
  if (typeof x === 'string') return `"${x}"`;
  if (typeof x === 'number' || typeof x === 'boolean' || x === null) return String(x);
  return JSON.stringify(x);
}
