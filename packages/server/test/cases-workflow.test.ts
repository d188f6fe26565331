import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '@vigil/storage';
import { casesForDisposedAlert, type DisposedAlert } from '../src/cases/cases-for-disposed-alert.ts';
import { OrgData } from '../src/repos/scoped.ts';
import { addUser, alertWithDecision, as, raw, signIn, type Call, type Session } from './case-harness.ts';
import { BACKENDS, startNode, type TestNode } from './harness.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n');

describe.each(BACKENDS)('case workflows, review, labels and merges on %s', (backend) => {
  let node: TestNode;
  let investigatorSession: Session;
  let inv: Call;
  let reviewer: Call;
  let bankAdmin: Call;
  let admin: Call;
  let both: Call;

  const newCase = async (over: Record<string, unknown> = {}, call: Call = inv) => {
    const r = await call('POST', '/api/v1/cases', { type: 'fraud_investigation', title: 'Workflow case', subjectType: 'customer', subjectKey: `cust-${Math.random().toString(36).slice(2, 8)}`, ...over });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const move = (call: Call, c: { id: string; version: number }, transition: string, note = '') => call('POST', `/api/v1/cases/${c.id}/transitions`, { transition, version: c.version, note });
  const ok = <T extends { status: number; body: any }>(r: T, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const labelsOf = (caseId: string) => node.vigil.database.db.selectFrom('event_labels').selectAll().where('source_ref', '=', `case:${caseId}`).orderBy('event_id').execute();
  const subjectLabel = (subjectType: string, subjectKey: string) => node.vigil.database.db.selectFrom('subject_labels').selectAll().where('subject_type', '=', subjectType).where('subject_key', '=', subjectKey).executeTakeFirst();

  beforeAll(async () => {
    node = await startNode({ backend, env: { VIGIL_LOGIN_RATE_PER_SEC: '10000' } });
    investigatorSession = await signIn(node, 'b.investigator');
    inv = as(node, investigatorSession);
    reviewer = as(node, await signIn(node, 'b.reviewer'));
    bankAdmin = as(node, await signIn(node, 'b.admin'));
    admin = as(node, await signIn(node, 'admin'));
    // Someone who may both investigate and review: the maker-checker rule is about the person, not the role.
    both = as(node, await addUser(node, 'b.senior', 'bank_b', ['investigator', 'case_reviewer']));
  }, 180_000);
  afterAll(() => node?.destroy());

  it('refuses a transition to a role that lacks its permission (403) and one not leaving the current state (409)', async () => {
    const c = await newCase();
    // The reviewer cannot take the investigator's transition, the investigator not the reviewer's.
    const byReviewer = await move(reviewer, c, 'start');
    expect(byReviewer.status).toBe(403);
    expect(byReviewer.body.error).toMatchObject({ code: 'FORBIDDEN', path: 'transition' });
    expect(byReviewer.body.error.message).toContain('case.investigate');
    expect((await move(inv, c, 'dismiss')).status).toBe(403);
    expect((await move(inv, c, 'reopen')).status).toBe(403);
    // Not from here: reopening an open case, or a key the workflow does not have.
    expect((await move(reviewer, c, 'reopen')).status).toBe(409);
    expect((await move(inv, c, 'teleport')).status).toBe(409);
    expect((await move(inv, c, 'submit_for_review')).status).toBe(409);
    const started = ok(await move(inv, c, 'start', 'taking it'));
    expect(started).toMatchObject({ state: 'investigating', phase: 'active', version: c.version + 1 });
    expect(started.availableTransitions.map((t: { key: string; via: string }) => [t.key, t.via])).toEqual([['submit_for_review', 'conclusion']]);
    // The way into review is a conclusion, and out of it a review: not plain transitions.
    expect((await move(inv, started, 'submit_for_review')).status).toBe(400);
    // The investigator cannot approve at all (no case.review), whatever the state.
    expect((await inv('POST', `/api/v1/cases/${c.id}/review`, { decision: 'approve', version: started.version })).status).toBe(403);
    // A reviewer dismisses a case before work starts; closing sets closedAt, reopening clears it.
    const other = await newCase();
    const dismissed = ok(await move(reviewer, other, 'dismiss', 'duplicate report'));
    expect(dismissed).toMatchObject({ state: 'closed', phase: 'closed' });
    expect(dismissed.closedAt).not.toBeNull();
    // A closed case takes no changes until it is reopened.
    expect((await inv('POST', `/api/v1/cases/${other.id}/notes`, { body: 'late note' })).status).toBe(409);
    const reopened = ok(await move(reviewer, dismissed, 'reopen'));
    expect(reopened).toMatchObject({ state: 'investigating', closedAt: null });
    const timeline = ok(await inv('GET', `/api/v1/cases/${other.id}/timeline`));
    expect(timeline.items.filter((e: { kind: string }) => e.kind === 'transition').map((e: { details: { transition: string; note: string } }) => [e.details.transition, e.details.note])).toEqual([
      ['dismiss', 'duplicate report'],
      ['reopen', ''],
    ]);
  });

  it('has a conclusion reviewed by someone other than its proposer and the investigators; rejection sends it back', async () => {
    const c = await newCase({}, both);
    const started = ok(await move(both, c, 'start'));
    // A confirmed fraud names its typology and loss.
    expect((await both('POST', `/api/v1/cases/${c.id}/conclusion`, { outcome: 'fraud_confirmed', summary: 'Confirmed with the customer', version: started.version })).body.error.path).toBe('typology');
    const proposed = ok(await both('POST', `/api/v1/cases/${c.id}/conclusion`, { outcome: 'fraud_confirmed', lossAmount: 3200, typology: 'card_theft', summary: 'Confirmed with the customer', version: started.version }));
    expect(proposed).toMatchObject({ state: 'pending_review', phase: 'review', conclusion: { outcome: 'fraud_confirmed', lossAmount: 3200, typology: 'card_theft', proposedBy: 'user:b.senior', review: null } });
    // b.senior may review (they hold case.review) but proposed it.
    expect(proposed.review).toEqual({ pending: true, allowed: false, reason: 'REVIEWER_IS_PROPOSER' });
    expect(proposed.availableTransitions).toEqual([]);
    const self = await both('POST', `/api/v1/cases/${c.id}/review`, { decision: 'approve', version: proposed.version });
    expect(self.status).toBe(403);
    expect(self.body.error.details).toEqual([expect.objectContaining({ code: 'REVIEWER_IS_PROPOSER' })]);
    // An investigator of the case may not review it either, though someone else proposed.
    const d = await newCase({}, inv);
    const dStarted = ok(await move(inv, d, 'start'));
    ok(await inv('POST', `/api/v1/cases/${d.id}/members`, { username: 'b.senior' }));
    const dProposed = ok(await inv('POST', `/api/v1/cases/${d.id}/conclusion`, { outcome: 'not_fraud', summary: 'The customer made the payment', version: dStarted.version }));
    const member = await both('POST', `/api/v1/cases/${d.id}/review`, { decision: 'approve', version: dProposed.version });
    expect(member.status).toBe(403);
    expect(member.body.error.details).toEqual([expect.objectContaining({ code: 'REVIEWER_IS_INVESTIGATOR' })]);
    // Leaving the case does not make an investigator independent of it.
    ok(await inv('DELETE', `/api/v1/cases/${d.id}/members/b.senior`));
    const former = await both('POST', `/api/v1/cases/${d.id}/review`, { decision: 'approve', version: dProposed.version });
    expect(former.status).toBe(403);
    expect(former.body.error.details).toEqual([expect.objectContaining({ code: 'REVIEWER_IS_INVESTIGATOR' })]);
    // A reviewer cannot be made an investigator at all.
    expect((await inv('POST', `/api/v1/cases/${d.id}/members`, { username: 'b.reviewer' })).status).toBe(400);

    // The reviewer sends it back, with a note; the conclusion keeps its rejected review.
    const view = ok(await reviewer('GET', `/api/v1/cases/${c.id}`));
    expect(view.review).toEqual({ pending: true, allowed: true, reason: null });
    expect(view.availableTransitions.map((t: { key: string }) => t.key)).toEqual(['approve', 'send_back']);
    expect((await reviewer('POST', `/api/v1/cases/${c.id}/review`, { decision: 'reject', note: 'stale', version: proposed.version - 1 })).status).toBe(409);
    const rejected = ok(await reviewer('POST', `/api/v1/cases/${c.id}/review`, { decision: 'reject', note: 'Where is the police report?', version: proposed.version }));
    expect(rejected.labels).toEqual({ events: 0, subject: false });
    expect(rejected.case).toMatchObject({ state: 'investigating', phase: 'active', conclusion: { outcome: 'fraud_confirmed', review: { reviewer: 'user:b.reviewer', decision: 'reject', note: 'Where is the police report?' } } });
    // Nothing awaits review now.
    expect((await reviewer('POST', `/api/v1/cases/${c.id}/review`, { decision: 'approve', version: rejected.case.version })).status).toBe(409);
    const again = ok(await both('POST', `/api/v1/cases/${c.id}/conclusion`, { outcome: 'fraud_confirmed', lossAmount: 3500, typology: 'card_theft', summary: 'Police report attached', version: rejected.case.version }));
    const approved = ok(await reviewer('POST', `/api/v1/cases/${c.id}/review`, { decision: 'approve', note: 'Agreed', version: again.version }));
    expect(approved.case).toMatchObject({ state: 'closed', phase: 'closed', typology: 'card_theft', outcome: 'fraud_confirmed', conclusion: { lossAmount: 3500, review: { decision: 'approve', reviewer: 'user:b.reviewer' } } });
    expect(approved.case.closedAt).not.toBeNull();
    const kinds = ok(await inv('GET', `/api/v1/cases/${c.id}/timeline`)).items.map((e: { kind: string }) => e.kind);
    expect(kinds.filter((k: string) => k.startsWith('conclusion_'))).toEqual(['conclusion_proposed', 'conclusion_rejected', 'conclusion_proposed', 'conclusion_approved']);
    const audit = ok(await admin('GET', `/api/v1/audit?targetType=case&targetId=${c.id}`)).items.map((e: { action: string; actor: string }) => `${e.action} ${e.actor}`);
    expect(audit).toContain('case.conclusion.review user:b.reviewer');
  });

  it('labels the events of every linked decision and the subject when a conclusion is approved', async () => {
    const a1 = await alertWithDecision(node, { org: 'bank_b', card: '6222021234567890156', amount: 640 });
    const a2 = await alertWithDecision(node, { org: 'bank_b_nb', card: '6222021234567890156', amount: 1280 });
    const c = await newCase({ subjectType: 'card', subjectKey: a1.token, subjectDisplay: a1.display, fromAlerts: [a1.alertId, a2.alertId] });
    const started = ok(await move(inv, c, 'start'));
    const proposed = ok(await inv('POST', `/api/v1/cases/${c.id}/conclusion`, { outcome: 'fraud_confirmed', lossAmount: 1920, typology: 'card_not_present', summary: 'Both payments disputed', version: started.version }));
    expect(await labelsOf(c.id)).toEqual([]);
    const approved = ok(await reviewer('POST', `/api/v1/cases/${c.id}/review`, { decision: 'approve', version: proposed.version }));
    expect(approved.labels).toEqual({ events: 2, subject: true });
    const labels = await labelsOf(c.id);
    expect(labels.map((l) => [l.event_id, l.org_id, l.fraud, l.source, l.typology, l.subject_type, l.subject_key, l.amount, l.created_by]).sort()).toEqual(
      [
        [a1.eventId, 'bank_b', true, 'case', 'card_not_present', 'card', a1.token, 640, 'user:b.reviewer'],
        [a2.eventId, 'bank_b_nb', true, 'case', 'card_not_present', 'card', a1.token, 1280, 'user:b.reviewer'],
      ].sort(),
    );
    expect(await subjectLabel('card', a1.token)).toMatchObject({ org_id: 'bank_b', fraud: true, typology: 'card_not_present', source: 'case', source_ref: `case:${c.id}`, subject_display: a1.display });

    // Not fraud labels the events genuine; inconclusive labels nothing.
    const g = await alertWithDecision(node, { org: 'bank_b', card: '6222021234567890164' });
    const genuine = await newCase({ subjectType: 'card', subjectKey: g.token, fromAlerts: [g.alertId] });
    const gs = ok(await move(inv, genuine, 'start'));
    const gp = ok(await inv('POST', `/api/v1/cases/${genuine.id}/conclusion`, { outcome: 'not_fraud', summary: 'The cardholder paid', version: gs.version }));
    ok(await reviewer('POST', `/api/v1/cases/${genuine.id}/review`, { decision: 'approve', version: gp.version }));
    expect((await labelsOf(genuine.id)).map((l) => [l.event_id, l.fraud, l.typology])).toEqual([[g.eventId, false, null]]);
    expect(await subjectLabel('card', g.token)).toMatchObject({ fraud: false });
    const u = await alertWithDecision(node, { org: 'bank_b', card: '6222021234567890172' });
    const unclear = await newCase({ subjectType: 'card', subjectKey: u.token, fromAlerts: [u.alertId] });
    const us = ok(await move(inv, unclear, 'start'));
    const up = ok(await inv('POST', `/api/v1/cases/${unclear.id}/conclusion`, { outcome: 'inconclusive', summary: 'Customer unreachable', version: us.version }));
    expect(ok(await reviewer('POST', `/api/v1/cases/${unclear.id}/review`, { decision: 'approve', version: up.version })).labels).toEqual({ events: 0, subject: false });
    expect(await labelsOf(unclear.id)).toEqual([]);
    expect(await subjectLabel('card', u.token)).toBeUndefined();
  });

  it('merges cases of one subject, the target keeping every history entry at its original time', async () => {
    const key = `merge-${Date.now().toString(36)}`;
    const target = await newCase({ subjectKey: key, title: 'Target', amount: 100, currency: 'CNY' });
    const source = await newCase({ subjectKey: key, title: 'Source', amount: 250, currency: 'CNY' });
    const helper = await addUser(node, `b.inv.${key}`.slice(0, 60), 'bank_b', ['investigator']);
    ok(await inv('POST', `/api/v1/cases/${source.id}/members`, { username: helper.username }));
    const task = ok(await inv('POST', `/api/v1/cases/${source.id}/tasks`, { title: 'Call the merchant', assignee: helper.username, dueAt: '2030-01-01T00:00:00Z' }), 201);
    ok(await inv('POST', `/api/v1/cases/${source.id}/notes`, { body: 'Customer called twice' }), 201);
    const file = await raw(node, investigatorSession, 'POST', `/api/v1/cases/${source.id}/attachments`, PDF, { 'content-type': 'application/pdf', 'x-file-name': 'statement.pdf' });
    expect(file.status, file.text).toBe(201);
    ok(await inv('POST', `/api/v1/cases/${source.id}/evidence`, { kind: 'statement', description: 'Bank statement', attachmentId: file.body.id }), 201);
    const shared = { type: 'device', key: `dev-${key}` };
    ok(await inv('POST', `/api/v1/cases/${source.id}/links`, { entities: [shared, { type: 'phone', key: '13800138000' }] }), 201);
    ok(await inv('POST', `/api/v1/cases/${target.id}/links`, { entities: [shared] }), 201);
    const sourceTimeline = ok(await inv('GET', `/api/v1/cases/${source.id}/timeline`)).items;

    // Other subjects and other banks' cases are not merged.
    const otherSubject = await newCase();
    expect((await inv('POST', `/api/v1/cases/${target.id}/merge`, { from: [otherSubject.id], version: target.version })).status).toBe(409);
    const bankA = ok(await admin('POST', '/api/v1/cases', { type: 'fraud_investigation', title: 'Bank A', subjectType: 'customer', subjectKey: key, orgId: 'bank_a' }), 201);
    const foreign = await inv('POST', `/api/v1/cases/${target.id}/merge`, { from: [bankA.id], version: target.version });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.path).toBe('from[0]');
    expect((await admin('POST', `/api/v1/cases/${target.id}/merge`, { from: [bankA.id], version: target.version })).status).toBe(409);
    expect((await inv('POST', `/api/v1/cases/${target.id}/merge`, { from: [target.id], version: target.version })).status).toBe(400);
    expect((await inv('POST', `/api/v1/cases/${target.id}/merge`, { from: [source.id], version: target.version + 5 })).status).toBe(409);

    const merged = ok(await inv('POST', `/api/v1/cases/${target.id}/merge`, { from: [source.id], version: target.version }));
    expect(merged.merged).toEqual([{ id: source.id, number: source.number, events: sourceTimeline.length }]);
    const t = merged.case;
    expect(t).toMatchObject({ amount: 350, currency: 'CNY', version: target.version + 1 });
    expect(t.members.map((m: { username: string; lead: boolean }) => [m.username, m.lead])).toEqual(
      expect.arrayContaining([
        ['b.investigator', true],
        [helper.username, false],
      ]),
    );
    expect(t.members).toHaveLength(2);
    expect(t.tasks).toEqual([expect.objectContaining({ id: task.id, title: 'Call the merchant', originCaseId: source.id })]);
    expect(t.notes).toEqual([expect.objectContaining({ body: 'Customer called twice', originCaseId: source.id })]);
    expect(t.attachments).toEqual([expect.objectContaining({ id: file.body.id, originCaseId: source.id })]);
    expect(t.evidence).toEqual([expect.objectContaining({ description: 'Bank statement', attachmentId: file.body.id, originCaseId: source.id })]);
    // The device both linked is linked once; the phone came along.
    expect(t.links.map((l: { entityType: string; entityKey: string }) => `${l.entityType}:${l.entityKey}`).sort()).toEqual([`device:dev-${key}`, 'phone:13800138000']);
    const after = ok(await inv('GET', `/api/v1/cases/${source.id}`));
    expect(after).toMatchObject({ state: 'merged', stateName: { en: 'Merged' }, phase: 'closed', mergedInto: target.id, availableTransitions: [] });
    expect(after.tasks).toEqual([]);
    // The attachment is downloaded from the case it now belongs to.
    expect((await raw(node, investigatorSession, 'GET', `/api/v1/cases/${target.id}/attachments/${file.body.id}`)).bytes.equals(PDF)).toBe(true);

    const timeline = ok(await inv('GET', `/api/v1/cases/${target.id}/timeline`)).items;
    const copied = timeline.filter((e: { originCaseId: string | null }) => e.originCaseId === source.id);
    expect(copied.map((e: { kind: string; at: string; actor: string; details: unknown }) => [e.kind, e.at, e.actor, e.details])).toEqual(sourceTimeline.map((e: { kind: string; at: string; actor: string; details: unknown }) => [e.kind, e.at, e.actor, e.details]));
    expect(copied.every((e: { originNumber: string }) => e.originNumber === source.number)).toBe(true);
    expect(timeline.map((e: { at: string }) => e.at)).toEqual([...timeline.map((e: { at: string }) => e.at)].sort());
    expect(timeline.at(-1)).toMatchObject({ kind: 'merged_in', details: { from: source.id, number: source.number } });
    expect(ok(await inv('GET', `/api/v1/cases/${source.id}/timeline`)).items.at(-1)).toMatchObject({ kind: 'merged_out', details: { into: target.id } });
    // A merged case is not merged again, nor changed.
    expect((await inv('POST', `/api/v1/cases/${target.id}/merge`, { from: [source.id], version: t.version })).status).toBe(409);
    expect((await inv('POST', `/api/v1/cases/${source.id}/notes`, { body: 'too late' })).status).toBe(409);
    // The report of the target names where each entry came from.
    const report = await raw(node, investigatorSession, 'GET', `/api/v1/cases/${target.id}/report`);
    expect(report.text).toContain(`(from ${source.number})`);
  });

  it('validates workflows on save, each problem at its JSON path', async () => {
    const name = (en: string) => ({ zh: en, en });
    const body = {
      key: 'broken_flow',
      name: name('Broken'),
      subjectTypes: ['customer'],
      initialState: 'nowhere',
      workflow: {
        states: [
          { key: 'open', name: name('Open'), phase: 'open' },
          { key: 'review', name: name('Review'), phase: 'review' },
          { key: 'island', name: name('Island'), phase: 'active' },
          { key: 'open', name: name('Again'), phase: 'active' },
        ],
        transitions: [
          { key: 'submit', from: 'open', to: 'review', name: name('Submit'), permission: 'case.investigate' },
          { key: 'ok', from: 'review', to: 'gone', name: name('OK'), permission: 'case.investigate', requires: 'approval' },
        ],
      },
    };
    const r = await bankAdmin('POST', '/api/v1/case-types', body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    const issues = r.body.error.details.map((d: { path: string; code: string }) => `${d.path} ${d.code}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        'workflow.states[3].key DUPLICATE_STATE',
        'workflow.states NO_CLOSED_STATE',
        'initialState UNKNOWN_STATE',
        'workflow.transitions[0].requires CONCLUSION_REQUIRED',
        'workflow.transitions[1].to UNKNOWN_STATE',
        'workflow.transitions[1].permission REVIEW_PERMISSION_REQUIRED',
        'workflow.states[1] REVIEW_NEEDS_APPROVAL',
        'workflow.states[1] REVIEW_NEEDS_REJECTION',
      ]),
    );
    // Reachability is judged from the initial state.
    const unreachable = await bankAdmin('POST', '/api/v1/case-types', {
      ...body,
      initialState: 'open',
      workflow: {
        states: [
          { key: 'open', name: name('Open'), phase: 'open' },
          { key: 'island', name: name('Island'), phase: 'active' },
          { key: 'closed', name: name('Closed'), phase: 'closed' },
        ],
        transitions: [{ key: 'close', from: 'open', to: 'closed', name: name('Close'), permission: 'case.investigate' }],
      },
    });
    expect(unreachable.body.error.details.map((d: { path: string; code: string }) => `${d.path} ${d.code}`)).toEqual(['workflow.states[1] UNREACHABLE_STATE', 'workflow.states[1] DEAD_END_STATE']);
    // The schema refuses what is not a workflow at all, at its path.
    const shape = await bankAdmin('POST', '/api/v1/case-types', { ...body, workflow: { states: [{ key: 'open', name: name('Open'), phase: 'limbo' }], transitions: [] } });
    expect(shape.status).toBe(400);
    expect(shape.body.error.path).toContain('workflow.states.0.phase');
  });

  it('lets a bank define its own type or override the union’s, without changing the union’s', async () => {
    const name = (en: string) => ({ zh: en, en });
    const quick = {
      name: name('Quick fraud check'),
      subjectTypes: ['customer', 'card'],
      initialState: 'new',
      workflow: {
        states: [
          { key: 'new', name: name('New'), phase: 'open' },
          { key: 'checking', name: name('Checking'), phase: 'review' },
          { key: 'done', name: name('Done'), phase: 'closed' },
        ],
        transitions: [
          { key: 'check', from: 'new', to: 'checking', name: name('Check'), permission: 'case.investigate', requires: 'conclusion' },
          { key: 'accept', from: 'checking', to: 'done', name: name('Accept'), permission: 'case.review', requires: 'approval' },
          { key: 'refuse', from: 'checking', to: 'new', name: name('Refuse'), permission: 'case.review', requires: 'rejection' },
        ],
      },
    };
    // Only case.configure defines types.
    expect((await inv('POST', '/api/v1/case-types', { key: 'fraud_investigation', ...quick })).status).toBe(403);
    const created = ok(await bankAdmin('POST', '/api/v1/case-types', { key: 'fraud_investigation', ...quick }), 201);
    expect(created).toMatchObject({ orgId: 'bank_b', key: 'fraud_investigation', inherited: false });
    expect((await bankAdmin('POST', '/api/v1/case-types', { key: 'fraud_investigation', ...quick })).status).toBe(409);
    const bTypes = ok(await inv('GET', '/api/v1/case-types')).items;
    expect(bTypes.map((t: { key: string; orgId: string; inherited: boolean }) => [t.key, t.orgId, t.inherited])).toEqual([
      ['aml_referral', 'root', true],
      ['fraud_investigation', 'bank_b', false],
      ['merchant_review', 'root', true],
    ]);
    // Bank B's (and its branch's) new cases follow the override; bank A's the union's.
    const c = await newCase();
    expect(c).toMatchObject({ state: 'new', typeName: { en: 'Quick fraud check' } });
    const aTypes = ok(await admin('GET', '/api/v1/case-types?org=bank_a')).items;
    expect(aTypes.find((t: { key: string }) => t.key === 'fraud_investigation')).toMatchObject({ orgId: 'root', inherited: true });
    const union = aTypes.find((t: { key: string }) => t.key === 'fraud_investigation');
    // The bank reads the union's type but changes only its own.
    expect(ok(await bankAdmin('GET', `/api/v1/case-types/${union.id}`))).toMatchObject({ inherited: true });
    const put = await bankAdmin('PUT', `/api/v1/case-types/${union.id}`, quick);
    expect(put.status).toBe(403);
    expect((await bankAdmin('DELETE', `/api/v1/case-types/${union.id}`)).status).toBe(403);
    expect((await as(node, await signIn(node, 'a.admin'))('GET', `/api/v1/case-types/${created.id}`)).status).toBe(404);
    // A state that cases are in stays; a type cases follow is not deleted.
    const withoutNew = { ...quick, initialState: 'checking2', workflow: { ...quick.workflow, states: quick.workflow.states.map((st) => (st.key === 'new' ? { ...st, key: 'checking2', phase: 'open' } : st)), transitions: quick.workflow.transitions.map((t) => ({ ...t, from: t.from === 'new' ? 'checking2' : t.from, to: t.to === 'new' ? 'checking2' : t.to })) } };
    const inUse = await bankAdmin('PUT', `/api/v1/case-types/${created.id}`, withoutNew);
    expect(inUse.status, JSON.stringify(inUse.body)).toBe(409);
    expect(inUse.body.error.details).toEqual([expect.objectContaining({ code: 'STATE_IN_USE' })]);
    const renamed = ok(await bankAdmin('PUT', `/api/v1/case-types/${created.id}`, { ...quick, name: name('Quick check') }));
    expect(renamed.name.en).toBe('Quick check');
    expect((await bankAdmin('DELETE', `/api/v1/case-types/${created.id}`)).status).toBe(409);
    // Once no case follows it, it goes, and the union's applies again.
    await node.vigil.database.db.deleteFrom('cases').where('type_id', '=', created.id).execute();
    expect((await bankAdmin('DELETE', `/api/v1/case-types/${created.id}`)).status).toBe(204);
    expect((await newCase()).state).toBe('open');
  });

  it('opens or joins cases from disposed alerts by the rules of the alert’s org and the orgs above it', async () => {
    // Only case.configure manages rules; the union's rule applies to every bank.
    expect((await inv('GET', '/api/v1/case-rules')).status).toBe(403);
    // The demo's own rules go first: this test defines the ones it needs.
    for (const r of ok(await admin('GET', '/api/v1/case-rules')).items) expect((await admin('DELETE', `/api/v1/case-rules/${r.id}`)).status).toBe(204);
    expect((await admin('POST', '/api/v1/case-rules', { name: 'bad type', dispositions: ['confirmed_fraud'], caseType: 'no_such_type' })).body.error.path).toBe('caseType');
    const rule = ok(await admin('POST', '/api/v1/case-rules', { name: 'Confirmed fraud above 1000', dispositions: ['confirmed_fraud'], minLevel: 'high', minAmount: 1000, caseType: 'fraud_investigation', priority: 'high' }), 201);
    expect(rule).toMatchObject({ orgId: 'root', enabled: true, categories: [], linkOpen: true, priority: 'high' });
    const bankRule = ok(await bankAdmin('POST', '/api/v1/case-rules', { name: 'Escalations', dispositions: ['escalated_to_case'], categories: ['money_mule'], caseType: 'aml_referral' }), 201);
    const bRules = ok(await bankAdmin('GET', '/api/v1/case-rules')).items;
    expect(bRules.map((r: { id: string; inherited: boolean }) => [r.id, r.inherited])).toEqual(expect.arrayContaining([[rule.id, true], [bankRule.id, false]]));
    expect((await bankAdmin('PUT', `/api/v1/case-rules/${rule.id}`, { name: 'mine now', dispositions: ['confirmed_fraud'], caseType: 'fraud_investigation' })).status).toBe(403);

    const db = node.vigil.database.db;
    const handler = (orgs: string[]) => OrgData.of(db, { all: false, orgIds: orgs });
    const a = await alertWithDecision(node, { org: 'bank_b_nb', card: '6222021234567890180', amount: 4000 });
    const disposed = (over: Partial<DisposedAlert> = {}): DisposedAlert => ({ id: a.alertId, orgId: 'bank_b_nb', category: 'card_theft', level: 'high', subjectType: 'card', subjectKey: a.token, subjectDisplay: a.display, disposition: 'confirmed_fraud', amount: 4000, decisionIds: [a.decisionId], ...over });
    const s = node.vigil.services;
    // Below the rule's thresholds, or another disposition: nothing.
    expect(await casesForDisposedAlert(s, handler(['bank_b_nb']), disposed({ level: 'medium' }), 'user:b.handler')).toEqual([]);
    expect(await casesForDisposedAlert(s, handler(['bank_b_nb']), disposed({ amount: 999 }), 'user:b.handler')).toEqual([]);
    expect(await casesForDisposedAlert(s, handler(['bank_b_nb']), disposed({ amount: null }), 'user:b.handler')).toEqual([]);
    expect(await casesForDisposedAlert(s, handler(['bank_b_nb']), disposed({ disposition: 'false_positive' }), 'user:b.handler')).toEqual([]);
    // In the caller's transaction: rolled back with it.
    await expect(
      withTransaction(db, async (tx) => {
        expect(await casesForDisposedAlert(s, handler(['bank_b_nb']).in(tx), disposed(), 'user:b.handler')).toHaveLength(1);
        throw new Error('the disposition failed');
      }),
    ).rejects.toThrow('the disposition failed');
    expect(await db.selectFrom('cases').select('id').where('subject_key', '=', a.token).execute()).toEqual([]);

    const [caseId] = await casesForDisposedAlert(s, handler(['bank_b_nb']), disposed(), 'user:b.handler');
    const c = ok(await inv('GET', `/api/v1/cases/${caseId}`));
    expect(c).toMatchObject({ orgId: 'bank_b_nb', type: 'fraud_investigation', state: 'open', priority: 'high', source: 'rule', subjectKey: a.token, subjectDisplay: a.display, amount: 4000, openedBy: 'user:b.handler' });
    expect(c.links.map((l: { kind: string; alertId: string | null; decisionId: string | null }) => [l.kind, l.alertId ?? l.decisionId])).toEqual([
      ['alert', a.alertId],
      ['decision', a.decisionId],
    ]);
    const created = ok(await inv('GET', `/api/v1/cases/${caseId}/timeline`)).items[0];
    expect(created).toMatchObject({ kind: 'created', actor: 'user:b.handler', details: { source: 'rule', ruleId: rule.id, alertId: a.alertId, disposition: 'confirmed_fraud' } });

    // A second alert of the same card joins the open case instead of opening another; concurrent ones too.
    const more = await Promise.all([1, 2, 3].map(() => alertWithDecision(node, { org: 'bank_b_nb', card: '6222021234567890180', amount: 1500 })));
    const joined = await Promise.all(more.map((m) => casesForDisposedAlert(s, handler(['bank_b_nb']), disposed({ id: m.alertId, decisionIds: [m.decisionId], amount: 1500 }), 'user:b.handler')));
    expect(joined).toEqual([[caseId], [caseId], [caseId]]);
    const links = ok(await inv('GET', `/api/v1/cases/${caseId}`)).links;
    expect(links.filter((l: { kind: string }) => l.kind === 'alert')).toHaveLength(4);
    expect(links.filter((l: { kind: string }) => l.kind === 'decision')).toHaveLength(4);
    // Two rules, two types: a money-mule escalation matches the bank's rule only.
    const mule = await alertWithDecision(node, { org: 'bank_b', card: '6222021234567890198' });
    const ids = await casesForDisposedAlert(s, handler(['bank_b', 'bank_b_nb']), { id: mule.alertId, orgId: 'bank_b', category: 'money_mule', level: 'low', subjectType: 'customer', subjectKey: 'cust-mule-1', subjectDisplay: 'Li Si', disposition: 'escalated_to_case', amount: null, decisionIds: [mule.decisionId] }, 'user:b.handler');
    expect(ids).toHaveLength(1);
    expect(ok(await inv('GET', `/api/v1/cases/${ids[0]}`))).toMatchObject({ type: 'aml_referral', subjectType: 'customer', subjectKey: 'cust-mule-1', orgId: 'bank_b' });
    // A disabled rule does nothing; the rule's case is audited as the handler's.
    ok(await admin('PUT', `/api/v1/case-rules/${rule.id}`, { name: rule.name, enabled: false, dispositions: ['confirmed_fraud'], minLevel: 'high', minAmount: 1000, caseType: 'fraud_investigation' }));
    const later = await alertWithDecision(node, { org: 'bank_a', card: '6222021234567890206' });
    expect(await casesForDisposedAlert(s, handler(['bank_a']), disposed({ id: later.alertId, orgId: 'bank_a', subjectKey: later.token, decisionIds: [] }), 'user:a.handler')).toEqual([]);
    const audit = ok(await admin('GET', `/api/v1/audit?targetType=case&targetId=${caseId}`)).items.map((e: { action: string; actor: string }) => `${e.action} ${e.actor}`);
    expect(audit).toEqual(expect.arrayContaining(['case.create user:b.handler', 'case.link user:b.handler']));
    expect((await admin('DELETE', `/api/v1/case-rules/${rule.id}`)).status).toBe(204);
  });
});
