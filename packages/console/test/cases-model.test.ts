import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/api-error.ts';
import type { CaseTimelineEntry, CaseTransition, CaseType } from '../src/api/types.ts';
import { attachmentProblem, fileSize } from '../src/modules/cases/model/attachment-check.ts';
import {
  CASE_PHASES,
  CASE_PRIORITIES,
  CASE_SUBJECT_TYPES,
  DEFAULT_CASE_PAGE_SIZE,
  activeFilterCount,
  caseFiltersToParams,
  caseFiltersToQuery,
  isPanShaped,
  looksLikeCardNumber,
  needsCardToken,
  notForUrl,
  parseCaseFilters,
  type CaseFilters,
} from '../src/modules/cases/model/case-filters.ts';
import { blankCaseRule, caseRuleToForm, formToCreateRuleRequest, formToRuleRequest } from '../src/modules/cases/model/case-rule-form.ts';
import { actorName, conclusionRequest, investigatorsText, isOverdue, isStaleVersion, mayWork, reviewBlockOf, stateColor, transitionActions } from '../src/modules/cases/model/case-workflow.ts';
import { newCaseRequest, parseIds, subjectTypesOf } from '../src/modules/cases/model/new-case.ts';
import { entryText, isTimelineKind, readWholeTimeline } from '../src/modules/cases/model/timeline-model.ts';
import { blankCaseType, caseTypeToForm, formPathOf, formToCreateRequest, formToReplaceRequest, renameState, workflowGraph } from '../src/modules/cases/model/workflow-form.ts';

const name = (en: string) => ({ zh: `${en}（中）`, en });

/** The built-in fraud investigation type as the API answers it. */
const FRAUD: CaseType = {
  id: 't-1',
  orgId: 'root',
  key: 'fraud_investigation',
  name: name('Fraud investigation'),
  description: 'Card, account and channel fraud',
  subjectTypes: ['customer', 'card'],
  initialState: 'open',
  workflow: {
    states: [
      { key: 'open', name: name('Open'), phase: 'open' },
      { key: 'investigating', name: name('Investigating'), phase: 'active' },
      { key: 'pending_review', name: name('Pending review'), phase: 'review' },
      { key: 'closed', name: name('Closed'), phase: 'closed' },
    ],
    transitions: [
      { key: 'start', from: 'open', to: 'investigating', name: name('Start'), permission: 'case.investigate' },
      { key: 'submit_for_review', from: 'investigating', to: 'pending_review', name: name('Submit'), permission: 'case.investigate', requires: 'conclusion' },
      { key: 'approve', from: 'pending_review', to: 'closed', name: name('Approve'), permission: 'case.review', requires: 'approval' },
      { key: 'send_back', from: 'pending_review', to: 'investigating', name: name('Send back'), permission: 'case.review', requires: 'rejection' },
    ],
  },
  createdBy: 'system',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  inherited: true,
};

const transition = (key: string, via: CaseTransition['via'], requires: CaseTransition['requires'] = null, toPhase: CaseTransition['toPhase'] = 'active'): CaseTransition => ({ key, name: name(key), to: key, toName: name(key), toPhase, requires, via });

describe('case search filters in the address bar', () => {
  const full: CaseFilters = {
    subjectType: 'card',
    subjectKey: 'tok_abc',
    type: 'fraud_investigation',
    states: ['open', 'pending_review'],
    phases: ['open', 'review'],
    priority: 'high',
    org: 'bank_b',
    investigator: 'me',
    openedFrom: '2026-05-01T00:00:00.000Z',
    openedTo: '2026-06-01T00:00:00.000Z',
    amountMin: 100,
    amountMax: 5000.5,
    q: 'skimming',
    limit: 20,
  };

  it('round-trips every filter through the query string', () => {
    const params = caseFiltersToParams(full);
    expect(params.toString()).toBe(
      'subjectType=card&subjectKey=tok_abc&type=fraud_investigation&state=open&state=pending_review&phase=open&phase=review&priority=high&org=bank_b&investigator=me&from=2026-05-01T00%3A00%3A00.000Z&to=2026-06-01T00%3A00%3A00.000Z&amountMin=100&amountMax=5000.5&q=skimming&limit=20',
    );
    expect(parseCaseFilters(params)).toEqual(full);
    expect(activeFilterCount(full)).toBe(13);
  });

  it('round-trips any well-formed filters (property)', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/);
    const filters = fc.record({
      subjectType: fc.option(fc.constantFrom(...CASE_SUBJECT_TYPES), { nil: undefined }),
      subjectKey: fc.option(fc.stringMatching(/^[a-z]{1,3}-[a-z0-9]{1,12}$/), { nil: undefined }),
      type: fc.option(key, { nil: undefined }),
      states: fc.uniqueArray(key, { maxLength: 4 }),
      phases: fc.subarray([...CASE_PHASES]),
      priority: fc.option(fc.constantFrom(...CASE_PRIORITIES), { nil: undefined }),
      org: fc.option(key, { nil: undefined }),
      investigator: fc.option(fc.oneof(fc.constant('me'), fc.stringMatching(/^[a-z][a-z0-9.]{2,10}$/)), { nil: undefined }),
      openedFrom: fc.option(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), { nil: undefined }),
      openedTo: fc.option(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), { nil: undefined }),
      amountMin: fc.option(fc.integer({ min: 0, max: 1e9 }), { nil: undefined }),
      amountMax: fc.option(fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true }), { nil: undefined }),
      q: fc.option(fc.stringMatching(/^[a-z][a-z ]{0,20}[a-z]$/), { nil: undefined }),
      limit: fc.constantFrom(20, 50, 100),
    });
    fc.assert(
      fc.property(filters, (f) => {
        const back = parseCaseFilters(new URLSearchParams(caseFiltersToParams(f).toString()));
        const expected = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
        expect(Object.fromEntries(Object.entries(back).filter(([, v]) => v !== undefined))).toEqual(expected);
      }),
    );
  });

  it('drops what is malformed instead of sending it to fail, and never keeps a card number', () => {
    expect(parseCaseFilters(new URLSearchParams('subjectType=card&subjectKey=6222021234567890123')).subjectKey).toBeUndefined();
    const f = parseCaseFilters(new URLSearchParams('subjectType=ship&subjectKey=4111111111111111&phase=open,bogus&state=Bad&priority=urgent&investigator=Robert%20Tables&from=yesterday&amountMin=-3&amountMax=abc&q=4111%201111%201111%201111&limit=7'));
    expect(f).toEqual({ type: undefined, states: [], phases: ['open'], priority: undefined, org: undefined, investigator: undefined, openedFrom: undefined, openedTo: undefined, amountMin: undefined, amountMax: undefined, q: undefined, limit: DEFAULT_CASE_PAGE_SIZE });
    expect(caseFiltersToParams(f).toString()).toBe('phase=open');
  });

  it('asks the API for the signed-in user when the link says "mine", and lets the link’s org win over the switcher', () => {
    const f = parseCaseFilters(new URLSearchParams('investigator=me&phase=active'));
    expect(caseFiltersToQuery(f, { me: 'b.investigator', switcherOrg: 'bank_b_nb' }, 'cur')).toMatchObject({ investigator: 'b.investigator', phase: ['active'], org: 'bank_b_nb', cursor: 'cur', limit: 50 });
    expect(caseFiltersToQuery({ ...f, org: 'bank_b' }, { me: 'x.y.z', switcherOrg: 'bank_b_nb' }).org).toBe('bank_b');
    expect(caseFiltersToQuery(parseCaseFilters(new URLSearchParams('investigator=a.handler')), {}).investigator).toBe('a.handler');
    // Empty repeatable filters are left out of the API's query.
    const q = caseFiltersToQuery(parseCaseFilters(new URLSearchParams('')), {});
    expect(q.state).toBeUndefined();
    expect(q.phase).toBeUndefined();
  });

  it('tells a card number (Luhn, spaces and dashes allowed) from other digits, and when a card must become its token first', () => {
    expect(looksLikeCardNumber('4111 1111 1111 1111')).toBe(true);
    expect(looksLikeCardNumber('4111-1111-1111-1111')).toBe(true);
    expect(looksLikeCardNumber('6222021234567890123')).toBe(false);
    // The address bar refuses any card-shaped number, Luhn or not (as the server does in a URL).
    expect(notForUrl('6222021234567890123')).toBe(true);
    expect(notForUrl('6222 0212 3456 7890 123')).toBe(true);
    expect(isPanShaped('12345678901')).toBe(false);
    expect(notForUrl('cust-1795313701476')).toBe(false);
    expect(looksLikeCardNumber('4111 1111 1111 1112')).toBe(false);
    expect(looksLikeCardNumber('123456789012')).toBe(false);
    expect(looksLikeCardNumber('CASE-2026-000123')).toBe(false);
    expect(needsCardToken('card', '6222021234567890123')).toBe(true);
    expect(needsCardToken('card', 'tok_abc')).toBe(false);
    expect(needsCardToken('customer', 'cust-1')).toBe(false);
  });
});

describe('the workflow as the case page offers it', () => {
  it('sorts the available transitions by the route that takes them', () => {
    const a = transitionActions([
      transition('start', 'transition'),
      transition('dismiss', 'transition', null, 'closed'),
      transition('submit_for_review', 'conclusion', 'conclusion', 'review'),
      transition('approve', 'review', 'approval', 'closed'),
      transition('send_back', 'review', 'rejection'),
    ]);
    expect(a.plain.map((t) => t.key)).toEqual(['start', 'dismiss']);
    expect(a.conclusion.map((t) => t.key)).toEqual(['submit_for_review']);
    expect(a.approve?.key).toBe('approve');
    expect(a.reject?.key).toBe('send_back');
    // What the server leaves out (a blocked reviewer's approval) is not offered.
    const investigator = transitionActions([transition('submit_for_review', 'conclusion', 'conclusion', 'review')]);
    expect(investigator.approve).toBeUndefined();
    expect(investigator.plain).toEqual([]);
    expect(transitionActions([])).toEqual({ plain: [], conclusion: [] });
  });

  it('lets investigators work only on cases that are not closed', () => {
    const inv = new Set(['case.read', 'case.investigate'] as const);
    expect(mayWork({ phase: 'active' }, inv)).toBe(true);
    expect(mayWork({ phase: 'closed' }, inv)).toBe(false);
    expect(mayWork({ phase: 'open' }, new Set(['case.read', 'case.review'] as const))).toBe(false);
  });

  it('recognises a write refused because the case changed since it was read', () => {
    expect(isStaleVersion(new ApiError(409, { code: 'CONFLICT', message: 'changed', path: 'version' }))).toBe(true);
    expect(isStaleVersion(new ApiError(409, { code: 'CONFLICT', message: 'not from here', path: 'transition' }))).toBe(false);
    expect(isStaleVersion(new ApiError(400, { code: 'VALIDATION_FAILED', message: 'x', path: 'version' }))).toBe(false);
    expect(isStaleVersion(new Error('x'))).toBe(false);
  });

  it('says why a reviewer may not review, from the case or from the server’s refusal', () => {
    expect(reviewBlockOf({ review: { pending: true, allowed: false, reason: 'REVIEWER_IS_INVESTIGATOR' } })).toBe('REVIEWER_IS_INVESTIGATOR');
    expect(reviewBlockOf({ review: { pending: true, allowed: true, reason: null } })).toBeUndefined();
    const refusal = new ApiError(403, { code: 'FORBIDDEN', message: 'm', details: [{ path: 'reviewer', code: 'REVIEWER_IS_PROPOSER', message: 'm' }] });
    expect(reviewBlockOf({ review: { pending: true, allowed: true, reason: null } }, refusal)).toBe('REVIEWER_IS_PROPOSER');
  });

  it('sends a confirmed fraud with its loss and typology, and the other outcomes without them', () => {
    expect(conclusionRequest({ outcome: 'fraud_confirmed', lossAmount: 3200, typology: ' card_theft ', summary: ' Confirmed ', transition: 'submit_for_review' }, 4)).toEqual({
      outcome: 'fraud_confirmed',
      lossAmount: 3200,
      typology: 'card_theft',
      summary: 'Confirmed',
      version: 4,
      transition: 'submit_for_review',
    });
    expect(conclusionRequest({ outcome: 'not_fraud', lossAmount: 3200, typology: 'card_theft', summary: 'Genuine' }, 5)).toEqual({ outcome: 'not_fraud', lossAmount: null, typology: null, summary: 'Genuine', version: 5 });
    expect(conclusionRequest({ outcome: 'fraud_confirmed', lossAmount: 0, typology: '', summary: 's' }, 1)).toMatchObject({ lossAmount: 0, typology: null });
  });

  it('formats what the list and header show', () => {
    expect(investigatorsText(['a', 'b', 'c', 'd'])).toEqual({ shown: ['a', 'b'], more: 2 });
    expect(investigatorsText([])).toEqual({ shown: [], more: 0 });
    expect(isOverdue('2026-01-01T00:00:00Z', 'active', Date.parse('2026-02-01'))).toBe(true);
    expect(isOverdue('2026-01-01T00:00:00Z', 'closed', Date.parse('2026-02-01'))).toBe(false);
    expect(isOverdue(null, 'open')).toBe(false);
    expect(actorName('user:b.investigator')).toBe('b.investigator');
    expect(actorName('system')).toBe('system');
    expect(stateColor('merged', 'closed')).toBe('default');
    expect(stateColor('closed', 'closed')).toBe('green');
  });
});

describe('the case type editor’s form', () => {
  it('maps a type to the form and back to the API’s body', () => {
    const form = caseTypeToForm(FRAUD);
    expect(form.states[2]).toEqual({ key: 'pending_review', zh: 'Pending review（中）', en: 'Pending review', phase: 'review' });
    expect(form.transitions[0]).toEqual({ key: 'start', zh: 'Start（中）', en: 'Start', from: 'open', to: 'investigating', permission: 'case.investigate' });
    const body = formToReplaceRequest(form);
    expect(body).toEqual({ name: FRAUD.name, description: FRAUD.description, subjectTypes: FRAUD.subjectTypes, initialState: 'open', workflow: FRAUD.workflow });
    expect(formToCreateRequest({ ...form, key: ' fraud_investigation ' }, 'bank_b')).toMatchObject({ key: 'fraud_investigation', orgId: 'bank_b', initialState: 'open' });
    expect(formToCreateRequest(form)).not.toHaveProperty('orgId');
  });

  it('starts a new type from the smallest sound workflow', () => {
    const b = blankCaseType();
    expect(b.states.map((s) => s.phase)).toEqual(['open', 'closed']);
    expect(b.transitions).toEqual([expect.objectContaining({ from: 'open', to: 'closed', permission: 'case.review' })]);
    expect(b.initialState).toBe('open');
  });

  it('places each problem the server reports at its field', () => {
    expect(formPathOf('workflow.states[2].key')).toEqual(['states', 2, 'key']);
    expect(formPathOf('workflow.states[0].phase')).toEqual(['states', 0, 'phase']);
    expect(formPathOf('workflow.transitions[1].to')).toEqual(['transitions', 1, 'to']);
    expect(formPathOf('workflow.transitions[3].requires')).toEqual(['transitions', 3, 'requires']);
    expect(formPathOf('workflow.transitions[1].name.zh')).toEqual(['transitions', 1, 'zh']);
    expect(formPathOf('workflow.transitions[4]')).toEqual(['transitions', 4, 'key']);
    expect(formPathOf('initialState')).toEqual(['initialState']);
    expect(formPathOf('name.en')).toEqual(['nameEn']);
    expect(formPathOf('body.key')).toEqual(['key']);
    expect(formPathOf('workflow.states')).toBeUndefined();
    expect(formPathOf('workflow')).toBeUndefined();
  });

  it('renames a state where transitions and the initial state name it', () => {
    const renamed = renameState(caseTypeToForm(FRAUD), 0, 'new_case');
    expect(renamed.initialState).toBe('new_case');
    expect(renamed.states[0]!.key).toBe('new_case');
    expect(renamed.transitions[0]).toMatchObject({ from: 'new_case', to: 'investigating' });
    expect(renamed.transitions.filter((t) => t.from === 'open' || t.to === 'open')).toEqual([]);
    const form = caseTypeToForm(FRAUD);
    expect(renameState(form, 9, 'x')).toBe(form);
  });

  it('lays the workflow out as a graph: states in columns by phase, transitions between known states', () => {
    const g = workflowGraph(caseTypeToForm(FRAUD), (r) => r.en || r.key);
    expect(g.nodes.map((n) => [n.id, n.x, n.initial])).toEqual([
      ['open', 0, true],
      ['investigating', 240, false],
      ['pending_review', 480, false],
      ['closed', 720, false],
    ]);
    expect(g.edges.map((e) => `${e.source}>${e.target}:${e.requires ?? ''}`)).toEqual(['open>investigating:', 'investigating>pending_review:conclusion', 'pending_review>closed:approval', 'pending_review>investigating:rejection']);
    // Half-typed rows (a transition to a state not defined yet, a duplicate key) are left out.
    const partial = workflowGraph({ ...caseTypeToForm(FRAUD), transitions: [{ key: 't', zh: '', en: '', from: 'open', to: 'nowhere', permission: 'case.investigate' }], states: [...caseTypeToForm(FRAUD).states, { key: 'open', zh: '', en: '', phase: 'active' }] }, (r) => r.key);
    expect(partial.nodes).toHaveLength(4);
    expect(partial.edges).toEqual([]);
  });
});

describe('the case rule form', () => {
  it('maps a rule both ways, dropping repeats and blanks', () => {
    const rule = { id: 'r', orgId: 'bank_b', name: 'Big fraud', enabled: true, dispositions: ['confirmed_fraud'], categories: ['card_theft'], minLevel: 'high', minAmount: 1000, caseType: 'fraud_investigation', priority: 'high' as const, linkOpen: false, createdBy: 'x', createdAt: '', updatedAt: '', inherited: false };
    const form = caseRuleToForm(rule);
    expect(formToRuleRequest(form)).toEqual({ name: 'Big fraud', enabled: true, dispositions: ['confirmed_fraud'], categories: ['card_theft'], minLevel: 'high', minAmount: 1000, caseType: 'fraud_investigation', priority: 'high', linkOpen: false });
    expect(formToRuleRequest({ ...form, categories: ['a', ' a ', ''], dispositions: ['x', 'x'], minAmount: undefined })).toMatchObject({ categories: ['a'], dispositions: ['x'], minAmount: null });
    expect(formToCreateRuleRequest(blankCaseRule(), 'bank_b')).toMatchObject({ orgId: 'bank_b', dispositions: ['confirmed_fraud'], minLevel: 'low', linkOpen: true });
    expect(caseRuleToForm({ ...rule, minLevel: 'odd' }).minLevel).toBe('low');
  });
});

describe('opening a case', () => {
  it('reads pasted alert ids and builds the request', () => {
    expect(parseIds(' a1, b2\nc3;a1  ')).toEqual(['a1', 'b2', 'c3']);
    expect(parseIds(undefined)).toEqual([]);
    expect(newCaseRequest({ type: 'fraud_investigation', subjectType: 'card', subjectKey: ' 6222021234567890123 ', title: ' Stolen ', priority: 'high', amount: 5200, currency: 'cny', alerts: 'al-1 al-2' }, 'bank_b')).toEqual({
      type: 'fraud_investigation',
      title: 'Stolen',
      subjectType: 'card',
      subjectKey: '6222021234567890123',
      priority: 'high',
      amount: 5200,
      currency: 'CNY',
      fromAlerts: ['al-1', 'al-2'],
      orgId: 'bank_b',
    });
    expect(newCaseRequest({ type: 't', subjectType: 'customer', subjectKey: 'c', title: 't', priority: 'low', amount: null, currency: 'USD' })).toEqual({ type: 't', title: 't', subjectType: 'customer', subjectKey: 'c', priority: 'low' });
  });

  it('offers the subject types the case type allows', () => {
    expect(subjectTypesOf(FRAUD, CASE_SUBJECT_TYPES)).toEqual(['customer', 'card']);
    expect(subjectTypesOf(undefined, CASE_SUBJECT_TYPES)).toEqual([...CASE_SUBJECT_TYPES]);
  });
});

describe('attachments', () => {
  it('refuses before uploading what the server would refuse', () => {
    expect(attachmentProblem({ name: 'receipt.PNG', size: 1000 }, 0)).toBeUndefined();
    expect(attachmentProblem({ name: 'report.pdf', size: 5 * 1024 * 1024 }, 49)).toBeUndefined();
    expect(attachmentProblem({ name: 'report.pdf', size: 5 * 1024 * 1024 + 1 }, 0)).toBe('tooBig');
    expect(attachmentProblem({ name: 'tool.exe', size: 10 }, 0)).toBe('badType');
    expect(attachmentProblem({ name: 'noextension', size: 10 }, 0)).toBe('badType');
    expect(attachmentProblem({ name: 'empty.txt', size: 0 }, 0)).toBe('empty');
    expect(attachmentProblem({ name: 'a.pdf', size: 10 }, 50)).toBe('full');
    expect([fileSize(512), fileSize(2048), fileSize(5 * 1024 * 1024)]).toEqual(['512 B', '2.0 KiB', '5.0 MiB']);
  });
});

describe('the timeline', () => {
  const entry = (kind: string, details: Record<string, unknown>): CaseTimelineEntry => ({ id: kind, kind, actor: 'user:b.investigator', at: '2026-05-01T00:00:00Z', details, originCaseId: null, originNumber: null });

  it('words each kind of entry from its details, with what people wrote quoted', () => {
    expect(entryText(entry('transition', { transition: 'start', name: { zh: '开始调查', en: 'Start investigating' }, from: 'open', to: 'investigating', note: 'Go' }), 'zh')).toEqual({ params: { name: '开始调查', from: 'open', to: 'investigating' }, quote: 'Go' });
    expect(entryText(entry('transition', { transition: 'start', from: 'open', to: 'investigating', note: '' }), 'en')).toEqual({ params: { name: 'start', from: 'open', to: 'investigating' }, quote: undefined });
    expect(entryText(entry('created', { number: 'CASE-2026-000001', title: 'T', source: 'manual', subject: { type: 'card', display: '622202*********0123' } }), 'en').params).toEqual({ number: 'CASE-2026-000001', title: 'T', source: 'manual', subject: '622202*********0123' });
    expect(entryText(entry('conclusion_proposed', { outcome: 'fraud_confirmed', lossAmount: 3200, typology: 'card_theft', summary: 'Confirmed' }), 'en')).toEqual({ params: { outcome: 'fraud_confirmed', loss: '3200', typology: 'card_theft' }, quote: 'Confirmed' });
    expect(entryText(entry('note_added', { noteId: 'n', excerpt: 'Called the bank' }), 'en')).toEqual({ params: {}, quote: 'Called the bank' });
    expect(entryText(entry('labels_recorded', { fraud: true, events: 2, subject: true }), 'en').params).toEqual({ events: '2', subject: '✓' });
    expect(entryText(entry('updated', { reason: 'case_rule', rule: 'Big fraud', alertId: 'al-1', disposition: 'confirmed_fraud' }), 'en')).toEqual({ params: { fields: 'Big fraud' }, quote: 'al-1 · confirmed_fraud' });
    expect(entryText(entry('task_updated', { taskId: 't', title: 'Call', assignee: 'x.y.z' }), 'en').params).toEqual({ title: 'Call', fields: 'title, assignee' });
    expect(entryText(entry('something_new', { a: 1 }), 'en')).toEqual({ params: {}, quote: '{"a":1}' });
    expect(isTimelineKind('merged_in')).toBe(true);
    expect(isTimelineKind('something_new')).toBe(false);
  });

  it('reads every page of a long timeline, and stops at the bound', async () => {
    const pages = [
      { items: [entry('created', {})], nextCursor: 'c1' },
      { items: [entry('note_added', {})], nextCursor: 'c2' },
      { items: [entry('merged_in', {})], nextCursor: null },
    ];
    const asked: Array<string | undefined> = [];
    const whole = await readWholeTimeline(async (cursor) => {
      asked.push(cursor);
      return pages[asked.length - 1]!;
    });
    expect(asked).toEqual([undefined, 'c1', 'c2']);
    expect(whole.items.map((e) => e.kind)).toEqual(['created', 'note_added', 'merged_in']);
    expect(whole.complete).toBe(true);
    const bounded = await readWholeTimeline(async () => ({ items: [entry('note_added', {})], nextCursor: 'more' }), 3);
    expect(bounded).toMatchObject({ complete: false });
    expect(bounded.items).toHaveLength(3);
  });
});
