import { CelEvalError } from './errors.ts';

/** Longest `matches()` pattern accepted (see {@link regexRefusal}). */
export const MAX_REGEX_LENGTH = 256;
/** Most unbounded quantifiers (`*`, `+`, `{n,}`) in one pattern; each adds a polynomial factor to backtracking. */
export const MAX_UNBOUNDED_QUANTIFIERS = 6;

/**
 * Why a `matches()` pattern is refused, or null when it is acceptable.
 *
 * JavaScript regular expressions backtrack, so some patterns take exponential time on crafted
 * input (ReDoS). RE2, which CEL specifies, is linear but is not available without a native
 * dependency, so patterns are restricted to an RE2-like safe subset instead: no backreferences,
 * no lookaround, no repeated group that itself contains a quantifier or an alternation (the
 * `(a+)+` / `(a|a)*` shapes behind exponential blow-up), at most
 * {@link MAX_UNBOUNDED_QUANTIFIERS} unbounded quantifiers and at most {@link MAX_REGEX_LENGTH}
 * characters.
 */
export function regexRefusal(pattern: string): string | null {
  if (pattern.length > MAX_REGEX_LENGTH) return `pattern is longer than ${MAX_REGEX_LENGTH} characters`;
  // Per open group: whether it contains a quantifier or an alternation.
  const groups: { risky: boolean }[] = [];
  let unbounded = 0;
  let lastWasGroupClose = false;
  let closedRisky = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    const quantifier = ch === '*' || ch === '+' || ch === '?' || ch === '{';
    if (quantifier) {
      let repeating = ch !== '?';
      let unboundedHere = ch === '*' || ch === '+';
      if (ch === '{') {
        const close = pattern.indexOf('}', i);
        const body = close === -1 ? '' : pattern.slice(i + 1, close);
        const m = /^(\d+)(,(\d*))?$/.exec(body);
        if (m) {
          unboundedHere = m[2] !== undefined && m[3] === '';
          repeating = m[2] !== undefined ? m[3] === '' || Number(m[3]) > 1 : Number(m[1]) > 1;
          i = close;
        }
      }
      if (lastWasGroupClose && repeating && closedRisky) return 'a repeated group contains a quantifier or alternation';
      if (unboundedHere && ++unbounded > MAX_UNBOUNDED_QUANTIFIERS) {
        return `more than ${MAX_UNBOUNDED_QUANTIFIERS} unbounded quantifiers`;
      }
      if (groups.length > 0) groups[groups.length - 1].risky = true;
      lastWasGroupClose = false;
      continue;
    }
    lastWasGroupClose = false;
    switch (ch) {
      case '\\': {
        const next = pattern[i + 1] ?? '';
        if (/[1-9]/.test(next) || next === 'k') return 'backreferences are not allowed';
        i++;
        break;
      }
      case '[': {
        // Skip the character class; quantifier characters inside it are literals.
        let j = i + 1;
        if (pattern[j] === '^') j++;
        if (pattern[j] === ']') j++;
        while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
        i = j;
        break;
      }
      case '(':
        if (pattern[i + 1] === '?' && (pattern[i + 2] === '=' || pattern[i + 2] === '!' || (pattern[i + 2] === '<' && (pattern[i + 3] === '=' || pattern[i + 3] === '!')))) {
          return 'lookaround assertions are not allowed';
        }
        groups.push({ risky: false });
        break;
      case ')': {
        const group = groups.pop();
        closedRisky = group?.risky ?? false;
        if (closedRisky && groups.length > 0) groups[groups.length - 1].risky = true;
        lastWasGroupClose = true;
        break;
      }
      case '|':
        if (groups.length > 0) groups[groups.length - 1].risky = true;
        break;
      default:
        break;
    }
  }
  return null;
}

const MAX_CACHED_PATTERNS = 256;
const compiled = new Map<string, RegExp>();

/**
 * The RegExp for a pattern that passed {@link regexRefusal}, built like cel-js does
 * (`new RegExp(pattern)`, no flags) so results match the interpreter. Cached because rules
 * evaluate the same patterns for every event.
 */
export function safeRegExp(pattern: string): RegExp {
  const cached = compiled.get(pattern);
  if (cached) return cached;
  const refusal = regexRefusal(pattern);
  if (refusal) throw new CelEvalError('CEL_UNSAFE_REGEX', `Regular expression refused (${refusal}): ${pattern.slice(0, 64)}`);
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch {
    throw new CelEvalError('CEL_INVALID_REGEX', `Invalid regular expression: ${pattern.slice(0, 64)}`);
  }
  if (compiled.size >= MAX_CACHED_PATTERNS) compiled.clear();
  compiled.set(pattern, re);
  return re;
}
