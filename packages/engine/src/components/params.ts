import type { Issue } from '../validation-error.ts';

/** Parameter types of templates and components, and how each is written into CEL. */
export type ParamType = 'int' | 'double' | 'string' | 'string_list' | 'window' | 'field' | 'list';

export interface ParamDef {
  name: string;
  type: ParamType;
  description: { zh: string; en: string };
  default?: unknown;
}

const NAME = /^[a-z][a-zA-Z0-9_]{0,31}$/;
const WINDOW = /^[0-9]{1,4}[smhd]$/;
const FIELD = /^[a-z][A-Za-z0-9_]{0,63}$/;
const LIST_KEY = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Checks arguments against parameter definitions (defaults filled in) and returns them with
 * every issue found; path prefix names where the arguments sit in the request.
 */
export function checkArgs(params: ParamDef[], args: Record<string, unknown>, path: string): { values: Record<string, unknown>; issues: Issue[] } {
  const issues: Issue[] = [];
  const values: Record<string, unknown> = {};
  for (const k of Object.keys(args)) {
    if (!params.some((p) => p.name === k)) issues.push({ path: `${path}.${k}`, code: 'UNKNOWN_PARAM', message: 'no such parameter' });
  }
  for (const p of params) {
    const v = Object.hasOwn(args, p.name) ? args[p.name] : p.default;
    const at = `${path}.${p.name}`;
    if (v === undefined) {
      issues.push({ path: at, code: 'REQUIRED', message: 'is required' });
      continue;
    }
    const bad = (message: string) => issues.push({ path: at, code: 'INVALID_PARAM', message });
    switch (p.type) {
      case 'int':
        if (!Number.isSafeInteger(v)) bad('must be an integer');
        break;
      case 'double':
        if (typeof v !== 'number' || !Number.isFinite(v)) bad('must be a number');
        break;
      case 'string':
        if (typeof v !== 'string' || v.length > 256) bad('must be a string of at most 256 characters');
        break;
      case 'string_list':
        if (!Array.isArray(v) || v.length > 100 || !v.every((x) => typeof x === 'string' && x.length <= 256)) bad('must be a list of at most 100 strings');
        break;
      case 'window':
        if (typeof v !== 'string' || !WINDOW.test(v)) bad('must be a window such as 10m, 24h or 7d');
        break;
      case 'field':
        if (typeof v !== 'string' || !FIELD.test(v)) bad('must be an event field name');
        break;
      case 'list':
        if (typeof v !== 'string' || !LIST_KEY.test(v)) bad('must be a list key');
        break;
    }
    values[p.name] = v;
  }
  return { values, issues };
}

export function validParamName(name: string): boolean {
  return NAME.test(name);
}

/**
 * Writes a checked argument as a CEL literal. Strings are JSON-quoted (a valid CEL string literal),
 * numbers of a double parameter always carry a decimal point so comparisons stay typed, and field
 * names are emitted as a field selection on `event`.
 */
export function celLiteral(type: ParamType, v: unknown): string {
  switch (type) {
    case 'int':
      return String(v);
    case 'double': {
      const s = String(v);
      return /[.eE]/.test(s) ? s : `${s}.0`;
    }
    case 'string':
    case 'list':
    case 'window':
      return JSON.stringify(v);
    case 'string_list':
      return `[${(v as string[]).map((x) => JSON.stringify(x)).join(', ')}]`;
    case 'field':
      return `event.${v as string}`;
  }
}
