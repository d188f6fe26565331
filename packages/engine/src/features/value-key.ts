import { hashString } from './hash-string.ts';

/** Longer strings are remembered by hash so that memory per remembered value stays bounded. */
export const MAX_KEPT_VALUE_LENGTH = 64;

/**
 * The form in which distinct and profile states remember a value: short strings, finite numbers
 * and booleans as themselves (so `1` and `'1'` stay different), anything longer or structured by
 * a 106-bit hash. Null for a missing value, which is never counted.
 *
 * @example valueKey('merchant-42') // 'merchant-42'
 */
export function valueKey(v: unknown): string | number | boolean | null {
  switch (typeof v) {
    case 'string':
      return v.length > MAX_KEPT_VALUE_LENGTH || v.charCodeAt(0) === 0 ? hashed('s', v) : v;
    case 'number':
      return Number.isFinite(v) ? v : null;
    case 'boolean':
      return v;
    case 'bigint':
      return hashed('n', v.toString());
    case 'object':
      if (v === null) return null;
      if (v instanceof Date) return Number.isFinite(v.getTime()) ? v.getTime() : null;
      return hashed('j', JSON.stringify(v) ?? '');
    default:
      return null;
  }
}

/** Starts with NUL, which {@link valueKey} never lets a literal string start with. */
function hashed(tag: string, s: string): string {
  return `\u0000${tag}${hashString(s).toString(36)}.${hashString(s, 0x9e3779b9).toString(36)}`;
}
