import { useMemo } from 'react';
import { Background, MarkerType, Position, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { workflowGraph, type CaseTypeForm } from '../model/workflow-form.ts';

const PHASE_FILL: Record<string, string> = { open: '#e6f4ff', active: '#fffbe6', review: '#f9f0ff', closed: '#f6ffed' };
const PHASE_BORDER: Record<string, string> = { open: '#1677ff', active: '#faad14', review: '#722ed1', closed: '#52c41a' };
const EDGE_COLOR: Record<string, string> = { conclusion: '#722ed1', approval: '#52c41a', rejection: '#f5222d' };

/** The workflow as a diagram: states in columns by phase (the initial one bold), transitions as arrows. */
export function WorkflowDiagram({ form }: { form: Pick<CaseTypeForm, 'states' | 'transitions' | 'initialState'> }) {
  const { locale } = useI18n();
  const graph = useMemo(() => workflowGraph(form, (r) => (locale === 'zh-CN' ? r.zh : r.en) || r.key), [form, locale]);
  const nodes: Node[] = graph.nodes.map((n) => ({
    id: n.id,
    position: { x: n.x, y: n.y },
    data: { label: n.label },
    // Phases run left to right: arrows leave on the right and arrive on the left.
    sourcePosition: Position.Right,
    targetPosition: Position.Left,
    style: { background: PHASE_FILL[n.phase], border: `${n.initial ? 3 : 1}px solid ${PHASE_BORDER[n.phase]}`, borderRadius: 8, fontWeight: n.initial ? 600 : 400, width: 150 },
  }));
  const edges: Edge[] = graph.edges.map((e) => {
    const color = (e.requires && EDGE_COLOR[e.requires]) || (e.permission === 'case.review' ? '#fa8c16' : '#8c8c8c');
    return { id: e.id, source: e.source, target: e.target, label: e.label, type: 'smoothstep', style: { stroke: color }, labelStyle: { fontSize: 11 }, markerEnd: { type: MarkerType.ArrowClosed, color } };
  });
  return (
    <div style={{ height: 300, border: '1px solid #f0f0f0', borderRadius: 8 }} data-testid="workflow-diagram">
      <ReactFlow nodes={nodes} edges={edges} fitView nodesDraggable={false} nodesConnectable={false} edgesFocusable={false} proOptions={{ hideAttribution: true }} minZoom={0.2}>
        <Background gap={16} />
      </ReactFlow>
    </div>
  );
}
