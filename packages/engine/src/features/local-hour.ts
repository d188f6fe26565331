import { FeatureError } from './feature-error.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Per zone: quarter-hour number → local hour. Numeric keys: no key string per lookup. */
const hours = new Map<string, Map<number, number>>();
const HOUR_CACHE_LIMIT = 4096;
/** Every zone's UTC offset is a multiple of 15 minutes, so the local hour is constant within a quarter. */
const QUARTER_MS = 900_000;

/**
 * Hour of day (0–23) of an instant in an IANA time zone. Intl formatting costs microseconds, so
 * results are cached per zone and quarter hour. Throws `FEATURE_TZ` for an unknown zone.
 *
 * @example localHour(Date.UTC(2024, 0, 1, 16), 'Asia/Shanghai') // 0
 */
export function localHour(at: number, tz: string): number {
  const quarter = Math.floor(at / QUARTER_MS);
  let zone = hours.get(tz);
  const cached = zone?.get(quarter);
  if (cached !== undefined) return cached;
  const parts = formatterFor(tz).formatToParts(at);
  const h = Number(parts.find((p) => p.type === 'hour')?.value ?? 0) % 24;
  if (!zone) hours.set(tz, (zone = new Map()));
  if (zone.size >= HOUR_CACHE_LIMIT) zone.clear();
  zone.set(quarter, h);
  return h;
}

/** Throws `FEATURE_TZ` unless `tz` names a time zone this runtime knows. */
export function assertTimeZone(tz: string): void {
  formatterFor(tz);
}

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: 'numeric', hourCycle: 'h23' });
    } catch {
      throw new FeatureError('FEATURE_TZ', `unknown time zone ${JSON.stringify(tz)}`);
    }
    formatters.set(tz, f);
  }
  return f;
}
