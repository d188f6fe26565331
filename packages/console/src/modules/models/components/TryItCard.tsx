import { useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { modelsApi } from '../../../api/models-api.ts';
import type { ScoreResult } from '../../../api/types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import type { ScorecardArtefact } from '../model/artefact-types.ts';
import { exampleInputs, inputTypes, scoreInputs } from '../model/try-it.ts';

type Contribution = ScoreResult['contributions'][number];

/** Scores one set of inputs with the version, as the engine would: the score, probability, reasons and each input's points. */
export function TryItCard({ modelId, version, features, artefact }: { modelId: string; version: number; features: readonly string[]; artefact: ScorecardArtefact | null }) {
  const { t } = useI18n();
  const f = useFormat();
  const [form] = Form.useForm<Record<string, string>>();
  const [invalid, setInvalid] = useState<string[]>([]);
  const types = inputTypes(artefact);
  const score = useMutation({ mutationFn: (inputs: Record<string, unknown>) => modelsApi.score(modelId, version, inputs) });
  const submit = (values: Record<string, string>) => {
    const { inputs, invalid: bad } = scoreInputs(values, types);
    setInvalid(bad);
    if (!bad.length) score.mutate(inputs);
  };
  const r = score.data;
  return (
    <Card
      size="small"
      title={t('models.try.title')}
      style={{ marginTop: 16 }}
      data-testid="try-it"
      extra={
        artefact && (
          <Button size="small" onClick={() => form.setFieldsValue(exampleInputs(artefact))} data-testid="try-example">
            {t('models.try.example')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('models.try.hint')}</Typography.Paragraph>
      <Form form={form} name="tryIt" layout="vertical" onFinish={submit}>
        <Row gutter={12}>
          {features.map((name) => (
            <Col key={name} xs={24} md={12} xl={6}>
              <Form.Item name={name} label={<Typography.Text code>{name}</Typography.Text>} validateStatus={invalid.includes(name) ? 'error' : undefined} help={invalid.includes(name) ? t('models.try.notANumber') : undefined}>
                <Input allowClear placeholder={types[name] ? t(`models.colType.${types[name]}`) : undefined} data-testid={`try-input-${name}`} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Button type="primary" htmlType="submit" icon={<ThunderboltOutlined />} loading={score.isPending} data-testid="try-submit">
          {t('models.try.submit')}
        </Button>
      </Form>
      <div style={{ marginTop: 12 }}>
        <ErrorDetails error={score.error} />
      </div>
      {r && (
        <div data-testid="try-result">
          <Space size={48} wrap style={{ marginBottom: 12 }}>
            <Statistic title={t('models.try.score')} value={r.score} precision={2} data-testid="try-score" />
            {r.probability !== undefined && <Statistic title={t('models.try.probability')} value={r.probability * 100} precision={2} suffix="%" />}
            <Statistic title={t('models.try.micros')} value={r.micros} precision={1} suffix="µs" />
          </Space>
          {r.reasons.length > 0 && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('models.try.reasons')}
              description={
                <Space size={[4, 4]} wrap>
                  {r.reasons.map((x) => (
                    <Tag key={x}>{x}</Tag>
                  ))}
                </Space>
              }
            />
          )}
          <Table<Contribution & { n: number }>
            size="small"
            rowKey={(c) => c.n}
            dataSource={r.contributions.map((c, n) => ({ ...c, n }))}
            pagination={false}
            columns={[
              { title: t('models.try.input'), dataIndex: 'input', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
              { title: t('models.try.value'), dataIndex: 'value', render: (v: unknown) => (v === null || v === undefined ? <Typography.Text type="secondary">{t('models.try.missing')}</Typography.Text> : String(v)) },
              { title: t('models.scorecard.bin'), dataIndex: 'bin', render: (v?: string) => v ?? '' },
              { title: t('models.scorecard.points'), dataIndex: 'points', align: 'right', render: (v: number) => f.number(v, 4) },
            ]}
          />
        </div>
      )}
    </Card>
  );
}
