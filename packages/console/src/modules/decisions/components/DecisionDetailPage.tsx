import { Alert, Breadcrumb, Card, Col, Descriptions, Empty, Row, Space, Spin, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { decisionsApi } from '../../../api/decisions-api.ts';
import type { DecisionDetail } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { OrgName } from '../../../components/OrgName.tsx';
import { OutcomeTag } from '../../../components/OutcomeTag.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { PageHeader } from '../../shell/components/PageHeader.tsx';
import type { NavPage } from '../../shell/nav-items.ts';
import { formatTraceValue, hitStages, reasonText, waterfall } from '../trace-model.ts';
import { DecisionFeedbackCard } from './DecisionFeedbackCard.tsx';
import { DecisionShadowsCard } from './DecisionShadowsCard.tsx';
import { RiskTag } from './RiskTag.tsx';
import { TraceWaterfall } from './TraceWaterfall.tsx';

/** One decision: the answer, the event as stored, the features and the stage-by-stage trace. */
export function DecisionDetailPage({ page }: { page: NavPage }) {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: ['decisions', 'detail', id], queryFn: () => decisionsApi.get(id) });
  return (
    <>
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/decisions">{t(page.labelKey)}</Link> }, { title: id }]} />
      <PageHeader title={t('decisions.detail.title')} />
      <ErrorAlert error={q.error} />
      {q.isLoading && <Spin data-testid="decision-loading" />}
      {q.data && <DecisionDetailView d={q.data} />}
    </>
  );
}

function DecisionDetailView({ d }: { d: DecisionDetail }) {
  const { t, locale } = useI18n();
  const f = useFormat();
  const trace = d.trace;
  const { rows, totalMs } = waterfall(trace.stages);
  const stageOf = hitStages(trace.stages);
  const challenge = d.response.challenge ?? [];
  const eventData = (d.event.data ?? {}) as Record<string, unknown>;
  const masked = (d.event.masked ?? {}) as Record<string, unknown>;
  const deployment = trace.deployment ?? 'live';
  const kv = (o: Record<string, unknown>) => Object.entries(o).map(([k, v]) => ({ key: k, name: k, value: formatTraceValue(v) }));
  const kvColumns = [
    { title: t('decisions.detail.name'), dataIndex: 'name', width: '45%' },
    { title: t('decisions.detail.value'), dataIndex: 'value', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
  ];
  return (
    <div data-testid="decision-detail">
      <Card size="small" style={{ marginBottom: 16 }} title={t('decisions.detail.answer')}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
          <Descriptions.Item label={t('decisions.col.outcome')}>
            <span data-testid="detail-outcome">
              <OutcomeTag outcome={d.outcome} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('decisions.col.score')}>{f.number(d.score)}</Descriptions.Item>
          <Descriptions.Item label={t('decisions.col.risk')}>
            <RiskTag level={d.riskLevel} />
          </Descriptions.Item>
          <Descriptions.Item label={t('decisions.col.latency')}>{t('decisions.ms', { ms: f.number(d.latencyMs, 3) })}</Descriptions.Item>
          <Descriptions.Item label={t('decisions.detail.decisionId')}>
            <Typography.Text copyable>{d.decisionId}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('decisions.col.eventId')}>
            <Typography.Text copyable>{d.eventId}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('decisions.col.eventType')}>
            {d.eventType} <Tag>{t(`decisions.direction.${d.direction === 'post' ? 'post' : 'in'}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('decisions.col.org')}>
            <OrgName id={d.orgId} />
          </Descriptions.Item>
          <Descriptions.Item label={t('decisions.detail.occurredAt')}>{f.dateTime(d.occurredAt)}</Descriptions.Item>
          <Descriptions.Item label={t('decisions.detail.decidedAt')}>{f.dateTime(d.decidedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('decisions.col.strategy')}>
            {d.strategy ? (
              <Space>
                <Link to={`/strategies/${encodeURIComponent(d.strategy.id)}/versions/${d.strategy.version ?? ''}`} data-testid="detail-strategy">
                  {t('decisions.detail.strategyVersion', { id: d.strategy.id, v: d.strategy.version ?? '' })}
                </Link>
                <Tag color={deployment === 'canary' ? 'purple' : 'blue'}>{t(`decisions.deployment.${deployment === 'canary' ? 'canary' : 'live'}`)}</Tag>
              </Space>
            ) : (
              t('decisions.detail.noStrategy')
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('decisions.detail.challenge')}>{challenge.length ? challenge.map((c) => <Tag key={c}>{c}</Tag>) : t('decisions.detail.none')}</Descriptions.Item>
        </Descriptions>
        {d.degraded && (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            data-testid="detail-degraded"
            title={t('decisions.detail.degraded')}
            description={
              <Space direction="vertical" size={2}>
                {trace.degradations.map((x) => (
                  <Typography.Text key={x} code>
                    {x}
                  </Typography.Text>
                ))}
                {trace.timedOut && <span>{t('decisions.detail.timedOut')}</span>}
              </Space>
            }
          />
        )}
        {trace.ruleErrors > 0 && <Alert style={{ marginTop: 12 }} type="error" showIcon title={t('decisions.detail.ruleErrors', { n: trace.ruleErrors })} />}
      </Card>

      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('decisions.detail.reasons')} style={{ marginBottom: 16 }}>
            {d.response.reasons.length ? (
              <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="detail-reasons">
                {d.response.reasons.map((r, i) => (
                  <li key={`${r.code}-${i}`}>
                    <Typography.Text code>{r.code}</Typography.Text> {reasonText(r.text, locale)}
                  </li>
                ))}
              </ul>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('decisions.detail.noReasons')} />
            )}
          </Card>
          <Card size="small" title={t('decisions.detail.ruleHits')} style={{ marginBottom: 16 }}>
            <Table
              size="small"
              rowKey={(h) => h.ruleId}
              pagination={false}
              dataSource={d.response.hits}
              data-testid="detail-hits"
              locale={{ emptyText: t('decisions.detail.noHits') }}
              columns={[
                { title: t('decisions.detail.rule'), dataIndex: 'ruleId', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
                { title: t('decisions.detail.stage'), key: 'stage', render: (_: unknown, h) => stageOf.get(h.ruleId) ?? '' },
                { title: t('decisions.col.outcome'), dataIndex: 'outcome', render: (v?: string) => (v ? <OutcomeTag outcome={v} /> : null) },
                { title: t('decisions.col.score'), dataIndex: 'score', align: 'right' },
                { title: t('decisions.detail.reasonCode'), dataIndex: 'reasonCode' },
              ]}
            />
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('decisions.detail.shadowHits')}
            </Typography.Title>
            {trace.shadowHits.length ? (
              <Space wrap data-testid="detail-shadow-hits">
                {trace.shadowHits.map((h) => (
                  <Tag key={h} color="default">
                    {h}
                  </Tag>
                ))}
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('decisions.detail.noShadowHits')}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('decisions.detail.entities')} style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={1} bordered>
              {Object.entries(d.entities).map(([field, value]) => {
                const kind = d.entityKinds[field];
                const shown = typeof masked[field] === 'string' ? (masked[field] as string) : value;
                return (
                  <Descriptions.Item key={field} label={kind ? `${field} · ${t(`entity.type.${kind}` as 'entity.type.card')}` : field}>
                    {kind ? (
                      <Link to={`/entity/${kind}/${encodeURIComponent(value)}`} data-testid={`entity-link-${field}`}>
                        {shown}
                      </Link>
                    ) : (
                      shown
                    )}
                  </Descriptions.Item>
                );
              })}
            </Descriptions>
          </Card>
          <Card size="small" title={t('decisions.detail.event')} style={{ marginBottom: 16 }}>
            <Table
              size="small"
              pagination={false}
              dataSource={kv(Object.fromEntries(Object.entries(eventData).map(([k, v]) => [k, typeof masked[k] === 'string' ? masked[k] : v])))}
              columns={kvColumns}
              data-testid="detail-event"
            />
          </Card>
        </Col>
      </Row>

      <Card size="small" title={t('decisions.detail.trace', { ms: f.number(totalMs, 3) })} style={{ marginBottom: 16 }}>
        <TraceWaterfall rows={rows} />
      </Card>

      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('decisions.detail.features')} style={{ marginBottom: 16 }}>
            <Table size="small" pagination={false} dataSource={kv(trace.features)} columns={kvColumns} data-testid="detail-features" locale={{ emptyText: t('decisions.detail.none') }} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('decisions.detail.vars')} style={{ marginBottom: 16 }}>
            <Table size="small" pagination={false} dataSource={kv({ ...trace.vars, ...prefixed('model', trace.models), ...prefixed('data', trace.data) })} columns={kvColumns} locale={{ emptyText: t('decisions.detail.none') }} />
          </Card>
        </Col>
      </Row>

      <DecisionShadowsCard shadows={d.shadows} champion={d} />
      {trace.actions.length > 0 && (
        <Card size="small" title={t('decisions.detail.actions')} style={{ marginBottom: 16 }}>
          {trace.actions.map((a, i) => (
            <div key={i}>
              <Typography.Text code>{formatTraceValue(a)}</Typography.Text>
            </div>
          ))}
        </Card>
      )}
      <DecisionFeedbackCard feedback={d.feedback} />
    </div>
  );
}

function prefixed(prefix: string, o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [`${prefix}.${k}`, v]));
}
