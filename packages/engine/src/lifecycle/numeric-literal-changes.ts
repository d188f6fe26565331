/** A number literal of a CEL expression that holds a different value in the new version. */
export interface NumericLiteralChange {
  before: number;
  after: number;
  /** Source just before the literal in the new expression, e.g. `event.amount >`; may be empty. */
  context: string;
}

interface Token {
  kind: 'num' | 'str' | 'id' | 'op';
  text: string;
  value: number;
  start: number;
  end: number;
}

/** Above this many token pairs the alignment is skipped (only same-shape expressions are compared). */
const MAX_ALIGNMENT_CELLS = 4_000_000;

/**
 * The thresholds changed between two versions of a CEL expression: the tokens of both are aligned
 * (longest common subsequence, every number literal matching every other), and each aligned pair
 * of number literals with different values is one change. So `event.amount > 5000.0` →
 * `event.amount > 8000.0 && vars.is_cnp` reports 5000 → 8000, while numbers inside string literals
 * (`'4829'`) never count. A literal that was added or removed is not a threshold change; the
 * condition change itself is reported separately.
 *
 * @example numericLiteralChanges('event.amount > 5000.0', 'event.amount > 8000.0')
 *   // [{before: 5000, after: 8000, context: 'event.amount >'}]
 */
export function numericLiteralChanges(before: string, after: string): NumericLiteralChange[] {
  if (typeof before !== 'string' || typeof after !== 'string' || before === after) return [];
  const a = tokenize(before);
  const b = tokenize(after);
  if (!a || !b) return [];
  const pairs = align(a, b);
  const out: NumericLiteralChange[] = [];
  for (const [i, j] of pairs) {
    const x = a[i]!;
    const y = b[j]!;
    if (x.kind === 'num' && y.kind === 'num' && x.value !== y.value && !(Number.isNaN(x.value) && Number.isNaN(y.value))) {
      out.push({ before: x.value, after: y.value, context: contextOf(after, b, j) });
    }
  }
  return out;
}

function signature(t: Token): string {
  return t.kind === 'num' ? '#' : `${t.kind}:${t.text}`;
}

/** Index pairs of the longest common subsequence of token signatures, in order. */
function align(a: Token[], b: Token[]): Array<[number, number]> {
  const sa = a.map(signature);
  const sb = b.map(signature);
  if (sa.length === sb.length && sa.every((s, i) => s === sb[i])) return sa.map((_, i) => [i, i]);
  if ((sa.length + 1) * (sb.length + 1) > MAX_ALIGNMENT_CELLS) return [];
  const w = sb.length + 1;
  const len = new Uint32Array((sa.length + 1) * w);
  for (let i = sa.length - 1; i >= 0; i--) {
    for (let j = sb.length - 1; j >= 0; j--) {
      len[i * w + j] = sa[i] === sb[j] ? len[(i + 1) * w + j + 1]! + 1 : Math.max(len[(i + 1) * w + j]!, len[i * w + j + 1]!);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < sa.length && j < sb.length) {
    if (sa[i] === sb[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (len[(i + 1) * w + j]! >= len[i * w + j + 1]!) i++;
    else j++;
  }
  return pairs;
}

const BOUNDARY = new Set(['&&', '||', ',', '?', ':', '!']);
const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);
const MAX_CONTEXT_TOKENS = 16;

/**
 * The operand and operator before literal `j`: tokens back to the enclosing boolean operator,
 * comma or unbalanced bracket, so `size(event.items) > 2` gives `size(event.items) >`. A longer
 * run is cut to its last tokens and starts with `…`.
 */
function contextOf(source: string, tokens: Token[], j: number): string {
  let k = j;
  let depth = 0;
  while (k > 0) {
    const t = tokens[k - 1]!;
    if (t.kind === 'op') {
      if (depth === 0 && (BOUNDARY.has(t.text) || OPEN.has(t.text))) break;
      if (CLOSE.has(t.text)) depth++;
      else if (OPEN.has(t.text)) depth--;
    }
    if (j - k >= MAX_CONTEXT_TOKENS) return '…' + text(source, tokens, k, j);
    k--;
  }
  return text(source, tokens, k, j);
}

function text(source: string, tokens: Token[], from: number, to: number): string {
  return from >= to ? '' : source.slice(tokens[from]!.start, tokens[to - 1]!.end).replace(/\s+/g, ' ').trim();
}

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||'];
const STRING_START = /^(?:[rR][bB]?|[bB][rR]?)?(?:'''|"""|'|")/;
const NUMBER = /^(?:0[xX][0-9a-fA-F]+[uU]?|(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+[uU]?)/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Just enough of the CEL lexer to find number literals: strings (raw, bytes, triple-quoted),
 * numbers, identifiers and operators. A minus sign directly before a number where no operand
 * precedes it is part of the literal. Returns null on text it cannot read (the expression was
 * rejected by the compiler anyway).
 */
function tokenize(src: string): Token[] | null {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (src.startsWith('//', i)) {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl + 1;
      continue;
    }
    const str = STRING_START.exec(src.slice(i, i + 5));
    if (str) {
      const prefix = str[0].replace(/['"]+$/, '');
      const quote = str[0].slice(prefix.length);
      const raw = /[rR]/.test(prefix);
      let k = i + str[0].length;
      for (;;) {
        if (k >= src.length) return null;
        if (!raw && src[k] === '\\') {
          k += 2;
          continue;
        }
        if (src.startsWith(quote, k)) {
          k += quote.length;
          break;
        }
        if (quote.length === 1 && src[k] === '\n') return null;
        k++;
      }
      out.push({ kind: 'str', text: src.slice(i, k), value: NaN, start: i, end: k });
      i = k;
      continue;
    }
    const num = NUMBER.exec(src.slice(i));
    if (num && !(out.length && out[out.length - 1]!.kind === 'id' && out[out.length - 1]!.end === i)) {
      let value = parseNumber(num[0]);
      let start = i;
      const prev = out[out.length - 1];
      if (prev && prev.kind === 'op' && prev.text === '-' && !isOperand(out[out.length - 2])) {
        out.pop();
        value = -value;
        start = prev.start;
      }
      out.push({ kind: 'num', text: src.slice(start, i + num[0].length), value, start, end: i + num[0].length });
      i += num[0].length;
      continue;
    }
    const id = IDENT.exec(src.slice(i));
    if (id) {
      out.push({ kind: 'id', text: id[0], value: NaN, start: i, end: i + id[0].length });
      i += id[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i)) ?? c;
    out.push({ kind: 'op', text: op, value: NaN, start: i, end: i + op.length });
    i += op.length;
  }
  return out;
}

function isOperand(t: Token | undefined): boolean {
  return t !== undefined && (t.kind !== 'op' || t.text === ')' || t.text === ']' || t.text === '}');
}

function parseNumber(text: string): number {
  const t = text.replace(/[uU]$/, '');
  return /^0[xX]/.test(t) ? parseInt(t.slice(2), 16) : Number(t);
}
