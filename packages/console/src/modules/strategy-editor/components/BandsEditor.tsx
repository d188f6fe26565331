import { Alert, Button, InputNumber, Select, Space, Table, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SortAscendingOutlined } from '@ant-design/icons';
import type { StrategyPackage } from '../../../api/types.ts';
import { OUTCOMES } from '../../../components/OutcomeTag.tsx';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { nextBand, sortBands, validateBands } from '../model/score-bands.ts';
import { removeAt, replaceAt } from './editor-context.ts';
import { RISKS } from './RuleDrawer.tsx';

export type Band = Extract<StrategyPackage['flow']['stages'][number], { type: 'score' }>['bands'][number];

/** A table of score bands [min, max) → outcome, checked as it is edited: ordered, non-empty, non-overlapping. */
export function BandsEditor({ bands, onChange, testId }: { bands: Band[]; onChange?: (bands: Band[]) => void; testId: string }) {
  const { t } = useI18n();
  const readOnly = !onChange;
  const issues = validateBands(bands);
  const set = (i: number, b: Band) => onChange?.(replaceAt(bands, i, b));
  const errors = issues.filter((x) => x.severity === 'error');

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={testId}>
      <Table
        size="small"
        rowKey={(_, i) => String(i)}
        dataSource={bands}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(_, i) => ({ 'data-testid': `${testId}-band-${i}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('strategyEditor.bands.min'),
            key: 'min',
            width: 130,
            render: (_, b, i) => {
              const bad = issues.some((x) => x.index === i && x.severity === 'error');
              return <InputNumber size="small" disabled={readOnly} status={bad ? 'error' : undefined} value={b.min} onChange={(v) => set(i, { ...b, min: typeof v === 'number' ? v : 0 })} aria-label={t('strategyEditor.bands.min')} data-testid={`${testId}-min-${i}`} />;
            },
          },
          {
            title: t('strategyEditor.bands.max'),
            key: 'max',
            width: 130,
            render: (_, b, i) => (
              <InputNumber size="small" disabled={readOnly} value={b.max} placeholder={t('strategyEditor.bands.infinity')} onChange={(v) => set(i, { ...b, max: typeof v === 'number' ? v : undefined })} aria-label={t('strategyEditor.bands.max')} data-testid={`${testId}-max-${i}`} />
            ),
          },
          {
            title: t('strategyEditor.rules.outcome'),
            key: 'outcome',
            width: 130,
            render: (_, b, i) => <Select size="small" style={{ width: 110 }} disabled={readOnly} value={b.outcome} options={OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))} onChange={(outcome) => set(i, { ...b, outcome })} aria-label={t('strategyEditor.rules.outcome')} />,
          },
          {
            title: t('strategyEditor.rules.risk'),
            key: 'risk',
            width: 120,
            render: (_, b, i) => <Select size="small" style={{ width: 100 }} disabled={readOnly} value={b.riskLevel} options={RISKS.map((r) => ({ value: r, label: t(`strategyEditor.risk.${r}`) }))} onChange={(riskLevel) => set(i, { ...b, riskLevel })} aria-label={t('strategyEditor.rules.risk')} />,
          },
          {
            title: t('strategyEditor.rule.challenge'),
            key: 'challenge',
            render: (_, b, i) => <Select size="small" mode="tags" style={{ minWidth: 140 }} disabled={readOnly} value={b.challenge ?? []} onChange={(v: string[]) => set(i, { ...b, challenge: v.length ? v : undefined })} aria-label={t('strategyEditor.rule.challenge')} />,
          },
          {
            title: '',
            key: 'check',
            width: 180,
            render: (_, _b, i) => {
              const mine = issues.filter((x) => x.index === i);
              return mine.map((x) => (
                <Typography.Text key={x.code} type={x.severity === 'error' ? 'danger' : 'warning'} data-testid={`${testId}-issue-${i}`}>
                  {t(`strategyEditor.bands.issue.${x.code}`)}
                </Typography.Text>
              ));
            },
          },
          {
            title: '',
            key: 'del',
            width: 40,
            render: (_, _b, i) => !readOnly && bands.length > 1 && <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('strategyEditor.delete')} onClick={() => onChange?.(removeAt(bands, i))} />,
          },
        ]}
      />
      {errors.length > 0 && <Alert type="error" showIcon title={t('strategyEditor.bands.invalid', { count: errors.length })} data-testid={`${testId}-invalid`} />}
      {!readOnly && (
        <Space>
          <Button size="small" icon={<PlusOutlined />} disabled={bands.length >= 20} onClick={() => onChange?.([...bands, { ...nextBand(bands), outcome: 'review', riskLevel: 'medium' }])} data-testid={`${testId}-add`}>
            {t('strategyEditor.bands.add')}
          </Button>
          <Tooltip title={t('strategyEditor.bands.sortHelp')}>
            <Button size="small" icon={<SortAscendingOutlined />} onClick={() => onChange?.(sortBands(bands))}>
              {t('strategyEditor.bands.sort')}
            </Button>
          </Tooltip>
        </Space>
      )}
    </Space>
  );
}
