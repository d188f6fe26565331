import { Tag } from 'antd';
import type { CaseOutcome, CasePhase, CasePriority } from '../../../api/types.ts';
import { useText, type I18nText } from '../../../components/use-text.ts';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { PRIORITY_COLORS, stateColor } from '../model/case-workflow.ts';

/** A case's state in the user's language, coloured by its phase. */
export function CaseStateTag({ state, stateName, phase }: { state: string; stateName: I18nText; phase: CasePhase }) {
  const text = useText();
  const { t } = useI18n();
  return (
    <Tag color={stateColor(state, phase)} data-testid={`case-state-${state}`} title={t(`cases.phase.${phase}`)}>
      {text(stateName)}
    </Tag>
  );
}

export function PhaseTag({ phase }: { phase: CasePhase }) {
  const { t } = useI18n();
  return <Tag color={stateColor('', phase)}>{t(`cases.phase.${phase}`)}</Tag>;
}

export function PriorityTag({ priority }: { priority: CasePriority }) {
  const { t } = useI18n();
  return (
    <Tag color={PRIORITY_COLORS[priority]} data-testid={`case-priority-${priority}`}>
      {t(`cases.priority.${priority}`)}
    </Tag>
  );
}

const OUTCOME_COLORS: Record<CaseOutcome, string> = { fraud_confirmed: 'red', not_fraud: 'green', inconclusive: 'default' };

export function OutcomeTag({ outcome }: { outcome: CaseOutcome }) {
  const { t } = useI18n();
  return (
    <Tag color={OUTCOME_COLORS[outcome]} data-testid={`case-outcome-${outcome}`}>
      {t(`cases.outcome.${outcome}`)}
    </Tag>
  );
}

/** A case's subject: its kind and how it is shown (a card masked, never its number). */
export function SubjectText({ type, display }: { type: string; display: string }) {
  const { t } = useI18n();
  return (
    <span data-testid="case-subject">
      <Tag>{t(`cases.subject.${type as 'card'}`)}</Tag>
      {display}
    </span>
  );
}
