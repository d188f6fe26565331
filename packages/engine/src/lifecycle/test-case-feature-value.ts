import { featureCelType } from '../cel-env.ts';
import type { FeatureDefinition } from '../features/index.ts';

/**
 * Turns the value a test case gives a feature (JSON, as an analyst writes it) into the value the
 * real feature store would return, so that `featureCelValue` then gives the CEL value the case
 * means: counts are whole numbers, sums and shares numbers, `isNew` a boolean, `first_seen` epoch
 * milliseconds (an ISO time is accepted), a geo feature `{distanceKm, minutes, speedKmh}`; values
 * that may be absent in the store (averages, first occurrences, geo) may be null.
 * Returns a problem instead when the value cannot be what the store holds.
 *
 * @example testCaseFeatureValue({kind: 'velocity', name: 'n', agg: 'first_seen', by: ['card'], window: '90d', eventTypes: []}, '2026-01-01T00:00:00Z')
 *   // {ok: true, value: 1767225600000}
 */
export function testCaseFeatureValue(def: FeatureDefinition, raw: unknown): { ok: true; value: unknown } | { ok: false; problem: string } {
  const bad = (what: string) => ({ ok: false as const, problem: `must be ${what}` });
  const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  switch (featureCelType(def)) {
    case 'int':
      return finite(raw) && Number.isInteger(raw) && raw >= 0 ? { ok: true, value: raw } : bad('a whole number ≥ 0');
    case 'double':
      if (!finite(raw)) return bad('a number');
      if (def.kind === 'profile' && (raw < 0 || raw > 1)) return bad('a share between 0 and 1');
      return { ok: true, value: raw };
    case 'bool':
      return raw === null || typeof raw === 'boolean' ? { ok: true, value: raw } : bad('true, false or null');
  }
  if (raw === null) return { ok: true, value: null };
  if (def.kind === 'geo') {
    const g = raw as Record<string, unknown>;
    const ok = typeof raw === 'object' && !Array.isArray(raw) && finite(g.distanceKm) && finite(g.minutes) && finite(g.speedKmh);
    return ok ? { ok: true, value: { distanceKm: g.distanceKm, minutes: g.minutes, speedKmh: g.speedKmh } } : bad('null or {distanceKm, minutes, speedKmh} numbers');
  }
  if (def.kind === 'velocity' && def.agg === 'first_seen') {
    const ms = finite(raw) ? raw : typeof raw === 'string' ? Date.parse(raw) : NaN;
    return Number.isFinite(ms) ? { ok: true, value: ms } : bad('null, epoch milliseconds or an ISO 8601 time');
  }
  if (def.kind === 'velocity' && def.agg === 'last_value') {
    return typeof raw === 'string' || typeof raw === 'boolean' || finite(raw) ? { ok: true, value: raw } : bad('null or a string, number or boolean');
  }
  return finite(raw) ? { ok: true, value: raw } : bad('null or a number');
}
