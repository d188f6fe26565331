/** Shared pieces of model validation: type guards and the score scale, checked the same for every kind. */

export interface ModelIssue {
  path: string;
  message: string;
}

export type Obj = Record<string, unknown>;
export type Err = (path: string, message: string) => void;

export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
export const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
export const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * Checks `scoreScale` (base, positive base odds, positive PDO) and returns a clean copy, or
 * undefined when absent; `needed` reports its absence (`output: 'score'`).
 *
 * @example scoreScaleOf({base: 600, baseOdds: 50, pdo: 20}, false, err) // {base: 600, baseOdds: 50, pdo: 20}
 */
export function scoreScaleOf(s: unknown, needed: boolean, err: Err): { base: number; baseOdds: number; pdo: number } | undefined {
  if (s === undefined) {
    if (needed) err('scoreScale', "output 'score' needs a scoreScale");
    return undefined;
  }
  if (!isObj(s)) {
    err('scoreScale', 'scoreScale must be an object');
    return undefined;
  }
  if (!isNum(s.base)) err('scoreScale.base', 'base must be a finite number');
  if (!isNum(s.baseOdds) || s.baseOdds <= 0) err('scoreScale.baseOdds', 'baseOdds must be a positive number');
  if (!isNum(s.pdo) || s.pdo <= 0) err('scoreScale.pdo', 'pdo must be a positive number');
  return { base: s.base as number, baseOdds: s.baseOdds as number, pdo: s.pdo as number };
}
