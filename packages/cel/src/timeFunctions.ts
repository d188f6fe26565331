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

function zonedPart(ts: Date, timeZone: string, type: 'hour' | 'weekday'): string {
  const parts = formatterFor(timeZone).formatToParts(ts);
  for (const part of parts) if (part.type === type) return part.value;
  throw new CelEvalError('CEL_INTERNAL', `Time zone formatter returned no ${type}`);
}

/** `hourOf(ts)` / `hourOf(ts, tz)`: hour of day 0-23 (UTC, or in an IANA time zone such as 'Asia/Shanghai'). */
export function hourOf(ts: Date, timeZone?: string): bigint {
  const time = validTime(ts, 'hourOf');
  if (timeZone === undefined) return SMALL_INTS[Math.floor((((time % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_HOUR)];
  return SMALL_INTS[Number(zonedPart(ts, timeZone, 'hour')) % 24];
}

/** `dayOfWeek(ts)` / `dayOfWeek(ts, tz)`: 0 = Sunday .. 6 = Saturday. */
export function dayOfWeek(ts: Date, timeZone?: string): bigint {
  const time = validTime(ts, 'dayOfWeek');
  // 1970-01-01 was a Thursday (4).
  if (timeZone === undefined) return SMALL_INTS[(((Math.floor(time / MS_PER_DAY) + 4) % 7) + 7) % 7];
  const day = WEEKDAYS[zonedPart(ts, timeZone, 'weekday')];
  if (day === undefined) throw new CelEvalError('CEL_INTERNAL', 'Unexpected weekday from time zone formatter');
  return day;
}

/** `minutesBetween(a, b)`: minutes from `a` to `b` as a double (negative when b is earlier). */
export function minutesBetween(a: Date, b: Date): number {
  return (b.getTime() - a.getTime()) / 60_000;
}
