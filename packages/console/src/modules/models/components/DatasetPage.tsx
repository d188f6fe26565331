import { useMemo, useState } from 'react';
import { Alert, Breadcrumb, Button, Card, Collapse, Descriptions, Select, Space, Spin, Tag, Typography } from 'antd';
import { CloudUploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../api/api-error.ts';
import { modelsApi } from '../../../api/models-api.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { NotFoundPage } from '../../errors/components/NotFoundPage.tsx';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { ErrorDetails } from '../../strategies/components/ErrorDetails.tsx';
import { useDataset } from '../hooks/model-queries.ts';
import { asScorecardArtefact } from '../model/artefact.ts';
import { candidateVariables, guessBad, guessTarget, targetChoices } from '../model/dataset.ts';
import { fitRequest, type FitOptions, type ManualBinning } from '../model/fit-form.ts';
import { actorText, sizeText } from '../model/model-format.ts';
import { DataQualityTable } from './DataQualityTable.tsx';
import { FitCard } from './FitCard.tsx';
import { RegisterFitModal } from './RegisterFitModal.tsx';
import { ScorecardView } from './ScorecardView.tsx';
import { VariableBinningCard } from './VariableBinningCard.tsx';

/**
 * A data set in the workbench: its data quality, the target, each variable's binning (edited by
 * hand where the optimal one will not do), the fit, and the fitted scorecard registered as a
 * model version. Edits live on the page until the fit takes them.
 */
export function DatasetPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const f = useFormat();
  const { datasetId = '' } = useParams();
  const permissions = usePermissions();
  const q = useDataset(datasetId);
  const d = q.data;
  const [targetChoice, setTarget] = useState<string | undefined>();
  const [badChoice, setBad] = useState<string | undefined>();
  const [variable, setVariable] = useState<string | undefined>();
  const [manual, setManual] = useState<Record<string, ManualBinning>>({});
  const [registering, setRegistering] = useState(false);
  const columns = useMemo(() => d?.columns ?? [], [d]);
  const target = targetChoice ?? guessTarget(columns);
  const targetColumn = columns.find((c) => c.name === target);
  const bad = badChoice && targetColumn?.top?.some((v) => v.value === badChoice) ? badChoice : guessBad(targetColumn);
  const variables = candidateVariables(columns, target);
  const column = variables.find((c) => c.name === variable);
  const fit = useMutation({ mutationFn: (o: FitOptions) => modelsApi.fit(datasetId, fitRequest(target!, bad!, o, manual)) });
  const artefact = asScorecardArtefact(fit.data?.artefact);
  const mayEdit = permissions.has('model.edit');

  if (isApiError(q.error) && q.error.status === 404) return <NotFoundPage />;

  const edit = (name: string, m: ManualBinning | undefined) =>
    setManual((prev) => {
      const next = { ...prev };
      if (m) next[name] = m;
      else delete next[name];
      return next;
    });

  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[{ title: <Link to="/models">{t(page.labelKey)}</Link> }, { title: <Link to="/models/workbench">{t('models.workbench.title')}</Link> }, { title: d?.name ?? datasetId }]}
      />
      <PageHeader title={<span data-testid="dataset-title">{d?.name ?? t('models.dataset.title')}</span>} description={t('models.dataset.description')} />
      <ErrorAlert error={q.error} />
      {q.isLoading && <Spin />}
      {d && (
        <div data-testid="dataset-page">
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={{ xs: 1, md: 3, xl: 5 }}>
              <Descriptions.Item label={t('models.workbench.rows')}>
                <span data-testid="dataset-rows">{f.number(d.rows, 0)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('models.dataset.columns')}>{d.columns.length}</Descriptions.Item>
              <Descriptions.Item label={t('models.workbench.size')}>{sizeText(d.bytes)}</Descriptions.Item>
              <Descriptions.Item label={t('models.workbench.sha')}>
                <Typography.Text code copyable={{ text: d.sha256 }}>
                  {d.sha256.slice(0, 12)}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('models.field.createdAt')}>{`${actorText(d.createdBy)} · ${f.dateTime(d.createdAt)}`}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Collapse
            style={{ marginBottom: 16 }}
            defaultActiveKey={['dq']}
            items={[{ key: 'dq', label: t('models.dq.title'), children: <DataQualityTable columns={d.columns} onPick={(n) => n !== target && setVariable(n)} /> }]}
          />
          <Card size="small" title={t('models.dataset.target')} style={{ marginBottom: 16 }}>
            <Space wrap>
              <span>{t('models.dataset.targetColumn')}</span>
              <Select
                showSearch
                style={{ width: 260 }}
                value={target}
                onChange={(v) => {
                  setTarget(v);
                  setBad(undefined);
                  setManual({});
                  fit.reset();
                }}
                options={targetChoices(columns).map((c) => ({ value: c.name, label: c.name }))}
                data-testid="target-select"
              />
              <span>{t('models.dataset.badValue')}</span>
              <Select
                style={{ width: 200 }}
                value={bad}
                onChange={(v) => {
                  setBad(v);
                  fit.reset();
                }}
                options={(targetColumn?.top ?? []).map((v) => ({ value: v.value, label: `${v.value} (${v.count})` }))}
                data-testid="bad-select"
              />
            </Space>
            {!target && <Alert type="info" showIcon style={{ marginTop: 8 }} title={t('models.dataset.noTarget')} />}
          </Card>
          {target && bad && (
            <>
              <Card size="small" title={t('models.binning.title')} style={{ marginBottom: 16 }}>
                <Space wrap style={{ marginBottom: 12 }}>
                  <span>{t('models.binning.variable')}</span>
                  <Select
                    showSearch
                    style={{ width: 360 }}
                    value={variable}
                    placeholder={t('models.binning.pick')}
                    onChange={setVariable}
                    options={variables.map((c) => ({ value: c.name, label: `${c.name} · ${t(`models.colType.${c.type}`)}` }))}
                    data-testid="binning-variable-select"
                  />
                  {Object.keys(manual).map((name) => (
                    <Tag key={name} color="orange" closable onClose={() => edit(name, undefined)} style={{ cursor: 'pointer' }} onClick={() => setVariable(name)} data-testid={`manual-${name}`}>
                      {name}
                    </Tag>
                  ))}
                </Space>
                {column ? (
                  <VariableBinningCard datasetId={datasetId} target={target} bad={bad} column={column} edit={manual[column.name]} onEdit={(m) => edit(column.name, m)} />
                ) : (
                  <Typography.Paragraph type="secondary">{t('models.binning.pickHint')}</Typography.Paragraph>
                )}
              </Card>
              <FitCard variables={variables.map((c) => c.name)} manualCount={Object.keys(manual).length} disabled={!target || !bad} pending={fit.isPending} onFit={(o) => fit.mutate(o)} />
              <div style={{ marginTop: 16 }}>
                <ErrorDetails error={fit.error} />
              </div>
              {fit.data && !artefact && <Alert type="error" showIcon title={t('models.fit.unknownArtefact')} />}
              {artefact && (
                <Card
                  size="small"
                  title={t('models.fit.result')}
                  style={{ marginTop: 16 }}
                  data-testid="fit-result"
                  extra={
                    mayEdit && (
                      <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => setRegistering(true)} data-testid="fit-register">
                        {t('models.fit.register')}
                      </Button>
                    )
                  }
                >
                  <ScorecardView artefact={artefact} />
                </Card>
              )}
              <RegisterFitModal open={registering} artefact={artefact} onClose={() => setRegistering(false)} />
            </>
          )}
        </div>
      )}
    </>
  );
}
