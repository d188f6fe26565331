/** Winkler's constants: the prefix bonus applies above 0.7 and counts at most 4 characters. */
const BOOST_THRESHOLD = 0.7;
const PREFIX_SCALE = 0.1;
const MAX_PREFIX = 4;

let scratchA = new Uint8Array(64);
let scratchB = new Uint8Array(64);

/**
 * Jaro-Winkler similarity (0–1) of two strings, compared by Unicode code point so that a Chinese
 * character outside the BMP counts once. Two empty strings are identical (1).
 *
 * @example jaroWinkler('MARTHA', 'MARHTA') // 0.9611…
 * @example jaroWinkler('DIXON', 'DICKSONX') // 0.8133…
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  return jaroWinklerPoints(codePoints(a), codePoints(b));
}

/** The code points of a string. Always an Int32Array, so the comparison loop stays monomorphic. */
export function codePoints(s: string): Int32Array {
  const out = new Int32Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i)!;
    out[n++] = c;
    if (c > 0xffff) i++;
  }
  return n === s.length ? out : out.subarray(0, n);
}

/** {@link jaroWinkler} over code point arrays. */
export function jaroWinklerPoints(a: Int32Array, b: Int32Array): number {
  return jaroWinklerRange(a, 0, a.length, b, 0, b.length);
}

/**
 * {@link jaroWinkler} over slices `a[ao, ao + la)` and `b[bo, bo + lb)` of code point arrays: the
 * name index keeps all names in one array and compares them without copying.
 */
export function jaroWinklerRange(a: Int32Array, ao: number, la: number, b: Int32Array, bo: number, lb: number): number {
  if (la === 0 || lb === 0) return la === lb ? 1 : 0;
  if (scratchA.length < la) scratchA = new Uint8Array(la * 2);
  if (scratchB.length < lb) scratchB = new Uint8Array(lb * 2);
  const ma = scratchA;
  const mb = scratchB;
  ma.fill(0, 0, la);
  mb.fill(0, 0, lb);
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let m = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const c = a[ao + i];
    for (let j = lo; j <= hi; j++) {
      if (mb[j] === 0 && b[bo + j] === c) {
        ma[i] = 1;
        mb[j] = 1;
        m++;
        break;
      }
    }
  }
  if (m === 0) return 0;
  let t = 0;
  for (let i = 0, j = 0; i < la; i++) {
    if (ma[i] === 0) continue;
    while (mb[j] === 0) j++;
    if (a[ao + i] !== b[bo + j]) t++;
    j++;
  }
  const jaro = (m / la + m / lb + (m - t / 2) / m) / 3;
  if (jaro <= BOOST_THRESHOLD) return jaro;
  let l = 0;
  const maxL = Math.min(MAX_PREFIX, la, lb);
  while (l < maxL && a[ao + l] === b[bo + l]) l++;
  return jaro + l * PREFIX_SCALE * (1 - jaro);
}
