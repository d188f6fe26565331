// Result parsers shared by both drivers: node-postgres (via `pgTypeOverrides`) and PGlite (passed
// to `new PGlite(..., { parsers })` inside the worker). Plain JavaScript so the worker, which runs
// without a TypeScript loader, can import it; one table means the two drivers cannot drift.

/**
 * int8 → number when it fits a JS safe integer, otherwise the exact decimal string. Counters,
 * sequences and minor-unit amounts never get near 2^53; when something does, returning the string
 * keeps it lossless instead of silently rounding.
 */
function parseInt8(text) {
  const n = Number(text);
  // A value beyond 2^53 - 1 rounds to a double that is itself unsafe, so this test is exact.
  return Number.isSafeInteger(n) ? n : text;
}

/** numeric → number (NaN and ±Infinity included). Scores and money fit a double here. */
function parseNumeric(text) {
  return Number(text);
}

/** date stays 'YYYY-MM-DD': a calendar day is not an instant, and pg's default (local midnight) depends on the process time zone. */
function parseDate(text) {
  return text;
}

const TIMESTAMP = /^(\d{4,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?( BC)?$/;

/**
 * timestamp without time zone → Date read as UTC. pg's default reads it in the process's local
 * zone and PGlite's depends on `new Date(text)`; pinning UTC makes both agree everywhere.
 */
function parseTimestamp(text) {
  if (text === 'infinity') return Infinity;
  if (text === '-infinity') return -Infinity;
  const m = TIMESTAMP.exec(text);
  if (m === null) return text;
  let year = Number(m[1]);
  if (m[8] !== undefined) year = 1 - year;
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  const date = new Date(0);
  date.setUTCFullYear(year, Number(m[2]) - 1, Number(m[3]));
  date.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), ms);
  return date;
}

/** interval stays PostgreSQL's text ('1 day 02:00:00'); pg would return an object, PGlite a string. */
function parseInterval(text) {
  return text;
}

/** Scalar parsers by type OID. jsonb/json, timestamptz, bool, int2/4 and floats keep the drivers' (identical) defaults. */
export const typeParsers = Object.freeze({
  20: parseInt8,
  1700: parseNumeric,
  1082: parseDate,
  1114: parseTimestamp,
  1186: parseInterval,
});

/**
 * Array type OID → element type OID for the overridden scalars. PGlite derives array parsers from
 * the scalar ones by itself; node-postgres needs them spelled out.
 */
export const arrayElementTypes = Object.freeze({
  1016: 20,
  1231: 1700,
  1182: 1082,
  1115: 1114,
  1187: 1186,
});
