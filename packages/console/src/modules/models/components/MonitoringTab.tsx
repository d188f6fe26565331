import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Form, Input, InputNumber, Row, Space, Spin, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType as ColumnsType } from 'antd';
import { PlayCircleOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { modelsApi } from '../../../api/models-api.ts';
import type { ModelDetail, MonitoringConfig, MonitoringRun } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import { modelKeys, useModelMonitoring } from '../hooks/model-queries.ts';
import { useChartLabels } from '../hooks/use-chart-labels.ts';
import { discriminationTrendOption, maxCsi, stabilityTrendOption } from '../model/chart-options.ts';
import { fixed, headlineMetrics } from '../model/model-format.ts';
import { cronProblem, DEFAULT_MONITORING } from '../model/monitoring-form.ts';
import { ModelChart } from './ModelChart.tsx';
import { MonitoringStatusTag } from './ModelTags.tsx';
import { RunDrawer } from './RunDrawer.tsx';

/** A model's monitoring: its schedule and thresholds, a run on demand, the history charted and every run listed. */
export function MonitoringTab({ model }: { model: ModelDetail }) {
  const { t } = useI18n();
  const f = useFormat();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const labels = useChartLabels();
  const permissions = usePermissions();
  const mayEdit = permissions.has('model.edit');
  const q = useModelMonitoring(model.id);
  const [form] = Form.useForm<MonitoringConfig>();
  const [openRun, setOpenRun] = useState<MonitoringRun | null>(null);
  const config = q.data?.config ?? model.monitoring ?? DEFAULT_MONITORING;
  const runs = useMemo(() => [...(q.data?.runs ?? [])].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt)), [q.data]);

  useEffect(() => {
    form.setFieldsValue(config);
    // The form follows the configuration as saved.
  }, [q.data?.config]);

  const refreshModel = () => {
    void qc.invalidateQueries({ queryKey: modelKeys.detail(model.id) });
    void qc.invalidateQueries({ queryKey: modelKeys.lists });
  };
  const save = useMutation({
    mutationFn: (c: MonitoringConfig) => modelsApi.saveMonitoring(model.id, c),
    onSuccess: (m) => {
      qc.setQueryData(modelKeys.monitoring(model.id), m);
      refreshModel();
      void message.success(t('models.monitoring.saved'));
    },
  });
  const run = useMutation({
    mutationFn: () => modelsApi.runMonitoring(model.id),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: modelKeys.monitoring(model.id) });
      refreshModel();
      setOpenRun(r);
    },
  });

  // KS and AUC are compared with the development sample of the version the latest run scored.
  const development = useMemo(() => {
    const v = model.versions.find((x) => x.version === runs[0]?.version) ?? model.versions.find((x) => x.version === model.championVersion);
    return headlineMetrics(v?.metrics);
  }, [model.versions, model.championVersion, runs]);
  const stability = useMemo(() => stabilityTrendOption(runs, config.thresholds, labels), [runs, config.thresholds, labels]);
  const discrimination = useMemo(() => discriminationTrendOption(runs, config.thresholds, development, labels), [runs, config.thresholds, development, labels]);

  const columns: ColumnsType<MonitoringRun> = [
    { title: t('models.runs.startedAt'), dataIndex: 'startedAt', width: 170, render: (v: string, r) => <Typography.Link onClick={() => setOpenRun(r)} data-testid="run-open">{f.dateTime(v)}</Typography.Link> },
    { title: t('models.col.version'), dataIndex: 'version', width: 80, render: (v: number) => `v${v}` },
    { title: t('models.runs.trigger'), dataIndex: 'trigger', width: 100 },
    { title: t('models.col.status'), dataIndex: 'status', width: 120, render: (_: unknown, r) => <MonitoringStatusTag status={r.status} /> },
    { title: t('models.runs.window'), key: 'window', width: 300, render: (_: unknown, r) => `${f.dateTime(r.windowFrom)} – ${f.dateTime(r.windowTo)}` },
    { title: t('models.runs.decisions'), dataIndex: 'decisions', width: 100, align: 'right', render: (v: number) => f.number(v, 0) },
    { title: t('models.runs.labelled'), dataIndex: 'labelled', width: 100, align: 'right', render: (v: number) => f.number(v, 0) },
    { title: t('models.chart.psi'), dataIndex: 'scorePsi', width: 80, align: 'right', render: (v: number | null) => fixed(v, 4) },
    {
      title: t('models.chart.maxCsi'),
      key: 'maxCsi',
      width: 110,
      align: 'right',
      render: (_: unknown, r) => {
        const m = maxCsi(r);
        return m ? <Tooltip title={m.name}>{fixed(m.value, 4)}</Tooltip> : '';
      },
    },
    { title: t('models.metric.ks'), dataIndex: 'ks', width: 80, align: 'right', render: (v: number | null) => fixed(v, 3) },
    { title: t('models.metric.auc'), dataIndex: 'auc', width: 80, align: 'right', render: (v: number | null) => fixed(v, 3) },
    {
      title: t('models.runs.breaches'),
      dataIndex: 'breaches',
      render: (bs: MonitoringRun['breaches']) => (
        <Space size={[4, 4]} wrap>
          {bs.map((b) => (
            <Tag key={`${b.metric}-${b.level}`} color={b.level === 'alert' ? 'red' : 'gold'}>
              {`${b.metric} ${fixed(b.value, 3)} ≥ ${fixed(b.threshold, 3)}`}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];

  const n = (name: keyof MonitoringConfig | ['thresholds', keyof MonitoringConfig['thresholds']], label: string, props: { min: number; max: number; step?: number; precision?: number }, testId: string) => (
    <Col xs={12} md={8} xl={4}>
      <Form.Item name={name} label={label} rules={[{ required: true, message: t('models.required') }]}>
        <InputNumber style={{ width: '100%' }} disabled={!mayEdit} {...props} data-testid={testId} />
      </Form.Item>
    </Col>
  );

  return (
    <div data-testid="monitoring-tab">
      <ErrorAlert error={q.error} />
      {q.isLoading && <Spin />}
      <Card
        size="small"
        title={t('models.monitoring.config')}
        style={{ marginBottom: 16 }}
        extra={
          mayEdit && (
            <Space>
              <Button icon={<PlayCircleOutlined />} loading={run.isPending} disabled={model.latestVersion === null} onClick={() => run.mutate()} data-testid="monitoring-run">
                {t('models.monitoring.runNow')}
              </Button>
              <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={() => form.submit()} data-testid="monitoring-save">
                {t('models.save')}
              </Button>
            </Space>
          )
        }
      >
        <ErrorDetails error={save.error ?? run.error} />
        <Form<MonitoringConfig> form={form} name="monitoringConfig" layout="vertical" initialValues={config} onFinish={(c) => save.mutate(c)}>
          <Row gutter={12}>
            <Col xs={12} md={8} xl={4}>
              <Form.Item name="enabled" label={t('models.monitoring.enabled')} valuePropName="checked">
                <Switch disabled={!mayEdit} data-testid="monitoring-enabled" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} xl={4}>
              <Form.Item
                name="schedule"
                label={t('models.monitoring.schedule')}
                extra={t('models.monitoring.scheduleHint')}
                rules={[{ required: true, message: t('models.required') }, { validator: (_, v?: string) => (v && cronProblem(v) ? Promise.reject(new Error(t('models.monitoring.scheduleInvalid'))) : Promise.resolve()) }]}
              >
                <Input disabled={!mayEdit} style={{ fontFamily: 'monospace' }} data-testid="monitoring-schedule" />
              </Form.Item>
            </Col>
            {n('windowDays', t('models.monitoring.windowDays'), { min: 1, max: 90, precision: 0 }, 'monitoring-window')}
            {n('labelMaturityDays', t('models.monitoring.labelMaturityDays'), { min: 0, max: 365, precision: 0 }, 'monitoring-maturity')}
            {n('minDecisions', t('models.monitoring.minDecisions'), { min: 1, max: 1_000_000, precision: 0 }, 'monitoring-min-decisions')}
          </Row>
          <Typography.Text strong>{t('models.monitoring.thresholds')}</Typography.Text>
          <Row gutter={12} style={{ marginTop: 8 }}>
            {n(['thresholds', 'psiWarning'], t('models.chart.psiWarning'), { min: 0, max: 10, step: 0.01 }, 'threshold-psi-warning')}
            {n(['thresholds', 'psiAlert'], t('models.chart.psiAlert'), { min: 0, max: 10, step: 0.01 }, 'threshold-psi-alert')}
            {n(['thresholds', 'csiAlert'], t('models.chart.csiAlert'), { min: 0, max: 10, step: 0.01 }, 'threshold-csi-alert')}
            {n(['thresholds', 'ksDropAlert'], t('models.monitoring.ksDrop'), { min: 0, max: 1, step: 0.01 }, 'threshold-ks-drop')}
            {n(['thresholds', 'aucDropAlert'], t('models.monitoring.aucDrop'), { min: 0, max: 1, step: 0.01 }, 'threshold-auc-drop')}
          </Row>
        </Form>
      </Card>
      {runs.length === 0 ? (
        <Card size="small">
          <Empty description={t('models.runs.empty')} />
        </Card>
      ) : (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('models.monitoring.stability')}>
                <ModelChart option={stability} style={{ height: 280 }} testId="stability-chart" />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('models.monitoring.discrimination')}>
                {!development && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('models.monitoring.noDevelopment')} />}
                <ModelChart option={discrimination} style={{ height: 280 }} testId="discrimination-chart" />
              </Card>
            </Col>
          </Row>
          <Table<MonitoringRun>
            data-testid="runs-table"
            size="small"
            rowKey={(r) => r.id}
            columns={columns}
            dataSource={runs}
            scroll={{ x: 1700 }}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            onRow={(r) => ({ 'data-testid': `run-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
          />
        </>
      )}
      <RunDrawer run={openRun} onClose={() => setOpenRun(null)} />
    </div>
  );
}
