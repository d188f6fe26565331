/**
 * Pearson correlations between columns, p×p row-major with 1 on the diagonal. A constant column
 * has no defined correlation: its off-diagonal entries are NaN.
 *
 * @example
 * correlationMatrix([Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 3, 2, 4)]) // → [1, 0.8, 0.8, 1]
 */
export function correlationMatrix(columns: readonly Float64Array[]): Float64Array {
  const s = centredCrossProducts(columns);
  const p = columns.length;
  const r = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const d = Math.sqrt(s[a * p + a]! * s[b * p + b]!);
      r[a * p + b] = a === b ? 1 : d > 0 ? Math.max(-1, Math.min(1, s[a * p + b]! / d)) : NaN;
    }
  }
  return r;
}

/** Σ (x_a − mean_a)(x_b − mean_b) for every pair of columns, p×p row-major. */
export function centredCrossProducts(columns: readonly Float64Array[]): Float64Array {
  const p = columns.length;
  const n = p ? columns[0]!.length : 0;
  const centred = columns.map((c, j) => {
    if (c.length !== n) throw new RangeError(`column ${j} has ${c.length} values, column 0 has ${n}`);
    let mean = 0;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(c[i]!)) throw new RangeError(`column ${j} has a non-finite value at row ${i}`);
      mean += c[i]!;
    }
    mean /= n;
    return c.map((v) => v - mean);
  });
  const s = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b <= a; b++) {
      const x = centred[a]!;
      const y = centred[b]!;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += x[i]! * y[i]!;
      s[a * p + b] = sum;
      s[b * p + a] = sum;
    }
  }
  return s;
}
