/** How a new entry's expiry is chosen in the form: never, after a number of days, or on a date. */
export type ExpiryChoice = { mode: 'never' } | { mode: 'days'; days: number } | { mode: 'date'; date: string };

export const EXPIRY_DAY_PRESETS = [7, 30, 90, 180, 365] as const;

/**
 * The `expiresAt` the API takes for a choice: `null` for never; `now + days`; or the end of a
 * calendar date (`YYYY-MM-DD`) in the user's time zone, so "expires on 30 June" still matches on 30 June.
 *
 * @example expiresAtOf({ mode: 'days', days: 30 }, Date.parse('2026-01-01T00:00:00Z')) // '2026-01-31T00:00:00.000Z'
 */
export function expiresAtOf(choice: ExpiryChoice, now = Date.now()): string | null {
  if (choice.mode === 'never') return null;
  if (choice.mode === 'days') return new Date(now + choice.days * 86_400_000).toISOString();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(choice.date);
  if (!m) throw new Error(`not a date: ${choice.date}`);
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999).toISOString();
}
