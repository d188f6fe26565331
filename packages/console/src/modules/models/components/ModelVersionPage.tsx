import { useState } from 'react';
import { Breadcrumb, Button, Card, Descriptions, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { DeploymentUnitOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../api/api-error.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { NotFoundPage } from '../../errors/components/NotFoundPage.tsx';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { useModel, useModelVersion } from '../hooks/model-queries.ts';
import { asScorecardArtefact } from '../model/artefact.ts';
import { strategyVersionPath } from '../model/deploy-form.ts';
import { actorText } from '../model/model-format.ts';
import { deployBlock } from '../model/model-status.ts';
import { DefinitionCard } from './DefinitionCard.tsx';
import { DeployModal } from './DeployModal.tsx';
import { MetricsCards } from './MetricsCards.tsx';
import { ModelStatusTag } from './ModelTags.tsx';
import { ReportButtons } from './ReportButtons.tsx';
import { ScorecardView } from './ScorecardView.tsx';
import { TryItCard } from './TryItCard.tsx';

/** One version of a model: its metrics and (for a scorecard) everything the fit produced, a scoring form, the report and deployment into a strategy. */
export function ModelVersionPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const f = useFormat();
  const { id = '', version: raw = '' } = useParams();
  const version = Number(raw);
  const permissions = usePermissions();
  const model = useModel(id);
  const q = useModelVersion(id, version);
  const [deploying, setDeploying] = useState(false);
  const d = q.data;
  const artefact = asScorecardArtefact(d?.artefact);
  const deployable = d ? deployBlock(d.status, permissions) : 'PERMISSION';

  if (!Number.isInteger(version) || version < 1 || (isApiError(q.error) && q.error.status === 404) || (isApiError(model.error) && model.error.status === 404)) return <NotFoundPage />;

  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[{ title: <Link to="/models">{t(page.labelKey)}</Link> }, { title: <Link to={`/models/${encodeURIComponent(id)}`}>{model.data?.key ?? id}</Link> }, { title: `v${version}` }]}
      />
      <PageHeader
        title={
          <span data-testid="version-title">
            {t('models.version.title', { name: model.data?.name ?? model.data?.key ?? id, version })}
          </span>
        }
        description={d && <ModelStatusTag status={d.status} />}
        extra={
          d && (
            <Space wrap>
              {artefact && <ReportButtons modelId={id} version={version} fileName={`${model.data?.key ?? 'model'}-v${version}.html`} />}
              {deployable !== 'PERMISSION' && (
                <Tooltip title={deployable === 'STATUS' ? t('models.deploy.notDeployable') : undefined}>
                  <Button type="primary" icon={<DeploymentUnitOutlined />} disabled={!!deployable} onClick={() => setDeploying(true)} data-testid="deploy-open">
                    {t('models.deploy.button')}
                  </Button>
                </Tooltip>
              )}
            </Space>
          )
        }
      />
      <ErrorAlert error={q.error ?? model.error} />
      {q.isLoading && <Spin />}
      {d && (
        <div data-testid="version-detail" data-kind={d.kind}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="version-summary">
              <Descriptions.Item label={t('models.field.kind')}>{t(`models.kind.${d.kind}`)}</Descriptions.Item>
              <Descriptions.Item label={t('models.field.format')}>{t(`models.format.${d.format}`)}</Descriptions.Item>
              <Descriptions.Item label={t('models.col.features')}>
                <Typography.Text ellipsis={{ tooltip: d.features.join(', ') }} style={{ maxWidth: 360 }}>
                  {t('models.version.features', { n: d.features.length, names: d.features.slice(0, 6).join(', ') })}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('models.field.createdBy')}>{actorText(d.createdBy)}</Descriptions.Item>
              <Descriptions.Item label={t('models.field.createdAt')}>{f.dateTime(d.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('models.version.statusChanged')}>{d.statusChangedBy ? `${actorText(d.statusChangedBy)} · ${f.dateTime(d.statusChangedAt)}` : '—'}</Descriptions.Item>
              {d.note && <Descriptions.Item label={t('models.col.note')}>{d.note}</Descriptions.Item>}
              {d.woeConvention && (
                <Descriptions.Item label={t('models.training.woe')}>
                  <Typography.Text code>{d.woeConvention}</Typography.Text>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('models.version.usedBy')}>
                {d.usedBy.length ? (
                  <Space size={[4, 4]} wrap data-testid="version-used-by">
                    {d.usedBy.map((u) => (
                      <Tag key={`${u.strategyId}/${u.version}`}>
                        <Link to={strategyVersionPath(u.strategyId, u.version)}>{`${u.strategyId} v${u.version} · ${u.modelId}`}</Link>
                      </Tag>
                    ))}
                  </Space>
                ) : (
                  t('models.version.unused')
                )}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          {artefact ? (
            <ScorecardView artefact={artefact} />
          ) : (
            <>
              <MetricsCards metrics={d.metrics} />
              <DefinitionCard definition={d.definition} features={d.features} />
            </>
          )}
          <TryItCard modelId={id} version={version} features={d.features} artefact={artefact} />
          <DeployModal open={deploying} onClose={() => setDeploying(false)} modelId={id} modelKey={model.data?.key} version={version} features={d.features} />
        </div>
      )}
    </>
  );
}
