import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareOnContexts, type Comparison } from './celDifferential.ts';
import { contextArbitrary, ExpressionGenerator } from './celExpressionGenerator.ts';

const NUM_RUNS = 10_000;

function describeFailure(source: string, ctx: Record<string, unknown>, c: Comparison): string {
  const show = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));
  return `${source}\n  context: ${show(ctx)}\n  compiled: ${show(c.compiled)}\n  interpreted: ${show(c.interpreted)}`;
}

describe('compiled CEL equals the cel-js interpreter', () => {
  it(`agrees on ${NUM_RUNS} random expressions, each on two random contexts`, () => {
    const stats = { comparisons: 0, values: 0, evalErrors: 0, bothRefused: 0, compilerRefused: 0 };
    fc.assert(
      fc.property(fc.integer(), contextArbitrary, contextArbitrary, (seed, ctx1, ctx2) => {
        const source = new ExpressionGenerator(seed).expression();
        const results = compareOnContexts(source, [ctx1, ctx2]);
        results.forEach((c, i) => {
          stats.comparisons++;
          if (c.compilerRefused) stats.compilerRefused++;
          else if (c.compiled.kind === 'compile-error') stats.bothRefused++;
          else if (c.compiled.kind === 'eval-error') stats.evalErrors++;
          else stats.values++;
          if (!c.agree) throw new Error(`Mismatch for ${describeFailure(source, i === 0 ? ctx1 : ctx2, c)}`);
        });
      }),
      { numRuns: NUM_RUNS },
    );
    // The generator must exercise evaluation, not just produce type errors, and the compiler may
    // refuse only the rare constructs it does not support.
    expect(stats.values / stats.comparisons).toBeGreaterThan(0.3);
    expect(stats.evalErrors / stats.comparisons).toBeGreaterThan(0.1);
    expect(stats.compilerRefused / stats.comparisons).toBeLessThan(0.01);
  });
});
