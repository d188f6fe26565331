import { OUTCOMES, RISK_LEVELS, type Outcome, type RiskLevel } from './types.ts';

/** Ranks outcomes by a precedence list (lowest first); unknown outcomes rank lowest. */
export class OutcomeOrder {
  private readonly rank: Map<Outcome, number>;
  constructor(precedence: readonly Outcome[] = OUTCOMES) {
    this.rank = new Map(precedence.map((o, i) => [o, i]));
  }
  /** The higher-precedence of two outcomes. */
  max(a: Outcome, b: Outcome): Outcome {
    return (this.rank.get(b) ?? -1) > (this.rank.get(a) ?? -1) ? b : a;
  }
}

const riskRank = new Map(RISK_LEVELS.map((r, i) => [r, i]));

export function maxRisk(a: RiskLevel, b: RiskLevel): RiskLevel {
  return (riskRank.get(b) ?? 0) > (riskRank.get(a) ?? 0) ? b : a;
}

/** The risk level implied by an outcome when nothing more specific was set. */
export function defaultRiskFor(outcome: Outcome): RiskLevel {
  switch (outcome) {
    case 'pass':
      return 'none';
    case 'review':
      return 'medium';
    case 'challenge':
      return 'medium';
    case 'reject':
      return 'high';
  }
}
