/**
 * Equal-frequency cut positions over values aggregated by distinct value: for each quantile
 * i/parts (0 < i < parts) the first distinct value with at least that share of rows below it.
 * Returns ascending distinct indices where a new bin starts (never 0); heavy ties yield fewer bins.
 *
 * @example
 * // 8 rows with distinct values counted [2, 2, 2, 2], 4 parts → bins start at values 1, 2, 3
 * quantileCuts(Float64Array.of(2, 2, 2, 2), 4); // [1, 2, 3]
 */
export function quantileCuts(count: ArrayLike<number>, parts: number): number[] {
  let n = 0;
  for (let j = 0; j < count.length; j++) n += count[j]!;
  const cuts: number[] = [];
  let i = 1;
  let below = count.length > 0 ? count[0]! : 0;
  for (let j = 1; j < count.length && i < parts; j++) {
    let taken = false;
    while (i < parts && below >= (i * n) / parts) {
      if (!taken) cuts.push(j);
      taken = true;
      i++;
    }
    below += count[j]!;
  }
  return cuts;
}
