import { ModelError } from '../model-error.ts';
import type { DecisionTreeModel, TreeNodes } from '../types.ts';
import { isObj, type Obj } from '../validate-helpers.ts';
import type { ImportOptions } from './import-options.ts';
import { parseLenientJson } from './parse-lenient-json.ts';
import { resolveInputs } from './resolve-inputs.ts';
import { validatedTreeModel } from './validated-tree-model.ts';

/** A leaf: its output. */
export interface NestedLeaf {
  value: number;
}

/**
 * A split, scikit-learn style: x goes `left` when `x <= threshold` (or `<`, see the document's
 * `comparison`), or, with `categories`, when x is one of them. `missing` says where a missing
 * value goes (default left). `value`, the node's expected output, enables contributions when
 * every split has one (as scikit-learn's `tree_.value` does).
 */
export interface NestedSplit {
  /** A feature name (or, without feature names, the CEL input itself) or a feature index. */
  feature: string | number;
  threshold?: number;
  categories?: number[];
  left: NestedTreeNode;
  right: NestedTreeNode;
  missing?: 'left' | 'right';
  value?: number;
}

export type NestedTreeNode = NestedLeaf | NestedSplit;

/** A nested tree with what it needs around it; a bare root node is accepted as well. */
export interface NestedTreeDocument {
  root: NestedTreeNode;
  /** Feature names, in input order. Without them, features are named in the order splits first use them. */
  featureNames?: string[];
  /** Default `'<='`, scikit-learn's. */
  comparison?: '<' | '<=';
  transform?: 'identity' | 'sigmoid';
  baseMargin?: number;
}

const fail = (path: string, message: string) => new ModelError('MODEL_IMPORT', `${path}: ${message}`);

/**
 * A `decision_tree` from a nested JSON tree, for trees built by hand or exported from
 * scikit-learn. Features named by text without `featureNames` are taken as the input expressions
 * themselves, so a hand-built tree can split on `event.amount` directly.
 *
 * @example importDecisionTree({root: {feature: 'event.amount', threshold: 500, left: {value: 0.02}, right: {value: 0.2}, missing: 'right'}}, {id: 'big_amount_tree'})
 */
export function importDecisionTree(json: unknown, opts: ImportOptions): DecisionTreeModel {
  const doc = typeof json === 'string' ? parseLenientJson(json) : json;
  if (!isObj(doc)) throw fail('tree', 'a nested tree is an object');
  const wrapped = isObj(doc.root);
  const root = (wrapped ? doc.root : doc) as Obj;
  const given = wrapped && Array.isArray(doc.featureNames) ? (doc.featureNames as unknown[]).map(String) : opts.inputs && !Array.isArray(opts.inputs) ? Object.keys(opts.inputs) : undefined;
  const names = given ? [...given] : [];
  const index = new Map(names.map((f, i) => [f, i]));
  const featureOf = (f: unknown, path: string): number => {
    if (typeof f === 'number' && Number.isInteger(f) && f >= 0) return f;
    if (typeof f !== 'string' || f.trim() === '') throw fail(`${path}.feature`, 'a feature is a name or an index');
    let i = index.get(f);
    if (i === undefined) {
      if (given) throw fail(`${path}.feature`, `feature ${f} is not among the feature names`);
      index.set(f, (i = names.length));
      names.push(f);
    }
    return i;
  };

  const tree: TreeNodes = { feature: [], threshold: [], left: [], right: [], defaultLeft: [], value: [] };
  const categories: Array<{ node: number; left: number[] }> = [];
  const nodeValue: Array<number | undefined> = [];
  const stack: Array<{ node: unknown; path: string; parent: number; side: 'left' | 'right' | null }> = [{ node: root, path: wrapped ? 'root' : 'tree', parent: -1, side: null }];
  const seen = new Set<object>();
  while (stack.length) {
    const { node, path, parent, side } = stack.pop()!;
    if (!isObj(node)) throw fail(path, 'a node is an object: {value} for a leaf, {feature, threshold, left, right} for a split');
    // Objects passed in directly may share or loop; JSON text cannot.
    if (seen.has(node)) throw fail(path, 'this node appears twice: the nodes do not form a tree');
    seen.add(node);
    const i = tree.feature.length;
    if (side) tree[side][parent] = i;
    const isLeaf = node.left === undefined && node.right === undefined;
    nodeValue.push(typeof node.value === 'number' ? node.value : undefined);
    if (isLeaf) {
      if (typeof node.value !== 'number') throw fail(`${path}.value`, 'a leaf needs a numeric value');
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.defaultLeft.push(false);
      tree.value.push(node.value);
      continue;
    }
    if (node.missing !== undefined && node.missing !== 'left' && node.missing !== 'right') throw fail(`${path}.missing`, "missing must be 'left' or 'right'");
    tree.feature.push(featureOf(node.feature, path));
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(0);
    tree.defaultLeft.push(node.missing !== 'right');
    if (node.categories !== undefined) {
      if (!Array.isArray(node.categories)) throw fail(`${path}.categories`, 'categories must be a list of category codes');
      categories.push({ node: i, left: node.categories as number[] });
      tree.threshold.push(0);
    } else {
      if (typeof node.threshold !== 'number') throw fail(`${path}.threshold`, 'a split needs a numeric threshold or categories');
      tree.threshold.push(node.threshold);
    }
    stack.push({ node: node.right, path: `${path}.right`, parent: i, side: 'right' }, { node: node.left, path: `${path}.left`, parent: i, side: 'left' });
  }
  if (categories.length) tree.categories = categories;
  if (nodeValue.every((v) => v !== undefined)) tree.nodeValue = nodeValue as number[];

  const used = new Set(tree.feature.filter((f) => f >= 0));
  const d = wrapped ? doc : {};
  return validatedTreeModel(
    {
      kind: 'decision_tree',
      id: opts.id,
      inputs: resolveInputs(names, opts.inputs, used),
      featureNames: names,
      comparison: (d.comparison ?? '<=') as DecisionTreeModel['comparison'],
      ...(d.transform !== undefined && { transform: d.transform as DecisionTreeModel['transform'] }),
      ...(d.baseMargin !== undefined && { baseMargin: d.baseMargin as number }),
      tree,
    },
    opts,
  );
}
