import { useState } from 'react';
import { Alert, Button, Col, Drawer, Form, Input, InputNumber, Row, Segmented, Select, Space, Switch, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { StrategyPackage } from '../../../api/types.ts';
import { OUTCOMES } from '../../../components/OutcomeTag.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { celToCondition } from '../model/condition-builder.ts';
import { CelEditor } from './CelEditor.tsx';
import { ConditionBuilder } from './ConditionBuilder.tsx';
import { removeAt, replaceAt, useEditorContext } from './editor-context.ts';
import type { Rule } from './RulesPanel.tsx';

type Action = NonNullable<Rule['actions']>[number];
export const RISKS = ['none', 'low', 'medium', 'high', 'critical'] as const;
const ACTION_TYPES = ['alert', 'add_to_list', 'tag', 'notify'] as const;
const ID = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

function newAction(type: Action['type']): Action {
  switch (type) {
    case 'alert':
      return { type, level: 'medium', category: 'fraud' };
    case 'add_to_list':
      return { type, list: '', field: '' };
    case 'tag':
      return { type, tag: '' };
    case 'notify':
      return { type, channel: '', template: '' };
  }
}

/** Edits one rule: identity, condition (builder or CEL), outcome, score, challenge and actions. */
export function RuleDrawer({ rule, onChange, onClose }: { rule: Rule; onChange: ((r: Rule) => void) | undefined; onClose: () => void }) {
  const { t } = useI18n();
  const { pkg, catalogue, text } = useEditorContext();
  const readOnly = !onChange;
  const parsable = celToCondition(rule.condition ?? 'true') !== null;
  const [mode, setMode] = useState<'builder' | 'cel'>(parsable && !rule.component ? 'builder' : 'cel');
  const set = (patch: Partial<Rule>) => onChange?.({ ...rule, ...patch });
  const idTaken = pkg.rules.filter((r) => r.id === rule.id).length > 1;
  const actions = rule.actions ?? [];
  const setAction = (i: number, a: Action) => set({ actions: replaceAt(actions, i, a) });
  const fields = (catalogue?.fields ?? []).map((f) => ({ value: f.name.slice('event.'.length), label: f.name.slice('event.'.length) }));

  return (
    <Drawer open width={820} onClose={onClose} title={t('strategyEditor.rule.title', { id: rule.id })} data-testid="rule-drawer" destroyOnHidden>
      <Form layout="vertical" disabled={readOnly} size="small">
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item label={t('strategyEditor.rules.id')} required validateStatus={!ID.test(rule.id) || idTaken ? 'error' : undefined} help={!ID.test(rule.id) ? t('strategyEditor.invalidId') : idTaken ? t('strategyEditor.duplicateId') : undefined}>
              <Input value={rule.id} onChange={(e) => set({ id: e.target.value })} data-testid="rule-id" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('strategyEditor.nameZh')} required>
              <Input value={rule.name.zh} onChange={(e) => set({ name: { ...rule.name, zh: e.target.value } })} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('strategyEditor.nameEn')} required>
              <Input value={rule.name.en} onChange={(e) => set({ name: { ...rule.name, en: e.target.value } })} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('strategyEditor.rule.condition')} required>
          {rule.component ? (
            <Alert type="info" showIcon title={t('strategyEditor.rule.fromComponent', { id: rule.component.id })} description={<Typography.Text code>{JSON.stringify(rule.component.args)}</Typography.Text>} />
          ) : (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Tooltip title={parsable ? undefined : t('strategyEditor.rule.notBuildable')}>
                <Segmented
                  data-testid="condition-mode"
                  value={mode}
                  onChange={(v) => setMode(v as 'builder' | 'cel')}
                  options={[
                    { value: 'builder', label: t('strategyEditor.rule.builder'), disabled: !parsable },
                    { value: 'cel', label: t('strategyEditor.rule.cel') },
                  ]}
                />
              </Tooltip>
              {mode === 'builder' && parsable ? (
                <ConditionBuilder value={rule.condition ?? 'true'} onChange={readOnly ? undefined : (condition) => set({ condition })} />
              ) : (
                <CelEditor value={rule.condition ?? ''} context="rule" onChange={readOnly ? undefined : (condition) => set({ condition })} />
              )}
              {mode === 'builder' && (
                <Typography.Text type="secondary" code data-testid="condition-preview">
                  {rule.condition}
                </Typography.Text>
              )}
            </Space>
          )}
        </Form.Item>
        <Row gutter={12}>
          <Col span={6}>
            <Form.Item label={t('strategyEditor.rules.outcome')}>
              <Select
                allowClear
                value={rule.outcome}
                placeholder={t('strategyEditor.rules.scoreOnly')}
                options={OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))}
                onChange={(o) => set({ outcome: o })}
                data-testid="rule-outcome"
              />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label={t('strategyEditor.rules.score')}>
              <InputNumber style={{ width: '100%' }} min={-10000} max={10000} value={rule.score} data-testid="rule-score" onChange={(v) => set({ score: typeof v === 'number' ? v : undefined })} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label={t('strategyEditor.rules.risk')}>
              <Select allowClear value={rule.riskLevel} options={RISKS.map((r) => ({ value: r, label: t(`strategyEditor.risk.${r}`) }))} onChange={(r) => set({ riskLevel: r })} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label={t('strategyEditor.rules.reasonCode')} required validateStatus={rule.reasonCode ? undefined : 'error'} help={rule.reasonCode ? undefined : t('strategyEditor.required')}>
              <Input value={rule.reasonCode} onChange={(e) => set({ reasonCode: e.target.value })} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label={t('strategyEditor.rule.reasonZh')}>
              <Input value={rule.reason?.zh} onChange={(e) => set({ reason: { zh: e.target.value, en: rule.reason?.en ?? '' } })} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('strategyEditor.rule.reasonEn')}>
              <Input value={rule.reason?.en} onChange={(e) => set({ reason: { zh: rule.reason?.zh ?? '', en: e.target.value } })} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item label={t('strategyEditor.rule.challenge')} help={rule.outcome === 'challenge' && !rule.challenge?.length ? t('strategyEditor.rule.challengeHint') : undefined}>
              <Select mode="tags" value={rule.challenge ?? []} onChange={(v: string[]) => set({ challenge: v.length ? v : undefined })} options={['sms_otp', 'face', 'password', 'ukey'].map((m) => ({ value: m, label: m }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('strategyEditor.rule.tags')}>
              <Select mode="tags" value={rule.tags ?? []} onChange={(v: string[]) => set({ tags: v.length ? v : undefined })} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label={t('strategyEditor.rules.enabled')}>
              <Switch checked={rule.enabled} onChange={(enabled) => set({ enabled })} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item label={t('strategyEditor.rule.mode')} tooltip={t('strategyEditor.rule.modeHelp')}>
              <Select value={rule.mode} options={(['live', 'shadow'] as const).map((m) => ({ value: m, label: t(`strategyEditor.rule.mode.${m}`) }))} onChange={(mode) => set({ mode })} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('strategyEditor.rule.description')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} value={rule.description} onChange={(e) => set({ description: e.target.value || undefined })} />
        </Form.Item>
        <Form.Item label={t('strategyEditor.rule.actions')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {actions.map((a, i) => (
              <Space key={i} wrap>
                <Select style={{ width: 140 }} value={a.type} options={ACTION_TYPES.map((x) => ({ value: x, label: t(`strategyEditor.action.${x}`) }))} onChange={(type: Action['type']) => setAction(i, newAction(type))} />
                {a.type === 'alert' && (
                  <>
                    <Select style={{ width: 110 }} value={a.level} options={RISKS.map((r) => ({ value: r, label: t(`strategyEditor.risk.${r}`) }))} onChange={(level) => setAction(i, { ...a, level })} />
                    <Input style={{ width: 160 }} placeholder={t('strategyEditor.action.category')} value={a.category} onChange={(e) => setAction(i, { ...a, category: e.target.value })} />
                  </>
                )}
                {a.type === 'add_to_list' && (
                  <>
                    <Select style={{ width: 200 }} showSearch placeholder={t('strategyEditor.action.list')} value={a.list || undefined} options={(catalogue?.lists ?? []).map((l) => ({ value: l.key, label: `${l.key} · ${text(l.name)}` }))} onChange={(list: string) => setAction(i, { ...a, list })} />
                    <Select style={{ width: 160 }} showSearch placeholder={t('strategyEditor.action.field')} value={a.field || undefined} options={fields} onChange={(field: string) => setAction(i, { ...a, field })} />
                    <Input style={{ width: 90 }} placeholder={t('strategyEditor.action.expiresIn')} value={a.expiresIn} onChange={(e) => setAction(i, { ...a, expiresIn: e.target.value || undefined })} />
                  </>
                )}
                {a.type === 'tag' && <Input style={{ width: 200 }} placeholder={t('strategyEditor.action.tag')} value={a.tag} onChange={(e) => setAction(i, { ...a, tag: e.target.value })} />}
                {a.type === 'notify' && (
                  <>
                    <Input style={{ width: 160 }} placeholder={t('strategyEditor.action.channel')} value={a.channel} onChange={(e) => setAction(i, { ...a, channel: e.target.value })} />
                    <Input style={{ width: 160 }} placeholder={t('strategyEditor.action.template')} value={a.template} onChange={(e) => setAction(i, { ...a, template: e.target.value })} />
                  </>
                )}
                {!readOnly && <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('strategyEditor.delete')} onClick={() => set({ actions: removeAt(actions, i) })} />}
              </Space>
            ))}
            {!readOnly && actions.length < 10 && (
              <Button size="small" icon={<PlusOutlined />} onClick={() => set({ actions: [...actions, newAction('alert')] })}>
                {t('strategyEditor.rule.addAction')}
              </Button>
            )}
          </Space>
        </Form.Item>
      </Form>
    </Drawer>
  );
}
