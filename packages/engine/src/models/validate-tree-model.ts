import type { DecisionTreeModel, TreeEnsembleModel, TreeModel, TreeNodes } from './types.ts';
import { isIndex, isNum, isObj, isText, scoreScaleOf, type Err, type Obj } from './validate-helpers.ts';

/**
 * The largest category code: XGBoost treats 2^24 − 1 and above as invalid (float32 no longer
 * holds every integer there), so no set may contain them. It also bounds the bitsets' memory.
 */
export const MAX_CATEGORY = 16_777_214;

const MISSING_TYPES = new Set(['nan', 'zero', 'none']);
/** Past this many problems in one tree the rest are noise (a tree of the wrong shape breaks every node). */
const MAX_TREE_ISSUES = 20;

/**
 * Checks a `decision_tree` or `tree_ensemble` definition (the `kind` and `id` are the caller's) and
 * returns a clean copy; problems go to `err` at their paths (`trees[3].left[7]`).
 *
 * @example validateTreeModel({kind: 'decision_tree', id: 't', inputs: ['event.amount'], comparison: '<=', tree: {...}}, err)
 */
export function validateTreeModel(m: Obj, err: Err): TreeModel {
  const inputs: string[] = [];
  if (!Array.isArray(m.inputs) || m.inputs.length === 0) err('inputs', 'at least one input expression is required');
  else
    m.inputs.forEach((x: unknown, j) => {
      if (!isText(x)) err(`inputs[${j}]`, 'input expression is required');
      inputs.push(x as string);
    });
  const n = inputs.length;

  const base = {
    id: m.id as string,
    ...(m.name !== undefined && { name: m.name as string }),
    inputs,
    comparison: m.comparison as '<' | '<=',
  };
  const model = (
    m.kind === 'decision_tree'
      ? { kind: 'decision_tree', ...base, tree: treeOf(m.tree, 'tree', n, err) }
      : { kind: 'tree_ensemble', ...base, trees: treesOf(m.trees, n, err) }
  ) as DecisionTreeModel | TreeEnsembleModel;

  if (m.comparison !== '<' && m.comparison !== '<=') err('comparison', "comparison must be '<' (XGBoost) or '<=' (LightGBM, scikit-learn)");
  if (m.featureNames !== undefined) {
    if (!Array.isArray(m.featureNames) || m.featureNames.length !== n || !m.featureNames.every((f) => typeof f === 'string')) {
      err('featureNames', `featureNames must be ${n} strings, one per input`);
    } else model.featureNames = [...(m.featureNames as string[])];
  }
  if (m.categoryNames !== undefined) {
    if (!Array.isArray(m.categoryNames) || m.categoryNames.length !== n) err('categoryNames', `categoryNames must have ${n} entries, one per input`);
    else {
      m.categoryNames.forEach((c: unknown, j) => {
        if (c !== null && (!Array.isArray(c) || !c.every((x) => typeof x === 'string'))) err(`categoryNames[${j}]`, 'category names must be a list of strings, or null for a numerical input');
        else if (c && new Set(c).size !== c.length) err(`categoryNames[${j}]`, 'a category is named twice');
      });
      model.categoryNames = (m.categoryNames as Array<string[] | null>).map((c) => (Array.isArray(c) ? [...c] : null));
    }
  }
  if (m.float32 !== undefined) {
    if (typeof m.float32 !== 'boolean') err('float32', 'float32 must be a boolean');
    model.float32 = m.float32 as boolean;
  }
  if (m.baseMargin !== undefined) {
    if (!isNum(m.baseMargin)) err('baseMargin', 'baseMargin must be a finite number');
    model.baseMargin = m.baseMargin as number;
  }
  const transform = m.transform ?? 'identity';
  if (transform !== 'identity' && transform !== 'sigmoid') err('transform', "transform must be 'identity' or 'sigmoid'");
  if (m.transform !== undefined) model.transform = m.transform as TreeModel['transform'];
  if (m.sigmoidScale !== undefined) {
    if (!isNum(m.sigmoidScale) || m.sigmoidScale <= 0) err('sigmoidScale', 'sigmoidScale must be a positive number');
    else if (transform !== 'sigmoid') err('sigmoidScale', "sigmoidScale only applies to transform 'sigmoid'");
    model.sigmoidScale = m.sigmoidScale as number;
  }
  if (m.output !== undefined) {
    if (m.output !== 'probability' && m.output !== 'margin' && m.output !== 'score') err('output', "output must be 'probability', 'margin' or 'score'");
    else if (m.output === 'probability' && transform !== 'sigmoid') err('output', "output 'probability' needs transform 'sigmoid'");
    model.output = m.output as TreeModel['output'];
  }
  const scale = scoreScaleOf(m.scoreScale, m.output === 'score', err);
  if (scale) model.scoreScale = scale;
  if (m.objective !== undefined) {
    if (typeof m.objective !== 'string') err('objective', 'objective must be a string');
    model.objective = m.objective as string;
  }
  return model;
}

function treesOf(raw: unknown, inputCount: number, err: Err): TreeNodes[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    err('trees', 'at least one tree is required');
    return [];
  }
  return raw.map((t, i) => treeOf(t, `trees[${i}]`, inputCount, err));
}

const PER_NODE = ['threshold', 'left', 'right', 'defaultLeft', 'value'] as const;

const isChild = (c: unknown, i: number, n: number) => isIndex(c) && c >= 0 && c < n && c !== i;

/**
 * Checks one tree: parallel arrays of one length, leaves with no children and a finite value,
 * splits on an existing input with children in range, categorical sets of valid codes, and every
 * node reachable from the root reached once (no cycle, no shared subtree). Unreachable nodes are
 * allowed: XGBoost keeps pruned nodes in its arrays.
 */
function treeOf(raw: unknown, path: string, inputCount: number, outer: Err): TreeNodes {
  const empty: TreeNodes = { feature: [], threshold: [], left: [], right: [], defaultLeft: [], value: [] };
  if (!isObj(raw)) {
    outer(path, 'a tree must be an object');
    return empty;
  }
  let issues = 0;
  const err: Err = (p, message) => {
    if (++issues <= MAX_TREE_ISSUES) outer(p, message);
    else if (issues === MAX_TREE_ISSUES + 1) outer(path, `more than ${MAX_TREE_ISSUES} problems in this tree; the rest are not listed`);
  };
  if (!Array.isArray(raw.feature) || raw.feature.length === 0) {
    err(`${path}.feature`, 'feature must list one input index per node (-1 for a leaf)');
    return empty;
  }
  const n = raw.feature.length;
  let shapeOk = true;
  for (const k of PER_NODE) {
    const a = raw[k];
    if (!Array.isArray(a) || a.length !== n) {
      err(`${path}.${k}`, `${k} must have ${n} entries, one per node like feature`);
      shapeOk = false;
    }
  }
  if (raw.missing !== undefined && (!Array.isArray(raw.missing) || raw.missing.length !== n)) {
    err(`${path}.missing`, `missing must have ${n} entries, one per node like feature`);
    shapeOk = false;
  }
  if (raw.nodeValue !== undefined && (!Array.isArray(raw.nodeValue) || raw.nodeValue.length !== n)) {
    err(`${path}.nodeValue`, `nodeValue must have ${n} entries, one per node like feature`);
    shapeOk = false;
  }
  if (!shapeOk) return empty;

  const feature = raw.feature as unknown[];
  const left = raw.left as unknown[];
  const right = raw.right as unknown[];
  const threshold = raw.threshold as unknown[];
  const value = raw.value as unknown[];
  const defaultLeft = raw.defaultLeft as unknown[];
  let linksOk = true;
  for (let i = 0; i < n; i++) {
    const f = feature[i];
    if (!isIndex(f) || f < -1 || f >= inputCount) {
      err(`${path}.feature[${i}]`, `feature must be -1 (a leaf) or an input index below ${inputCount}`);
      linksOk = false;
      continue;
    }
    if (f === -1) {
      if (left[i] !== -1 || right[i] !== -1) {
        err(`${path}.left[${i}]`, 'a leaf (feature -1) has no children: left and right must be -1');
        linksOk = false;
      }
    } else {
      if (!isChild(left[i], i, n)) {
        err(`${path}.left[${i}]`, `a child must be another node's index, below ${n}`);
        linksOk = false;
      }
      if (!isChild(right[i], i, n)) {
        err(`${path}.right[${i}]`, `a child must be another node's index, below ${n}`);
        linksOk = false;
      }
      if (!isNum(threshold[i])) err(`${path}.threshold[${i}]`, 'threshold must be a finite number');
    }
    if (!isNum(value[i])) err(`${path}.value[${i}]`, f === -1 ? 'a leaf value must be a finite number' : 'value must be a finite number (0 on a split)');
    if (typeof defaultLeft[i] !== 'boolean') err(`${path}.defaultLeft[${i}]`, 'defaultLeft must be a boolean');
    if (raw.missing !== undefined && !MISSING_TYPES.has((raw.missing as unknown[])[i] as string)) err(`${path}.missing[${i}]`, "missing must be 'nan', 'zero' or 'none'");
    if (raw.nodeValue !== undefined && !isNum((raw.nodeValue as unknown[])[i])) err(`${path}.nodeValue[${i}]`, 'nodeValue must be a finite number');
  }

  const tree: TreeNodes = {
    feature: [...(feature as number[])],
    threshold: [...(threshold as number[])],
    left: [...(left as number[])],
    right: [...(right as number[])],
    defaultLeft: [...(defaultLeft as boolean[])],
    value: [...(value as number[])],
  };
  if (raw.missing !== undefined) tree.missing = [...(raw.missing as Array<'nan' | 'zero' | 'none'>)];
  if (raw.nodeValue !== undefined) tree.nodeValue = [...(raw.nodeValue as number[])];

  if (raw.categories !== undefined) {
    if (!Array.isArray(raw.categories)) err(`${path}.categories`, 'categories must be a list of {node, left}');
    else {
      const seen = new Set<number>();
      tree.categories = raw.categories.map((c: unknown, k) => {
        const p = `${path}.categories[${k}]`;
        if (!isObj(c)) {
          err(p, 'a categorical split must be an object {node, left}');
          return { node: -1, left: [] };
        }
        if (!isIndex(c.node) || c.node < 0 || c.node >= n || (feature[c.node] as number) < 0) err(`${p}.node`, 'node must be the index of a split node');
        else if (seen.has(c.node)) err(`${p}.node`, `node ${c.node} already has its categories`);
        else seen.add(c.node);
        if (!Array.isArray(c.left) || !c.left.every((x) => isIndex(x) && x >= 0 && x <= MAX_CATEGORY)) {
          err(`${p}.left`, `left must list the categories going left: integers from 0 to ${MAX_CATEGORY}`);
          return { node: c.node as number, left: [] };
        }
        return { node: c.node as number, left: [...(c.left as number[])] };
      });
    }
  }

  if (linksOk) {
    // Walk from the root with an explicit stack (deep trees must not overflow the call stack).
    const reached = new Uint8Array(n);
    const stack = [0];
    while (stack.length) {
      const i = stack.pop()!;
      if (reached[i]) {
        err(path, `node ${i} is reached twice: the nodes do not form a tree`);
        break;
      }
      reached[i] = 1;
      if (tree.feature[i]! >= 0) stack.push(tree.right[i]!, tree.left[i]!);
    }
  }
  return tree;
}
