import { ModelError } from './model-error.ts';
import type { TreeModel, TreeNodes } from './types.ts';
import type { Obj } from './validate-helpers.ts';
import { validateTreeModel } from './validate-tree-model.ts';

/** Node flags, for the splits that need more than a comparison. */
export const DEFAULT_LEFT = 1;
export const CATEGORICAL = 2;
/** LightGBM missing type Zero: NaN reads as 0, and 0 takes the default direction. */
export const MISSING_ZERO = 4;
/** LightGBM missing type None: NaN reads as 0, compared like any number. */
export const MISSING_NONE = 8;
/** Added to the input index in `code` for splits that need their flags (categorical, Zero or None missing). */
export const SPECIAL = 1 << 24;

/**
 * A tree model as typed arrays, all trees' nodes in one set (global indices), laid out for the
 * walk: nodes are renumbered breadth-first so that a split's right child sits just after its left
 * child. The next node is then `left + (x >= cut)`, which compiles to arithmetic instead of a
 * branch; a walk over random splits is otherwise dominated by mispredicted branches (2–3× slower
 * when measured). Built once per model object, so scoring allocates nothing per node.
 */
export interface CompiledTrees {
  treeCount: number;
  /** Node index of each tree's root. */
  root: Int32Array;
  /** Per node: −1 for a leaf, the input index for a plain numerical split, input index + SPECIAL otherwise. */
  code: Int32Array;
  /**
   * Per node: the leaf's value, or the numerical split point as a strict bound — x goes left when
   * x < cut (a `<=` threshold t becomes the next double above t, the same split for every x).
   */
  cut: Float64Array;
  /** Per split: the left child; the right child is the next node. */
  left: Int32Array;
  flags: Uint8Array;
  /** Categorical nodes: where their bitset starts in `catBits` and how many 32-bit words it has. */
  catOffset: Int32Array;
  catWords: Int32Array;
  catBits: Uint32Array;
  /** Expected output per node (leaves: their value), or null when the model has none. */
  nodeValue: Float64Array | null;
  float32: boolean;
  baseMargin: number;
  categoryCodes: Array<Map<string, number> | null>;
  /** Scratch: the inputs as numbers. Scoring is synchronous, so one buffer per model suffices. */
  x: Float64Array;
  /** Scratch: attribution per input. */
  contrib: Float64Array;
}

const compiled = new WeakMap<TreeModel, CompiledTrees>();

/**
 * The compiled form of a tree model, built on first use and kept while the model object lives
 * (models are treated as immutable once scored). A model that does not validate is refused here,
 * since a cycle would otherwise loop forever.
 *
 * @example compiledTrees(model).treeCount // 100
 */
export function compiledTrees(m: TreeModel): CompiledTrees {
  let c = compiled.get(m);
  if (!c) compiled.set(m, (c = compileTrees(m)));
  return c;
}

/** Each tree's reachable nodes, breadth-first with siblings side by side: old index per new index. */
function layout(t: TreeNodes): number[] {
  const order = [0];
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (t.feature[i] >= 0) order.push(t.left[i], t.right[i]);
  }
  return order;
}

const bits = new DataView(new ArrayBuffer(8));
/** The smallest double above a finite t: x <= t exactly when x < nextUp(t). */
function nextUp(t: number): number {
  if (t === 0) return Number.MIN_VALUE;
  bits.setFloat64(0, t);
  bits.setBigInt64(0, bits.getBigInt64(0) + (t > 0 ? 1n : -1n));
  return bits.getFloat64(0);
}

function compileTrees(m: TreeModel): CompiledTrees {
  const issues: string[] = [];
  validateTreeModel(m as unknown as Obj, (path, message) => issues.push(`${path}: ${message}`));
  if (issues.length) throw new ModelError('MODEL_INVALID', `model ${m.id} is not a valid tree model: ${issues.slice(0, 3).join('; ')}`);

  const trees: TreeNodes[] = m.kind === 'decision_tree' ? [m.tree] : m.trees;
  const orders = trees.map(layout);
  const total = orders.reduce((s, o) => s + o.length, 0);
  const root = new Int32Array(trees.length);
  const code = new Int32Array(total);
  const cut = new Float64Array(total);
  const left = new Int32Array(total);
  const flags = new Uint8Array(total);
  const catOffset = new Int32Array(total);
  const catWords = new Int32Array(total);
  const nodeValue = trees.every((t) => t.nodeValue !== undefined) ? new Float64Array(total) : null;
  const float32 = m.float32 === true;
  const lessOrEqual = m.comparison === '<=';
  const words: number[] = [];

  let base = 0;
  trees.forEach((t, ti) => {
    const order = orders[ti];
    root[ti] = base;
    const cats = new Map((t.categories ?? []).map((c) => [c.node, c.left]));
    let nextChild = base + 1;
    order.forEach((i, k) => {
      const g = base + k;
      const f = t.feature[i];
      if (nodeValue) nodeValue[g] = f < 0 ? t.value[i] : t.nodeValue![i];
      if (f < 0) {
        code[g] = -1;
        cut[g] = t.value[i];
        return;
      }
      // Children were queued in this order by layout(), so they take the next two slots.
      left[g] = nextChild;
      nextChild += 2;
      // XGBoost compares float32 with float32: a threshold read from JSON as a double is rounded
      // back to the float32 it was printed from.
      const threshold = float32 ? Math.fround(t.threshold[i]) : t.threshold[i];
      cut[g] = lessOrEqual ? nextUp(threshold) : threshold;
      let fl = t.defaultLeft[i] ? DEFAULT_LEFT : 0;
      const missing = t.missing?.[i];
      if (missing === 'zero') fl |= MISSING_ZERO;
      else if (missing === 'none') fl |= MISSING_NONE;
      const set = cats.get(i);
      if (set) {
        fl |= CATEGORICAL;
        let max = -1;
        for (const c of set) if (c > max) max = c;
        const start = words.length;
        catOffset[g] = start;
        catWords[g] = max < 0 ? 0 : (max >>> 5) + 1;
        for (let w = 0; w < catWords[g]; w++) words.push(0);
        // Bit c % 32 of word c / 32, lowest bit first, as LightGBM's cat_threshold.
        for (const c of set) words[start + (c >>> 5)] |= 1 << (c & 31);
      }
      flags[g] = fl;
      code[g] = fl & (CATEGORICAL | MISSING_ZERO | MISSING_NONE) ? f + SPECIAL : f;
    });
    base += order.length;
  });

  const categoryCodes = m.inputs.map((_, j) => {
    const names = m.categoryNames?.[j];
    return names ? new Map(names.map((name, c) => [name, c])) : null;
  });
  return {
    treeCount: trees.length,
    root,
    code,
    cut,
    left,
    flags,
    catOffset,
    catWords,
    catBits: Uint32Array.from(words, (w) => w >>> 0),
    nodeValue,
    float32,
    baseMargin: m.baseMargin ?? 0,
    categoryCodes,
    x: new Float64Array(m.inputs.length),
    contrib: new Float64Array(m.inputs.length),
  };
}
