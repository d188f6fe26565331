export type TreeCriterion = 'entropy' | 'gini';

function impurity(p: number, criterion: TreeCriterion): number {
  if (p <= 0 || p >= 1) return 0;
  return criterion === 'gini' ? 2 * p * (1 - p) : -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
}

interface Leaf {
  from: number;
  to: number;
  split: number;
  gain: number;
}

function bestSplit(count: ArrayLike<number>, bad: ArrayLike<number>, from: number, to: number, minLeaf: number, criterion: TreeCriterion): Leaf {
  let n = 0;
  let b = 0;
  for (let j = from; j < to; j++) {
    n += count[j]!;
    b += bad[j]!;
  }
  const parent = n * impurity(b / n, criterion);
  let left = 0;
  let leftBad = 0;
  let best: Leaf = { from, to, split: -1, gain: 0 };
  for (let j = from + 1; j < to; j++) {
    left += count[j - 1]!;
    leftBad += bad[j - 1]!;
    const right = n - left;
    if (left < minLeaf) continue;
    if (right < minLeaf) break;
    const gain = parent - left * impurity(leftBad / left, criterion) - right * impurity((b - leftBad) / right, criterion);
    // A relative tolerance keeps rounding noise from splitting a pure or uniform range.
    if (gain > best.gain + 1e-12 * n) best = { from, to, split: j, gain };
  }
  return best;
}

/**
 * Supervised fine classing by a greedy decision tree over values aggregated by distinct value:
 * repeatedly split the leaf whose best split most reduces the impurity (entropy or Gini, weighted
 * by rows), each leaf keeping at least `minLeaf` rows, until `maxLeaves` leaves or no split helps.
 * Returns ascending distinct indices where a leaf starts (never 0).
 *
 * @example
 * // distinct values with counts [10, 10, 10, 10] and bads [0, 0, 10, 10] split once, between them
 * treeCuts(Float64Array.of(10, 10, 10, 10), Float64Array.of(0, 0, 10, 10), 4, 5, 'gini'); // [2]
 */
export function treeCuts(count: ArrayLike<number>, bad: ArrayLike<number>, maxLeaves: number, minLeaf: number, criterion: TreeCriterion): number[] {
  if (count.length === 0) return [];
  const leaves: Leaf[] = [bestSplit(count, bad, 0, count.length, minLeaf, criterion)];
  while (leaves.length < maxLeaves) {
    let k = -1;
    for (let j = 0; j < leaves.length; j++) if (leaves[j]!.split >= 0 && (k < 0 || leaves[j]!.gain > leaves[k]!.gain)) k = j;
    if (k < 0) break;
    const { from, to, split } = leaves[k]!;
    leaves.splice(k, 1, bestSplit(count, bad, from, split, minLeaf, criterion), bestSplit(count, bad, split, to, minLeaf, criterion));
  }
  return leaves.slice(1).map((l) => l.from);
}
