import { ModelError } from '../model-error.ts';
import type { TreeEnsembleModel, TreeNodes } from '../types.ts';
import { isObj, type Obj } from '../validate-helpers.ts';
import { coverNodeValues } from './cover-node-values.ts';
import type { ImportOptions } from './import-options.ts';
import { xgboostEnsemble, xgboostObjective } from './xgboost-objective.ts';

const fail = (path: string, message: string) => new ModelError('MODEL_IMPORT', `${path}: ${message}`);

/**
 * A model from the `learner` of XGBoost's JSON model format (`Booster.save_model('m.json')`,
 * schema in doc/model.schema of dmlc/xgboost): gbtree or dart boosters with one output.
 *
 * Per tree the format holds parallel arrays: `left_children`/`right_children` (-1 on leaves),
 * `split_indices`, `split_conditions` (the leaf value on leaves), `default_left`, `split_type`
 * (1: categorical) and, for categorical splits, `categories_nodes` with the `categories_segments`/
 * `categories_sizes` slice of `categories` listing each node's categories. XGBoost sends the
 * listed categories RIGHT (its `common::Decision` goes left when the category is not in the set,
 * one-hot style); the neutral form sends the set left, so such nodes swap their children and flip
 * the default direction. Dart boosters weigh each tree by `weight_drop`, applied to the leaves.
 * `sum_hessian` (cover) gives the node values for attribution.
 *
 * @example importXgboostModel(doc.learner, {id: 'fraud_xgb'})
 */
export function importXgboostModel(learner: Obj, opts: ImportOptions): TreeEnsembleModel {
  const at = 'learner';
  const gb = learner.gradient_booster;
  if (!isObj(gb)) throw fail(`${at}.gradient_booster`, 'missing');
  let model: unknown;
  let weights: unknown[] | undefined;
  if (gb.name === 'gbtree') model = gb.model;
  else if (gb.name === 'dart' && isObj(gb.gbtree)) {
    model = gb.gbtree.model;
    if (!Array.isArray(gb.weight_drop)) throw fail(`${at}.gradient_booster.weight_drop`, 'a dart booster needs its tree weights');
    weights = gb.weight_drop;
  } else throw fail(`${at}.gradient_booster.name`, `booster ${String(gb.name)} is not supported: only gbtree and dart (trees)`);
  if (!isObj(model) || !Array.isArray(model.trees)) throw fail(`${at}.gradient_booster.model.trees`, 'missing');
  const trees = model.trees as unknown[];
  if (Array.isArray(model.tree_info) && model.tree_info.some((g) => g !== 0)) throw fail(`${at}.gradient_booster.model.tree_info`, 'multi-class and multi-output models are not supported');

  const params = isObj(learner.learner_model_param) ? learner.learner_model_param : {};
  if (Number(params.num_class ?? 0) > 1) throw fail(`${at}.learner_model_param.num_class`, 'multi-class models are not supported');
  if (Number(params.num_target ?? 1) > 1) throw fail(`${at}.learner_model_param.num_target`, 'multi-output models are not supported');
  const featureCount = Number(params.num_feature);
  if (!Number.isInteger(featureCount) || featureCount < 1) throw fail(`${at}.learner_model_param.num_feature`, 'must be a positive integer');
  // 1.x writes "5E-1"; later versions may write a vector "[5E-1]".
  const baseScore = Number(String(params.base_score ?? '0.5').replace(/^\[|\]$/g, ''));
  const objective = isObj(learner.objective) && typeof learner.objective.name === 'string' ? learner.objective.name : undefined;
  if (!objective) throw fail(`${at}.objective.name`, 'missing');
  const link = xgboostObjective(objective, baseScore);

  const names = Array.isArray(learner.feature_names) && learner.feature_names.length === featureCount ? (learner.feature_names as unknown[]).map(String) : Array.from({ length: featureCount }, (_, i) => `f${i}`);
  const used = new Set<number>();
  const nodes = trees.map((t, k) => treeNodes(t, `${at}.gradient_booster.model.trees[${k}]`, weights === undefined ? 1 : Number(weights[k]), used));
  return xgboostEnsemble({ objective, link, featureNames: names, used, trees: nodes }, opts);
}

function list(t: Obj, key: string, path: string, n?: number): unknown[] {
  const a = t[key];
  if (!Array.isArray(a) || (n !== undefined && a.length !== n)) throw fail(`${path}.${key}`, n === undefined ? 'must be a list' : `must have ${n} entries, one per node`);
  return a;
}

function treeNodes(raw: unknown, path: string, weight: number, used: Set<number>): TreeNodes {
  if (!isObj(raw)) throw fail(path, 'a tree must be an object');
  if (!Number.isFinite(weight)) throw fail(path, 'its dart weight is not a number');
  const lefts = list(raw, 'left_children', path);
  const n = lefts.length;
  const rights = list(raw, 'right_children', path, n);
  const splits = list(raw, 'split_indices', path, n);
  const conds = list(raw, 'split_conditions', path, n);
  const defaults = list(raw, 'default_left', path, n);
  const types = raw.split_type === undefined ? [] : list(raw, 'split_type', path, n);
  const cats = new Map<number, number[]>();
  if (raw.categories_nodes !== undefined) {
    const all = list(raw, 'categories', path);
    const catNodes = list(raw, 'categories_nodes', path);
    const segments = list(raw, 'categories_segments', path, catNodes.length);
    const sizes = list(raw, 'categories_sizes', path, catNodes.length);
    catNodes.forEach((node, k) => {
      const start = Number(segments[k]);
      cats.set(Number(node), all.slice(start, start + Number(sizes[k])) as number[]);
    });
  }
  const w = Math.fround(weight);
  const tree: TreeNodes = { feature: [], threshold: [], left: [], right: [], defaultLeft: [], value: [] };
  const categories: Array<{ node: number; left: number[] }> = [];
  for (let i = 0; i < n; i++) {
    if (lefts[i] === -1) {
      // Leaf values are float32 in XGBoost; JSON prints the shortest decimal, which fround restores.
      const leaf = Math.fround(Number(conds[i]));
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.defaultLeft.push(false);
      tree.value.push(w === 1 ? leaf : Math.fround(w * leaf));
      continue;
    }
    const f = Number(splits[i]);
    used.add(f);
    tree.feature.push(f);
    tree.value.push(0);
    if (types[i] === 1) {
      const set = cats.get(i);
      if (!set) throw fail(`${path}.categories_nodes`, `node ${i} is a categorical split without categories`);
      tree.threshold.push(0);
      tree.left.push(Number(rights[i]));
      tree.right.push(Number(lefts[i]));
      tree.defaultLeft.push(!defaults[i]);
      categories.push({ node: i, left: [...set] });
    } else {
      tree.threshold.push(Math.fround(Number(conds[i])));
      tree.left.push(Number(lefts[i]));
      tree.right.push(Number(rights[i]));
      tree.defaultLeft.push(Boolean(defaults[i]));
    }
  }
  if (categories.length) tree.categories = categories;
  const cover = Array.isArray(raw.sum_hessian) && raw.sum_hessian.length === n ? raw.sum_hessian : undefined;
  const nodeValue = cover && coverNodeValues(tree, cover);
  if (nodeValue) tree.nodeValue = nodeValue;
  return tree;
}
