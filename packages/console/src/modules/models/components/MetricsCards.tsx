import { Card, Col, Row, Statistic, Typography } from 'antd';
import type { ModelMetrics } from '../../../api/types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { fixed, metricRows } from '../model/model-format.ts';

/** AUC, KS and Gini of each sample (train, test, out of time), one card per sample. */
export function MetricsCards({ metrics }: { metrics: ModelMetrics | null | undefined }) {
  const { t } = useI18n();
  const f = useFormat();
  const rows = metricRows(metrics);
  if (!rows.length) return <Typography.Paragraph type="secondary">{t('models.metrics.none')}</Typography.Paragraph>;
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="metrics-cards">
      {rows.map((r) => (
        <Col key={r.sample} xs={24} md={8}>
          <Card size="small" title={t(`models.sample.${r.sample}`)} data-testid={`metrics-${r.sample}`}>
            <Row gutter={8}>
              <Col span={8}>
                <Statistic title={t('models.metric.auc')} value={fixed(r.auc, 3)} />
              </Col>
              <Col span={8}>
                <Statistic title={t('models.metric.ks')} value={fixed(r.ks, 3)} />
              </Col>
              <Col span={8}>
                <Statistic title={t('models.metric.gini')} value={fixed(r.gini, 3)} />
              </Col>
            </Row>
            {r.rows !== undefined && (
              <Typography.Text type="secondary">{t('models.metrics.rows', { rows: f.number(r.rows, 0), bads: f.number(r.bads ?? 0, 0) })}</Typography.Text>
            )}
          </Card>
        </Col>
      ))}
    </Row>
  );
}
