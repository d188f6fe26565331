import { describe, expect, it } from 'vitest';
import { ALERT_LEVELS } from '../repos/alerts.ts';
import { CASE_SUBJECT_TYPES } from '../repos/case-types.ts';
import { EVIDENCE_KINDS } from '../repos/case-evidence.ts';
import { ALERT_LEVEL_VALUES, TRANSITION_PERMISSION_VALUES, TRANSITION_REQUIREMENT_VALUES } from '../routes/case-config-schema.ts';
import { CASE_PHASE_VALUES, CASE_SUBJECT_VALUES, EVIDENCE_KIND_VALUES } from '../routes/case-schema.ts';
import { BUILT_IN_CASE_TYPES } from './built-in-types.ts';
import { CASE_PHASES, TRANSITION_PERMISSIONS, TRANSITION_REQUIREMENTS, validateWorkflow, type Workflow, type WorkflowTransition } from './workflow.ts';

const n = (en: string) => ({ zh: en, en });
const st = (key: string, phase: 'open' | 'active' | 'review' | 'closed') => ({ key, name: n(key), phase });
const tr = (key: string, from: string, to: string, extra: Partial<WorkflowTransition> = {}): WorkflowTransition => ({ key, from, to, name: n(key), permission: 'case.investigate', ...extra });

/** open → work → review → closed, back to work on rejection. */
const sound = (): Workflow => ({
  states: [st('open', 'open'), st('work', 'active'), st('review', 'review'), st('closed', 'closed')],
  transitions: [
    tr('start', 'open', 'work'),
    tr('submit', 'work', 'review', { requires: 'conclusion' }),
    tr('approve', 'review', 'closed', { permission: 'case.review', requires: 'approval' }),
    tr('reject', 'review', 'work', { permission: 'case.review', requires: 'rejection' }),
  ],
});
const codes = (wf: Workflow, initial = 'open') => validateWorkflow(wf, initial).map((i) => `${i.path} ${i.code}`);

describe('case workflows', () => {
  it('accepts the built-in types and a sound workflow', () => {
    for (const t of BUILT_IN_CASE_TYPES) expect(validateWorkflow(t.workflow, t.initialState), t.key).toEqual([]);
    expect(codes(sound())).toEqual([]);
  });

  it('names each problem at its JSON path', () => {
    const wf = sound();
    wf.transitions[1] = tr('submit', 'work', 'review');
    expect(codes(wf)).toEqual(['workflow.transitions[1].requires CONCLUSION_REQUIRED']);
    const skip = sound();
    skip.transitions.push(tr('close', 'review', 'closed', { permission: 'case.review' }));
    expect(codes(skip)).toEqual(['workflow.transitions[4].requires APPROVAL_REQUIRED']);
    const byInvestigator = sound();
    byInvestigator.transitions[2] = { ...byInvestigator.transitions[2]!, permission: 'case.investigate' };
    expect(codes(byInvestigator)).toEqual(['workflow.transitions[2].permission REVIEW_PERMISSION_REQUIRED']);
    const island = sound();
    island.states.push(st('island', 'active'));
    expect(codes(island)).toEqual(['workflow.states[4] UNREACHABLE_STATE', 'workflow.states[4] DEAD_END_STATE']);
    expect(codes(sound(), 'review')).toEqual(['initialState BAD_INITIAL_STATE', 'workflow.states[0] UNREACHABLE_STATE']);
    expect(codes({ ...sound(), states: [...sound().states, st('merged', 'closed')] })).toEqual(['workflow.states[4].key RESERVED_STATE']);
    expect(codes({ ...sound(), transitions: [...sound().transitions, tr('start', 'work', 'open'), tr('loop', 'work', 'work')] })).toEqual(['workflow.transitions[4].key DUPLICATE_TRANSITION', 'workflow.transitions[5].to SELF_TRANSITION']);
    const rejectToClosed = sound();
    rejectToClosed.transitions[3] = { ...rejectToClosed.transitions[3]!, to: 'closed' };
    expect(codes(rejectToClosed)).toContain('workflow.transitions[3].to REJECTION_MUST_REOPEN');
  });

  it('uses the API’s vocabulary (the schema modules keep their own copies for the console)', () => {
    expect([...CASE_PHASE_VALUES]).toEqual([...CASE_PHASES]);
    expect([...TRANSITION_PERMISSION_VALUES]).toEqual([...TRANSITION_PERMISSIONS]);
    expect([...TRANSITION_REQUIREMENT_VALUES]).toEqual([...TRANSITION_REQUIREMENTS]);
    expect([...CASE_SUBJECT_VALUES]).toEqual([...CASE_SUBJECT_TYPES]);
    expect([...EVIDENCE_KIND_VALUES]).toEqual([...EVIDENCE_KINDS]);
    expect([...ALERT_LEVEL_VALUES]).toEqual([...ALERT_LEVELS]);
  });
});
