import { Tag } from 'antd';
import { useI18n } from '../i18n/use-i18n.ts';

export type Outcome = 'pass' | 'review' | 'challenge' | 'reject';

/** The colour of each outcome, the same in tags, tables and charts. */
export const OUTCOME_COLORS: Record<Outcome, string> = { pass: '#52c41a', review: '#faad14', challenge: '#1677ff', reject: '#f5222d' };
export const OUTCOMES: readonly Outcome[] = ['pass', 'review', 'challenge', 'reject'];

/** A decision's outcome as a coloured tag in the user's language. */
export function OutcomeTag({ outcome }: { outcome: string }) {
  const { t } = useI18n();
  const known = (OUTCOMES as readonly string[]).includes(outcome);
  return (
    <Tag color={known ? OUTCOME_COLORS[outcome as Outcome] : undefined} data-testid={`outcome-${outcome}`}>
      {known ? t(`outcome.${outcome as Outcome}`) : outcome}
    </Tag>
  );
}
