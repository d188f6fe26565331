import { useState } from 'react';
import { Card, Collapse, Descriptions, Select, Space, Tabs, Typography } from 'antd';
import type { ScorecardArtefact } from '../model/artefact-types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { fixed } from '../model/model-format.ts';
import { BinningView } from './BinningView.tsx';
import { CoefficientsTable } from './CoefficientsTable.tsx';
import { EvaluationView } from './EvaluationView.tsx';
import { MetricsCards } from './MetricsCards.tsx';
import { ScorecardTable } from './ScorecardTable.tsx';
import { VariablesTable } from './VariablesTable.tsx';

/**
 * Everything a scorecard fit produced: metrics, the scorecard table, the variables and why they
 * were kept, the regression, each variable's binning, KS/ROC curves and the gains table. The
 * version page and the workbench's fit show the same view.
 */
export function ScorecardView({ artefact }: { artefact: ScorecardArtefact }) {
  const { t } = useI18n();
  const f = useFormat();
  const [variable, setVariable] = useState<string>(artefact.features[0] ?? artefact.binning[0]?.name ?? '');
  const [tab, setTab] = useState('scorecard');
  const binning = artefact.binning.find((b) => b.name === variable) ?? artefact.binning[0];
  const s = artefact.scaling;
  const tr = artefact.training;
  const pick = (name: string) => {
    setVariable(name);
    setTab('binning');
  };
  return (
    <div data-testid="scorecard-view">
      <MetricsCards metrics={artefact.metrics} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} data-testid="scorecard-summary">
          <Descriptions.Item label={t('models.scaling.label')}>{t('models.scaling.text', { baseScore: f.number(s.baseScore, 2), baseOdds: f.number(s.baseOdds, 2), pdo: f.number(s.pdo, 2) })}</Descriptions.Item>
          <Descriptions.Item label={t('models.training.target')}>{`${tr.target} = ${tr.bad}`}</Descriptions.Item>
          <Descriptions.Item label={t('models.training.rows')}>{t('models.training.rowsText', { rows: f.number(tr.rows, 0), train: f.number(tr.trainRows, 0), test: f.number(tr.testRows, 0) })}</Descriptions.Item>
          <Descriptions.Item label={t('models.training.split')}>
            {tr.split.kind === 'random' ? t('models.training.splitRandom', { holdout: f.percent(tr.split.holdout, 0), seed: tr.split.seed }) : tr.split.kind === 'out_of_time' ? t('models.training.splitOot', { column: tr.split.dateColumn, cutoff: tr.split.cutoff }) : t('models.training.splitNone')}
          </Descriptions.Item>
          <Descriptions.Item label={t('models.training.woe')}>
            <Typography.Text code>{artefact.woeConvention}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('models.training.data')}>
            <Typography.Text code copyable={{ text: tr.dataSha256 }}>
              {tr.dataSha256.slice(0, 12)}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('models.training.createdAt')}>{f.dateTime(tr.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('models.training.factor')}>{`${fixed(s.factor, 4)} / ${fixed(s.offset, 2)}`}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'scorecard', label: <span data-testid="sc-tab-scorecard">{t('models.scorecard.title')}</span>, children: <ScorecardTable rows={artefact.scorecardTable} basePoints={s.basePoints} /> },
          { key: 'variables', label: <span data-testid="sc-tab-variables">{t('models.variables.title')}</span>, children: <VariablesTable variables={artefact.variables} onPick={pick} /> },
          { key: 'coefficients', label: <span data-testid="sc-tab-coefficients">{t('models.coef.title')}</span>, children: <CoefficientsTable regression={artefact.regression} /> },
          {
            key: 'binning',
            label: <span data-testid="sc-tab-binning">{t('models.binning.title')}</span>,
            children: binning ? (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Select
                  showSearch
                  style={{ minWidth: 320 }}
                  value={binning.name}
                  onChange={setVariable}
                  options={artefact.binning.map((b) => ({ value: b.name, label: `${b.name} · IV ${fixed(b.iv, 3)}${artefact.features.includes(b.name) ? ' ✓' : ''}` }))}
                  data-testid="binning-variable"
                />
                <BinningView binning={binning} />
              </Space>
            ) : null,
          },
          { key: 'evaluation', label: <span data-testid="sc-tab-evaluation">{t('models.evaluation.title')}</span>, children: <EvaluationView artefact={artefact} /> },
        ]}
      />
      {artefact.selectionLog.length > 0 && (
        <Collapse
          size="small"
          style={{ marginTop: 16 }}
          items={[
            {
              key: 'log',
              label: t('models.selectionLog', { n: artefact.selectionLog.length }),
              children: (
                <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="selection-log">
                  {artefact.selectionLog.join('\n')}
                </pre>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
