import type { MonitoringConfig } from '../../../api/types.ts';

/** The API's defaults of a monitoring configuration. */
export const DEFAULT_MONITORING: MonitoringConfig = {
  enabled: false,
  schedule: '0 2 * * *',
  windowDays: 7,
  labelMaturityDays: 30,
  minDecisions: 100,
  thresholds: { psiWarning: 0.1, psiAlert: 0.25, csiAlert: 0.25, ksDropAlert: 0.1, aucDropAlert: 0.05 },
};

/**
 * A cron expression's evident problems (five or six fields of cron characters); the server
 * checks the rest with croner.
 */
export function cronProblem(expr: string): 'FIELDS' | 'CHARACTERS' | null {
  const fields = expr.trim().split(/\s+/).filter(Boolean);
  if (fields.length < 5 || fields.length > 6) return 'FIELDS';
  if (!fields.every((f) => /^[\d*/,\-?LW#A-Za-z]+$/.test(f))) return 'CHARACTERS';
  return null;
}

/** Problems of a configuration the API would refuse (its ranges). */
export function monitoringProblems(c: MonitoringConfig): string[] {
  const out: string[] = [];
  if (cronProblem(c.schedule)) out.push('schedule');
  if (!(Number.isInteger(c.windowDays) && c.windowDays >= 1 && c.windowDays <= 90)) out.push('windowDays');
  if (!(Number.isInteger(c.labelMaturityDays) && c.labelMaturityDays >= 0 && c.labelMaturityDays <= 365)) out.push('labelMaturityDays');
  if (!(Number.isInteger(c.minDecisions) && c.minDecisions >= 1)) out.push('minDecisions');
  const t = c.thresholds;
  if (t.psiWarning > t.psiAlert) out.push('thresholds.psiWarning');
  return out;
}
