import { Space, Tag, Tooltip, Typography } from 'antd';
import { ClockCircleOutlined, RiseOutlined } from '@ant-design/icons';
import type { Alert } from '../../../api/types.ts';
import { useFormat } from '../../../components/use-format.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { SLA_COLORS, slaCountdown } from '../utils/sla.ts';

/**
 * The SLA of an alert: a live countdown to its due time (orange when due soon, red once breached,
 * then counting the time overdue) and its escalation level when it was escalated. `now` comes from
 * the page's one clock ({@link useNow}), so a table of alerts ticks together.
 */
export function SlaIndicator({ alert, now }: { alert: Pick<Alert, 'dueAt' | 'sla' | 'status' | 'escalationLevel'>; now: number }) {
  const { t } = useI18n();
  const f = useFormat();
  const c = slaCountdown(alert.dueAt, alert.sla, alert.status, now);
  const escalated =
    alert.escalationLevel > 0 ? (
      <Tooltip title={t('alerts.sla.escalatedHint', { n: alert.escalationLevel })}>
        <Tag color="red" icon={<RiseOutlined />} data-testid="escalation-level">
          {t('alerts.sla.escalated', { n: alert.escalationLevel })}
        </Tag>
      </Tooltip>
    ) : null;
  if (!c) {
    return (
      <Space size={4} data-testid="sla-indicator" data-state="none">
        <Typography.Text type="secondary">{t('alerts.sla.none')}</Typography.Text>
        {escalated}
      </Space>
    );
  }
  const time = c.days ? t('alerts.sla.days', { days: c.days, clock: c.clock }) : c.clock;
  return (
    <Space size={4} wrap data-testid="sla-indicator" data-state={c.state}>
      <Tooltip title={t('alerts.sla.dueAt', { time: f.dateTime(alert.dueAt) })}>
        <Tag color={SLA_COLORS[c.state]} icon={<ClockCircleOutlined />} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {c.overdue ? t('alerts.sla.overdue', { time }) : t('alerts.sla.left', { time })}
        </Tag>
      </Tooltip>
      {escalated}
    </Space>
  );
}
