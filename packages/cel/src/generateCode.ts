import type { CelHost } from './celHost.ts';
import type { CelFunctionDecl, CelNode, CelTypeDecl } from './celInternals.ts';
import type { CelEnvironment } from './environment.ts';
import { CelCompileError } from './errors.ts';
import { LIBRARY_BY_HANDLER } from './library.ts';
import type { CelLimits } from './limits.ts';
import { regexRefusal } from './regexSafety.ts';
import { RUNTIME, type RuntimeHelpers } from './runtime.ts';
import { isRecord } from './runtimeValues.ts';

/** Static kinds the generator specialises on; 'dyn' means "decided at run time". */
type Kind = 'int' | 'double' | 'string' | 'bool' | 'null' | 'list' | 'map' | 'timestamp' | 'duration' | 'message' | 'dyn' | 'unsupported';

/**
 * A generated JavaScript expression. Statements it depends on have already been emitted;
 * `pure` means evaluating it cannot throw and has no effect (so it may be reordered), `atom` that
 * it is a name or literal (so it may be repeated), `num` an equivalent plain-number expression for
 * an int whose value is known to be a safe integer (a size, a small literal).
 */
interface Code {
  js: string;
  pure: boolean;
  atom: boolean;
  num?: string;
  /** For size(string): the string's `.length`, equal to the code point count's sign (zero or not). */
  zeroTest?: string;
}

interface ScopeEntry {
  name: string;
  js: string;
}

/** A compiled expression; throws only CelEvalError. */
export type CompiledFunction = (ctx: Record<string, unknown>, host?: CelHost) => unknown;

export interface GeneratedCode {
  js: string;
  fn: CompiledFunction;
}

const TIMESTAMP = 'google.protobuf.Timestamp';
const DURATION = 'google.protobuf.Duration';
const MAX_SAFE = 2n ** 53n;
const INLINE_IN_LIMIT = 16;
const HOST_FUNCTIONS = new Set(['inList', 'listEntry', 'nameMatch']);
const PRIMITIVE_KINDS = new Set<Kind>(['int', 'double', 'string', 'bool', 'null']);
const ORDERED_KINDS = new Set<Kind>(['int', 'double', 'string', 'bool', 'timestamp', 'duration']);
const RELATIONAL = new Set(['<', '<=', '>', '>=']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);
const MATCHES_SIGNATURE = 'string.matches(string): bool';

function numberLiteral(x: number): string {
  if (Number.isNaN(x)) return '(0/0)';
  if (x === Infinity) return '(1/0)';
  if (x === -Infinity) return '(-1/0)';
  if (Object.is(x, -0)) return '(-0)';
  return x < 0 ? `(${x})` : String(x);
}

function exactDouble(v: bigint): number | undefined {
  const n = Number(v);
  return BigInt(n) === v ? n : undefined;
}

function isPrimitiveLiteral(node: CelNode): boolean {
  const t = typeof node.args;
  return node.op === 'value' && (t === 'string' || t === 'bigint' || t === 'number' || t === 'boolean');
}

function containsDate(value: unknown): boolean {
  if (value instanceof Date) return true;
  if (Array.isArray(value)) return value.some(containsDate);
  if (isRecord(value)) return Object.values(value).some(containsDate);
  return false;
}

function deepFreeze<T>(value: T): T {
  if (Array.isArray(value)) value.forEach(deepFreeze);
  else if (isRecord(value)) Object.values(value).forEach(deepFreeze);
  return Object.freeze(value);
}

/**
 * Compiles a type-checked cel-js AST to the source of a JavaScript function. Every construct
 * mirrors the cel-js interpreter's semantics, including evaluation order (cel-js evaluates call
 * arguments and list elements right to left, which decides which error wins) and error
 * absorption in `&&`, `||`, `exists` and `all`.
 */
export class CodeGenerator {
  private lines: string[] = [];
  private temps = 0;
  private readonly helpers = new Map<string, string>();
  private readonly constants: unknown[] = [];
  private readonly scopes: ScopeEntry[] = [];
  private usesLoops = false;
  private scratchCount = 0;
  private readonly scratchNames: string[] = [];
  private readonly safeCache = new WeakMap<CelNode, boolean>();
  private readonly constCache = new WeakMap<CelNode, boolean>();

  constructor(
    private readonly env: CelEnvironment,
    private readonly limits: CelLimits,
    private readonly source: string,
    private readonly folding = true,
  ) {}

  /** Generates the function for `root`. */
  generate(root: CelNode): GeneratedCode {
    const result = this.gen(root, true);
    const locals = [...(this.usesLoops ? ['IT = 0'] : []), ...this.scratchNames];
    // The function is handed out as `evaluate` itself, so it normalises the context and turns
    // every failure into a CelEvalError without a wrapper call.
    const proto = this.h('ObjectPrototype');
    const body = [
      `if (ctx === null || typeof ctx !== "object" || ctx.__proto__ !== ${proto}) ctx = ${this.h('contextObject')}(ctx);`,
      'try {',
      ...(locals.length > 0 ? [`let ${locals.join(', ')};`] : []),
      ...this.lines,
      `return ${result.js};`,
      `} catch (e) { throw ${this.h('toEvalError')}(e); }`,
    ];
    const header: string[] = ['"use strict";'];
    for (const [name, alias] of this.helpers) header.push(`const ${alias} = H[${JSON.stringify(name)}];`);
    this.constants.forEach((_, i) => header.push(`const k${i} = K[${i}];`));
    const js = `${header.join('\n')}\nreturn function celExpression(ctx, host) {\n${body.join('\n')}\n};`;
    const factory = new Function('H', 'K', js) as (h: RuntimeHelpers, k: unknown[]) => CompiledFunction;
    return { js, fn: factory(RUNTIME, this.constants) };
  }

  // --- infrastructure --------------------------------------------------------------------------

  private unsupported(node: CelNode, what: string): never {
    throw new CelCompileError('CEL_UNSUPPORTED', `Not supported by the rule compiler: ${what}`, this.source, node.pos);
  }

  private h(name: keyof RuntimeHelpers | string): string {
    if (!(name in RUNTIME)) throw new Error(`Unknown runtime helper ${name}`);
    let alias = this.helpers.get(name);
    if (!alias) {
      alias = `h_${name}`;
      this.helpers.set(name, alias);
    }
    return alias;
  }

  private k(value: unknown): string {
    this.constants.push(value);
    return `k${this.constants.length - 1}`;
  }

  private tmp(prefix = 't'): string {
    return `${prefix}${this.temps++}`;
  }

  private emit(line: string): void {
    this.lines.push(line);
  }

  /** Runs `fn` with a fresh statement buffer, returning the statements it emitted. */
  private capture<T>(fn: () => T): { lines: string[]; result: T } {
    const saved = this.lines;
    this.lines = [];
    try {
      const result = fn();
      return { lines: this.lines, result };
    } finally {
      this.lines = saved;
    }
  }

  private atom(c: Code): Code {
    if (c.atom) return c;
    const t = this.tmp();
    this.emit(`const ${t} = ${c.js};`);
    return { js: t, pure: true, atom: true };
  }

  /**
   * Generates `nodes` in evaluation order (`rtl` as cel-js does for call arguments and list
   * elements) and returns their codes in source order. Whenever a later operand needs statements,
   * earlier operands that may throw are evaluated into temporaries first, so errors surface in the
   * interpreter's order.
   */
  private seq(nodes: CelNode[], order: 'ltr' | 'rtl', allowMessage = false): Code[] {
    const indices = nodes.map((_, i) => i);
    if (order === 'rtl') indices.reverse();
    const codes: Code[] = new Array(nodes.length);
    const done: number[] = [];
    for (const i of indices) {
      const mark = this.lines.length;
      const c = this.gen(nodes[i], allowMessage);
      if (this.lines.length > mark) {
        const pre: string[] = [];
        for (const j of done) {
          if (codes[j].pure) continue;
          const t = this.tmp();
          pre.push(`const ${t} = ${codes[j].js};`);
          codes[j] = { js: t, pure: true, atom: true };
        }
        this.lines.splice(mark, 0, ...pre);
      }
      codes[i] = c;
      done.push(i);
    }
    if (order === 'rtl' && codes.filter((c) => !c.pure).length > 1) {
      for (const i of indices) if (!codes[i].pure) codes[i] = this.atom(codes[i]);
    }
    return codes;
  }

  /** Generates `next` to be evaluated after the already generated `first` (see seq). */
  private after(first: Code, next: CelNode): [Code, Code] {
    const mark = this.lines.length;
    const c = this.gen(next);
    if (this.lines.length > mark && !first.pure) {
      const t = this.tmp();
      this.lines.splice(mark, 0, `const ${t} = ${first.js};`);
      return [{ js: t, pure: true, atom: true }, c];
    }
    return [first, c];
  }

  private lookup(name: string): ScopeEntry | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) if (this.scopes[i].name === name) return this.scopes[i];
    return undefined;
  }

  private kind(t: CelTypeDecl | undefined): Kind {
    if (!t) return 'dyn';
    switch (t.kind) {
      case 'dyn':
      case 'param':
        return 'dyn';
      case 'list':
        return 'list';
      case 'map':
        return 'map';
      case 'primitive':
        return PRIMITIVE_KINDS.has(t.name as Kind) ? (t.name as Kind) : 'unsupported';
      case 'message':
        return this.messageKind(t.name);
      default:
        return 'unsupported';
    }
  }

  private messageKind(name: string): Kind {
    if (name === TIMESTAMP) return 'timestamp';
    if (name === DURATION) return 'duration';
    return this.env.messageTypes.has(name) ? 'message' : 'unsupported';
  }

  /** Kind of a schema field from its cel-js type name. */
  private kindOfTypeName(name: string): Kind {
    if (PRIMITIVE_KINDS.has(name as Kind)) return name as Kind;
    if (name === 'dyn') return 'dyn';
    if (name === 'list' || name.startsWith('list<')) return 'list';
    if (name === 'map' || name.startsWith('map<')) return 'map';
    return this.messageKind(name);
  }

  private supportedKind(node: CelNode, t: CelTypeDecl | undefined): Kind {
    const k = this.kind(t);
    if (k === 'unsupported') this.unsupported(node, `values of type '${t?.name}'`);
    return k;
  }

  // --- static properties of nodes ---------------------------------------------------------------

  /** Whether a node cannot throw, so `&&`/`||`/quantifiers need no try/catch around it. */
  private safe(node: CelNode): boolean {
    const cached = this.safeCache.get(node);
    if (cached !== undefined) return cached;
    const result = this.computeSafe(node);
    this.safeCache.set(node, result);
    return result;
  }

  private computeSafe(node: CelNode): boolean {
    const staticKind = (n: CelNode) => (n.checkedType?.hasDynType ? 'dyn' : this.kind(n.checkedType));
    const args = node.args;
    switch (node.op) {
      case 'value':
        return isPrimitiveLiteral(node) || node.args === null;
      case 'id':
        return this.lookup(args) !== undefined;
      case 'list':
        return (args as CelNode[]).every((n) => this.safe(n));
      case '!_':
        return staticKind(args) === 'bool' && this.safe(args);
      case '&&':
      case '||':
        return staticKind(args[0]) === 'bool' && staticKind(args[1]) === 'bool' && this.safe(args[0]) && this.safe(args[1]);
      case '?:':
        return staticKind(args[0]) === 'bool' && this.safe(args[0]) && this.safe(args[1]) && this.safe(args[2]);
      case '==':
      case '!=': {
        const k = staticKind(args[0]);
        return k === staticKind(args[1]) && (PRIMITIVE_KINDS.has(k) || k === 'timestamp' || k === 'duration') && this.safe(args[0]) && this.safe(args[1]);
      }
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const a = staticKind(args[0]);
        const b = staticKind(args[1]);
        return ORDERED_KINDS.has(a) && ORDERED_KINDS.has(b) && this.safe(args[0]) && this.safe(args[1]);
      }
      case '+':
      case '-':
      case '*':
      case '/':
        return staticKind(args[0]) === 'double' && staticKind(args[1]) === 'double' && this.safe(args[0]) && this.safe(args[1]);
      case 'in':
        return (
          args[1].op === 'list' &&
          (args[1].args as CelNode[]).every(isPrimitiveLiteral) &&
          PRIMITIVE_KINDS.has(staticKind(args[0])) &&
          this.safe(args[0])
        );
      default:
        return false;
    }
  }

  /** Whether a node is built from literals only, so it can be evaluated once at compile time. */
  private isConstant(node: CelNode): boolean {
    const cached = this.constCache.get(node);
    if (cached !== undefined) return cached;
    let result: boolean;
    const args = node.args;
    switch (node.op) {
      case 'value':
        result = true;
        break;
      case 'list':
        result = (args as CelNode[]).every((n) => this.isConstant(n));
        break;
      case 'map':
        result = (args as [CelNode, CelNode][]).every(([k, v]) => this.isConstant(k) && this.isConstant(v));
        break;
      case '!_':
      case '-_':
        result = this.isConstant(args);
        break;
      case 'call':
      case 'rcall': {
        const isMethod = node.op === 'rcall';
        const operands: CelNode[] = isMethod ? [args[1], ...args[2]] : args[1];
        result =
          !node.meta.alternate &&
          !node.meta.macro &&
          !HOST_FUNCTIONS.has(args[0]) &&
          operands.every((n) => this.isConstant(n));
        break;
      }
      case 'id':
      case '.':
      case '.?':
      case '[?]':
        result = false;
        break;
      default:
        result = Array.isArray(args) && (args as CelNode[]).every((n) => this.isConstant(n));
    }
    this.constCache.set(node, result);
    return result;
  }

  /** Evaluates a constant sub-expression now; null when it fails (it then fails at run time). */
  private fold(node: CelNode): Code | null {
    const { fn } = new CodeGenerator(this.env, this.limits, this.source, false).generate(node);
    let value: unknown;
    try {
      value = fn({}, undefined);
    } catch {
      return null;
    }
    switch (typeof value) {
      case 'bigint':
      case 'number':
      case 'string':
      case 'boolean':
        return this.literal(node, value);
      case 'object':
        if (value === null) return this.literal(node, value);
        // Dates are mutable through their methods, so a shared constant could be altered by a caller.
        if (containsDate(value)) return null;
        return { js: this.k(deepFreeze(value)), pure: true, atom: true };
      default:
        return null;
    }
  }

  // --- generation ------------------------------------------------------------------------------

  private gen(node: CelNode, allowMessage = false): Code {
    if (!allowMessage && this.kind(node.checkedType) === 'message') {
      this.unsupported(node, 'schema objects can only be used for field selection, has() and distanceKm()');
    }
    if (this.folding && node.op !== 'value' && this.isConstant(node)) {
      const folded = this.fold(node);
      if (folded) return folded;
    }
    switch (node.op) {
      case 'value':
        return this.literal(node, node.args);
      case 'id':
        return this.identifier(node);
      case '.':
        return this.select(node, node.args[0], node.args[1]);
      case '[]':
        return this.index(node);
      case 'call':
      case 'rcall':
        return this.call(node);
      case 'list':
        return this.list(node);
      case 'map':
        return this.mapLiteral(node);
      case '?:':
        return this.ternary(node);
      case '&&':
      case '||':
        return this.logical(node);
      case '!_':
      case '-_':
        return this.unary(node);
      case '==':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
      case 'in':
        return this.binary(node);
      default:
        return this.unsupported(node, `the '${node.op}' operator (optional types are disabled)`);
    }
  }

  private literal(node: CelNode, v: unknown): Code {
    switch (typeof v) {
      case 'bigint': {
        const n = exactDouble(v);
        const num = n !== undefined && v <= MAX_SAFE && v >= -MAX_SAFE ? numberLiteral(n) : undefined;
        return { js: v < 0n ? `(${v}n)` : `${v}n`, pure: true, atom: true, num };
      }
      case 'number':
        return { js: numberLiteral(v), pure: true, atom: true };
      case 'string':
        return { js: JSON.stringify(v), pure: true, atom: true };
      case 'boolean':
        return { js: String(v), pure: true, atom: true };
      default:
        if (v === null) return { js: 'null', pure: true, atom: true };
        return this.unsupported(node, 'bytes and uint literals');
    }
  }

  private identifier(node: CelNode): Code {
    const name = node.args as string;
    const scoped = this.lookup(name);
    if (scoped) return { js: scoped.js, pure: true, atom: true };
    if (node.meta.alternate) this.unsupported(node, `'${name}' (type names and namespaces)`);
    if (!this.env.variableNames.has(name)) this.unsupported(node, `identifier '${name}'`);
    const kind = this.supportedKind(node, node.checkedType);
    const k = JSON.stringify(name);
    // Variable names never collide with Object.prototype members, so a plain read is an own read
    // unless Object.prototype has been polluted with that name.
    const raw = `(${k} in ${this.h('ObjectPrototype')} ? ${this.h('ownValue')}(ctx, ${k}) : ctx[${k}])`;
    return this.checked(raw, 'rd', kind, k, node.pos);
  }

  /**
   * A value entering the expression (variable, field, map value) checked against its static kind.
   * Plain objects take an inline fast path: `__proto__` is read with this expression's own inline
   * cache (V8 folds it to the object's map), where a shared helper calling getPrototypeOf would see
   * every object shape and cost several times more. An own `__proto__` key or a null prototype
   * falls through to the helper, which checks properly.
   */
  private checked(raw: string, mode: 'rd' | 'fd', kind: Kind, label: string, pos: number): Code {
    const helper = this.h(`${mode}_${kind}`);
    if (kind === 'message' || kind === 'map') {
      const t = this.scratch();
      return {
        js: `((${t} = ${raw}) !== null && typeof ${t} === "object" && ${t}.__proto__ === ${this.h('ObjectPrototype')} ? ${t} : ${helper}(${t}, ${label}, ${pos}))`,
        pure: false,
        atom: false,
      };
    }
    return { js: `${helper}(${raw}, ${label}, ${pos})`, pure: false, atom: false };
  }

  /** A function-level scratch variable, assigned and consumed within one expression. */
  private scratch(): string {
    const name = `x${this.scratchCount++}`;
    this.scratchNames.push(name);
    return name;
  }

  /** `o.key` (also `o["key"]` with a literal key). */
  private select(node: CelNode, left: CelNode, key: string): Code {
    const leftKind = this.supportedKind(left, left.checkedType);
    const k = JSON.stringify(key);
    if (leftKind === 'message' || leftKind === 'map') {
      const o = this.atom(this.gen(left, true));
      const fieldKind = this.supportedKind(node, node.checkedType);
      // Own properties only. Records here have Object.prototype (or no) prototype, so a plain read
      // can only be inherited when the key exists on Object.prototype, which takes the own-check;
      // Maps and prototype-less maps go through mapGet.
      const proto = this.h('ObjectPrototype');
      const raw =
        leftKind === 'message'
          ? `(${k} in ${proto} ? ${this.h('ownValue')}(${o.js}, ${k}) : ${o.js}[${k}])`
          : `(${k} in ${proto} || ${o.js}.__proto__ !== ${proto} ? ${this.h('mapGet')}(${o.js}, ${k}) : ${o.js}[${k}])`;
      return this.checked(raw, 'fd', fieldKind, k, node.pos);
    }
    if (leftKind === 'dyn') {
      const o = this.gen(left);
      return { js: `${this.h('dynGet')}(${o.js}, ${k}, ${node.pos})`, pure: false, atom: false };
    }
    return this.unsupported(node, `field selection on '${left.checkedType?.name}'`);
  }

  private index(node: CelNode): Code {
    const [left, index] = node.args as [CelNode, CelNode];
    const leftKind = this.supportedKind(left, left.checkedType);
    const literalKey = index.op === 'value' && typeof index.args === 'string';
    if (literalKey && (leftKind === 'message' || leftKind === 'map')) return this.select(node, left, index.args);
    if (leftKind === 'message') return this.unsupported(node, 'indexing a schema object with a computed key');
    const [o0, i0] = this.seq([left, index], 'ltr');
    const pos = node.pos;
    if (leftKind === 'dyn') return { js: `${this.h('dynGet')}(${o0.js}, ${i0.js}, ${pos})`, pure: false, atom: false };
    // The index is used twice; keep evaluation order by materialising the object first.
    const o = this.atom(o0);
    if (leftKind === 'list') {
      const i = this.atom(i0);
      const elemKind = this.supportedKind(node, node.checkedType);
      return { js: `${this.h(`li_${elemKind}`)}(${this.h('listGet')}(${o.js}, ${i.js}, ${pos}), ${i.js}, ${pos})`, pure: false, atom: false };
    }
    if (leftKind === 'map') {
      const i = this.atom(i0);
      const valueKind = this.supportedKind(node, node.checkedType);
      return { js: `${this.h(`fd_${valueKind}`)}(${this.h('mapGet')}(${o.js}, ${i.js}), ${i.js}, ${pos})`, pure: false, atom: false };
    }
    return this.unsupported(node, `indexing '${left.checkedType?.name}'`);
  }

  private list(node: CelNode): Code {
    const elements = node.args as CelNode[];
    const codes = this.seq(elements, 'rtl');
    return { js: `[${codes.map((c) => c.js).join(', ')}]`, pure: codes.every((c) => c.pure), atom: false };
  }

  private mapLiteral(node: CelNode): Code {
    const entries = node.args as [CelNode, CelNode][];
    const flat = entries.flat();
    const codes = this.seq(flat, 'ltr');
    const pure = codes.every((c) => c.pure);
    if (entries.every(([key]) => key.op === 'value' && typeof key.args === 'string')) {
      // Keys were checked against forbidden names, so an object literal is safe and fastest.
      const props = entries.map(([key], i) => `${JSON.stringify(key.args)}: ${codes[2 * i + 1].js}`);
      return { js: `{${props.join(', ')}}`, pure, atom: false };
    }
    return { js: `${this.h('mapLiteral')}([${codes.map((c) => c.js).join(', ')}])`, pure, atom: false };
  }

  private unary(node: CelNode): Code {
    const operand = node.args as CelNode;
    const kind = operand.checkedType?.hasDynType ? 'dyn' : this.supportedKind(operand, operand.checkedType);
    const a = this.gen(operand);
    if (node.op === '!_') {
      if (kind === 'bool') return { js: `(!${a.js})`, pure: a.pure, atom: false };
      if (kind === 'dyn') return { js: `${this.h('notDyn')}(${a.js}, ${node.pos})`, pure: false, atom: false };
    } else {
      // cel-js does not range-check int negation either.
      if (kind === 'int' || kind === 'double') return { js: `(-(${a.js}))`, pure: a.pure, atom: false };
      if (kind === 'dyn') return { js: `${this.h('negDyn')}(${a.js}, ${node.pos})`, pure: false, atom: false };
    }
    return this.unsupported(node, `operator ${node.op[0]} on '${operand.checkedType?.name}'`);
  }

  private binary(node: CelNode): Code {
    if (!ARITHMETIC.has(node.op)) return this.binaryWith(node, null);
    // A long chain `a + b - c + ...` is generated iteratively: recursing once per operator would
    // exhaust the stack on a few thousand terms, which the interpreter handles.
    const spine: CelNode[] = [];
    let cur = node;
    while (ARITHMETIC.has(cur.op) && spine.length < 100_000) {
      spine.push(cur);
      cur = cur.args[0];
      if (this.folding && this.isConstant(cur)) break;
    }
    let acc = this.gen(cur);
    for (let i = spine.length - 1; i >= 0; i--) {
      acc = this.binaryWith(spine[i], acc);
      if (spine.length > 8 && i > 0) acc = this.atom(acc);
    }
    return acc;
  }

  /** A binary operator; `left` is the already generated left operand, if any. */
  private binaryWith(node: CelNode, left: Code | null): Code {
    const op = node.op;
    const [l, r] = node.args as [CelNode, CelNode];
    let lk = this.supportedKind(l, l.checkedType);
    let rk = this.supportedKind(r, r.checkedType);
    let dynamic = lk === 'dyn' || rk === 'dyn' || l.checkedType!.hasDynType || r.checkedType!.hasDynType;
    const pos = node.pos;
    const placeholder = l.checkedType!.kind === 'param' || r.checkedType!.kind === 'param';
    if (placeholder && (l.checkedType!.hasDynType || r.checkedType!.hasDynType)) {
      // cel-js dispatches this at run time with T as a static type, which can make its overload
      // lookup fail with an internal "overlaps" error; there is no CEL meaning to reproduce.
      return this.unsupported(node, `'${op}' between a dyn value and a value of placeholder type`);
    }
    if (op === 'in') return this.membership(node, l, r, lk, rk, dynamic);
    if (!l.checkedType!.hasDynType && !r.checkedType!.hasDynType && (l.checkedType!.kind === 'param' || r.checkedType!.kind === 'param')) {
      // An element of an empty literal (`([] + l)[0]`) has the placeholder type T. cel-js then
      // binds the operator statically to the one overload T fits, so do the same.
      const decl = node.candidates?.findBinaryOverload?.(l.checkedType!, r.checkedType!);
      if (!decl || decl.leftType.hasPlaceholderType || decl.rightType.hasPlaceholderType) {
        return this.unsupported(node, `'${op}' on values of placeholder type`);
      }
      lk = this.supportedKind(node, decl.leftType);
      rk = this.supportedKind(node, decl.rightType);
      dynamic = false;
    }
    const [a, b] = left ? this.after(left, r) : this.seq([l, r], 'ltr');
    const call = (helper: string, ...extra: (string | number)[]): Code => ({
      js: `${this.h(helper)}(${[a.js, b.js, ...extra].join(', ')})`,
      pure: false,
      atom: false,
    });
    if (dynamic) {
      switch (op) {
        case '+':
          return call('addDyn', this.limits.maxConcatLength, pos);
        case '-':
          return call('subDyn', pos);
        case '*':
          return call('mulDyn', pos);
        case '/':
          return call('divDyn', pos);
        case '%':
          return call('modDyn', pos);
        case '==':
          return call('celEquals');
        case '!=':
          return { js: `(!${call('celEquals').js})`, pure: false, atom: false };
        case '<':
          return call('ltDyn', pos);
        case '<=':
          return call('leDyn', pos);
        case '>':
          return call('gtDyn', pos);
        case '>=':
          return call('geDyn', pos);
      }
    }
    if (op === '==' || op === '!=') {
      const negate = op === '!=';
      if (PRIMITIVE_KINDS.has(lk) && lk === rk) {
        const [x, y] = a.num !== undefined && b.num !== undefined ? [this.sizeView(a, b), this.sizeView(b, a)] : [a.js, b.js];
        return { js: `(${x} ${negate ? '!==' : '==='} ${y})`, pure: a.pure && b.pure, atom: false };
      }
      const helper = lk === 'timestamp' && rk === 'timestamp' ? 'eqTimestamp' : lk === 'duration' && rk === 'duration' ? 'eqDuration' : 'celEquals';
      const eq = call(helper);
      return negate ? { js: `(!${eq.js})`, pure: false, atom: false } : eq;
    }
    if (RELATIONAL.has(op)) {
      if (!ORDERED_KINDS.has(lk) || !ORDERED_KINDS.has(rk)) this.unsupported(node, `'${op}' on these types`);
      let x = a.js;
      let y = b.js;
      if (lk === 'int' && rk === 'int' && a.num !== undefined && b.num !== undefined) {
        x = this.sizeView(a, b);
        y = this.sizeView(b, a);
      } else if (lk === 'double' && rk === 'int' && b.num !== undefined) {
        // `event.amount > 5000`: compare against the number 5000, exactly equal to 5000n.
        y = b.num;
      } else if (lk === 'int' && rk === 'double' && a.num !== undefined) {
        x = a.num;
      }
      return { js: `(${x} ${op} ${y})`, pure: a.pure && b.pure, atom: false };
    }
    const both = (k: Kind) => lk === k && rk === k;
    switch (op) {
      case '+':
        if (both('int')) return call('addInt', pos);
        if (both('double')) return { js: `(${a.js} + ${b.js})`, pure: a.pure && b.pure, atom: false };
        if (both('string')) return call('concatString', this.limits.maxConcatLength, pos);
        if (both('list')) return call('concatList', this.limits.maxConcatLength, pos);
        if (both('duration')) return call('durationPlus');
        if (lk === 'timestamp' && rk === 'duration') return call('tsPlusDuration');
        break;
      case '-':
        if (both('int')) return call('subInt', pos);
        if (both('double')) return { js: `(${a.js} - ${b.js})`, pure: a.pure && b.pure, atom: false };
        if (both('timestamp')) return call('tsMinusTs');
        if (both('duration')) return call('durationMinus');
        if (lk === 'timestamp' && rk === 'duration') return call('tsMinusDuration');
        break;
      case '*':
        if (both('int')) return call('mulInt', pos);
        if (both('double')) return { js: `(${a.js} * ${b.js})`, pure: a.pure && b.pure, atom: false };
        break;
      case '/':
        if (both('int')) return call('divInt', pos);
        if (both('double')) return { js: `(${a.js} / ${b.js})`, pure: a.pure && b.pure, atom: false };
        break;
      case '%':
        if (both('int')) return call('modInt', pos);
        break;
    }
    // e.g. duration + timestamp, which cel-js types as a duration but evaluates to a timestamp.
    return this.unsupported(node, `'${l.checkedType?.name} ${op} ${r.checkedType?.name}'`);
  }

  /**
   * The number view of `c` when compared with `other`: a string size compared with the literal 0
   * only needs the UTF-16 length (zero exactly when the code point count is), not a count.
   */
  private sizeView(c: Code, other: Code): string {
    return c.zeroTest !== undefined && other.num === '0' ? c.zeroTest : c.num!;
  }

  private membership(node: CelNode, l: CelNode, r: CelNode, lk: Kind, rk: Kind, dynamic: boolean): Code {
    const elements = r.args as CelNode[];
    if (!dynamic && r.op === 'list' && PRIMITIVE_KINDS.has(lk) && elements.every(isPrimitiveLiteral)) {
      const a = this.atom(this.gen(l));
      const literals = elements.map((e) => this.literal(e, e.args).js);
      if (literals.length === 0) return { js: 'false', pure: true, atom: true };
      if (literals.length <= INLINE_IN_LIMIT || lk === 'double') {
        return { js: `(${literals.map((lit) => `${a.js} === ${lit}`).join(' || ')})`, pure: true, atom: false };
      }
      // Set.has is SameValueZero, identical to === for strings, ints and bools.
      return { js: `${this.k(new Set(elements.map((e) => e.args)))}.has(${a.js})`, pure: true, atom: false };
    }
    const [a, b] = this.seq([l, r], 'ltr');
    if (dynamic) return { js: `${this.h('inDyn')}(${a.js}, ${b.js}, ${node.pos})`, pure: false, atom: false };
    if (rk === 'list') return { js: `${this.h('inList')}(${a.js}, ${b.js})`, pure: false, atom: false };
    if (rk === 'map') return { js: `${this.h('inMap')}(${a.js}, ${b.js})`, pure: false, atom: false };
    return this.unsupported(node, `'in' on '${r.checkedType?.name}'`);
  }

  /** Assigns `node`'s value to `target`, or a Thrown error if it fails (CEL's error absorption). */
  private tryAssign(target: string, node: CelNode): void {
    const { lines, result } = this.capture(() => this.gen(node));
    if (this.safe(node)) {
      this.lines.push(...lines, `${target} = ${result.js};`);
      return;
    }
    this.emit('try {');
    this.lines.push(...lines, `${target} = ${result.js};`);
    this.emit(`} catch (e) { ${target} = new ${this.h('Thrown')}(e); }`);
  }

  private logical(node: CelNode): Code {
    const op = node.op;
    const terms: CelNode[] = [];
    let cur = node;
    while (cur.op === op) {
      terms.unshift(cur.args[1]);
      cur = cur.args[0];
    }
    terms.unshift(cur);
    const staticBool = (n: CelNode) => !n.checkedType?.hasDynType && this.kind(n.checkedType) === 'bool';
    if (terms.every((t) => staticBool(t) && this.safe(t))) {
      const attempt = this.capture(() => terms.map((t) => this.gen(t)));
      if (attempt.lines.length === 0) {
        return { js: `(${attempt.result.map((c) => c.js).join(` ${op} `)})`, pure: true, atom: false };
      }
    }
    const s = this.tmp('s');
    const absorbing = op === '&&' ? 'false' : 'true';
    const step = this.h(op === '&&' ? 'andStep' : 'orStep');
    const identity = op === '&&' ? 'true' : 'false';
    this.emit(`let ${s};`);
    this.tryAssign(s, terms[0]);
    for (let i = 1; i < terms.length; i++) {
      const r = this.tmp('r');
      this.emit(`if (${s} !== ${absorbing}) {`);
      this.emit(`let ${r};`);
      this.tryAssign(r, terms[i]);
      this.emit(`${s} = ${s} === ${identity} && typeof ${r} === "boolean" ? ${r} : ${step}(${s}, ${r});`);
      this.emit('}');
    }
    return { js: `${this.h('logicEnd')}(${s})`, pure: false, atom: false };
  }

  private ternary(node: CelNode): Code {
    const [cond, yes, no] = node.args as [CelNode, CelNode, CelNode];
    const c = this.gen(cond);
    const condJs = !cond.checkedType?.hasDynType && this.kind(cond.checkedType) === 'bool' ? c.js : `${this.h('condition')}(${c.js}, ${cond.pos})`;
    const a = this.capture(() => this.gen(yes, true));
    const b = this.capture(() => this.gen(no, true));
    if (a.lines.length === 0 && b.lines.length === 0) {
      return {
        js: `(${condJs} ? ${a.result.js} : ${b.result.js})`,
        pure: c.pure && condJs === c.js && a.result.pure && b.result.pure,
        atom: false,
      };
    }
    const r = this.tmp('r');
    this.emit(`let ${r};`);
    this.emit(`if (${condJs}) {`);
    this.lines.push(...a.lines, `${r} = ${a.result.js};`);
    this.emit('} else {');
    this.lines.push(...b.lines, `${r} = ${b.result.js};`);
    this.emit('}');
    return { js: r, pure: true, atom: true };
  }

  // --- calls and macros --------------------------------------------------------------------------

  private call(node: CelNode): Code {
    const isMethod = node.op === 'rcall';
    const name = node.args[0] as string;
    const receiver: CelNode | null = isMethod ? node.args[1] : null;
    const argNodes: CelNode[] = isMethod ? node.args[2] : node.args[1];
    const macro = node.meta.macro;
    if (macro) {
      if (!isMethod && name === 'has') return this.has(node);
      if (isMethod && macro.var !== undefined) return this.bind(node);
      return this.unsupported(node, `macro '${name}'`);
    }
    const alternate = node.meta.alternate;
    if (alternate) {
      if (alternate.op === 'comprehension' && receiver) return this.comprehension(node, name, receiver, argNodes);
      return this.unsupported(node, `macro '${name}'`);
    }
    const candidates = node.candidates;
    const argTypes = node.argTypes;
    if (!candidates || !argTypes) return this.unsupported(node, `call of '${name}'`);
    const receiverType = receiver?.checkedType ?? null;
    const dynamic = isMethod
      ? receiverType!.kind === 'dyn' || receiverType!.hasPlaceholderType || argTypes.some((t) => t.hasDynType)
      : argTypes.some((t) => t.hasDynType);
    const operands = receiver ? [receiver, ...argNodes] : argNodes;
    const codes = this.seq(operands, 'rtl', !isMethod && name === 'distanceKm');
    if (dynamic) {
      const staticTypes = (receiver ? [receiverType!, ...argTypes] : argTypes).map((t) => (t.hasDynType ? null : t));
      const args = codes.map((c) => c.js).join(', ');
      return {
        js: `${this.h('callDyn')}(${this.k(candidates)}, ${this.k(staticTypes)}, host, [${args}], ${isMethod}, ${JSON.stringify(name)}, ${node.pos})`,
        pure: false,
        atom: false,
      };
    }
    const decl = isMethod ? candidates.findFunction(argTypes, receiverType) : candidates.findFunction(argTypes);
    if (!decl) return this.unsupported(node, `call of '${name}'`);
    return this.staticCall(decl, operands, codes);
  }

  private staticCall(decl: CelFunctionDecl, operands: CelNode[], codes: Code[]): Code {
    const js = codes.map((c) => c.js);
    const allPure = codes.every((c) => c.pure);
    const lib = LIBRARY_BY_HANDLER.get(decl.handler);
    if (lib) {
      const args = lib.usesHost ? ['host', ...js] : js;
      return { js: `${this.k(lib.impl)}(${args.join(', ')})`, pure: false, atom: false };
    }
    // cel-js binds an argument of placeholder type T (an element of an empty literal) to the first
    // overload T fits and calls it with whatever the value is; only its own handler behaves alike.
    const placeholder = operands.some((n) => n.checkedType?.hasPlaceholderType) && decl.signature !== MATCHES_SIGNATURE;
    switch (placeholder ? '' : decl.signature) {
      case 'dyn(dyn): dyn':
        return codes[0];
      case 'string.contains(string): bool':
        return { js: `(${js[0]}).includes(${js[1]})`, pure: allPure, atom: false };
      case 'string.startsWith(string): bool':
        return { js: `(${js[0]}).startsWith(${js[1]})`, pure: allPure, atom: false };
      case 'string.endsWith(string): bool':
        return { js: `(${js[0]}).endsWith(${js[1]})`, pure: allPure, atom: false };
      case 'size(string): int':
      case 'string.size(): int': {
        const n = `${this.h('stringLength')}(${js[0]})`;
        return { js: `${this.h('BigInt')}(${n})`, pure: allPure, atom: false, num: n, zeroTest: `(${js[0]}).length` };
      }
      case 'size(list<dyn>): int':
      case 'list<dyn>.size(): int':
        return { js: `${this.h('BigInt')}((${js[0]}).length)`, pure: allPure, atom: false, num: `(${js[0]}).length` };
      case 'size(map<dyn, dyn>): int':
      case 'map<dyn, dyn>.size(): int': {
        const n = `${this.h('mapSize')}(${js[0]})`;
        return { js: `${this.h('BigInt')}(${n})`, pure: false, atom: false, num: n };
      }
      case MATCHES_SIGNATURE: {
        const pattern = operands[1];
        if (pattern.op === 'value' && typeof pattern.args === 'string') {
          return { js: `${this.k(this.regexConstant(pattern, pattern.args))}.test(${js[0]})`, pure: false, atom: false };
        }
        return { js: `${this.h('matchesDyn')}(${js[0]}, ${js[1]})`, pure: false, atom: false };
      }
      default:
        return { js: `${this.k(decl.handler)}(${js.join(', ')})`, pure: false, atom: false };
    }
  }

  private regexConstant(node: CelNode, pattern: string): RegExp {
    const refusal = regexRefusal(pattern);
    if (refusal) throw new CelCompileError('CEL_UNSAFE_REGEX', `Regular expression refused: ${refusal}`, this.source, node.pos);
    try {
      return new RegExp(pattern);
    } catch (error) {
      throw new CelCompileError('CEL_INVALID_REGEX', `Invalid regular expression: ${(error as Error).message}`, this.source, node.pos);
    }
  }

  /** `has(a.b.c)`: an absent last field is false, an absent intermediate one an error. */
  private has(node: CelNode): Code {
    const props = node.meta.macro?.macroHasProps;
    if (!props || props.some((p, i) => i < props.length - 1 && p.op !== '.')) return this.unsupported(node, 'this form of has()');
    const root = props[props.length - 1];
    const rootKind = this.supportedKind(root, root.checkedType);
    const o = this.tmp('o');
    this.emit(`let ${o} = ${this.gen(root, true).js};`);
    let messageType = rootKind === 'message' ? root.checkedType!.name : null;
    for (let i = props.length - 2; i >= 0; i--) {
      const key = props[i].args[1] as string;
      const k = JSON.stringify(key);
      const pos = props[i].pos;
      if (messageType !== null) {
        const fieldType = this.env.messageTypes.get(messageType)?.get(key);
        if (fieldType === undefined) {
          this.emit(`${o} = undefined;`);
          messageType = null;
        } else {
          const fieldKind = this.kindOfTypeName(fieldType);
          if (fieldKind === 'unsupported') this.unsupported(props[i], `fields of type '${fieldType}'`);
          this.emit(`${o} = ${this.h('hasOwn')}(${o}, ${k}) ? ${o}[${k}] : undefined;`);
          this.emit(`if (${o} !== undefined) ${o} = ${this.h(`fd_${fieldKind}`)}(${o}, ${k}, ${pos});`);
          messageType = fieldKind === 'message' ? fieldType : null;
        }
      } else {
        this.emit(`${o} = ${this.h('hasStep')}(${o}, ${k});`);
      }
      if (i > 0) this.emit(`if (${o} === undefined) ${this.h('noSuchKey')}(${k}, ${pos});`);
    }
    return { js: `(${o} !== undefined)`, pure: true, atom: false };
  }

  /** `cel.bind(x, value, body)`. */
  private bind(node: CelNode): Code {
    const macro = node.meta.macro!;
    const value = this.atom(this.gen(macro.val!, true));
    this.scopes.push({ name: macro.var!, js: value.js });
    try {
      return this.gen(macro.exp!, true);
    } finally {
      this.scopes.pop();
    }
  }

  /** all / exists / exists_one / map / filter, as loops over the range's items. */
  private comprehension(node: CelNode, name: string, receiver: CelNode, argNodes: CelNode[]): Code {
    const iterVar = argNodes[0].args as string;
    const rangeKind = this.supportedKind(receiver, receiver.checkedType);
    const range = this.atom(this.gen(receiver));
    const pos = node.pos;
    let items: string;
    let elemType: CelTypeDecl | undefined;
    if (rangeKind === 'list') {
      items = range.js;
      elemType = receiver.checkedType!.valueType;
    } else if (rangeKind === 'map') {
      items = this.atom({ js: `${this.h('mapKeys')}(${range.js})`, pure: false, atom: false }).js;
      elemType = receiver.checkedType!.keyType;
    } else if (rangeKind === 'dyn') {
      items = this.atom({ js: `${this.h('iterate')}(${range.js}, ${pos})`, pure: false, atom: false }).js;
    } else {
      return this.unsupported(receiver, `iterating '${receiver.checkedType?.name}'`);
    }
    const elemKind = this.supportedKind(node, elemType);
    if (elemKind === 'message') this.unsupported(node, 'iterating schema objects');
    // Map keys are always strings here. List items are always checked, even from literals:
    // cel-js types `[1, []]` as list<int> (an empty literal unifies with anything).
    const check = !(rangeKind === 'map' && elemKind === 'string');
    this.usesLoops = true;
    const i = this.tmp('i');
    const v = this.tmp('v');
    const loopHead = () => {
      this.emit(`if (++IT > ${this.limits.maxIterations}) ${this.h('costExceeded')}("maxIterations", ${pos});`);
      const item = `${items}[${i}]`;
      this.emit(`const ${v} = ${check ? `${this.h(`it_${elemKind}`)}(${item}, ${JSON.stringify(iterVar)}, ${pos})` : item};`);
    };
    const forHead = `for (let ${i} = 0; ${i} < ${items}.length; ${i}++) {`;
    const predicateError = (c: string) => `throw ${this.h('predicateError')}(${c}, ${JSON.stringify(name)}, ${pos});`;
    this.scopes.push({ name: iterVar, js: v });
    try {
      switch (name) {
        case 'all':
        case 'exists': {
          const init = name === 'all' ? 'true' : 'false';
          const acc = this.tmp('a');
          const err = this.tmp('e');
          const st = this.tmp('s');
          this.emit(`let ${acc} = ${init}, ${err};`);
          this.emit(forHead);
          this.emit(`if (${acc} !== ${init}) break;`);
          loopHead();
          this.emit(`let ${st};`);
          this.tryAssign(st, argNodes[1]);
          const thrown = this.h('Thrown');
          this.emit(
            `if (${st} === true || ${st} === false) ${acc} = ${st}; else if (${err} === undefined) ${err} = ${st} instanceof ${thrown} ? ${st} : new ${thrown}(${this.h('predicateError')}(${st}, ${JSON.stringify(name)}, ${pos}));`,
          );
          this.emit('}');
          this.emit(`if (${err} !== undefined && ${acc} === ${init}) throw ${err}.error;`);
          return { js: acc, pure: true, atom: true };
        }
        case 'exists_one': {
          const count = this.tmp('n');
          this.emit(`let ${count} = 0;`);
          this.emit(forHead);
          loopHead();
          const c = this.atom(this.gen(argNodes[1]));
          this.emit(`if (${c.js} === true) ${count}++; else if (${c.js} !== false) ${predicateError(c.js)}`);
          this.emit('}');
          return { js: `(${count} === 1)`, pure: true, atom: false };
        }
        case 'map':
        case 'filter': {
          const out = this.tmp('l');
          this.emit(`const ${out} = [];`);
          this.emit(forHead);
          loopHead();
          if (name === 'map' && argNodes.length === 2) {
            const t = this.gen(argNodes[1]);
            this.emit(`${out}.push(${t.js});`);
          } else {
            const c = this.atom(this.gen(argNodes[1]));
            this.emit(`if (${c.js} === true) {`);
            if (name === 'filter') {
              this.emit(`${out}.push(${v});`);
            } else {
              const t = this.gen(argNodes[2]);
              this.emit(`${out}.push(${t.js});`);
            }
            this.emit(`} else if (${c.js} !== false) ${predicateError(c.js)}`);
          }
          this.emit('}');
          return { js: out, pure: true, atom: true };
        }
        default:
          return this.unsupported(node, `macro '${name}'`);
      }
    } finally {
      this.scopes.pop();
    }
  }
}
