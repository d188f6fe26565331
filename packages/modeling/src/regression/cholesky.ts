/**
 * Small dense linear algebra for symmetric positive definite matrices (Hessians and Gram matrices
 * of a few dozen variables), stored row-major in a Float64Array of n·n. Cholesky is the right tool:
 * it is twice as fast as LU, needs no pivoting for SPD matrices, and its failure is exactly the
 * signal we want ("this matrix is singular or indefinite").
 */

/** A matrix that is not (numerically) positive definite; `pivot` is the row where it failed. */
export class NotPositiveDefiniteError extends Error {
  readonly pivot: number;
  constructor(pivot: number) {
    super(`matrix is not positive definite (pivot ${pivot} vanished): a column is a linear combination of earlier ones`);
    this.name = 'NotPositiveDefiniteError';
    this.pivot = pivot;
  }
}

/**
 * Relative pivot tolerance: pivot k of the factorisation equals a_kk·(1 − R²_k), R²_k being how
 * well row k is explained by the rows before it, so this refuses R² above 1 − 1e-10.
 */
const PIVOT_TOLERANCE = 1e-10;

/**
 * The lower-triangular factor L of a symmetric positive definite matrix A = L·Lᵀ (row-major n×n;
 * only the lower triangle of `a` is read). Throws {@link NotPositiveDefiniteError} when a pivot
 * is not positive relative to its diagonal entry.
 *
 * @example
 * choleskyFactor(Float64Array.of(4, 2, 2, 3), 2) // → [2, 0, 1, 1.4142…]
 */
export function choleskyFactor(a: Float64Array, n: number): Float64Array {
  if (a.length !== n * n) throw new RangeError(`expected ${n}×${n} values, got ${a.length}`);
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= l[j * n + k]! * l[j * n + k]!;
    if (!(d > PIVOT_TOLERANCE * Math.abs(a[j * n + j]!)) || !(d > 0)) throw new NotPositiveDefiniteError(j);
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/**
 * Solves A·x = b given the Cholesky factor L of A (forward then back substitution).
 *
 * @example
 * choleskySolve(choleskyFactor(Float64Array.of(4, 2, 2, 3), 2), 2, Float64Array.of(2, 1)) // → [0.5, 0]
 */
export function choleskySolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(b as ArrayLike<number>);
  for (let i = 0; i < n; i++) {
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}

/**
 * The inverse of A from its Cholesky factor: A⁻¹ = L⁻ᵀ·L⁻¹, symmetric, row-major n×n.
 *
 * @example
 * choleskyInverse(choleskyFactor(Float64Array.of(4, 2, 2, 3), 2), 2) // → [0.375, -0.25, -0.25, 0.5]
 */
export function choleskyInverse(l: Float64Array, n: number): Float64Array {
  // Invert L in place of a copy (lower triangular), then form L⁻ᵀ·L⁻¹.
  const li = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    li[i * n + i] = 1 / l[i * n + i]!;
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l[i * n + k]! * li[k * n + j]!;
      li[i * n + j] = s / l[i * n + i]!;
    }
  }
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += li[k * n + i]! * li[k * n + j]!;
      inv[i * n + j] = s;
      inv[j * n + i] = s;
    }
  }
  return inv;
}
