/**
 * The flow of a strategy package as a graph: one node per stage plus a start and an end node,
 * an edge for each way a stage continues (its `next`, the following stage by default, each branch
 * and the branch default) and an edge to the end for the outcomes that stop the flow (`exitOn`).
 * Nodes are laid out in layers by their longest distance from the start.
 */
export interface StageLike {
  id: string;
  type: string;
  next?: string;
  exitOn?: string[];
  branches?: Array<{ when: string; next: string }>;
  default?: string;
}

export const START_NODE = '__start';
export const END_NODE = '__end';

export interface GraphNode {
  id: string;
  kind: 'start' | 'end' | 'stage';
  /** Stage type for stage nodes. */
  stageType?: string;
  /** Index in flow.stages for stage nodes. */
  index?: number;
  layer: number;
  position: { x: number; y: number };
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: 'next' | 'branch' | 'default' | 'exit';
  /** The branch condition, or the outcomes ending the flow. */
  label?: string;
  /** A target that does not exist (drawn in red; the engine refuses it). */
  broken?: boolean;
}

export interface FlowGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Whether the flow has a cycle (the engine refuses it). */
  cyclic: boolean;
}

export const LAYER_HEIGHT = 120;
export const COLUMN_WIDTH = 260;

export function flowToGraph(stages: readonly StageLike[]): FlowGraph {
  const ids = new Set(stages.map((s) => s.id));
  const edges: GraphEdge[] = [];
  const targetOf = (id: string | undefined, fallback: string): { target: string; broken: boolean } => {
    if (id === undefined) return { target: fallback, broken: false };
    if (id === 'end') return { target: END_NODE, broken: false };
    return ids.has(id) ? { target: id, broken: false } : { target: END_NODE, broken: true };
  };
  if (stages.length) edges.push({ id: `${START_NODE}->${stages[0]!.id}`, source: START_NODE, target: stages[0]!.id, kind: 'next' });
  else edges.push({ id: `${START_NODE}->${END_NODE}`, source: START_NODE, target: END_NODE, kind: 'next' });
  stages.forEach((s, i) => {
    const following = stages[i + 1]?.id ?? END_NODE;
    if (s.type === 'branch') {
      (s.branches ?? []).forEach((b, j) => {
        const t = targetOf(b.next, END_NODE);
        edges.push({ id: `${s.id}->branch${j}`, source: s.id, target: t.target, kind: 'branch', label: b.when, ...(t.broken ? { broken: true } : {}) });
      });
      const d = targetOf(s.default, END_NODE);
      edges.push({ id: `${s.id}->default`, source: s.id, target: d.target, kind: 'default', ...(d.broken ? { broken: true } : {}) });
    } else {
      const t = targetOf(s.next, following);
      edges.push({ id: `${s.id}->next`, source: s.id, target: t.target, kind: 'next', ...(t.broken ? { broken: true } : {}) });
    }
    if (s.exitOn?.length) edges.push({ id: `${s.id}->exit`, source: s.id, target: END_NODE, kind: 'exit', label: s.exitOn.join(' / ') });
  });

  // Longest-path layering over the DAG (a cycle stops the walk and is reported).
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const layer = new Map<string, number>([[START_NODE, 0]]);
  let cyclic = false;
  const state = new Map<string, 1 | 2>();
  const order: string[] = [];
  const visit = (n: string) => {
    if (state.get(n) === 2) return;
    if (state.get(n) === 1) {
      cyclic = true;
      return;
    }
    state.set(n, 1);
    for (const t of out.get(n) ?? []) visit(t);
    state.set(n, 2);
    order.push(n);
  };
  visit(START_NODE);
  for (const s of stages) visit(s.id);
  for (const n of order.reverse()) {
    const l = layer.get(n) ?? 1;
    // One pass in topological order; with a cycle the back edge is simply not followed again.
    for (const t of out.get(n) ?? []) if (t !== START_NODE) layer.set(t, Math.max(layer.get(t) ?? 0, l + 1));
  }
  const maxStage = Math.max(0, ...stages.map((s) => layer.get(s.id) ?? 1));
  layer.set(END_NODE, Math.max(layer.get(END_NODE) ?? 1, maxStage + 1));

  const all: Array<Omit<GraphNode, 'position'>> = [
    { id: START_NODE, kind: 'start', layer: 0 },
    ...stages.map((s, index) => ({ id: s.id, kind: 'stage' as const, stageType: s.type, index, layer: layer.get(s.id) ?? 1 })),
    { id: END_NODE, kind: 'end', layer: layer.get(END_NODE)! },
  ];
  const byLayer = new Map<number, number>();
  const widths = new Map<number, number>();
  for (const n of all) widths.set(n.layer, (widths.get(n.layer) ?? 0) + 1);
  const nodes = all.map((n) => {
    const col = byLayer.get(n.layer) ?? 0;
    byLayer.set(n.layer, col + 1);
    const width = widths.get(n.layer)!;
    return { ...n, position: { x: (col - (width - 1) / 2) * COLUMN_WIDTH, y: n.layer * LAYER_HEIGHT } };
  });
  return { nodes, edges, cyclic };
}
