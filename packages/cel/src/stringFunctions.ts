import { CelEvalError } from './errors.ts';

/** `lower(s)`: lower case (full Unicode, like cel-js's `lowerAscii`). */
export function lower(s: string): string {
  return s.toLowerCase();
}

/** `upper(s)`: upper case. */
export function upper(s: string): string {
  return s.toUpperCase();
}

/** `trim(s)`: strips leading and trailing white space. */
export function trim(s: string): string {
  return s.trim();
}

/**
 * `substr(s, start, length)`: `length` code points from code point `start`, clamped to the end of
 * the string. Negative arguments are an error rather than counting from the end, to keep rules
 * unambiguous.
 */
export function substr(s: string, start: bigint, length: bigint): string {
  if (start < 0n || length < 0n) {
    throw new CelEvalError('CEL_INVALID_ARGUMENT', 'substr() start and length must not be negative');
  }
  const chars = Array.from(s);
  if (start >= BigInt(chars.length)) return '';
  const from = Number(start);
  const to = length > BigInt(chars.length) ? chars.length : Math.min(chars.length, from + Number(length));
  return chars.slice(from, to).join('');
}
