import type { ParamValue } from '../../../api/types.ts';

export type ParamKind = 'number' | 'string' | 'boolean' | 'list';
export const PARAM_KINDS: readonly ParamKind[] = ['number', 'string', 'boolean', 'list'];
export const PARAM_KEY_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/** The kind of input a value is edited with. */
export function paramKind(value: unknown): ParamKind {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'list';
  return 'string';
}

/** A value as one line of a table: lists joined with commas. */
export function formatParamValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  if (value === null || value === undefined) return '';
  return String(value);
}

/** One row of the parameters table: the effective value, this org's own one, and where it comes from. */
export interface ParamRow {
  key: string;
  effective: unknown;
  own: unknown;
  hasOwn: boolean;
  /** The org whose value applies: this org when it has its own, else the nearest ancestor. */
  source: string | undefined;
  inherited: boolean;
}

/** The rows of the parameters table, sorted by key; own values without an effective one are kept too. */
export function paramRows(p: { own: Record<string, unknown>; effective: Record<string, unknown>; sources?: Record<string, string> }, orgId: string): ParamRow[] {
  const keys = [...new Set([...Object.keys(p.effective), ...Object.keys(p.own)])].sort();
  return keys.map((key) => {
    const hasOwn = Object.prototype.hasOwnProperty.call(p.own, key);
    const source = hasOwn ? orgId : p.sources?.[key];
    return { key, effective: key in p.effective ? p.effective[key] : p.own[key], own: p.own[key], hasOwn, source, inherited: !hasOwn };
  });
}

export type ParamInput = { kind: 'number'; value: number | null } | { kind: 'string'; value: string } | { kind: 'boolean'; value: boolean } | { kind: 'list'; value: string[] };

/** The value to send, or what is wrong with the edited one. */
export function paramValueOf(input: ParamInput): { ok: true; value: ParamValue } | { ok: false; error: 'number' | 'length' | 'list' } {
  switch (input.kind) {
    case 'number':
      return input.value === null || !Number.isFinite(input.value) ? { ok: false, error: 'number' } : { ok: true, value: input.value };
    case 'string':
      return input.value.length > 1000 ? { ok: false, error: 'length' } : { ok: true, value: input.value };
    case 'boolean':
      return { ok: true, value: input.value };
    case 'list': {
      const items = input.value.map((s) => s.trim()).filter(Boolean);
      if (items.length > 500 || items.some((s) => s.length > 256)) return { ok: false, error: 'list' };
      return { ok: true, value: [...new Set(items)] };
    }
  }
}

/** The input that edits an existing value. */
export function paramInputOf(value: unknown): ParamInput {
  switch (paramKind(value)) {
    case 'number':
      return { kind: 'number', value: value as number };
    case 'boolean':
      return { kind: 'boolean', value: value as boolean };
    case 'list':
      return { kind: 'list', value: (value as unknown[]).map(String) };
    default:
      return { kind: 'string', value: value === undefined || value === null ? '' : String(value) };
  }
}

/** An empty input of a kind, when the kind is switched. */
export function emptyParamInput(kind: ParamKind): ParamInput {
  switch (kind) {
    case 'number':
      return { kind, value: null };
    case 'boolean':
      return { kind, value: false };
    case 'list':
      return { kind, value: [] };
    default:
      return { kind: 'string', value: '' };
  }
}
