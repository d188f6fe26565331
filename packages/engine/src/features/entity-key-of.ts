/** Separates the values of a composite entity key; a control character no real identifier holds. */
export const ENTITY_KEY_SEPARATOR = '\u001f';

/**
 * Builds the entity key of an event: the values of the `by` fields joined, or null when any of
 * them is missing or empty (such an event neither reads nor updates the feature).
 * A field name with dots also reaches into nested objects (`payee.account`).
 *
 * @example entityKeyOf(['device', 'ip'], {device: 'd1', ip: '10.0.0.1'}) // 'd1\u001f10.0.0.1'
 */
export function entityKeyOf(by: string[], data: Record<string, unknown>): string | null {
  if (by.length === 1) return part(fieldOf(data, by[0]!));
  let key = '';
  for (let i = 0; i < by.length; i++) {
    const p = part(fieldOf(data, by[i]!));
    if (p === null) return null;
    key = i === 0 ? p : key + ENTITY_KEY_SEPARATOR + p;
  }
  return by.length ? key : null;
}

function fieldOf(data: Record<string, unknown>, field: string): unknown {
  if (Object.hasOwn(data, field)) return data[field];
  if (!field.includes('.')) return undefined;
  let v: unknown = data;
  for (const seg of field.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, seg)) return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

function part(v: unknown): string | null {
  switch (typeof v) {
    case 'string':
      return v.trim() === '' ? null : v;
    case 'number':
      return Number.isFinite(v) ? String(v) : null;
    case 'bigint':
    case 'boolean':
      return String(v);
    default:
      return null;
  }
}
