/**
 * P(X ≥ x) for a chi-square variable with `df` degrees of freedom: the regularised upper
 * incomplete gamma function Q(df/2, x/2), by its power series below a + 1 and its continued
 * fraction above (the classic split, each converging fast where it is used).
 *
 * @example
 * chiSquareSurvival(3.841458820694124, 1) // → 0.05
 * chiSquareSurvival(2, 2) // → e^(−1) = 0.3679…
 */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError('degrees of freedom must be positive');
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  const a = df / 2;
  const z = x / 2;
  return z < a + 1 ? 1 - lowerSeries(a, z) : upperFraction(a, z);
}

/** P(a, z) by Σ z^n / (a(a+1)…(a+n)). */
function lowerSeries(a: number, z: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 1000; n++) {
    term *= z / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
  }
  return sum * Math.exp(-z + a * Math.log(z) - lnGamma(a));
}

/** Q(a, z) by the Legendre continued fraction (modified Lentz). */
function upperFraction(a: number, z: number): number {
  const tiny = 1e-300;
  let b = z + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-z + a * Math.log(z) - lnGamma(a)) * h;
}

// Lanczos approximation (g = 7, n = 9), relative error ~1e-15 for positive arguments.
const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const xm = x - 1;
  let s = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) s += LANCZOS[i]! / (xm + i);
  const t = xm + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (xm + 0.5) * Math.log(t) - t + Math.log(s);
}
