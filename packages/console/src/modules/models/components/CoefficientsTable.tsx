import { Table, Typography } from 'antd';
import type { CoefficientRow, ScorecardArtefact } from '../model/artefact-types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { fixed, pValueText } from '../model/model-format.ts';

/** The logistic regression behind a scorecard: estimate, standard error, z and p per term, and its fit. */
export function CoefficientsTable({ regression }: { regression: ScorecardArtefact['regression'] }) {
  const { t } = useI18n();
  const f = useFormat();
  const rows = [{ ...regression.intercept, intercept: true }, ...regression.coefficients.map((c) => ({ ...c, intercept: false }))];
  return (
    <div data-testid="coefficients-table">
      <Table<CoefficientRow & { intercept: boolean }>
        size="small"
        rowKey={(r) => (r.intercept ? '\u0000' : r.name)}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('models.coef.term'), dataIndex: 'name', render: (v: string, r) => (r.intercept ? t('models.coef.intercept') : <Typography.Text code>{v}</Typography.Text>) },
          { title: t('models.coef.estimate'), dataIndex: 'estimate', align: 'right', render: (v: number) => fixed(v, 4) },
          { title: t('models.coef.stdError'), dataIndex: 'stdError', align: 'right', render: (v: number) => fixed(v, 4) },
          { title: t('models.coef.z'), dataIndex: 'z', align: 'right', render: (v: number) => fixed(v, 3) },
          { title: t('models.coef.p'), dataIndex: 'pValue', align: 'right', render: (v: number) => pValueText(v) },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('models.coef.fit', { iterations: regression.iterations, logLikelihood: f.number(regression.logLikelihood, 2), aic: f.number(regression.aic, 2), bic: f.number(regression.bic, 2) })}{' '}
        {regression.converged ? t('models.coef.converged') : t('models.coef.notConverged')}
      </Typography.Paragraph>
    </div>
  );
}
