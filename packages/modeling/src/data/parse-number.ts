// A plain decimal number: optional sign, digits with an optional fraction, optional exponent.
// Number() alone would also accept '', '0x1f', 'Infinity' and '1_000'-like surprises.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The number a text holds, or NaN when it is not a plain finite decimal number (surrounding
 * white space is ignored; hexadecimal, `Infinity`, thousands separators and overflow are not numbers).
 *
 * @example
 * parseNumber(' -1.5e3 '); // -1500
 * parseNumber('1,000');    // NaN
 */
export function parseNumber(text: string): number {
  const t = text.trim();
  if (!DECIMAL.test(t)) return NaN;
  const n = Number(t);
  return Number.isFinite(n) ? n : NaN;
}
