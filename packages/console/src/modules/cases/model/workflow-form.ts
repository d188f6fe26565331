import type { CasePhase, CaseSubjectType, CaseType, CreateCaseTypeRequest, ReplaceCaseTypeRequest } from '../../../api/types.ts';

export const TRANSITION_PERMISSIONS = ['case.investigate', 'case.review', 'case.configure'] as const;
export type TransitionPermission = (typeof TRANSITION_PERMISSIONS)[number];
export const TRANSITION_REQUIREMENTS = ['conclusion', 'approval', 'rejection'] as const;
export type TransitionRequirement = (typeof TRANSITION_REQUIREMENTS)[number];

/** A state row of the editor. */
export interface StateRow {
  key: string;
  zh: string;
  en: string;
  phase: CasePhase;
}
/** A transition row of the editor (`requires` empty for a plain transition). */
export interface TransitionRow {
  key: string;
  zh: string;
  en: string;
  from: string;
  to: string;
  permission: TransitionPermission;
  requires?: TransitionRequirement;
}

/** The case type editor's form: flat, one row per state and per transition. */
export interface CaseTypeForm {
  key: string;
  nameZh: string;
  nameEn: string;
  description: string;
  subjectTypes: CaseSubjectType[];
  initialState: string;
  states: StateRow[];
  transitions: TransitionRow[];
}

/** A new type starts with the smallest sound workflow: open → closed, closed by a reviewer. */
export function blankCaseType(): CaseTypeForm {
  return {
    key: '',
    nameZh: '',
    nameEn: '',
    description: '',
    subjectTypes: ['customer'],
    initialState: 'open',
    states: [
      { key: 'open', zh: '待处理', en: 'Open', phase: 'open' },
      { key: 'closed', zh: '已结案', en: 'Closed', phase: 'closed' },
    ],
    transitions: [{ key: 'close', zh: '结案', en: 'Close', from: 'open', to: 'closed', permission: 'case.review' }],
  };
}

export function caseTypeToForm(t: CaseType): CaseTypeForm {
  return {
    key: t.key,
    nameZh: t.name.zh,
    nameEn: t.name.en,
    description: t.description,
    subjectTypes: t.subjectTypes as CaseSubjectType[],
    initialState: t.initialState,
    states: t.workflow.states.map((s) => ({ key: s.key, zh: s.name.zh, en: s.name.en, phase: s.phase })),
    transitions: t.workflow.transitions.map((x) => ({ key: x.key, zh: x.name.zh, en: x.name.en, from: x.from, to: x.to, permission: x.permission, ...(x.requires ? { requires: x.requires } : {}) })),
  };
}

const trim = (s: string | undefined) => (s ?? '').trim();

/** The `PUT /api/v1/case-types/{id}` body of the form (everything but the key and org). */
export function formToReplaceRequest(f: CaseTypeForm): ReplaceCaseTypeRequest {
  return {
    name: { zh: trim(f.nameZh), en: trim(f.nameEn) },
    description: trim(f.description),
    subjectTypes: f.subjectTypes,
    initialState: trim(f.initialState),
    workflow: {
      states: f.states.map((s) => ({ key: trim(s.key), name: { zh: trim(s.zh), en: trim(s.en) }, phase: s.phase })),
      transitions: f.transitions.map((x) => ({
        key: trim(x.key),
        from: trim(x.from),
        to: trim(x.to),
        name: { zh: trim(x.zh), en: trim(x.en) },
        permission: x.permission,
        ...(x.requires ? { requires: x.requires } : {}),
      })),
    },
  };
}

/** The `POST /api/v1/case-types` body: the key, the org it is defined for, and the rest. */
export function formToCreateRequest(f: CaseTypeForm, orgId?: string): CreateCaseTypeRequest {
  return { key: trim(f.key), ...(orgId ? { orgId } : {}), ...formToReplaceRequest(f) };
}

/**
 * Where a problem the server reported (its JSON path) belongs in the form: `workflow.states[2].key`
 * → `['states', 2, 'key']`, `workflow.transitions[1].name.zh` → `['transitions', 1, 'zh']`,
 * `initialState` → `['initialState']`. Paths without a field of their own (`workflow.states`) give
 * undefined: they are shown above the form.
 */
export function formPathOf(path: string): Array<string | number> | undefined {
  const p = path.replace(/^body\./, '');
  const row = /^workflow\.(states|transitions)\[(\d+)\](?:\.(key|from|to|phase|permission|requires|name\.zh|name\.en))?$/.exec(p);
  if (row) {
    const field = row[3] === 'name.zh' ? 'zh' : row[3] === 'name.en' ? 'en' : (row[3] ?? 'key');
    return [row[1]!, Number(row[2]), field];
  }
  // API field → form field, for the fields outside the workflow's rows.
  const top = new Map([
    ['key', 'key'],
    ['initialState', 'initialState'],
    ['name.zh', 'nameZh'],
    ['name.en', 'nameEn'],
    ['description', 'description'],
    ['subjectTypes', 'subjectTypes'],
  ]);
  const field = top.get(p);
  return field ? [field] : undefined;
}

/** A type inherited from an org above, copied as a draft of the caller's own that overrides it (same key). */
export function overrideDraft(t: CaseType): CaseTypeForm {
  return caseTypeToForm(t);
}

/** Renames a state everywhere it is named: its transitions and the initial state follow. */
export function renameState(f: CaseTypeForm, index: number, key: string): CaseTypeForm {
  const old = f.states[index]?.key;
  if (old === undefined || old === key) return f;
  return {
    ...f,
    initialState: f.initialState === old ? key : f.initialState,
    states: f.states.map((s, i) => (i === index ? { ...s, key } : s)),
    transitions: f.transitions.map((x) => ({ ...x, from: x.from === old ? key : x.from, to: x.to === old ? key : x.to })),
  };
}

/** Graph of a workflow for the diagram: states in columns by phase, transitions as edges. */
export interface WorkflowGraph {
  nodes: Array<{ id: string; label: string; phase: CasePhase; x: number; y: number; initial: boolean }>;
  edges: Array<{ id: string; source: string; target: string; label: string; requires?: TransitionRequirement; permission: TransitionPermission }>;
}

const PHASE_COLUMN: Record<CasePhase, number> = { open: 0, active: 1, review: 2, closed: 3 };

export function workflowGraph(f: Pick<CaseTypeForm, 'states' | 'transitions' | 'initialState'>, label: (row: { zh: string; en: string; key: string }) => string): WorkflowGraph {
  const rows = new Map<number, number>();
  const keys = new Set<string>();
  const nodes: WorkflowGraph['nodes'] = [];
  for (const s of f.states) {
    if (!s.key || keys.has(s.key)) continue;
    keys.add(s.key);
    const col = PHASE_COLUMN[s.phase] ?? 0;
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    nodes.push({ id: s.key, label: label(s), phase: s.phase, x: col * 240, y: row * 110, initial: s.key === f.initialState });
  }
  const edges = f.transitions
    .filter((x) => keys.has(x.from) && keys.has(x.to) && x.from !== x.to)
    .map((x, i) => ({ id: `${x.key || 't'}-${i}`, source: x.from, target: x.to, label: label(x), permission: x.permission, ...(x.requires ? { requires: x.requires } : {}) }));
  return { nodes, edges };
}
