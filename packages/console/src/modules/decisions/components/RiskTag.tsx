import { Tag } from 'antd';
import { useI18n } from '../../../i18n/use-i18n.ts';

const RISK_COLORS: Record<string, string> = { none: 'default', low: 'green', medium: 'gold', high: 'orange', critical: 'red' };
const LEVELS = ['none', 'low', 'medium', 'high', 'critical'] as const;

/** A risk level as a coloured tag in the user's language. */
export function RiskTag({ level }: { level: string }) {
  const { t } = useI18n();
  const known = (LEVELS as readonly string[]).includes(level);
  return <Tag color={RISK_COLORS[level]}>{known ? t(`decisions.risk.${level as (typeof LEVELS)[number]}`) : level}</Tag>;
}
