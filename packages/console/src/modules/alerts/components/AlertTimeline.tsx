import { useMemo, useState } from 'react';
import { Card, Descriptions, Segmented, Space, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router';
import type { AlertTimelineEntry } from '../../../api/types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { usePermissions } from '../../session/hooks/use-permissions.ts';
import { useQueues } from '../hooks/use-queues.ts';
import { isAssignmentMode } from '../utils/alert-model.ts';
import { contributionSummary, timelineView, type TimelineView } from '../utils/timeline.ts';
import { ACTION_STATUS_COLORS, actionLabel, isActionStatus } from '../utils/action-model.ts';
import type { ActionType } from '../../../api/alert-actions-api.ts';
import { DispositionTag, LevelTag } from './AlertTags.tsx';

/**
 * The alert's story: every contribution (the decision behind it, its event, rules, level and
 * amount) and every handling step, oldest first or newest first. An entry of a kind this console
 * does not know yet (a new source, an action) is shown with its details as they are.
 */
export function AlertTimeline({ timeline }: { timeline: AlertTimelineEntry[] }) {
  const { t } = useI18n();
  const f = useFormat();
  const [order, setOrder] = useState<'oldest' | 'newest'>('oldest');
  const views = useMemo(() => timeline.map(timelineView), [timeline]);
  const summary = contributionSummary(views);
  const shown = order === 'newest' ? [...views].reverse() : views;
  return (
    <Card
      size="small"
      title={t('alerts.timeline.title', { n: summary.count })}
      style={{ marginBottom: 16 }}
      extra={
        <Segmented
          size="small"
          value={order}
          onChange={(v) => setOrder(v as 'oldest' | 'newest')}
          options={[
            { value: 'oldest', label: t('alerts.timeline.oldest') },
            { value: 'newest', label: t('alerts.timeline.newest') },
          ]}
          data-testid="timeline-order"
        />
      }
    >
      <div data-testid="alert-timeline">
        <Timeline
          items={shown.map((v) => ({
            key: v.key,
            color: v.color,
            content: (
              <div data-testid={`timeline-${v.kind}`} data-kind={v.kind === 'other' ? v.rawKind : v.kind}>
                <EntryBody v={v} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {v.actor ? t('alerts.timeline.byAt', { actor: v.actor === 'system' ? t('alerts.timeline.system') : v.actor, time: f.dateTime(v.at) }) : f.dateTime(v.at)}
                </Typography.Text>
              </div>
            ),
          }))}
        />
      </div>
    </Card>
  );
}

function Quote({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <Typography.Paragraph style={{ margin: '4px 0', whiteSpace: 'pre-wrap', borderLeft: '3px solid #d9d9d9', paddingLeft: 8 }} data-testid="timeline-text">
      {text}
    </Typography.Paragraph>
  );
}

function EntryBody({ v }: { v: TimelineView }) {
  const { t } = useI18n();
  const f = useFormat();
  const text = useText();
  const permissions = usePermissions();
  const queues = useQueues();
  const queueName = (id: string | null) => {
    if (!id) return t('alerts.timeline.noQueue');
    const q = queues.data?.items.find((x) => x.id === id);
    return q ? text(q.name) : id;
  };
  switch (v.kind) {
    case 'contribution': {
      const c = v.contribution;
      return (
        <Space orientation="vertical" size={2} style={{ display: 'flex' }}>
          <Space size={4} wrap>
            <Typography.Text strong>{t('alerts.timeline.contribution')}</Typography.Text>
            {c.level && <LevelTag level={c.level} />}
            {c.source !== 'decision' && <Tag>{t('alerts.timeline.source', { source: c.source })}</Tag>}
            {c.amount !== null && <Typography.Text>{t('alerts.timeline.amount', { amount: f.number(c.amount) })}</Typography.Text>}
          </Space>
          {(c.decisionId || c.eventId) && (
            <Space size={8} wrap style={{ fontSize: 12 }}>
              {c.decisionId &&
                (permissions.has('decision.read') ? (
                  <Link to={`/decisions/${encodeURIComponent(c.decisionId)}`} data-testid="timeline-decision-link">
                    {t('alerts.timeline.decision', { id: c.decisionId })}
                  </Link>
                ) : (
                  <span>{t('alerts.timeline.decision', { id: c.decisionId })}</span>
                ))}
              {c.eventId && <Typography.Text copyable={{ text: c.eventId }}>{t('alerts.timeline.event', { id: c.eventId, type: c.eventType ?? '' })}</Typography.Text>}
            </Space>
          )}
          {c.ruleIds.length > 0 && (
            <Space size={[0, 4]} wrap>
              {c.ruleIds.map((r) => (
                <Tag key={r} bordered={false}>
                  {r}
                </Tag>
              ))}
            </Space>
          )}
          <Quote text={c.note} />
        </Space>
      );
    }
    case 'routed':
      return <div>{v.queueId ? t('alerts.timeline.routed', { queue: queueName(v.queueId) }) : t('alerts.timeline.unrouted')}</div>;
    case 'assigned':
      return (
        <div>
          {t('alerts.timeline.assigned', { assignee: v.assignee ?? '' })}
          {v.mode && v.mode !== 'manual' && <Tag style={{ marginLeft: 8 }}>{isAssignmentMode(v.mode) ? t(`alerts.assignment.${v.mode}`) : v.mode}</Tag>}
          <Quote text={v.note} />
        </div>
      );
    case 'claimed':
      return <div>{t('alerts.timeline.claimed')}</div>;
    case 'released':
      return <div>{t('alerts.timeline.released', { from: v.from ?? '' })}</div>;
    case 'reassigned':
      return (
        <div>
          {t('alerts.timeline.reassigned', { from: v.from ?? '', assignee: v.assignee ?? '' })}
          <Quote text={v.note} />
        </div>
      );
    case 'note':
      return (
        <div>
          <Typography.Text strong>{t('alerts.timeline.note')}</Typography.Text>
          <Quote text={v.text} />
        </div>
      );
    case 'disposed':
      return (
        <div>
          <Space size={4}>
            <Typography.Text strong>{t('alerts.timeline.disposed')}</Typography.Text>
            {v.rawDisposition && <DispositionTag disposition={v.rawDisposition} />}
          </Space>
          <Quote text={v.note} />
        </div>
      );
    case 'sla_breached':
      return (
        <div>
          <Typography.Text strong type="danger">
            {t('alerts.timeline.breached', { due: f.dateTime(v.dueAt) })}
          </Typography.Text>
          <div style={{ fontSize: 12 }}>
            {v.escalationLevel !== null && <Tag color="red">{t('alerts.sla.escalated', { n: v.escalationLevel })}</Tag>}
            {v.toQueue && v.toQueue !== v.fromQueue ? t('alerts.timeline.escalatedTo', { queue: queueName(v.toQueue) }) : t('alerts.timeline.stayed')}
            {v.assignee && ` · ${t('alerts.timeline.assigned', { assignee: v.assignee })}`}
          </div>
        </div>
      );
    case 'reopened':
      return (
        <div>
          <Typography.Text strong>{t('alerts.timeline.reopened')}</Typography.Text>
          <Quote text={v.note} />
        </div>
      );
    case 'action': {
      const label = actionLabel({ type: v.type as ActionType, kind: v.actionKind });
      return (
        <div>
          <Space size={4} wrap>
            <Typography.Text strong>{t('alerts.timeline.action', { action: t(`alerts.actions.label.${label}`) })}</Typography.Text>
            {v.source === 'auto' && <Tag>{t('alerts.actions.auto')}</Tag>}
            {v.status && isActionStatus(v.status) && <Tag color={ACTION_STATUS_COLORS[v.status]}>{t(`alerts.actions.statusOf.${v.status}`)}</Tag>}
            {v.attempts !== null && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('alerts.actions.attemptsOf', { n: v.attempts })}</Typography.Text>}
          </Space>
          <Quote text={v.lastError} />
        </div>
      );
    }
    default:
      return (
        <div>
          <Typography.Text strong>{t('alerts.timeline.other', { kind: v.rawKind })}</Typography.Text>
          {v.fields.length > 0 && (
            <Descriptions size="small" column={1} style={{ marginTop: 4 }} items={v.fields.map((x) => ({ key: x.name, label: x.name, children: <Typography.Text code>{x.value}</Typography.Text> }))} />
          )}
        </div>
      );
  }
}
