import { useMemo, useState } from 'react';
import { Card, Col, Descriptions, Row, Segmented, Table } from 'antd';
import type { GainsBand, SampleEvaluation, ScorecardArtefact } from '../model/artefact-types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { useChartLabels } from '../hooks/use-chart-labels.ts';
import { ksOption, rocOption } from '../model/chart-options.ts';
import { fixed } from '../model/model-format.ts';
import { ModelChart } from './ModelChart.tsx';

/** The gains (KS) table by score band, riskiest band first. */
export function GainsTable({ gains }: { gains: readonly GainsBand[] }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <Table<GainsBand>
      data-testid="gains-table"
      size="small"
      bordered
      rowKey={(g) => g.band}
      dataSource={[...gains]}
      pagination={false}
      scroll={{ x: 1000 }}
      columns={[
        { title: t('models.gains.band'), dataIndex: 'band', width: 60, align: 'right' },
        { title: t('models.gains.scores'), key: 'scores', width: 140, render: (_: unknown, g) => `${f.number(g.minScore, 1)} – ${f.number(g.maxScore, 1)}` },
        { title: t('models.scorecard.count'), dataIndex: 'count', width: 80, align: 'right', render: (v: number) => f.number(v, 0) },
        { title: t('models.binning.bad'), dataIndex: 'bads', width: 70, align: 'right', render: (v: number) => f.number(v, 0) },
        { title: t('models.binning.good'), dataIndex: 'goods', width: 70, align: 'right', render: (v: number) => f.number(v, 0) },
        { title: t('models.scorecard.badRate'), dataIndex: 'badRate', width: 90, align: 'right', render: (v: number) => f.percent(v, 2) },
        { title: t('models.chart.cumBad'), dataIndex: 'cumBadShare', width: 110, align: 'right', render: (v: number) => f.percent(v, 1) },
        { title: t('models.chart.cumGood'), dataIndex: 'cumGoodShare', width: 110, align: 'right', render: (v: number) => f.percent(v, 1) },
        { title: t('models.metric.ks'), dataIndex: 'ks', width: 70, align: 'right', render: (v: number) => fixed(v, 3) },
        { title: t('models.gains.lift'), dataIndex: 'lift', width: 70, align: 'right', render: (v: number) => fixed(v, 2) },
        { title: t('models.gains.cumLift'), dataIndex: 'cumLift', width: 90, align: 'right', render: (v: number) => fixed(v, 2) },
      ]}
    />
  );
}

/** The confusion matrix and cost at the artefact's cut-off. */
function ConfusionCard({ e }: { e: SampleEvaluation }) {
  const { t } = useI18n();
  const f = useFormat();
  const c = e.confusion;
  return (
    <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered data-testid="confusion">
      <Descriptions.Item label={t('models.confusion.cutoff')}>{f.number(c.cutoff, 2)}</Descriptions.Item>
      <Descriptions.Item label={t('models.confusion.tp')}>{f.number(c.tp, 0)}</Descriptions.Item>
      <Descriptions.Item label={t('models.confusion.fp')}>{f.number(c.fp, 0)}</Descriptions.Item>
      <Descriptions.Item label={t('models.confusion.tn')}>{f.number(c.tn, 0)}</Descriptions.Item>
      <Descriptions.Item label={t('models.confusion.fn')}>{f.number(c.fn, 0)}</Descriptions.Item>
      <Descriptions.Item label={t('models.confusion.cost', { fn: c.costMatrix.fn, fp: c.costMatrix.fp })}>{f.number(c.cost, 2)}</Descriptions.Item>
    </Descriptions>
  );
}

/** KS and ROC curves, the gains table and the confusion matrix of the training or the test sample. */
export function EvaluationView({ artefact }: { artefact: ScorecardArtefact }) {
  const { t } = useI18n();
  const labels = useChartLabels();
  const hasTest = !!artefact.evaluation.test;
  const [sample, setSample] = useState<'train' | 'test'>(hasTest ? 'test' : 'train');
  const e = (sample === 'test' ? artefact.evaluation.test : undefined) ?? artefact.evaluation.train;
  const ks = useMemo(() => ksOption(e, labels), [e, labels]);
  const roc = useMemo(() => rocOption(e, e.metrics.auc, labels), [e, labels]);
  return (
    <div data-testid="evaluation">
      {hasTest && (
        <Segmented
          style={{ marginBottom: 12 }}
          value={sample}
          onChange={(v) => setSample(v as 'train' | 'test')}
          options={[
            { value: 'train', label: t('models.sample.train') },
            { value: 'test', label: t('models.sample.test') },
          ]}
          data-testid="evaluation-sample"
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('models.chart.ksTitle', { ks: fixed(e.metrics.ks, 3) })}>
            <ModelChart option={ks} style={{ height: 300 }} testId="ks-chart" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('models.chart.rocTitle', { auc: fixed(e.metrics.auc, 3), gini: fixed(e.metrics.gini, 3) })}>
            <ModelChart option={roc} style={{ height: 300 }} testId="roc-chart" />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={t('models.gains.title')}>
            <GainsTable gains={e.gains} />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={t('models.confusion.title')}>
            <ConfusionCard e={e} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
