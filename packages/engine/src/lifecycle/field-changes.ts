/** One field that differs between two versions of something; `undefined` means absent. */
export interface FieldChange {
  /** Dotted path inside the item, e.g. `score`, `reason.en`, `bands[1].min`, `checks[ip_blacklist].outcome`. */
  path: string;
  before: unknown;
  after: unknown;
}

/**
 * Deep equality over JSON-like data where a member holding `undefined` equals a missing member,
 * as it does once a package is stored as JSON.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameValue(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k of definedKeys(ao)) if (!sameValue(ao[k], bo[k])) return false;
  for (const k of definedKeys(bo)) if (ao[k] === undefined) return false;
  return true;
}

/**
 * The fields that differ between two versions of an item, deepest first-differing path each.
 * Objects recurse member by member; arrays of the same length recurse element by element
 * (`bands[1].min`); arrays of different lengths whose elements carry a unique `id`, `name` or
 * `list` recurse by that key (`checks[ip_blacklist]`); anything else is reported whole. Arrays of
 * plain values (tags, challenge methods, rule-set members) are always reported whole: `[a, b] →
 * [a, c]` reads better than an index.
 *
 * Members are visited in `order` first (the order a reviewer expects, e.g. condition before
 * score), then the remaining ones alphabetically, so the result does not depend on key order.
 *
 * @example fieldChanges({score: 20, reason: {en: 'a', zh: '甲'}}, {score: 30, reason: {en: 'b', zh: '甲'}})
 *   // [{path: 'score', before: 20, after: 30}, {path: 'reason.en', before: 'a', after: 'b'}]
 */
export function fieldChanges(before: unknown, after: unknown, order: readonly string[] = [], path = ''): FieldChange[] {
  const out: FieldChange[] = [];
  collect(before, after, path, order, out);
  return out;
}

function collect(a: unknown, b: unknown, path: string, order: readonly string[], out: FieldChange[]): void {
  if (sameValue(a, b)) return;
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const k of orderedKeys(a, b, order)) collect(a[k], b[k], join(path, k), [], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && (a.some(isPlainObject) || b.some(isPlainObject))) {
    if (a.length === b.length) {
      a.forEach((x, i) => collect(x, b[i], `${path}[${i}]`, [], out));
      return;
    }
    const key = elementKey(a, b);
    if (key) {
      const am = new Map(a.map((x) => [String((x as Record<string, unknown>)[key]), x]));
      const bm = new Map(b.map((x) => [String((x as Record<string, unknown>)[key]), x]));
      for (const k of unionInOrder([...am.keys()], [...bm.keys()])) collect(am.get(k), bm.get(k), `${path}[${k}]`, [], out);
      return;
    }
  }
  out.push({ path: path || '(value)', before: a, after: b });
}

/** A member that every element of both arrays carries, with distinct string values. */
function elementKey(a: unknown[], b: unknown[]): string | null {
  for (const key of ['id', 'name', 'list']) {
    const ok = [a, b].every((arr) => {
      const seen = new Set<string>();
      for (const x of arr) {
        const v = isPlainObject(x) ? x[key] : undefined;
        if (typeof v !== 'string' || seen.has(v)) return false;
        seen.add(v);
      }
      return true;
    });
    if (ok) return key;
  }
  return null;
}

/** Keys of either object: those named in `order` first, then the rest alphabetically. */
export function orderedKeys(a: Record<string, unknown>, b: Record<string, unknown>, order: readonly string[] = []): string[] {
  const all = new Set([...definedKeys(a), ...definedKeys(b)]);
  const first = order.filter((k) => all.has(k));
  const rest = [...all].filter((k) => !order.includes(k)).sort();
  return [...first, ...rest];
}

/** The ids of `before` followed by those only in `after`, each once. */
export function unionInOrder(before: readonly string[], after: readonly string[]): string[] {
  const seen = new Set(before);
  return [...before, ...after.filter((x) => !seen.has(x) && (seen.add(x), true))];
}

function definedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).filter((k) => o[k] !== undefined);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
