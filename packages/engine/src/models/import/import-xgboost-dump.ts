import { ModelError } from '../model-error.ts';
import type { TreeEnsembleModel, TreeNodes } from '../types.ts';
import { isObj, type Obj } from '../validate-helpers.ts';
import { coverNodeValues } from './cover-node-values.ts';
import type { ImportOptions } from './import-options.ts';
import { parseLenientJson } from './parse-lenient-json.ts';
import { xgboostEnsemble, xgboostObjective } from './xgboost-objective.ts';

/** What a dump needs besides its trees: the dump records neither objective nor base score. */
export interface XgboostDumpOptions extends ImportOptions {
  /** The objective the model was trained with, e.g. `binary:logistic`. */
  objective?: string;
  /**
   * base_score as XGBoost reports it, in prediction space (`json.loads(bst.save_config())
   * ['learner']['learner_model_param']['base_score']`): 0.5 by default before XGBoost 2.0, which
   * estimates it from the data.
   */
  baseScore?: number;
  /** Feature names in training order, when the dump names features (otherwise `f0`, `f1`, …). */
  featureNames?: string[];
}

const fail = (path: string, message: string) => new ModelError('MODEL_IMPORT', `${path}: ${message}`);

/**
 * A model from XGBoost's JSON dump (`Booster.dump_model(f, dump_format='json')`, or the list of
 * `get_dump(dump_format='json')` strings): per tree, nested nodes with `nodeid`, `split`,
 * `split_condition`, `yes`, `no`, `missing`, `children`, and `leaf` on leaves; `cover` with
 * `with_stats=True`. "yes" is the branch where the condition holds: `x < split_condition` for a
 * numerical split, x in the listed categories (`split_condition` is then a list) for a categorical
 * one, so in both cases it becomes the left child. Nodes are renumbered in preorder.
 *
 * @example importXgboostDump(dump, {id: 'fraud_xgb', objective: 'binary:logistic', baseScore: 0.5})
 */
export function importXgboostDump(dump: unknown[], opts: XgboostDumpOptions): TreeEnsembleModel {
  if (opts.objective === undefined || opts.baseScore === undefined) {
    throw new ModelError('MODEL_IMPORT', 'an XGBoost dump records neither objective nor base_score: pass both (objective, baseScore), or import the save_model JSON instead');
  }
  const link = xgboostObjective(opts.objective, opts.baseScore);
  const given = opts.featureNames ?? (opts.inputs && !Array.isArray(opts.inputs) ? Object.keys(opts.inputs) : undefined);
  const index = new Map(given?.map((f, i) => [f, i]));
  const featureOf = (name: unknown, path: string): number => {
    const s = String(name);
    const i = given ? index.get(s) : /^f\d+$/.test(s) ? Number(s.slice(1)) : undefined;
    if (i === undefined) throw fail(`${path}.split`, given ? `feature ${s} is not among the feature names` : `the dump names its features (${s}): pass featureNames in training order`);
    return i;
  };
  const trees = dump.map((t, k) => treeNodes(typeof t === 'string' ? parseLenientJson(t) : t, `[${k}]`, featureOf));
  const used = new Set(trees.flatMap((t) => t.feature.filter((f) => f >= 0)));
  const count = given?.length ?? (Array.isArray(opts.inputs) ? opts.inputs.length : Math.max(-1, ...used) + 1);
  const names = given ?? Array.from({ length: count }, (_, i) => `f${i}`);
  return xgboostEnsemble({ objective: opts.objective, link, featureNames: names, used, trees }, opts);
}

function treeNodes(root: unknown, path: string, featureOf: (name: unknown, path: string) => number): TreeNodes {
  if (!isObj(root)) throw fail(path, 'a tree must be an object');
  const tree: TreeNodes = { feature: [], threshold: [], left: [], right: [], defaultLeft: [], value: [] };
  const categories: Array<{ node: number; left: number[] }> = [];
  const cover: unknown[] = [];
  // Preorder with an explicit stack; each entry is a node and the slot its parent points to.
  const stack: Array<{ node: Obj; path: string; parent: number; side: 'left' | 'right' | null }> = [{ node: root, path, parent: -1, side: null }];
  const seen = new Set<object>();
  while (stack.length) {
    const { node, path: p, parent, side } = stack.pop()!;
    // Objects passed in directly may share or loop; JSON text cannot.
    if (seen.has(node)) throw fail(p, 'this node appears twice: the nodes do not form a tree');
    seen.add(node);
    const i = tree.feature.length;
    if (side) tree[side][parent] = i;
    cover.push(node.cover);
    if (node.leaf !== undefined) {
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.defaultLeft.push(false);
      tree.value.push(Math.fround(Number(node.leaf)));
      continue;
    }
    const children = Array.isArray(node.children) ? (node.children as unknown[]) : [];
    const child = (id: unknown, key: string) => {
      const c = children.find((x) => isObj(x) && x.nodeid === id);
      if (!isObj(c)) throw fail(`${p}.${key}`, `no child with nodeid ${String(id)}`);
      return c;
    };
    const yes = child(node.yes, 'yes');
    const no = child(node.no, 'no');
    if (node.missing !== node.yes && node.missing !== node.no) throw fail(`${p}.missing`, 'must be the yes or the no node');
    tree.feature.push(featureOf(node.split, p));
    tree.value.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.defaultLeft.push(node.missing === node.yes);
    if (Array.isArray(node.split_condition)) {
      tree.threshold.push(0);
      categories.push({ node: i, left: (node.split_condition as unknown[]).map(Number) });
    } else tree.threshold.push(Math.fround(Number(node.split_condition)));
    stack.push({ node: no, path: `${p}.children[${children.indexOf(no)}]`, parent: i, side: 'right' }, { node: yes, path: `${p}.children[${children.indexOf(yes)}]`, parent: i, side: 'left' });
  }
  if (categories.length) tree.categories = categories;
  const nodeValue = coverNodeValues(tree, cover);
  if (nodeValue) tree.nodeValue = nodeValue;
  return tree;
}
