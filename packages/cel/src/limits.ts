/**
 * Structural limits applied when compiling a rule. They bound what an analyst-written expression
 * can cost before it ever runs; `maxIterations` also bounds it while it runs.
 *
 * @example
 * compileExpression(env, src, { maxCost: 2000 })
 */
export interface CelLimits {
  /** Characters of source. */
  maxSourceLength: number;
  /** Nesting of brackets and of the syntax tree (chains of the same `&&`, `||`, `+`... count once). */
  maxDepth: number;
  /** Characters of one string or bytes literal. */
  maxLiteralLength: number;
  /** Elements of one list literal, entries of one map literal. */
  maxListLiteralElements: number;
  /** Static cost: syntax nodes, with comprehension bodies multiplied by their assumed iteration count. */
  maxCost: number;
  /** Comprehensions (exists/all/map/filter/exists_one) nested inside each other. */
  maxMacroNesting: number;
  /** Comprehension iterations per evaluation; exceeding it is a CEL_COST_EXCEEDED runtime error. */
  maxIterations: number;
  /** Length of a string or list built by `+` at run time; exceeding it is a CEL_COST_EXCEEDED runtime error. */
  maxConcatLength: number;
}

/**
 * Defaults for {@link CelLimits}.
 *
 * @example
 * compileExpression(env, src, { maxCost: DEFAULT_CEL_LIMITS.maxCost / 2 });
 */
export const DEFAULT_CEL_LIMITS: Readonly<CelLimits> = Object.freeze({
  maxSourceLength: 4096,
  maxDepth: 32,
  maxLiteralLength: 1024,
  maxListLiteralElements: 256,
  maxCost: 10_000,
  maxMacroNesting: 2,
  maxIterations: 100_000,
  maxConcatLength: 1_000_000,
});

/**
 * Iterations assumed for a comprehension over a list whose size is unknown at compile time
 * (a list literal uses its real length). Chosen so that two nested comprehensions over context
 * lists with small bodies stay under the default maxCost, while a third level does not.
 */
export const ASSUMED_ITERATIONS = 20;

/** Resolves partial limits against the defaults, rejecting nonsense values early. */
export function resolveLimits(opts?: Partial<CelLimits>): CelLimits {
  const limits: CelLimits = { ...DEFAULT_CEL_LIMITS };
  if (!opts) return limits;
  for (const key of Object.keys(DEFAULT_CEL_LIMITS) as (keyof CelLimits)[]) {
    const value = opts[key];
    if (value === undefined) continue;
    // maxMacroNesting may be 0 (no comprehensions at all); every other limit must allow something.
    const min = key === 'maxMacroNesting' ? 0 : 1;
    if (typeof value !== 'number' || !(value >= min)) throw new RangeError(`Invalid CEL limit ${key}: ${String(value)}`);
    limits[key] = value;
  }
  return limits;
}
