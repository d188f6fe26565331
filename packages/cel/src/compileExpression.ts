import { analyzeExpression, scanNesting, type CelReferences } from './analyzeExpression.ts';
import type { CelHost } from './celHost.ts';
import type { CelNode } from './celInternals.ts';
import { fromCelTypeName, type CelEnvironment } from './environment.ts';
import { CelCompileError, toCompileError } from './errors.ts';
import { CodeGenerator } from './generateCode.ts';
import { resolveLimits, type CelLimits } from './limits.ts';

/**
 * A rule condition compiled to a JavaScript function.
 *
 * @example
 * const rule = compileExpression(env, 'event.amount > 5000.0 && !inList("blacklist_card", event.card_token)');
 * rule.references.paths; // ['event.amount', 'event.card_token']
 * rule.evaluate({ event }, host); // true / false, or throws CelEvalError
 */
export interface CompiledExpression {
  /** The CEL source. */
  source: string;
  /** Checked result type ('bool', 'double', 'list<string>', 'timestamp', ...). */
  returnType: string;
  /** Variables, selection paths and list names the expression reads. */
  references: CelReferences;
  /** Static cost estimate: syntax nodes, comprehension bodies multiplied by their assumed iterations. */
  cost: number;
  /** Runs the compiled function; throws CelEvalError on a CEL runtime error, never anything else. */
  evaluate(ctx: Record<string, unknown>, host?: CelHost): unknown;
  /** The generated JavaScript (for debugging and tests). */
  js: string;
}

/**
 * Parses, type-checks and compiles a CEL expression. Throws CelCompileError with a stable code
 * (CEL_SYNTAX, CEL_TYPE, CEL_SOURCE_TOO_LARGE, CEL_TOO_DEEP, CEL_LITERAL_TOO_LARGE,
 * CEL_FORBIDDEN_NAME, CEL_COST_EXCEEDED, CEL_UNKNOWN_FUNCTION, CEL_UNSUPPORTED, CEL_INVALID_REGEX,
 * CEL_UNSAFE_REGEX) and the position of the problem.
 *
 * @example
 * const rule = compileExpression(env, 'features.txn_count_10m >= 3', { maxCost: 500 });
 * rule.evaluate({ features: { txn_count_10m: 4n } }); // true
 */
export function compileExpression(env: CelEnvironment, source: string, opts?: Partial<CelLimits>): CompiledExpression {
  const limits = resolveLimits(opts);
  if (typeof source !== 'string') throw new CelCompileError('CEL_SYNTAX', 'Expression must be a string');
  if (source.length > limits.maxSourceLength) {
    throw new CelCompileError('CEL_SOURCE_TOO_LARGE', `Expression is ${source.length} characters, the limit is ${limits.maxSourceLength}`);
  }
  try {
    scanNesting(source, limits.maxDepth);
    let parsed;
    try {
      parsed = env.cel.parse(source);
    } catch (error) {
      throw toCompileError(error, source);
    }
    const root = parsed.ast as unknown as CelNode;
    const analysis = analyzeExpression(root, env, limits, source);
    const checked = parsed.check();
    if (!checked.valid) throw toCompileError(checked.error, source);
    const { js, fn } = new CodeGenerator(env, limits, source).generate(root);
    return {
      source,
      returnType: fromCelTypeName(checked.type ?? 'dyn'),
      references: analysis.references,
      cost: analysis.cost,
      js,
      evaluate: fn,
    };
  } catch (error) {
    if (error instanceof CelCompileError) throw error;
    // Recursion limits of the parser or of our own passes on pathological input.
    if (error instanceof RangeError) throw new CelCompileError('CEL_TOO_DEEP', 'Expression is too deeply nested', source, undefined, { cause: error });
    throw toCompileError(error, source);
  }
}
