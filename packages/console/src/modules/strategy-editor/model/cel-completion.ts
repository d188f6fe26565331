import type { AuthoringCatalogue } from '../../../api/types.ts';
import type { CelTokenType } from './cel-tokens.ts';

/** The CSS class of each token type in the CEL editor (styled by the editor's theme). */
export const CEL_TOKEN_CLASS: Record<CelTokenType, string | null> = {
  string: 'cm-cel-string',
  number: 'cm-cel-number',
  keyword: 'cm-cel-keyword',
  identifier: 'cm-cel-identifier',
  function: 'cm-cel-function',
  operator: 'cm-cel-operator',
  punctuation: null,
  comment: 'cm-cel-comment',
  whitespace: null,
  invalid: 'cm-cel-invalid',
};

export interface CelCompletion {
  label: string;
  /** CodeMirror completion type: its icon. */
  type: 'property' | 'variable' | 'function' | 'constant' | 'keyword';
  detail: string;
  info?: string;
  /** Inserted text when it differs from the label. */
  apply?: string;
  /** Ordering boost: event fields and features first. */
  boost: number;
}

/** What the CEL editor offers, from the authoring catalogue (a filter sees only the event and context). */
export function completionsFor(c: AuthoringCatalogue, context: string): CelCompletion[] {
  const out: CelCompletion[] = [];
  for (const f of c.fields) out.push({ label: f.name, type: 'property', detail: f.type, info: [f.doc, f.values?.join(' | ')].filter(Boolean).join('\n'), boost: 3 });
  for (const x of c.context) out.push({ label: x.name, type: 'variable', detail: x.type, boost: 0 });
  if (context !== 'filter') {
    for (const f of c.features) out.push({ label: f.name, type: 'property', detail: f.type, ...(f.doc ? { info: f.doc } : {}), boost: 2 });
    for (const v of c.variables) out.push({ label: v.name, type: 'variable', detail: v.type, ...(v.doc ? { info: v.doc } : {}), boost: 2 });
    for (const m of [...c.models, ...c.dataSources]) out.push({ label: m.name, type: 'property', detail: m.type, boost: 1 });
  }
  for (const p of c.params) out.push({ label: p.name, type: 'constant', detail: p.type, ...(p.doc ? { info: p.doc } : {}), boost: 0 });
  const seen = new Set<string>();
  for (const f of c.functions) {
    if (seen.has(f.name)) continue;
    seen.add(f.name);
    const overloads = c.functions.filter((g) => g.name === f.name);
    out.push({ label: f.name, type: 'function', detail: overloads.map((g) => g.signature).join('  ·  '), info: f.doc, apply: `${f.name}(`, boost: 1 });
  }
  for (const k of ['true', 'false', 'null', 'in']) out.push({ label: k, type: 'keyword', detail: '', boost: -1 });
  return out;
}

/** Inside the first argument of a list function: list keys are offered there. */
export const LIST_ARGUMENT = /\b(?:inList|listEntry|nameMatch)\(\s*["']([A-Za-z0-9_]*)$/;
