import { Space, Tag } from 'antd';
import type { SlaMinutes } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { ALERT_LEVELS, LEVEL_COLORS } from '../utils/alert-model.ts';

/** A queue's SLA per level, most severe first: "Critical 15 min · High 60 min …". */
export function QueueSlaTags({ sla }: { sla: SlaMinutes }) {
  const { t } = useI18n();
  const set = [...ALERT_LEVELS].reverse().filter((l) => sla[l] !== undefined);
  if (!set.length) return <span>{t('alerts.queues.noSla')}</span>;
  return (
    <Space size={[0, 4]} wrap>
      {set.map((l) => (
        <Tag key={l} color={LEVEL_COLORS[l]} bordered={false}>
          {t('alerts.queues.slaLevel', { level: t(`alerts.level.${l}`), minutes: sla[l]! })}
        </Tag>
      ))}
    </Space>
  );
}
