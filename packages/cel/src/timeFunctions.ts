import { CelEvalError } from './errors.ts';

const MAX_CACHED_ZONES = 512;
const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, bigint> = { Sun: 0n, Mon: 1n, Tue: 2n, Wed: 3n, Thu: 4n, Fri: 5n, Sat: 6n };
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
// Rules call these per event; indexing prebuilt BigInts avoids a BigInt allocation per call.
const SMALL_INTS = Array.from({ length: 24 }, (_, i) => BigInt(i));

/** Building an Intl.DateTimeFormat costs tens of microseconds, so one is kept per time zone. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: 'numeric', weekday: 'short' });
  } catch {
    throw new CelEvalError('CEL_INVALID_ARGUMENT', `Unknown time zone '${timeZone}'`);
  }
  if (formatters.size >= MAX_CACHED_ZONES) formatters.clear();
  formatters.set(timeZone, formatter);
  return formatter;
}

function validTime(ts: Date, fn: string): number {
  const time = ts.getTime();
  if (Number.isNaN(time)) throw new CelEvalError('CEL_INVALID_ARGUMENT', `${fn}() got an invalid timestamp`);
  return time;
}

/** Every zone's UTC offset is a multiple of 15 minutes: local hour and weekday are constant within a quarter hour. */
const QUARTER_MS = 900_000;
const MAX_CACHED_QUARTERS = 8192;
const zonedCache = new Map<string, Map<number, number>>();

/**
 * Local hour and weekday packed as `weekday * 24 + hour`. Intl formatting costs microseconds and
 * rules call this for every event, so results are cached per zone and quarter hour.
 */
function zonedHourDay(ts: Date, timeZone: string): number {
  const quarter = Math.floor(ts.getTime() / QUARTER_MS);
  let perZone = zonedCache.get(timeZone);
  const hit = perZone?.get(quarter);
  if (hit !== undefined) return hit;
  let hour = -1;
  let day: bigint | undefined;
  for (const part of formatterFor(timeZone).formatToParts(ts)) {
    if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'weekday') day = WEEKDAYS[part.value];
  }
  if (hour < 0 || day === undefined) throw new CelEvalError('CEL_INTERNAL', 'Time zone formatter returned no hour or weekday');
  const packed = Number(day) * 24 + hour;
  if (!perZone) {
    if (zonedCache.size >= MAX_CACHED_ZONES) zonedCache.clear();
    zonedCache.set(timeZone, (perZone = new Map()));
  }
  if (perZone.size >= MAX_CACHED_QUARTERS) perZone.clear();
  perZone.set(quarter, packed);
  return packed;
}

/** `hourOf(ts)` / `hourOf(ts, tz)`: hour of day 0-23 (UTC, or in an IANA time zone such as 'Asia/Shanghai'). */
export function hourOf(ts: Date, timeZone?: string): bigint {
  const time = validTime(ts, 'hourOf');
  if (timeZone === undefined) return SMALL_INTS[Math.floor((((time % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_HOUR)];
  return SMALL_INTS[zonedHourDay(ts, timeZone) % 24];
}

/** `dayOfWeek(ts)` / `dayOfWeek(ts, tz)`: 0 = Sunday .. 6 = Saturday. */
export function dayOfWeek(ts: Date, timeZone?: string): bigint {
  const time = validTime(ts, 'dayOfWeek');
  // 1970-01-01 was a Thursday (4).
  if (timeZone === undefined) return SMALL_INTS[(((Math.floor(time / MS_PER_DAY) + 4) % 7) + 7) % 7];
  return SMALL_INTS[Math.floor(zonedHourDay(ts, timeZone) / 24)];
}

/** `minutesBetween(a, b)`: minutes from `a` to `b` as a double (negative when b is earlier). */
export function minutesBetween(a: Date, b: Date): number {
  return (b.getTime() - a.getTime()) / 60_000;
}
