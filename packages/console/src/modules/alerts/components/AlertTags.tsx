import { Tag } from 'antd';
import type { Disposition } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { DISPOSITION_COLORS, isDisposition, isLevel, isStatus, LEVEL_COLORS, STATUS_COLORS } from '../utils/alert-model.ts';

/** An alert's level as a tag in its colour (critical magenta, high volcano, medium gold, low blue). */
export function LevelTag({ level }: { level: string }) {
  const { t } = useI18n();
  return (
    <Tag color={isLevel(level) ? LEVEL_COLORS[level] : undefined} data-testid={`level-${level}`}>
      {isLevel(level) ? t(`alerts.level.${level}`) : level}
    </Tag>
  );
}

/** Open, assigned or closed. */
export function StatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <Tag color={isStatus(status) ? STATUS_COLORS[status] : undefined} data-testid={`status-${status}`}>
      {isStatus(status) ? t(`alerts.status.${status}`) : status}
    </Tag>
  );
}

export function DispositionTag({ disposition }: { disposition: Disposition | string }) {
  const { t } = useI18n();
  return (
    <Tag color={isDisposition(disposition) ? DISPOSITION_COLORS[disposition] : undefined} data-testid={`disposition-${disposition}`}>
      {isDisposition(disposition) ? t(`alerts.disposition.${disposition}`) : disposition}
    </Tag>
  );
}
