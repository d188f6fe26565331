import type { ScorecardArtefact } from './artefact-types.ts';

/** The artefact of a version or a fit when it is a Vigil scorecard's; null for anything else. */
export function asScorecardArtefact(doc: unknown): ScorecardArtefact | null {
  if (!doc || typeof doc !== 'object') return null;
  const a = doc as Partial<ScorecardArtefact>;
  return a.format === 'vigil.scorecard/v1' && Array.isArray(a.scorecardTable) && Array.isArray(a.binning) && !!a.evaluation ? (a as ScorecardArtefact) : null;
}

/** What a model definition holds, read defensively (each format has its own shape). */
export interface DefinitionSummary {
  kind: string | null;
  /** Trees of an ensemble (or 1 for a single tree). */
  trees: number | null;
  /** Nodes of every tree together (split and leaf). */
  nodes: number | null;
  /** Characteristics of a scorecard, coefficients of a logistic regression. */
  terms: number | null;
  /** Base score of a scorecard, intercept of a regression. */
  base: number | null;
  objective: string | null;
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Nodes of a nested tree: `children` (XGBoost dumps, Vigil trees) or `left`/`right` (LightGBM, generic). */
function countNodes(node: unknown, depth = 0): number {
  if (!isObj(node) || depth > 200) return 0;
  let n = 1;
  if (Array.isArray(node.children)) for (const c of node.children) n += countNodes(c, depth + 1);
  for (const k of ['left', 'right', 'yes', 'no', 'left_child', 'right_child']) if (isObj(node[k])) n += countNodes(node[k], depth + 1);
  return n;
}

/**
 * A short summary of an engine model definition (scorecard, logistic regression, decision tree,
 * tree ensemble): kind, trees, nodes, terms, base. Fields it cannot find are null.
 *
 * @example
 * definitionSummary({ kind: 'tree_ensemble', trees: [{ nodes: [1, 2, 3] }] }) // { kind: 'tree_ensemble', trees: 1, nodes: 3, ... }
 */
export function definitionSummary(definition: unknown): DefinitionSummary {
  const out: DefinitionSummary = { kind: null, trees: null, nodes: null, terms: null, base: null, objective: null };
  if (!isObj(definition)) return out;
  out.kind = typeof definition.kind === 'string' ? definition.kind : null;
  if (Array.isArray(definition.characteristics)) out.terms = definition.characteristics.length;
  if (Array.isArray(definition.coefficients)) out.terms = definition.coefficients.length;
  if (typeof definition.baseScore === 'number') out.base = definition.baseScore;
  if (typeof definition.intercept === 'number') out.base = definition.intercept;
  if (typeof definition.objective === 'string') out.objective = definition.objective;
  const trees = Array.isArray(definition.trees) ? definition.trees : null;
  if (trees) {
    out.trees = trees.length;
    out.nodes = trees.reduce<number>((s, tree) => s + (isObj(tree) && Array.isArray(tree.nodes) ? tree.nodes.length : countNodes(isObj(tree) && isObj(tree.root) ? tree.root : tree)), 0);
  } else if (isObj(definition.root) || Array.isArray(definition.nodes)) {
    out.trees = 1;
    out.nodes = Array.isArray(definition.nodes) ? definition.nodes.length : countNodes(definition.root);
  }
  return out;
}
