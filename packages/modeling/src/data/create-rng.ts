/**
 * A seeded pseudo-random generator of floats in [0, 1): splitmix32 (the 32-bit variant of
 * Java's SplittableRandom mixer). Tiny, fast, and any seed — including small consecutive ones —
 * gives a well-mixed stream, so splits are reproducible from a single number.
 *
 * @example
 * const rng = createRng(42);
 * rng(); // always the same first draw for seed 42
 */
export function createRng(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    t ^= t >>> 15;
    return (t >>> 0) / 4294967296;
  };
}
