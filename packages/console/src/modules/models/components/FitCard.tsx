import { Button, Card, Col, Form, InputNumber, Row, Select, Typography } from 'antd';
import { ExperimentOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { DEFAULT_FIT_OPTIONS, STEPWISE_CHOICES, type FitOptions } from '../model/fit-form.ts';

/** The fit's options (split, scaling, selection) and the button that fits the scorecard. */
export function FitCard(p: { variables: readonly string[]; manualCount: number; disabled: boolean; pending: boolean; onFit: (o: FitOptions) => void }) {
  const { t } = useI18n();
  const num = (name: keyof FitOptions, label: string, props: { min?: number; max?: number; step?: number; precision?: number }, testId: string, extra?: string) => (
    <Col xs={12} md={8} xl={3}>
      <Form.Item name={name} label={label} extra={extra} rules={[{ required: true, message: t('models.required') }]}>
        <InputNumber style={{ width: '100%' }} {...props} data-testid={testId} />
      </Form.Item>
    </Col>
  );
  return (
    <Card size="small" title={t('models.fit.title')} data-testid="fit-card">
      <Form<FitOptions> name="fitOptions" layout="vertical" initialValues={DEFAULT_FIT_OPTIONS} onFinish={p.onFit}>
        <Row gutter={12}>
          {num('holdout', t('models.fit.holdout'), { min: 0, max: 0.9, step: 0.05 }, 'fit-holdout')}
          {num('seed', t('models.fit.seed'), { min: 0, max: 2 ** 31 - 1, precision: 0 }, 'fit-seed')}
          {num('pdo', t('models.fit.pdo'), { min: 0.01, step: 1 }, 'fit-pdo')}
          {num('baseScore', t('models.fit.baseScore'), { step: 10 }, 'fit-base-score')}
          {num('baseOdds', t('models.fit.baseOdds'), { min: 0.0001, step: 1 }, 'fit-base-odds')}
          {num('minIv', t('models.fit.minIv'), { min: 0, step: 0.01 }, 'fit-min-iv')}
          <Col xs={12} md={8} xl={3}>
            <Form.Item name="stepwise" label={t('models.fit.stepwise')}>
              <Select options={STEPWISE_CHOICES.map((s) => ({ value: s, label: t(`models.stepwise.${s}`) }))} data-testid="fit-stepwise" />
            </Form.Item>
          </Col>
          <Col xs={24} xl={9}>
            <Form.Item name="exclude" label={t('models.fit.exclude')}>
              <Select mode="multiple" allowClear options={p.variables.map((v) => ({ value: v, label: v }))} data-testid="fit-exclude" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Paragraph type="secondary" data-testid="fit-manual-count">
          {t('models.fit.manual', { n: p.manualCount })}
        </Typography.Paragraph>
        <Button type="primary" htmlType="submit" icon={<ExperimentOutlined />} disabled={p.disabled} loading={p.pending} data-testid="fit-submit">
          {t('models.fit.submit')}
        </Button>
      </Form>
    </Card>
  );
}
