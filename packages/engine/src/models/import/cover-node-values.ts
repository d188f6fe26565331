import type { TreeNodes } from '../types.ts';

/**
 * Each node's expected output: a leaf's value, a split's the cover-weighted mean of its children
 * (cover being the hessian sum of the training rows through the node). This is how XGBoost fills
 * node mean values for its approximate contributions (`pred_contribs` with `approx_contribs`,
 * RegTree::CalculateContributionsApprox), so attributions match xgboost's. Undefined when a cover
 * is missing or not positive: no attribution rather than a wrong one.
 *
 * @example coverNodeValues(tree, [10, 4, 6]) // [0.6·r + 0.4·l, l, r]
 */
export function coverNodeValues(tree: Pick<TreeNodes, 'feature' | 'left' | 'right' | 'value'>, cover: readonly unknown[]): number[] | undefined {
  const n = tree.feature.length;
  const values = new Array<number>(n).fill(0);
  // Preorder from the root: children come after their parent, so the reverse visits them first.
  const order: number[] = [];
  const seen = new Uint8Array(n);
  const stack = [0];
  while (stack.length) {
    const i = stack.pop()!;
    // Not a tree (validation reports it): leave attribution out rather than loop.
    if (!(i >= 0 && i < n) || seen[i]) return undefined;
    seen[i] = 1;
    order.push(i);
    if (tree.feature[i]! >= 0) stack.push(tree.right[i]!, tree.left[i]!);
  }
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k]!;
    if (tree.feature[i]! < 0) {
      values[i] = tree.value[i]!;
      continue;
    }
    const l = tree.left[i]!;
    const r = tree.right[i]!;
    const [cl, cr, c] = [cover[l], cover[r], cover[i]];
    if (typeof cl !== 'number' || typeof cr !== 'number' || typeof c !== 'number' || !(c > 0)) return undefined;
    values[i] = (values[l]! * cl + values[r]! * cr) / c;
  }
  return values;
}
