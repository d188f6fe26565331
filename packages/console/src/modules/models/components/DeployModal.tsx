import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Result, Select, Space, Switch, Table, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { modelsApi } from '../../../api/models-api.ts';
import type { DeployResult } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import { strategiesApi } from '../../strategies/strategies-client.ts';
import { BandsEditor, type Band } from '../../strategy-editor/components/BandsEditor.tsx';
import { validateBands } from '../../strategy-editor/model/score-bands.ts';
import { modelKeys } from '../hooks/model-queries.ts';
import { defaultInputs, deployRequest, MODEL_ID_PATTERN, missingInputs, stageChoices, strategyVersionPath } from '../model/deploy-form.ts';

const DEFAULT_BANDS: Band[] = [
  { min: 0, max: 500, outcome: 'reject', riskLevel: 'high' },
  { min: 500, max: 600, outcome: 'review', riskLevel: 'medium' },
  { min: 600, outcome: 'pass', riskLevel: 'low' },
];

/**
 * Puts the version into a strategy as a model stage: a new DRAFT version of the strategy (from
 * its latest version or a chosen one) with the model, its inputs mapped to CEL expressions, and
 * optional score bands. The draft then goes through the strategy's own review and deployment.
 */
export function DeployModal({ open, onClose, modelId, modelKey, version, features }: { open: boolean; onClose(): void; modelId: string; modelKey?: string; version: number; features: readonly string[] }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [strategyId, setStrategyId] = useState<string | undefined>();
  const [baseVersion, setBaseVersion] = useState<number | null>(null);
  const [packageModelId, setPackageModelId] = useState('');
  const [inputs, setInputs] = useState<Record<string, string>>({});
  const [before, setBefore] = useState<string | null>(null);
  const [withBands, setWithBands] = useState(false);
  const [bands, setBands] = useState<Band[]>(DEFAULT_BANDS);
  const [note, setNote] = useState('');
  const strategies = useQuery({ queryKey: ['strategies'], queryFn: strategiesApi.list, enabled: open });
  const strategy = useQuery({ queryKey: ['strategies', strategyId], queryFn: () => strategiesApi.strategy(strategyId!), enabled: open && !!strategyId });
  const base = baseVersion ?? strategy.data?.versions.reduce<number | null>((m, v) => (m === null || v.version > m ? v.version : m), null) ?? null;
  const pkg = useQuery({ queryKey: ['strategies', strategyId, 'versions', base], queryFn: () => strategiesApi.version(strategyId!, base!), enabled: open && !!strategyId && base !== null });
  const stages = useMemo(() => stageChoices(pkg.data?.package), [pkg.data]);
  const deploy = useMutation({
    mutationFn: () => modelsApi.deploy(modelId, version, deployRequest({ strategyId: strategyId!, baseVersion, modelId: packageModelId, inputs, before, bands: withBands ? bands : undefined, note })),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: modelKeys.version(modelId, version) });
      void qc.invalidateQueries({ queryKey: modelKeys.detail(modelId) });
      void qc.invalidateQueries({ queryKey: ['strategies'] });
    },
  });
  useEffect(() => {
    if (!open) return;
    deploy.reset();
    setStrategyId(undefined);
    setBaseVersion(null);
    setPackageModelId('');
    setInputs(defaultInputs(features));
    setBefore(null);
    setWithBands(false);
    setBands(DEFAULT_BANDS);
    setNote('');
    // Reset only when the dialog opens.
  }, [open]);

  const missing = missingInputs(features, inputs);
  const badId = !!packageModelId.trim() && !MODEL_ID_PATTERN.test(packageModelId.trim());
  const bandErrors = withBands && validateBands(bands).some((x) => x.severity === 'error');
  const valid = !!strategyId && !!note.trim() && !missing.length && !badId && !bandErrors;
  const done: DeployResult | undefined = deploy.data;

  return (
    <Modal
      open={open}
      width={880}
      title={t('models.deploy.title', { version })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        done ? (
          <Button onClick={onClose} data-testid="deploy-close">
            {t('models.close')}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose}>{t('models.cancel')}</Button>
            <Button type="primary" disabled={!valid} loading={deploy.isPending} onClick={() => deploy.mutate()} data-testid="deploy-submit">
              {t('models.deploy.submit')}
            </Button>
          </Space>
        )
      }
    >
      <div data-testid="deploy-dialog">
        {done ? (
          <Result
            status="success"
            title={t('models.deploy.done', { strategy: done.strategyId, version: done.version })}
            subTitle={t('models.deploy.doneHint', { modelId: done.modelId, stageId: done.stageId })}
            extra={
              <Link to={strategyVersionPath(done.strategyId, done.version)} onClick={onClose} data-testid="deploy-draft-link">
                {t('models.deploy.openDraft')}
              </Link>
            }
          />
        ) : (
          <>
            <Typography.Paragraph type="secondary">{t('models.deploy.explain')}</Typography.Paragraph>
            <ErrorDetails error={deploy.error ?? strategies.error} />
            <Form layout="vertical">
              <Space wrap align="start">
                <Form.Item label={t('models.deploy.strategy')} required>
                  <Select
                    showSearch
                    style={{ width: 320 }}
                    loading={strategies.isLoading}
                    value={strategyId}
                    onChange={(v) => {
                      setStrategyId(v);
                      setBaseVersion(null);
                      setBefore(null);
                    }}
                    optionFilterProp="label"
                    options={(strategies.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.id})` }))}
                    data-testid="deploy-strategy"
                  />
                </Form.Item>
                <Form.Item label={t('models.deploy.baseVersion')} extra={t('models.deploy.baseVersionHint')}>
                  <Select<number | null>
                    style={{ width: 200 }}
                    disabled={!strategyId}
                    value={baseVersion}
                    onChange={setBaseVersion}
                    options={[{ value: null, label: t('models.deploy.latest') }, ...(strategy.data?.versions ?? []).map((v) => ({ value: v.version, label: `v${v.version} · ${v.status}` }))]}
                    data-testid="deploy-base-version"
                  />
                </Form.Item>
                <Form.Item label={t('models.deploy.modelId')} extra={t('models.deploy.modelIdHint')} validateStatus={badId ? 'error' : undefined} help={badId ? t('models.deploy.modelIdInvalid') : undefined}>
                  <Input style={{ width: 200 }} value={packageModelId} placeholder={modelKey} onChange={(e) => setPackageModelId(e.target.value)} data-testid="deploy-model-id" />
                </Form.Item>
                <Form.Item label={t('models.deploy.before')} extra={t('models.deploy.beforeHint')}>
                  <Select<string | null>
                    style={{ width: 220 }}
                    disabled={!strategyId}
                    loading={pkg.isLoading && !!strategyId}
                    value={before}
                    onChange={setBefore}
                    options={[{ value: null, label: t('models.deploy.beforeEnd') }, ...stages.map((s) => ({ value: s.id, label: `${s.id} · ${s.type}` }))]}
                    data-testid="deploy-before"
                  />
                </Form.Item>
              </Space>
              <Form.Item label={t('models.deploy.inputs')} extra={t('models.deploy.inputsHint')} required>
                <Table<{ feature: string }>
                  size="small"
                  rowKey={(r) => r.feature}
                  dataSource={features.map((feature) => ({ feature }))}
                  pagination={false}
                  scroll={{ y: 260 }}
                  data-testid="deploy-inputs"
                  columns={[
                    { title: t('models.deploy.feature'), dataIndex: 'feature', width: 240, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                    {
                      title: t('models.deploy.expression'),
                      key: 'expr',
                      render: (_: unknown, r) => (
                        <Input
                          size="small"
                          style={{ fontFamily: 'monospace' }}
                          status={missing.includes(r.feature) ? 'error' : undefined}
                          value={inputs[r.feature] ?? ''}
                          onChange={(e) => setInputs({ ...inputs, [r.feature]: e.target.value })}
                          data-testid={`deploy-input-${r.feature}`}
                        />
                      ),
                    },
                  ]}
                />
              </Form.Item>
              <Form.Item label={t('models.deploy.bands')}>
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Switch checked={withBands} onChange={setWithBands} data-testid="deploy-bands-switch" />
                  {withBands && <BandsEditor bands={bands} onChange={setBands} testId="deploy-bands" />}
                </Space>
              </Form.Item>
              <Form.Item label={t('models.note')} required>
                <Input.TextArea rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="deploy-note" />
              </Form.Item>
            </Form>
            {missing.length > 0 && <Alert type="warning" showIcon title={t('models.deploy.missingInputs', { names: missing.join(', ') })} />}
          </>
        )}
      </div>
    </Modal>
  );
}
