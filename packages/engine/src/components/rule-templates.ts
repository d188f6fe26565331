import type { FeatureDefinition } from '../features/index.ts';
import type { Outcome, Rule } from '../types.ts';
import { ValidationError } from '../validation-error.ts';
import { celLiteral, checkArgs, type ParamDef } from './params.ts';

/** What instantiating a template gives: a rule and the features it needs, ready for a package. */
export interface TemplateResult {
  rule: Rule;
  features: FeatureDefinition[];
}

export interface RuleTemplate {
  id: string;
  name: { zh: string; en: string };
  description: { zh: string; en: string };
  params: ParamDef[];
  build(args: Record<string, unknown>, common: CommonArgs): TemplateResult;
}

/** Arguments every template takes: the rule's identity and what it does when it fires. */
export interface CommonArgs {
  ruleId: string;
  outcome?: Outcome;
  score?: number;
  reasonCode: string;
}

const t = (zh: string, en: string) => ({ zh, en });

/**
 * The built-in templates for the common cases, which analysts fill in from a form instead of
 * writing CEL: velocity, amount against the customer's usual amount, list membership and
 * new device with a large amount.
 */
export const RULE_TEMPLATES: readonly RuleTemplate[] = [
  {
    id: 'velocity_count',
    name: t('高频交易', 'More than N events per entity within a window'),
    description: t('同一实体在时间窗口内的指定事件数超过阈值', 'Fires when an entity has more than N events of the given types within the window'),
    params: [
      { name: 'entity', type: 'field', description: t('实体字段', 'Entity field, e.g. card or customer_id') },
      { name: 'eventTypes', type: 'string_list', description: t('计入的事件类型', 'Event types counted') },
      { name: 'window', type: 'window', description: t('时间窗口', 'Window, e.g. 10m') },
      { name: 'max', type: 'int', description: t('允许的最多次数', 'Most events allowed before the rule fires') },
    ],
    build: (a, c) => {
      const feature = `${c.ruleId}_count`;
      return {
        features: [{ kind: 'velocity', name: feature, agg: 'count', by: [a.entity as string], window: a.window as string, eventTypes: a.eventTypes as string[] }],
        rule: rule(c, t(`高频：${a.window} 内超过 ${a.max} 次`, `More than ${a.max} events within ${a.window}`), `features.${feature} >= ${celLiteral('int', a.max)}`),
      };
    },
  },
  {
    id: 'amount_vs_usual',
    name: t('金额超过平时的 P 倍', 'Amount above P times the usual amount'),
    description: t('金额超过该实体近期平均金额的 P 倍且不低于最低金额', "Fires when the amount exceeds P times the entity's average over the window, and a floor"),
    params: [
      { name: 'entity', type: 'field', description: t('实体字段', 'Entity field, e.g. customer_id') },
      { name: 'amountField', type: 'field', description: t('金额字段', 'Amount field'), default: 'amount' },
      { name: 'window', type: 'window', description: t('平均值窗口', 'Window of the average'), default: '30d' },
      { name: 'times', type: 'double', description: t('倍数', 'Multiple of the average'), default: 5 },
      { name: 'minAmount', type: 'double', description: t('最低金额', 'Amount below which the rule never fires'), default: 1000 },
    ],
    build: (a, c) => {
      const feature = `${c.ruleId}_avg`;
      const amount = celLiteral('field', a.amountField);
      return {
        features: [{ kind: 'velocity', name: feature, agg: 'avg', field: a.amountField as string, by: [a.entity as string], window: a.window as string, eventTypes: [] }],
        rule: rule(
          c,
          t(`金额超过平时的 ${a.times} 倍`, `Amount above ${a.times} times the usual`),
          `features.${feature} != null && ${amount} >= ${celLiteral('double', a.minAmount)} && ${amount} > ${celLiteral('double', a.times)} * features.${feature}`,
        ),
      };
    },
  },
  {
    id: 'on_list',
    name: t('命中名单', 'Entity on a list'),
    description: t('字段的值在指定名单中', 'Fires when the field value is on the list'),
    params: [
      { name: 'field', type: 'field', description: t('字段', 'Field looked up') },
      { name: 'list', type: 'list', description: t('名单', 'List key') },
    ],
    build: (a, c) => ({
      features: [],
      rule: rule(c, t(`命中名单 ${a.list}`, `On list ${a.list}`), `has(${celLiteral('field', a.field)}) && inList(${celLiteral('list', a.list)}, ${celLiteral('field', a.field)})`),
    }),
  },
  {
    id: 'new_device_large_amount',
    name: t('新设备大额', 'New device and amount above A'),
    description: t('客户首次使用该设备且金额超过 A', "Fires when the customer has never used the device in the window and the amount exceeds A"),
    params: [
      { name: 'customer', type: 'field', description: t('客户字段', 'Customer field'), default: 'customer_id' },
      { name: 'device', type: 'field', description: t('设备字段', 'Device field'), default: 'device_id' },
      { name: 'amountField', type: 'field', description: t('金额字段', 'Amount field'), default: 'amount' },
      { name: 'minAmount', type: 'double', description: t('金额下限', 'Amount above which the rule fires') },
      { name: 'window', type: 'window', description: t('设备记忆窗口', 'How long a device stays known'), default: '90d' },
    ],
    build: (a, c) => {
      const feature = `${c.ruleId}_new_device`;
      return {
        features: [{ kind: 'profile', name: feature, by: [a.customer as string], field: a.device as string, stat: 'isNew', window: a.window as string, eventTypes: [] }],
        rule: rule(
          c,
          t('新设备大额交易', 'Large amount from a new device'),
          `has(${celLiteral('field', a.device)}) && features.${feature} && ${celLiteral('field', a.amountField)} > ${celLiteral('double', a.minAmount)}`,
        ),
      };
    },
  },
];

function rule(c: CommonArgs, name: { zh: string; en: string }, condition: string): Rule {
  return {
    id: c.ruleId,
    name,
    condition,
    ...(c.outcome ? { outcome: c.outcome } : {}),
    ...(c.score !== undefined ? { score: c.score } : {}),
    reasonCode: c.reasonCode,
    reason: name,
    enabled: true,
    mode: 'live',
  };
}

const RULE_ID = /^[A-Za-z][A-Za-z0-9_]{0,47}$/;

/**
 * Fills in a template. The result still goes through the strategy compiler when the package is
 * validated or imported, like any hand-written rule.
 *
 * @example instantiateTemplate('velocity_count', {entity: 'card', eventTypes: ['card_auth'], window: '10m', max: 5},
 *   {ruleId: 'card_burst', outcome: 'review', reasonCode: 'CARD_BURST'})
 */
export function instantiateTemplate(id: string, args: Record<string, unknown>, common: CommonArgs): TemplateResult {
  const template = RULE_TEMPLATES.find((x) => x.id === id);
  if (!template) throw new ValidationError('UNKNOWN_TEMPLATE', [{ path: 'template', code: 'UNKNOWN_TEMPLATE', message: `no template ${id}` }]);
  const { values, issues } = checkArgs(template.params, args, 'args');
  if (!RULE_ID.test(common.ruleId)) issues.push({ path: 'ruleId', code: 'INVALID_ID', message: 'a letter followed by up to 47 letters, digits or _' });
  if (issues.length) throw new ValidationError('INVALID_TEMPLATE_ARGS', issues);
  return template.build(values, common);
}
