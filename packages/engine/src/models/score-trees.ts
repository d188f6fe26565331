import { CATEGORICAL, compiledTrees, DEFAULT_LEFT, MISSING_NONE, MISSING_ZERO, SPECIAL, type CompiledTrees } from './compile-trees.ts';
import { scoreFromLogOdds, sigmoid } from './log-odds.ts';
import { isMissing } from './match-bin.ts';
import type { ModelContribution, ModelScore, TreeModel } from './types.ts';

/** LightGBM's kZeroThreshold, 1e-35 as a float: for missing type Zero, |x| ≤ this is zero. */
const ZERO = Math.fround(1e-35);

/**
 * Scores a tree model on the values of its inputs (in order). Inputs become numbers first: numbers
 * as they are, booleans 1/0, CEL ints as numbers, a string of a categorical input its code in
 * `categoryNames` (an unknown name −1, a category no split takes); anything else, and undefined,
 * null or a blank string, is missing (NaN). With `float32` they are then rounded to float32, and
 * so is the running sum after each tree, as XGBoost's predictor keeps it.
 *
 * Each tree routes the input from the root to a leaf; the margin is `baseMargin` plus the leaves.
 * A numerical split compares with `<` or `<=` per the model; a categorical split sends x left when
 * trunc(x) is in its set, and a negative x right. Missing values:
 * - NaN at a split of missing type `'nan'` (XGBoost always; LightGBM `missing_type=NaN`) and at any
 *   categorical split takes the node's default direction;
 * - at `'zero'` (LightGBM `Zero`) NaN reads as 0, and 0 (|x| ≤ 1e-35) takes the default direction;
 * - at `'none'` (LightGBM `None`) NaN reads as 0 and is compared like any number.
 * These follow LightGBM's `Tree::NumericalDecision`/`CategoricalDecision` (include/LightGBM/tree.h)
 * and XGBoost's `GetNextNode` (src/predictor/predict_fn.h) and `common::Decision`
 * (src/common/categorical.h).
 *
 * The score is the probability σ(sigmoidScale·margin) for sigmoid models (default there), the
 * margin itself (default otherwise), or the scaled score. When every tree has node values, the
 * contributions attribute the margin along the path (Saabas): each split credits its input with
 * the change in expected value from the node to the child taken, so contributions sum to the
 * margin minus `baseMargin` and the roots' expected values.
 *
 * @example scoreTrees(xgbModel, [120.5, null, 3]) // {score: 0.0831, probability: 0.0831, contributions: [...]}
 */
export function scoreTrees(m: TreeModel, inputs: unknown[]): Omit<ModelScore, 'reasons'> {
  const c = compiledTrees(m);
  const { x, root, code, cut, left, nodeValue, contrib } = c;
  for (let j = 0; j < x.length; j++) {
    const v = asNumber(inputs[j], c.categoryCodes[j]);
    x[j] = c.float32 ? Math.fround(v) : v;
  }
  let margin = c.baseMargin;
  if (nodeValue === null) {
    for (let t = 0; t < c.treeCount; t++) {
      let n = root[t];
      let f: number;
      while ((f = code[n]) >= 0) {
        const v = f < SPECIAL ? x[f] : Number.NaN;
        // The common case as arithmetic (false is 0: left; true is 1: the right sibling).
        n = v === v ? left[n] + Number(v >= cut[n]) : route(c, n);
      }
      // XGBoost adds each tree's leaf to a float32 prediction; doing the same keeps its last bit.
      margin = c.float32 ? Math.fround(margin + cut[n]) : margin + cut[n];
    }
  } else {
    contrib.fill(0);
    for (let t = 0; t < c.treeCount; t++) {
      let n = root[t];
      let here = nodeValue[n];
      let f: number;
      while ((f = code[n]) >= 0) {
        const v = f < SPECIAL ? x[f] : Number.NaN;
        n = v === v ? left[n] + Number(v >= cut[n]) : route(c, n);
        const there = nodeValue[n];
        contrib[f < SPECIAL ? f : f - SPECIAL] += there - here;
        here = there;
      }
      margin = c.float32 ? Math.fround(margin + cut[n]) : margin + cut[n];
    }
  }

  const contributions: ModelContribution[] = nodeValue === null ? [] : m.inputs.map((input, j) => contribution(c, input, inputs[j], j));
  const sig = m.transform === 'sigmoid';
  const z = sig ? (m.sigmoidScale ?? 1) * margin : margin;
  const output = m.output ?? (sig ? 'probability' : 'margin');
  if (!sig) return { score: output === 'score' && m.scoreScale ? scoreFromLogOdds(z, m.scoreScale) : margin, contributions };
  const probability = sigmoid(z);
  const score = output === 'score' && m.scoreScale ? scoreFromLogOdds(z, m.scoreScale) : output === 'margin' ? margin : probability;
  return { score, probability, contributions };
}

function asNumber(v: unknown, codes: Map<string, number> | null): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && codes && v.trim() !== '') return codes.get(v) ?? -1;
  return Number.NaN;
}

/** The child of split `n` for a missing value, or at a split that needs its flags. */
function route(c: CompiledTrees, n: number): number {
  const fl = c.flags[n];
  const l = c.left[n];
  let v = c.x[c.code[n] & (SPECIAL - 1)];
  if (fl & CATEGORICAL) {
    if (v !== v) return fl & DEFAULT_LEFT ? l : l + 1;
    // XGBoost: a negative code is invalid and goes where unlisted categories go. LightGBM
    // truncates first, so it would read x in (-1, 0) as category 0; codes are integers in practice.
    if (v < 0) return l + 1;
    const k = Math.trunc(v);
    const inSet = k < c.catWords[n] * 32 && (c.catBits[c.catOffset[n] + (k >>> 5)] >>> (k & 31)) & 1;
    return inSet ? l : l + 1;
  }
  if (v !== v) {
    if ((fl & (MISSING_ZERO | MISSING_NONE)) === 0) return fl & DEFAULT_LEFT ? l : l + 1;
    v = 0;
  }
  if (fl & MISSING_ZERO && v >= -ZERO && v <= ZERO) return fl & DEFAULT_LEFT ? l : l + 1;
  return v < c.cut[n] ? l : l + 1;
}

function contribution(c: CompiledTrees, input: string, value: unknown, j: number): ModelContribution {
  const points = c.contrib[j];
  const codes = c.categoryCodes[j];
  if (isMissing(value)) return { input, value, points, bin: 'missing' };
  if (Number.isNaN(c.x[j])) return { input, value, points, bin: 'unusable' };
  if (typeof value === 'string' && codes && !codes.has(value)) return { input, value, points, bin: 'unknown category' };
  return { input, value, points };
}
