import { centredCrossProducts } from './correlation-matrix.ts';

/** Relative pivot below which a regressor is treated as a combination of earlier ones. */
const DEPENDENT = 1e-12;

/**
 * Variance inflation factors: regress each column on all the others (least squares with an
 * intercept), VIF_j = 1 / (1 − R²_j). 1 means no collinearity; above 5–10 is usually too much.
 * Infinity when a column is an exact linear combination of the others; NaN for a constant column.
 *
 * Each regression solves the normal equations of the centred data by Cholesky; regressors that
 * are themselves exact combinations of other regressors are skipped (they add nothing to the
 * fit), so the VIF of a column outside a collinear group is still finite.
 *
 * @example
 * // Two columns with r = 0.8: VIF = 1 / (1 − 0.64) = 2.78 for both.
 * vif([Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 3, 2, 4)]) // → [2.777…, 2.777…]
 */
export function vif(X: readonly Float64Array[]): Float64Array {
  const p = X.length;
  const s = centredCrossProducts(X);
  const out = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const tss = s[j * p + j]!;
    if (!(tss > 0)) {
      out[j] = NaN;
      continue;
    }
    const others = Array.from({ length: p - 1 }, (_, k) => (k < j ? k : k + 1));
    const explained = explainedSumOfSquares(s, p, others, j);
    const unexplained = 1 - explained / tss;
    out[j] = unexplained <= 1e-12 ? Infinity : 1 / unexplained;
  }
  return out;
}

/**
 * s_jᵀ·S_oo⁻¹·s_j, the regression sum of squares of column j on the columns `others`, by a
 * Cholesky factorisation of S_oo that drops dependent columns: their rows of L stay zero, which
 * leaves exactly the factor of the independent columns, spanning the same space.
 */
function explainedSumOfSquares(s: Float64Array, p: number, others: number[], j: number): number {
  const m = others.length;
  const l = new Float64Array(m * m);
  const kept = new Uint8Array(m);
  for (let a = 0; a < m; a++) {
    const oa = others[a]!;
    let d = s[oa * p + oa]!;
    for (let k = 0; k < a; k++) d -= l[a * m + k]! * l[a * m + k]!;
    if (!(d > DEPENDENT * s[oa * p + oa]!)) continue;
    kept[a] = 1;
    const la = Math.sqrt(d);
    l[a * m + a] = la;
    for (let b = a + 1; b < m; b++) {
      const ob = others[b]!;
      let v = s[ob * p + oa]!;
      for (let k = 0; k < a; k++) v -= l[b * m + k]! * l[a * m + k]!;
      l[b * m + a] = v / la;
    }
  }
  // Forward substitution L·z = s_oj over the kept columns; explained SS = |z|².
  const z = new Float64Array(m);
  let ss = 0;
  for (let a = 0; a < m; a++) {
    if (!kept[a]) continue;
    let v = s[others[a]! * p + j]!;
    for (let k = 0; k < a; k++) v -= l[a * m + k]! * z[k]!;
    z[a] = v / l[a * m + a]!;
    ss += z[a]! * z[a]!;
  }
  return ss;
}
