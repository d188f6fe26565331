/** Characters of generated passwords: no look-alikes (0/O, 1/l/I) so they can be read out. */
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '!@#$%^&*-_=+?';
const ALL = LOWER + UPPER + DIGITS + SYMBOLS;

export type RandomSource = (n: number) => Uint32Array;
const cryptoRandom: RandomSource = (n) => crypto.getRandomValues(new Uint32Array(n));

/**
 * A one-time password an administrator hands to a user (who must replace it at sign-in): 16
 * characters with every class the server's policy counts, from the browser's CSPRNG.
 *
 * @example
 * initialPassword() // 'h7K!pR2x…'
 */
export function initialPassword(length = 16, random: RandomSource = cryptoRandom): string {
  const r = random(length * 2);
  const pick = (set: string, i: number) => set[r[i]! % set.length]!;
  const chars = [pick(LOWER, 0), pick(UPPER, 1), pick(DIGITS, 2), pick(SYMBOLS, 3)];
  for (let i = 4; i < length; i++) chars.push(pick(ALL, i));
  // Shuffle (Fisher–Yates) so the guaranteed classes are not always in front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = r[length + i]! % (i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
