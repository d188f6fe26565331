import { useMemo, useState } from 'react';
import { Button, Empty, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { BUILDER_OPERATORS, celToCondition, conditionToCel, COMPARISONS, type BuilderCondition, type BuilderOperator, type BuilderValue, type ConditionRow } from '../model/condition-builder.ts';
import { useEditorContext } from './editor-context.ts';

interface Subject {
  name: string;
  type: string;
  values?: string[];
  group: 'fields' | 'features' | 'variables';
}

/** A row being edited: the subject may still be empty. */
type DraftRow = Omit<ConditionRow, 'subject'> & { subject: string | undefined };

const valueKindFor = (type: string | undefined, op: BuilderOperator, current?: BuilderValue): BuilderValue['kind'] => {
  if (op === 'in_list' || op === 'not_in_list') return 'list';
  if (op === 'contains' || op === 'startsWith') return 'string';
  if (type === 'int') return 'int';
  if (type === 'double') return 'double';
  if (type === 'bool') return 'bool';
  if (type === 'string') return 'string';
  return current && current.kind !== 'list' ? current.kind : 'double';
};

const defaultValue = (kind: BuilderValue['kind']): BuilderValue =>
  kind === 'bool' ? { kind, value: true } : kind === 'int' || kind === 'double' ? { kind, value: 0 } : { kind, value: '' };

/**
 * Simple rule conditions without writing CEL: rows of field/feature/variable · operator · value
 * joined by AND or OR. Every complete change is written back as CEL (`onChange`).
 */
export function ConditionBuilder({ value, onChange }: { value: string; onChange?: (cel: string) => void }) {
  const { t } = useI18n();
  const { catalogue, text } = useEditorContext();
  const initial = useMemo(() => celToCondition(value) ?? { join: 'and' as const, rows: [] }, []); // eslint-disable-line react-hooks/exhaustive-deps
  const [join, setJoin] = useState<BuilderCondition['join']>(initial.join);
  const [rows, setRows] = useState<DraftRow[]>(initial.rows);
  const readOnly = !onChange;

  const subjects = useMemo<Subject[]>(() => {
    if (!catalogue) return [];
    return [
      ...catalogue.fields.filter((f) => f.type !== 'map' && !f.type.startsWith('list')).map((f) => ({ name: f.name, type: f.type, ...(f.values ? { values: f.values } : {}), group: 'fields' as const })),
      ...catalogue.features.map((f) => ({ name: f.name, type: f.type, group: 'features' as const })),
      ...catalogue.variables.map((v) => ({ name: v.name, type: v.type, group: 'variables' as const })),
    ];
  }, [catalogue]);
  const typeOf = (name: string | undefined) => subjects.find((s) => s.name === name)?.type;

  const emit = (nextRows: DraftRow[], nextJoin: BuilderCondition['join']) => {
    setRows(nextRows);
    setJoin(nextJoin);
    const complete = nextRows.every((r) => r.subject && (r.value.kind !== 'list' || r.value.value));
    if (complete && onChange) onChange(conditionToCel({ join: nextJoin, rows: nextRows as ConditionRow[] }));
  };
  const setRow = (i: number, row: DraftRow) => emit(rows.map((r, j) => (j === i ? row : r)), join);

  const valueInput = (row: DraftRow, i: number) => {
    const v = row.value;
    const s = subjects.find((x) => x.name === row.subject);
    const common = { disabled: readOnly, style: { width: 220 }, 'data-testid': `condition-value-${i}` };
    if (v.kind === 'list') {
      return (
        <Select
          {...common}
          showSearch
          value={v.value || undefined}
          placeholder={t('strategyEditor.builder.pickList')}
          options={(catalogue?.lists ?? []).map((l) => ({ value: l.key, label: `${l.key} · ${text(l.name)}` }))}
          onChange={(key: string) => setRow(i, { ...row, value: { kind: 'list', value: key } })}
        />
      );
    }
    if (v.kind === 'bool') {
      return (
        <Select {...common} value={v.value ? 'true' : 'false'} options={[{ value: 'true', label: t('strategyEditor.builder.true') }, { value: 'false', label: t('strategyEditor.builder.false') }]} onChange={(x: string) => setRow(i, { ...row, value: { kind: 'bool', value: x === 'true' } })} />
      );
    }
    if (v.kind === 'int' || v.kind === 'double') {
      return (
        <InputNumber
          {...common}
          value={v.value}
          step={v.kind === 'int' ? 1 : 0.01}
          precision={v.kind === 'int' ? 0 : undefined}
          onChange={(x) => setRow(i, { ...row, value: { kind: v.kind, value: typeof x === 'number' && Number.isFinite(x) ? x : 0 } })}
        />
      );
    }
    if (s?.values && (row.op === '==' || row.op === '!=')) {
      return <Select {...common} showSearch value={v.value} options={s.values.map((x) => ({ value: x, label: x }))} onChange={(x: string) => setRow(i, { ...row, value: { kind: 'string', value: x } })} />;
    }
    return <Input {...common} value={v.value} onChange={(e) => setRow(i, { ...row, value: { kind: 'string', value: e.target.value } })} />;
  };

  return (
    <div data-testid="condition-builder">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space>
          <Typography.Text type="secondary">{t('strategyEditor.builder.join')}</Typography.Text>
          <Radio.Group
            disabled={readOnly}
            value={join}
            optionType="button"
            size="small"
            onChange={(e) => emit(rows, e.target.value as BuilderCondition['join'])}
            options={[
              { value: 'and', label: t('strategyEditor.builder.and') },
              { value: 'or', label: t('strategyEditor.builder.or') },
            ]}
          />
        </Space>
        {rows.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('strategyEditor.builder.empty')} />}
        {rows.map((row, i) => (
          <Space key={i} wrap data-testid={`condition-row-${i}`}>
            <Typography.Text type="secondary" style={{ width: 36, display: 'inline-block' }}>
              {i === 0 ? t('strategyEditor.builder.where') : join === 'and' ? t('strategyEditor.builder.and') : t('strategyEditor.builder.or')}
            </Typography.Text>
            <Select
              data-testid={`condition-subject-${i}`}
              disabled={readOnly}
              showSearch
              style={{ width: 280 }}
              value={row.subject}
              placeholder={t('strategyEditor.builder.pickSubject')}
              options={(['fields', 'features', 'variables'] as const).map((g) => ({
                label: t(`strategyEditor.builder.group.${g}`),
                options: subjects.filter((s) => s.group === g).map((s) => ({ value: s.name, label: `${s.name} : ${s.type}` })),
              }))}
              onChange={(name: string) => {
                const kind = valueKindFor(typeOf(name), row.op, row.value);
                setRow(i, { ...row, subject: name, value: kind === row.value.kind ? row.value : defaultValue(kind) });
              }}
            />
            <Select
              data-testid={`condition-op-${i}`}
              disabled={readOnly}
              style={{ width: 150 }}
              value={row.op}
              options={BUILDER_OPERATORS.map((op) => ({ value: op, label: COMPARISONS.has(op) ? op : t(`strategyEditor.builder.op.${op as 'in_list' | 'not_in_list' | 'contains' | 'startsWith'}`) }))}
              onChange={(op: BuilderOperator) => {
                const kind = valueKindFor(typeOf(row.subject), op, row.value);
                setRow(i, { ...row, op, value: kind === row.value.kind ? row.value : defaultValue(kind) });
              }}
            />
            {valueInput(row, i)}
            {!readOnly && <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('strategyEditor.builder.removeRow')} onClick={() => emit(rows.filter((_, j) => j !== i), join)} />}
          </Space>
        ))}
        {!readOnly && (
          <Button
            size="small"
            icon={<PlusOutlined />}
            data-testid="condition-add-row"
            onClick={() => setRows([...rows, { subject: undefined, op: '==', value: { kind: 'double', value: 0 } }])}
          >
            {t('strategyEditor.builder.addRow')}
          </Button>
        )}
      </Space>
    </div>
  );
}
