/**
 * A small CEL tokenizer: used for syntax highlighting in the CEL editor and by the condition
 * builder to read back the CEL it generated. It never throws: what it does not understand
 * becomes an `invalid` token.
 */
export type CelTokenType =
  | 'string'
  | 'number'
  | 'keyword'
  | 'identifier'
  | 'function'
  | 'operator'
  | 'punctuation'
  | 'comment'
  | 'whitespace'
  | 'invalid';

export interface CelToken {
  type: CelTokenType;
  text: string;
  from: number;
  to: number;
}

export const CEL_KEYWORDS: ReadonlySet<string> = new Set(['true', 'false', 'null', 'in']);
const OPERATORS = ['&&', '||', '==', '!=', '>=', '<=', '>', '<', '+', '-', '*', '/', '%', '!', '?', ':'];
const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',', '.']);

/** Length of a string literal starting at `i` (quotes, raw and triple-quoted forms), or 0 if unterminated. */
export function stringLength(src: string, i: number): number {
  let j = i;
  if (src[j] === 'r' || src[j] === 'R') j++;
  const raw = j > i;
  const q = src[j];
  if (q !== '"' && q !== "'") return 0;
  const triple = src.startsWith(q.repeat(3), j);
  const close = triple ? q.repeat(3) : q;
  j += close.length;
  while (j < src.length) {
    if (!raw && src[j] === '\\') {
      j += 2;
      continue;
    }
    if (!triple && src[j] === '\n') return 0;
    if (src.startsWith(close, j)) return j + close.length - i;
    j++;
  }
  return 0;
}

const NUMBER = /^(?:0[xX][0-9a-fA-F]+u?|(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?u?)/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Splits CEL source into tokens covering every character. */
export function tokenizeCel(src: string): CelToken[] {
  const out: CelToken[] = [];
  let i = 0;
  const push = (type: CelTokenType, len: number) => {
    out.push({ type, text: src.slice(i, i + len), from: i, to: i + len });
    i += len;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      let j = i;
      while (j < src.length && /\s/.test(src[j]!)) j++;
      push('whitespace', j - i);
      continue;
    }
    if (src.startsWith('//', i)) {
      const nl = src.indexOf('\n', i);
      push('comment', (nl < 0 ? src.length : nl) - i);
      continue;
    }
    if (c === '"' || c === "'" || ((c === 'r' || c === 'R') && (src[i + 1] === '"' || src[i + 1] === "'"))) {
      const n = stringLength(src, i);
      if (n > 0) push('string', n);
      else push('invalid', src.length - i);
      continue;
    }
    const num = /[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? '')) ? NUMBER.exec(src.slice(i)) : null;
    if (num) {
      push('number', num[0].length);
      continue;
    }
    const id = IDENT.exec(src.slice(i, i + 256));
    if (id) {
      const word = id[0];
      let j = i + word.length;
      while (j < src.length && /\s/.test(src[j]!)) j++;
      push(CEL_KEYWORDS.has(word) ? 'keyword' : src[j] === '(' ? 'function' : 'identifier', word.length);
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      push('operator', op.length);
      continue;
    }
    push(PUNCTUATION.has(c) ? 'punctuation' : 'invalid', 1);
  }
  return out;
}

/** The value of a (non-raw, single-line) string literal token, or null for forms it does not read. */
export function unquoteCel(text: string): string | null {
  const q = text[0];
  if ((q !== '"' && q !== "'") || text.length < 2 || text[text.length - 1] !== q || text.startsWith(q.repeat(3))) return null;
  let out = '';
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = text[++i];
    switch (e) {
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case '\\': case '"': case "'": case '`': case '?': out += e; break;
      case 'u': {
        const hex = text.slice(i + 1, i + 5);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return null;
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
        break;
      }
      default:
        return null;
    }
  }
  return out;
}

/** A CEL double-quoted string literal for any string (quotes, backslashes and control characters escaped). */
export function quoteCel(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
