import { Card, Descriptions, Space, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router';
import type { AlertDetail } from '../../../api/types.ts';
import { OrgName } from '../../../components/OrgName.tsx';
import { useFormat } from '../../../components/use-format.ts';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { useAlertCategories } from '../hooks/use-alert-categories.ts';
import { isSubjectKind, ruleDecisionsPath, subjectEntityPath } from '../utils/alert-model.ts';
import { DispositionTag, LevelTag, StatusTag } from './AlertTags.tsx';
import { SlaIndicator } from './SlaIndicator.tsx';

/** The alert at a glance: what it is about, where it stands, who holds it and how much time is left. */
export function AlertSummaryCard({ detail, now }: { detail: AlertDetail; now: number }) {
  const { t } = useI18n();
  const f = useFormat();
  const text = useText();
  const permissions = usePermissions();
  const { name } = useAlertCategories();
  const a = detail.alert;
  const mayReadDecisions = permissions.has('decision.read');
  const entityPath = mayReadDecisions ? subjectEntityPath(a.subject) : undefined;
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="alert-summary">
      <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }}>
        <Descriptions.Item label={t('alerts.col.level')}>
          <span data-testid="summary-level">
            <LevelTag level={a.level} />
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.col.category')}>
          <Tooltip title={a.category}>
            <span data-testid="summary-category">{name(a.category)}</span>
          </Tooltip>
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.col.status')}>
          <Space size={4} wrap data-testid="summary-status">
            <StatusTag status={a.status} />
            {a.disposition && <DispositionTag disposition={a.disposition} />}
            {a.disposedBy && <Typography.Text type="secondary">{t('alerts.detail.disposedBy', { user: a.disposedBy, time: f.dateTime(a.disposedAt) })}</Typography.Text>}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.col.subject')}>
          <Space size={4}>
            {entityPath ? (
              <Link to={entityPath} data-testid="summary-subject">
                {a.subject.display}
              </Link>
            ) : (
              <span data-testid="summary-subject">{a.subject.display}</span>
            )}
            <Tag>{isSubjectKind(a.subject.type) ? t(`alerts.subject.${a.subject.type}`) : a.subject.type}</Tag>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.col.org')}>
          <OrgName id={a.orgId} />
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.detail.legalEntity')}>{a.legalEntityId ? <OrgName id={a.legalEntityId} /> : t('alerts.detail.none')}</Descriptions.Item>
        <Descriptions.Item label={t('alerts.col.amount')}>{f.number(a.amount)}</Descriptions.Item>
        <Descriptions.Item label={t('alerts.col.events')}>
          <span data-testid="summary-events">{a.eventCount}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.detail.source')}>
          {a.source}
          {a.eventType ? ` · ${a.eventType}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.detail.rules')} span={{ xs: 1, md: 2, xl: 3 }}>
          <Space size={[0, 4]} wrap data-testid="summary-rules">
            {a.ruleIds.length === 0 && t('alerts.detail.none')}
            {a.ruleIds.map((r) =>
              mayReadDecisions ? (
                <Tooltip key={r} title={t('alerts.detail.ruleLink')}>
                  <Link to={ruleDecisionsPath(r, a.subject)}>
                    <Tag color="blue">{r}</Tag>
                  </Link>
                </Tooltip>
              ) : (
                <Tag key={r}>{r}</Tag>
              ),
            )}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.detail.queue')}>
          {detail.queue ? (
            <Link to={`/alerts/queues/${encodeURIComponent(detail.queue.id)}`} data-testid="summary-queue">
              {text(detail.queue.name)}
            </Link>
          ) : (
            t('alerts.detail.noQueue')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.detail.assignee')}>
          <span data-testid="summary-assignee">{a.assignee ?? t('alerts.detail.unassigned')}</span>
          {a.assignedAt && (
            <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
              {t('alerts.detail.since', { time: f.dateTime(a.assignedAt) })}
            </Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.col.sla')}>
          <SlaIndicator alert={a} now={now} />
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.detail.escalation')}>
          <span data-testid="summary-escalation">
            {a.escalationLevel > 0 ? t('alerts.detail.escalatedAt', { n: a.escalationLevel, time: f.dateTime(a.escalatedAt) }) : t('alerts.detail.notEscalated')}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.detail.merge')}>
          <span data-testid="summary-merge">{a.merging ? t('alerts.detail.mergingUntil', { time: f.dateTime(a.mergeUntil) }) : t('alerts.detail.notMerging')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.detail.events')}>
          <Space orientation="vertical" size={0} style={{ fontSize: 12 }}>
            <span>{t('alerts.col.first', { time: f.dateTime(a.firstEventAt) })}</span>
            <span>{t('alerts.col.last', { time: f.dateTime(a.lastEventAt) })}</span>
          </Space>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
