import type { Environment } from '@marcbachmann/cel-js';
import { boundHost, hostInList, hostListEntry, hostNameMatch } from './celHost.ts';
import { distanceKm } from './distanceKm.ts';
import { ipInCidr } from './ipInCidr.ts';
import { lower, substr, trim, upper } from './stringFunctions.ts';
import { dayOfWeek, hourOf, minutesBetween } from './timeFunctions.ts';

type AnyFn = (...args: never[]) => unknown;

/** One function of Vigil's CEL library (see {@link LIBRARY}). */
export interface LibraryFunction {
  /** cel-js signature; timestamps are cel-js's google.protobuf.Timestamp. */
  signature: string;
  description: string;
  /** The implementation; host functions take the CelHost as first argument. */
  impl: AnyFn;
  usesHost: boolean;
  /** The handler registered in cel-js (same implementation; host taken from the current binding). */
  handler: AnyFn;
}

const TS = 'google.protobuf.Timestamp';

function hostFunction(signature: string, description: string, impl: (host: never, ...args: never[]) => unknown): LibraryFunction {
  const handler = (...args: never[]) => (impl as (...a: unknown[]) => unknown)(boundHost(), ...args);
  return { signature, description, impl, usesHost: true, handler };
}

function pureFunction(signature: string, description: string, impl: AnyFn): LibraryFunction {
  return { signature, description, impl, usesHost: false, handler: impl };
}

/**
 * Vigil's function library. The same implementation serves cel-js (so the reference interpreter
 * runs it) and compiled code (which passes the host explicitly), so both always agree.
 *
 * @example
 * LIBRARY.map((f) => f.signature); // ['inList(string, dyn): bool', ..., 'ipInCidr(string, string): bool']
 */
export const LIBRARY: readonly LibraryFunction[] = Object.freeze([
  hostFunction('inList(string, dyn): bool', 'Whether the value is on the named list', hostInList as never),
  hostFunction('listEntry(string, dyn): dyn', 'The entry of the named list for the value, or null', hostListEntry as never),
  hostFunction('nameMatch(string, string): double', 'Best fuzzy similarity (0..1) of a name against a name list', hostNameMatch as never),
  pureFunction(`hourOf(${TS}): int`, 'Hour of day 0-23 in UTC', ((ts: Date) => hourOf(ts)) as AnyFn),
  pureFunction(`hourOf(${TS}, string): int`, 'Hour of day 0-23 in an IANA time zone', hourOf as AnyFn),
  pureFunction(`dayOfWeek(${TS}): int`, 'Day of week, 0 = Sunday, in UTC', ((ts: Date) => dayOfWeek(ts)) as AnyFn),
  pureFunction(`dayOfWeek(${TS}, string): int`, 'Day of week, 0 = Sunday, in an IANA time zone', dayOfWeek as AnyFn),
  pureFunction(`minutesBetween(${TS}, ${TS}): double`, 'Minutes from the first to the second timestamp', minutesBetween as AnyFn),
  pureFunction('distanceKm(dyn, dyn): double', 'Haversine distance in km between two {lat, lon} values', distanceKm as AnyFn),
  pureFunction('lower(string): string', 'Lower case', lower as AnyFn),
  pureFunction('upper(string): string', 'Upper case', upper as AnyFn),
  pureFunction('trim(string): string', 'Strip surrounding white space', trim as AnyFn),
  pureFunction('substr(string, int, int): string', 'Substring by code point start and length', substr as AnyFn),
  pureFunction('ipInCidr(string, string): bool', 'Whether an IPv4/IPv6 address is in a CIDR block', ipInCidr as AnyFn),
]);

/** Library entries by the handler registered in cel-js, to recognise them in resolved overloads. */
export const LIBRARY_BY_HANDLER: ReadonlyMap<unknown, LibraryFunction> = new Map(LIBRARY.map((f) => [f.handler, f]));

/** Registers the library into a cel-js environment. */
export function registerLibrary(cel: Environment): void {
  for (const fn of LIBRARY) {
    cel.registerFunction(fn.signature, fn.handler as never, { description: fn.description, async: false } as never);
  }
}
