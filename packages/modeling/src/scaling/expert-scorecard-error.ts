export interface ScorecardSpecIssue {
  /** Where, e.g. `characteristics[1].bins[2].max`. */
  path: string;
  message: string;
}

/** An expert scorecard specification refused; `issues` lists every problem found. */
export class ExpertScorecardError extends Error {
  readonly code = 'INVALID_SCORECARD_SPEC';
  readonly issues: ScorecardSpecIssue[];
  constructor(issues: ScorecardSpecIssue[]) {
    super(`invalid expert scorecard: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'ExpertScorecardError';
    this.issues = issues;
  }
}
