import { ModelError } from '../model-error.ts';
import type { TreeEnsembleModel, TreeNodes } from '../types.ts';
import type { ImportOptions } from './import-options.ts';
import { lightgbmObjective } from './lightgbm-objective.ts';
import { resolveInputs } from './resolve-inputs.ts';
import { validatedTreeModel } from './validated-tree-model.ts';

const fail = (where: string, message: string) => new ModelError('MODEL_IMPORT', `${where}: ${message}`);

/** decision_type bits (include/LightGBM/tree.h: kCategoricalMask, kDefaultLeftMask, GetMissingType). */
const CATEGORICAL_BIT = 1;
const DEFAULT_LEFT_BIT = 2;
const MISSING_TYPES = ['none', 'zero', 'nan'] as const;

/**
 * A LightGBM model as a `tree_ensemble`, from its text format (`Booster.save_model('m.txt')`, or
 * `model_to_string()`): header lines (`objective=binary sigmoid:1`, `max_feature_idx`,
 * `feature_names`, `average_output` for random forests), then `Tree=<k>` blocks of space-separated
 * arrays, until `end of trees`.
 *
 * In a block, split nodes are 0…num_leaves−2 and a negative child −(j+1) (~j) is leaf j; they become
 * one node list with the leaves after the splits. `decision_type` packs, per split, bit 0
 * categorical, bit 1 default left, bits 2–3 the missing type (0 None, 1 Zero, 2 NaN), routed by the
 * scorer as Tree::NumericalDecision does: `x <= threshold` goes left. A categorical split's
 * `threshold` indexes `cat_boundaries`, whose slice of `cat_threshold` is a bitset (bit c%32 of word
 * c/32) of the categories going left; LightGBM sends NaN right there whatever the bits say, so those
 * nodes default right. `leaf_value` already includes `shrinkage` (Tree::Shrinkage scales the leaves),
 * and the initial score is folded into the first tree, so the margin is the plain sum (divided by
 * the number of trees with `average_output`). `internal_value` gives the node values for attribution.
 *
 * @example importLightgbmText(readFileSync('m.txt', 'utf8'), {id: 'fraud_lgb', inputs: {amount: 'event.amount'}})
 */
export function importLightgbmText(text: string, opts: ImportOptions): TreeEnsembleModel {
  if (typeof text !== 'string') throw fail('model', 'a LightGBM text model is a string');
  const lines = text.split(/\r?\n/);
  const header = new Map<string, string>();
  let at = 0;
  for (; at < lines.length && !lines[at]!.startsWith('Tree='); at++) {
    const line = lines[at]!.trim();
    if (line === '' || line === 'end of trees') continue;
    const eq = line.indexOf('=');
    if (eq < 0) header.set(line, '');
    else header.set(line.slice(0, eq), line.slice(eq + 1));
  }
  if (Number(header.get('num_class') ?? 1) !== 1 || Number(header.get('num_tree_per_iteration') ?? 1) !== 1) throw fail('num_class', 'multi-class models are not supported');
  const maxFeature = Number(header.get('max_feature_idx'));
  if (!Number.isInteger(maxFeature) || maxFeature < 0) throw fail('max_feature_idx', 'missing or not an integer: is this a LightGBM text model?');
  const names = header.has('feature_names') ? header.get('feature_names')!.trim().split(/\s+/) : Array.from({ length: maxFeature + 1 }, (_, i) => `Column_${i}`);
  if (names.length !== maxFeature + 1) throw fail('feature_names', `${names.length} names for ${maxFeature + 1} features`);
  const objective = header.get('objective');
  const { transform, sigmoidScale } = lightgbmObjective(objective);

  const blocks: Array<{ name: string; fields: Map<string, string> }> = [];
  for (; at < lines.length; at++) {
    const line = lines[at]!.trim();
    if (line === 'end of trees') break;
    if (line.startsWith('Tree=')) blocks.push({ name: line, fields: new Map() });
    else if (line !== '' && blocks.length) {
      const eq = line.indexOf('=');
      if (eq > 0) blocks[blocks.length - 1]!.fields.set(line.slice(0, eq), line.slice(eq + 1));
    }
  }
  if (!blocks.length) throw fail('model', 'no trees (no Tree= block)');
  const scale = header.has('average_output') ? 1 / blocks.length : 1;
  const used = new Set<number>();
  const trees = blocks.map((b) => treeNodes(b.name, b.fields, scale, used));
  return validatedTreeModel(
    {
      kind: 'tree_ensemble',
      id: opts.id,
      inputs: resolveInputs(names, opts.inputs, used),
      featureNames: names,
      comparison: '<=',
      baseMargin: 0,
      transform,
      ...(sigmoidScale !== undefined && { sigmoidScale }),
      ...(objective !== undefined && { objective }),
      trees,
    },
    opts,
  );
}

function numbers(fields: Map<string, string>, key: string, where: string, n: number): number[] {
  const raw = fields.get(key);
  if (raw === undefined) throw fail(`${where} ${key}`, 'missing');
  const a = raw.trim() === '' ? [] : raw.trim().split(/\s+/).map(Number);
  if (a.length !== n || a.some((x) => Number.isNaN(x))) throw fail(`${where} ${key}`, `expected ${n} numbers`);
  return a;
}

function treeNodes(where: string, fields: Map<string, string>, scale: number, used: Set<number>): TreeNodes {
  const leaves = Number(fields.get('num_leaves'));
  if (!Number.isInteger(leaves) || leaves < 1) throw fail(`${where} num_leaves`, 'must be a positive integer');
  if (fields.get('is_linear') === '1') throw fail(`${where} is_linear`, 'linear trees are not supported');
  const leafValue = numbers(fields, 'leaf_value', where, leaves).map((v) => v * scale);
  const splits = leaves - 1;
  if (splits === 0) return { feature: [-1], threshold: [0], left: [-1], right: [-1], defaultLeft: [false], value: leafValue, nodeValue: leafValue };

  const feature = numbers(fields, 'split_feature', where, splits);
  const threshold = numbers(fields, 'threshold', where, splits);
  const decision = fields.has('decision_type') ? numbers(fields, 'decision_type', where, splits) : new Array<number>(splits).fill(0);
  const leftChild = numbers(fields, 'left_child', where, splits);
  const rightChild = numbers(fields, 'right_child', where, splits);
  const internal = fields.has('internal_value') ? numbers(fields, 'internal_value', where, splits) : undefined;
  const numCat = Number(fields.get('num_cat') ?? 0);
  const boundaries = numCat > 0 ? numbers(fields, 'cat_boundaries', where, numCat + 1) : [0];
  const bits = numCat > 0 ? numbers(fields, 'cat_threshold', where, boundaries[numCat]!) : [];

  // Leaf j (child ~j) goes after the splits.
  const node = (c: number) => (c >= 0 ? c : splits + ~c);
  const tree: TreeNodes = {
    feature: [...feature, ...leafValue.map(() => -1)],
    threshold: [],
    left: [...leftChild.map(node), ...leafValue.map(() => -1)],
    right: [...rightChild.map(node), ...leafValue.map(() => -1)],
    defaultLeft: [],
    value: [...feature.map(() => 0), ...leafValue],
    missing: [],
  };
  const categories: Array<{ node: number; left: number[] }> = [];
  for (let i = 0; i < splits; i++) {
    used.add(feature[i]!);
    const d = decision[i]!;
    if (d & CATEGORICAL_BIT) {
      const k = threshold[i]!;
      if (!Number.isInteger(k) || k < 0 || k >= numCat) throw fail(`${where} threshold`, `split ${i} names category set ${k}, but the tree has ${numCat}`);
      const set: number[] = [];
      for (let w = boundaries[k]!; w < boundaries[k + 1]!; w++) {
        for (let b = 0; b < 32; b++) if ((bits[w]! >>> b) & 1) set.push((w - boundaries[k]!) * 32 + b);
      }
      categories.push({ node: i, left: set });
      tree.threshold.push(0);
      tree.defaultLeft.push(false);
      tree.missing!.push('nan');
    } else {
      tree.threshold.push(threshold[i]!);
      tree.defaultLeft.push((d & DEFAULT_LEFT_BIT) !== 0);
      const type = MISSING_TYPES[(d >> 2) & 3];
      if (!type) throw fail(`${where} decision_type`, `split ${i} has an unknown missing type`);
      tree.missing!.push(type);
    }
  }
  for (let j = 0; j < leaves; j++) {
    tree.threshold.push(0);
    tree.defaultLeft.push(false);
    tree.missing!.push('nan');
  }
  if (categories.length) tree.categories = categories;
  if (internal) tree.nodeValue = [...internal.map((v) => v * scale), ...leafValue];
  return tree;
}
