import { quoteCel, tokenizeCel, unquoteCel, type CelToken } from './cel-tokens.ts';

/**
 * The condition builder's model and its CEL: rows of `subject operator value` joined by AND or OR.
 * `conditionToCel` writes CEL; `celToCondition` reads back what it wrote (and the same forms
 * written by hand, whatever the spacing); anything else gives null and the rule opens in the CEL editor.
 */
export const BUILDER_OPERATORS = ['==', '!=', '>', '>=', '<', '<=', 'in_list', 'not_in_list', 'contains', 'startsWith'] as const;
export type BuilderOperator = (typeof BUILDER_OPERATORS)[number];

/** Operators comparing with a literal, as opposed to list membership and string tests. */
export const COMPARISONS: ReadonlySet<BuilderOperator> = new Set(['==', '!=', '>', '>=', '<', '<=']);

export type BuilderValue =
  | { kind: 'string'; value: string }
  | { kind: 'int'; value: number }
  | { kind: 'double'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'list'; value: string };

export interface ConditionRow {
  /** A path such as `event.amount`, `features.card_count_10m` or `vars.is_cnp`. */
  subject: string;
  op: BuilderOperator;
  value: BuilderValue;
}

export interface BuilderCondition {
  join: 'and' | 'or';
  rows: ConditionRow[];
}

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Whether a subject is a plain path the builder can write. */
export const isSubjectPath = (s: string): boolean => PATH.test(s);

/** A CEL literal for a builder value. Doubles always carry a decimal point or exponent (CEL does not mix int and double). */
export function literalCel(v: BuilderValue): string {
  switch (v.kind) {
    case 'string':
    case 'list':
      return quoteCel(v.value);
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'int':
      return String(Math.trunc(v.value));
    case 'double': {
      if (!Number.isFinite(v.value)) throw new Error('a double must be finite');
      const s = String(v.value);
      return /[.eE]/.test(s) ? s : `${s}.0`;
    }
  }
}

/** One row as CEL. */
export function rowToCel(r: ConditionRow): string {
  switch (r.op) {
    case 'in_list':
      return `inList(${quoteCel(r.value.value as string)}, ${r.subject})`;
    case 'not_in_list':
      return `!inList(${quoteCel(r.value.value as string)}, ${r.subject})`;
    case 'contains':
    case 'startsWith':
      return `${r.subject}.${r.op}(${quoteCel(String(r.value.value))})`;
    default:
      return `${r.subject} ${r.op} ${literalCel(r.value)}`;
  }
}

/** The whole condition as CEL; an empty condition is `true`. */
export function conditionToCel(c: BuilderCondition): string {
  if (c.rows.length === 0) return 'true';
  return c.rows.map(rowToCel).join(c.join === 'and' ? ' && ' : ' || ');
}

/** Reads back a condition the builder can show, or null if the CEL has any other shape. */
export function celToCondition(src: string): BuilderCondition | null {
  const toks = tokenizeCel(src).filter((t) => t.type !== 'whitespace');
  if (toks.some((t) => t.type === 'comment' || t.type === 'invalid')) return null;
  if (toks.length === 1 && toks[0]!.text === 'true') return { join: 'and', rows: [] };
  const p = new Reader(toks);
  const rows: ConditionRow[] = [];
  let join: 'and' | 'or' | undefined;
  for (;;) {
    const row = p.row();
    if (!row) return null;
    rows.push(row);
    if (p.done()) break;
    const op = p.next();
    const j = op?.text === '&&' ? 'and' : op?.text === '||' ? 'or' : undefined;
    if (!j || (join && join !== j)) return null;
    join = j;
  }
  return { join: join ?? 'and', rows };
}

class Reader {
  private i = 0;
  constructor(private readonly toks: CelToken[]) {}

  done(): boolean {
    return this.i >= this.toks.length;
  }
  next(): CelToken | undefined {
    return this.toks[this.i++];
  }
  private peek(k = 0): CelToken | undefined {
    return this.toks[this.i + k];
  }
  private eat(text: string): boolean {
    if (this.peek()?.text !== text) return false;
    this.i++;
    return true;
  }

  /** identifier (. identifier)*, stopping before a `.contains(` / `.startsWith(` call. */
  private path(): string | null {
    const first = this.peek();
    if (!first || first.type !== 'identifier') return null;
    this.i++;
    let out = first.text;
    while (this.peek()?.text === '.' && this.peek(1)?.type === 'identifier') {
      out += `.${this.peek(1)!.text}`;
      this.i += 2;
    }
    return out;
  }

  private stringLit(): string | null {
    const t = this.peek();
    if (t?.type !== 'string') return null;
    const v = unquoteCel(t.text);
    if (v !== null) this.i++;
    return v;
  }

  private literal(): BuilderValue | null {
    const neg = this.peek()?.text === '-' && this.peek(1)?.type === 'number';
    if (neg) this.i++;
    const t = this.next();
    if (!t) return null;
    if (t.type === 'number') {
      if (!/^(\d+\.\d*|\d+)([eE][+-]?\d+)?$/.test(t.text)) return null;
      const n = Number(t.text) * (neg ? -1 : 1);
      const isDouble = /[.eE]/.test(t.text);
      if (!isDouble && !Number.isSafeInteger(n)) return null;
      return { kind: isDouble ? 'double' : 'int', value: n === 0 ? 0 : n };
    }
    if (neg) return null;
    if (t.type === 'keyword' && (t.text === 'true' || t.text === 'false')) return { kind: 'bool', value: t.text === 'true' };
    if (t.type === 'string') {
      const v = unquoteCel(t.text);
      return v === null ? null : { kind: 'string', value: v };
    }
    return null;
  }

  row(): ConditionRow | null {
    const negated = this.eat('!');
    const head = this.peek();
    if (head?.type === 'function' && head.text === 'inList') {
      this.i++;
      if (!this.eat('(')) return null;
      const list = this.stringLit();
      if (list === null || !this.eat(',')) return null;
      const subject = this.path();
      if (!subject || !this.eat(')')) return null;
      return { subject, op: negated ? 'not_in_list' : 'in_list', value: { kind: 'list', value: list } };
    }
    if (negated) return null;
    const subject = this.path();
    if (!subject) return null;
    const t = this.peek();
    if (t?.text === '.' && (this.peek(1)?.text === 'contains' || this.peek(1)?.text === 'startsWith') && this.peek(1)?.type === 'function') {
      const op = this.peek(1)!.text as 'contains' | 'startsWith';
      this.i += 2;
      if (!this.eat('(')) return null;
      const v = this.stringLit();
      if (v === null || !this.eat(')')) return null;
      return { subject, op, value: { kind: 'string', value: v } };
    }
    if (t?.type !== 'operator' || !COMPARISONS.has(t.text as BuilderOperator)) return null;
    this.i++;
    const value = this.literal();
    return value ? { subject, op: t.text as BuilderOperator, value } : null;
  }
}
