import type { CelNode } from './celInternals.ts';
import { isForbiddenName, type CelEnvironment } from './environment.ts';
import { CelCompileError } from './errors.ts';
import { ASSUMED_ITERATIONS, type CelLimits } from './limits.ts';

/**
 * What a rule reads: the engine uses it to compute only the features and lists a strategy needs.
 *
 * @example
 * compileExpression(env, "features.txn_count_10m > 3 && inList('bl', event.card)").references;
 * // { variables: ['event', 'features'], paths: ['event.card', 'features.txn_count_10m'], lists: ['bl'] }
 */
export interface CelReferences {
  /** Context variables read, e.g. ['event', 'features']. */
  variables: string[];
  /** Longest selection paths read, e.g. ['event.amount', 'features.txn_count_10m']. */
  paths: string[];
  /** List names passed literally to inList/listEntry/nameMatch. */
  lists: string[];
}

export interface Analysis {
  references: CelReferences;
  cost: number;
}

const LIST_FUNCTIONS = new Set(['inList', 'listEntry', 'nameMatch']);
/** Left-associative chains of these operators count as one nesting level. */
const CHAIN_OPS = new Set(['&&', '||', '+', '*', '-']);

function skipString(source: string, start: number): number {
  const quote = source[start];
  const triple = source[start + 1] === quote && source[start + 2] === quote;
  let i = start + (triple ? 3 : 1);
  while (i < source.length) {
    const ch = source[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote && (!triple || (source[i + 1] === quote && source[i + 2] === quote))) return i + (triple ? 2 : 0);
    if (!triple && ch === '\n') return i;
    i++;
  }
  return i;
}

/**
 * Rejects bracket nesting deeper than maxDepth before the parser recurses into it, so hostile
 * inputs like a thousand nested parentheses fail fast with CEL_TOO_DEEP.
 */
export function scanNesting(source: string, maxDepth: number): void {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '"' || ch === "'") {
      i = skipString(source, i);
    } else if (ch === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (ch === '(' || ch === '[' || ch === '{') {
      if (++depth > maxDepth) {
        throw new CelCompileError('CEL_TOO_DEEP', `Expression is nested deeper than ${maxDepth} levels`, source, i);
      }
    } else if (ch === ')' || ch === ']' || ch === '}') {
      depth--;
    }
  }
}

class Analyzer {
  private readonly variables = new Set<string>();
  private readonly paths = new Set<string>();
  private readonly lists = new Set<string>();
  private readonly scopes: string[] = [];

  constructor(
    private readonly env: CelEnvironment,
    private readonly limits: CelLimits,
    private readonly source: string,
  ) {}

  result(cost: number): Analysis {
    const sorted = (s: Set<string>) => [...s].sort();
    return { references: { variables: sorted(this.variables), paths: sorted(this.paths), lists: sorted(this.lists) }, cost };
  }

  private fail(code: CelCompileError['code'], message: string, node: CelNode): never {
    throw new CelCompileError(code, message, this.source, node.pos);
  }

  private name(name: string, node: CelNode, what: string): void {
    if (isForbiddenName(name)) this.fail('CEL_FORBIDDEN_NAME', `Forbidden ${what} '${name}'`, node);
  }

  private isContextVariable(name: string): boolean {
    return !this.scopes.includes(name) && this.env.variableNames.has(name);
  }

  /** `event.amount`-style path of a selection chain rooted at a context variable, or null. */
  private pathOf(node: CelNode): string | null {
    if (node.op === 'id') return this.isContextVariable(node.args) ? node.args : null;
    if (node.op === '.') {
      const base = this.pathOf(node.args[0]);
      return base === null ? null : `${base}.${node.args[1]}`;
    }
    if (node.op === '[]' && node.args[1].op === 'value' && typeof node.args[1].args === 'string') {
      const base = this.pathOf(node.args[0]);
      return base === null ? null : `${base}.${node.args[1].args}`;
    }
    return null;
  }

  /**
   * Visits a node; returns its cost. `depth` is the nesting level, `macros` the number of
   * enclosing comprehensions, `inPath` whether the parent extends this node's selection path.
   */
  visit(node: CelNode, depth: number, macros: number, inPath = false): number {
    if (depth > this.limits.maxDepth) {
      this.fail('CEL_TOO_DEEP', `Expression is nested deeper than ${this.limits.maxDepth} levels`, node);
    }
    if (!inPath) {
      const path = this.pathOf(node);
      if (path !== null) this.paths.add(path);
    }
    const next = depth + 1;
    const args = node.args;
    switch (node.op) {
      case 'value':
        if ((typeof args === 'string' || args instanceof Uint8Array) && args.length > this.limits.maxLiteralLength) {
          this.fail('CEL_LITERAL_TOO_LARGE', `Literal longer than ${this.limits.maxLiteralLength} characters`, node);
        }
        return 1;
      case 'id':
        this.name(args, node, 'identifier');
        if (this.isContextVariable(args)) this.variables.add(args);
        return 1;
      case '.':
      case '.?':
        this.name(args[1], node, 'field name');
        return 1 + this.visit(args[0], next, macros, true);
      case '[]':
      case '[?]': {
        const index = args[1] as CelNode;
        const literalKey = index.op === 'value' && typeof index.args === 'string';
        if (literalKey) this.name(index.args, index, 'key');
        return 1 + this.visit(args[0], next, macros, literalKey) + this.visit(index, next, macros);
      }
      case 'list':
        if (args.length > this.limits.maxListLiteralElements) {
          this.fail('CEL_LITERAL_TOO_LARGE', `List literal with more than ${this.limits.maxListLiteralElements} elements`, node);
        }
        return 1 + (args as CelNode[]).reduce((sum, el) => sum + this.visit(el, next, macros), 0);
      case 'map': {
        if (args.length > this.limits.maxListLiteralElements) {
          this.fail('CEL_LITERAL_TOO_LARGE', `Map literal with more than ${this.limits.maxListLiteralElements} entries`, node);
        }
        let cost = 1;
        for (const [key, value] of args as [CelNode, CelNode][]) {
          if (key.op === 'value' && typeof key.args === 'string') this.name(key.args, key, 'map key');
          cost += this.visit(key, next, macros) + this.visit(value, next, macros);
        }
        return cost;
      }
      case 'call':
        return this.visitCall(node, args[0], null, args[1], depth, macros);
      case 'rcall':
        return this.visitCall(node, args[0], args[1], args[2], depth, macros);
      case '?:': {
        // `a ? b : c ? d : e` reads as a flat switch; the else-chain counts once.
        const alternate = args[2] as CelNode;
        return (
          1 +
          this.visit(args[0], next, macros) +
          this.visit(args[1], next, macros) +
          this.visit(alternate, alternate.op === '?:' ? depth : next, macros)
        );
      }
      case '!_':
      case '-_':
        return 1 + this.visit(args, next, macros);
      default: {
        const [left, right] = args as [CelNode, CelNode];
        const leftDepth = CHAIN_OPS.has(node.op) && left.op === node.op ? depth : next;
        return 1 + this.visit(left, leftDepth, macros) + this.visit(right, next, macros);
      }
    }
  }

  private visitCall(node: CelNode, name: string, receiver: CelNode | null, fnArgs: CelNode[], depth: number, macros: number): number {
    this.name(name, node, 'function name');
    if (!this.env.functionNames.has(name)) this.fail('CEL_UNKNOWN_FUNCTION', `Unknown function '${name}'`, node);
    const next = depth + 1;
    const alternate = node.meta.alternate;
    if (receiver && alternate?.op === 'comprehension') {
      const iterVar = fnArgs[0].args as string;
      this.name(iterVar, fnArgs[0], 'variable');
      if (macros + 1 > this.limits.maxMacroNesting) {
        this.fail('CEL_COST_EXCEEDED', `Comprehensions (exists/all/map/filter) nested more than ${this.limits.maxMacroNesting} deep`, node);
      }
      const iterations = receiver.op === 'list' ? receiver.args.length : ASSUMED_ITERATIONS;
      const rangeCost = this.visit(receiver, next, macros);
      this.scopes.push(iterVar);
      let bodyCost = 1;
      for (let i = 1; i < fnArgs.length; i++) bodyCost += this.visit(fnArgs[i], next, macros + 1);
      this.scopes.pop();
      return 1 + rangeCost + iterations * bodyCost;
    }
    const macro = node.meta.macro;
    if (receiver && macro?.var !== undefined && macro.val && macro.exp) {
      this.name(macro.var, node, 'variable');
      let cost = 1 + this.visit(macro.val, next, macros);
      this.scopes.push(macro.var);
      cost += this.visit(macro.exp, next, macros);
      this.scopes.pop();
      return cost;
    }
    if (!receiver && LIST_FUNCTIONS.has(name)) {
      const first = fnArgs[0];
      if (first?.op === 'value' && typeof first.args === 'string') this.lists.add(first.args);
    }
    let cost = 1;
    if (receiver) cost += this.visit(receiver, next, macros);
    for (const arg of fnArgs) cost += this.visit(arg, next, macros);
    return cost;
  }
}

/**
 * Checks a parsed expression against the limits and the forbidden names, and extracts what it
 * references and its static cost.
 */
export function analyzeExpression(root: CelNode, env: CelEnvironment, limits: CelLimits, source: string): Analysis {
  const analyzer = new Analyzer(env, limits, source);
  const cost = analyzer.visit(root, 1, 0);
  if (cost > limits.maxCost) {
    throw new CelCompileError('CEL_COST_EXCEEDED', `Expression cost ${cost} exceeds the limit of ${limits.maxCost}`, source, root.pos);
  }
  return analyzer.result(cost);
}
