import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Permission } from '../src/auth/principal.ts';
import { builtInRole } from '../src/auth/roles.ts';
import { addUser, alertWithDecision, as, raw, signIn, type Session } from './case-harness.ts';
import { BACKENDS, startNode, type TestNode } from './harness.ts';

/**
 * Org scoping of the case center, table-driven: every case route called by users of bank B (and
 * alert handlers, who hold no case permission) on bank A's case and configuration. A caller
 * without the route's permission gets 403; one with it, in another bank, 404 — and bank A's case
 * is left exactly as it was. Bank A's own administrator reads it.
 */

interface Fixture {
  caseId: string;
  version: number;
  taskId: string;
  evidenceId: string;
  attachmentId: string;
  member: string;
  typeId: string;
  ruleId: string;
  alertId: string;
}

interface Route {
  name: string;
  permission: Permission;
  method: string;
  url(fx: Fixture): string;
  body?(fx: Fixture): unknown;
  raw?: { type: string; bytes: Buffer; headers?: Record<string, string> };
}

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

const ROUTES: Route[] = [
  { name: 'read the case', permission: 'case.read', method: 'GET', url: (f) => `/api/v1/cases/${f.caseId}` },
  { name: 'read its timeline', permission: 'case.read', method: 'GET', url: (f) => `/api/v1/cases/${f.caseId}/timeline` },
  { name: 'export its report', permission: 'case.read', method: 'GET', url: (f) => `/api/v1/cases/${f.caseId}/report` },
  { name: 'download an attachment', permission: 'case.read', method: 'GET', url: (f) => `/api/v1/cases/${f.caseId}/attachments/${f.attachmentId}` },
  { name: 'search cases of the bank (org in the query)', permission: 'case.read', method: 'GET', url: () => '/api/v1/cases?org=bank_a' },
  { name: 'change the case', permission: 'case.investigate', method: 'PATCH', url: (f) => `/api/v1/cases/${f.caseId}`, body: (f) => ({ version: f.version, title: 'taken over' }) },
  { name: 'take a transition', permission: 'case.read', method: 'POST', url: (f) => `/api/v1/cases/${f.caseId}/transitions`, body: (f) => ({ transition: 'start', version: f.version }) },
  { name: 'propose a conclusion', permission: 'case.investigate', method: 'POST', url: (f) => `/api/v1/cases/${f.caseId}/conclusion`, body: (f) => ({ outcome: 'not_fraud', summary: 'nothing here', version: f.version }) },
  { name: 'review the conclusion', permission: 'case.review', method: 'POST', url: (f) => `/api/v1/cases/${f.caseId}/review`, body: (f) => ({ decision: 'approve', version: f.version }) },
  { name: 'merge into the case', permission: 'case.investigate', method: 'POST', url: (f) => `/api/v1/cases/${f.caseId}/merge`, body: (f) => ({ from: [f.caseId.replace(/.$/, '0')], version: f.version }) },
  { name: 'add an investigator', permission: 'case.investigate', method: 'POST', url: (f) => `/api/v1/cases/${f.caseId}/members`, body: () => ({ username: 'b.investigator' }) },
  { name: 'remove an investigator', permission: 'case.investigate', method: 'DELETE', url: (f) => `/api/v1/cases/${f.caseId}/members/${f.member}` },
  { name: 'add a task', permission: 'case.investigate', method: 'POST', url: (f) => `/api/v1/cases/${f.caseId}/tasks`, body: () => ({ title: 'mine now' }) },
  { name: 'change a task', permission: 'case.investigate', method: 'PATCH', url: (f) => `/api/v1/cases/${f.caseId}/tasks/${f.taskId}`, body: () => ({ title: 'renamed' }) },
  { name: 'complete a task', permission: 'case.investigate', method: 'POST', url: (f) => `/api/v1/cases/${f.caseId}/tasks/${f.taskId}/complete` },
  { name: 'remove a task', permission: 'case.investigate', method: 'DELETE', url: (f) => `/api/v1/cases/${f.caseId}/tasks/${f.taskId}` },
  { name: 'add a note', permission: 'case.investigate', method: 'POST', url: (f) => `/api/v1/cases/${f.caseId}/notes`, body: () => ({ body: 'hello from bank B' }) },
  { name: 'attach a file', permission: 'case.investigate', method: 'POST', url: (f) => `/api/v1/cases/${f.caseId}/attachments`, raw: { type: 'application/pdf', bytes: PDF, headers: { 'x-file-name': 'x.pdf' } } },
  { name: 'add evidence', permission: 'case.investigate', method: 'POST', url: (f) => `/api/v1/cases/${f.caseId}/evidence`, body: () => ({ kind: 'other', description: 'planted' }) },
  { name: 'remove evidence', permission: 'case.investigate', method: 'DELETE', url: (f) => `/api/v1/cases/${f.caseId}/evidence/${f.evidenceId}` },
  { name: 'link an entity', permission: 'case.investigate', method: 'POST', url: (f) => `/api/v1/cases/${f.caseId}/links`, body: () => ({ entities: [{ type: 'device', key: 'dev-b' }] }) },
  { name: 'open a case in the bank (org in the body)', permission: 'case.investigate', method: 'POST', url: () => '/api/v1/cases', body: () => ({ type: 'fraud_investigation', title: 'x', subjectType: 'customer', subjectKey: 'c', orgId: 'bank_a' }) },
  { name: 'open a case from the bank’s alert (an id in the body)', permission: 'case.investigate', method: 'POST', url: () => '/api/v1/cases', body: (f) => ({ type: 'fraud_investigation', title: 'x', subjectType: 'customer', subjectKey: 'c', fromAlerts: [f.alertId] }) },
  { name: 'read the bank’s case type', permission: 'case.read', method: 'GET', url: (f) => `/api/v1/case-types/${f.typeId}` },
  { name: 'list the bank’s case types (org in the query)', permission: 'case.read', method: 'GET', url: () => '/api/v1/case-types?org=bank_a' },
  { name: 'replace the bank’s case type', permission: 'case.configure', method: 'PUT', url: (f) => `/api/v1/case-types/${f.typeId}`, body: () => typeBody() },
  { name: 'delete the bank’s case type', permission: 'case.configure', method: 'DELETE', url: (f) => `/api/v1/case-types/${f.typeId}` },
  { name: 'define a case type for the bank (org in the body)', permission: 'case.configure', method: 'POST', url: () => '/api/v1/case-types', body: () => ({ key: 'planted', orgId: 'bank_a', ...typeBody() }) },
  { name: 'read the bank’s case rule', permission: 'case.configure', method: 'GET', url: (f) => `/api/v1/case-rules/${f.ruleId}` },
  { name: 'list the bank’s case rules (org in the query)', permission: 'case.configure', method: 'GET', url: () => '/api/v1/case-rules?org=bank_a' },
  { name: 'replace the bank’s case rule', permission: 'case.configure', method: 'PUT', url: (f) => `/api/v1/case-rules/${f.ruleId}`, body: () => ({ name: 'x', dispositions: ['confirmed_fraud'], caseType: 'fraud_investigation' }) },
  { name: 'delete the bank’s case rule', permission: 'case.configure', method: 'DELETE', url: (f) => `/api/v1/case-rules/${f.ruleId}` },
  { name: 'add a rule for the bank (org in the body)', permission: 'case.configure', method: 'POST', url: () => '/api/v1/case-rules', body: () => ({ name: 'x', orgId: 'bank_a', dispositions: ['confirmed_fraud'], caseType: 'fraud_investigation' }) },
];

function typeBody() {
  const n = (en: string) => ({ zh: en, en });
  return {
    name: n('Bank A check'),
    subjectTypes: ['customer'],
    initialState: 'open',
    workflow: {
      states: [
        { key: 'open', name: n('Open'), phase: 'open' },
        { key: 'closed', name: n('Closed'), phase: 'closed' },
      ],
      transitions: [{ key: 'close', from: 'open', to: 'closed', name: n('Close'), permission: 'case.investigate' }],
    },
  };
}

/** Bank B's users and the alert handlers of both banks (no case permission at all). */
const OUTSIDERS = [
  { username: 'b.investigator', role: 'investigator' },
  { username: 'b.reviewer', role: 'case_reviewer' },
  { username: 'b.admin', role: 'org_admin' },
  { username: 'b.handler', role: 'alert_handler' },
  { username: 'a.handler', role: 'alert_handler' },
];

describe.each(BACKENDS)('case center org scoping: users × routes on %s', (backend) => {
  let node: TestNode;
  let fx: Fixture;
  const sessions = new Map<string, Session>();
  const snapshot = async () => {
    const c = (await node.json('GET', `/api/v1/cases/${fx.caseId}`)).body;
    const t = (await node.json('GET', `/api/v1/cases/${fx.caseId}/timeline`)).body;
    const type = (await node.json('GET', `/api/v1/case-types/${fx.typeId}`)).body;
    const rule = (await node.json('GET', `/api/v1/case-rules/${fx.ruleId}`)).body;
    const bankCases = (await node.json('GET', '/api/v1/cases?org=bank_a&limit=200')).body.items.length;
    return { c, t, type, rule, bankCases };
  };

  beforeAll(async () => {
    node = await startNode({ backend, env: { VIGIL_LOGIN_RATE_PER_SEC: '10000' } });
    const member = await addUser(node, 'a.investigator', 'bank_a', ['investigator']);
    const created = await node.json('POST', '/api/v1/cases', { type: 'fraud_investigation', title: 'Bank A case', subjectType: 'customer', subjectKey: 'cust-a-1', orgId: 'bank_a', investigators: [member.username] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    const task = await node.json('POST', `/api/v1/cases/${id}/tasks`, { title: 'Call the customer' });
    const evidence = await node.json('POST', `/api/v1/cases/${id}/evidence`, { kind: 'statement', description: 'Statement' });
    const file = await raw(node, null, 'POST', `/api/v1/cases/${id}/attachments`, PDF, { 'content-type': 'application/pdf', 'x-file-name': 'a.pdf' });
    const type = await node.json('POST', '/api/v1/case-types', { key: 'bank_a_check', orgId: 'bank_a', ...typeBody() });
    const rule = await node.json('POST', '/api/v1/case-rules', { name: 'Bank A rule', orgId: 'bank_a', dispositions: ['confirmed_fraud'], caseType: 'fraud_investigation' });
    const alert = await alertWithDecision(node, { org: 'bank_a' });
    for (const r of [task, evidence, file, type, rule]) expect(r.status, JSON.stringify(r.body)).toBe(201);
    const version = (await node.json('GET', `/api/v1/cases/${id}`)).body.version;
    fx = { caseId: id, version, taskId: task.body.id, evidenceId: evidence.body.id, attachmentId: file.body.id, member: member.username, typeId: type.body.id, ruleId: rule.body.id, alertId: alert.alertId };
    for (const u of [...OUTSIDERS.map((o) => o.username), 'a.admin']) sessions.set(u, await signIn(node, u));
  }, 180_000);
  afterAll(() => node?.destroy());

  const call = async (s: Session, r: Route) => {
    if (r.raw) return raw(node, s, r.method, r.url(fx), r.raw.bytes, { 'content-type': r.raw.type, ...(r.raw.headers ?? {}) });
    return as(node, s)(r.method, r.url(fx), r.body?.(fx));
  };

  it('answers another bank’s user 404 on every route they hold the permission for, 403 on the others, and changes nothing', async () => {
    const before = await snapshot();
    const table: string[] = [];
    const seen = { 403: 0, 404: 0 };
    for (const o of OUTSIDERS) {
      const perms = new Set(builtInRole(o.role)!.permissions);
      for (const r of ROUTES) {
        const res = await call(sessions.get(o.username)!, r);
        const expected = perms.has(r.permission) ? 404 : 403;
        seen[expected]++;
        if (res.status !== expected) table.push(`${o.username} ${r.name}: ${res.status} (expected ${expected}) ${JSON.stringify(res.body)}`);
      }
    }
    expect(table).toEqual([]);
    // Both halves of the table were exercised: every case permission is held by some outsider.
    expect(seen[404]).toBeGreaterThan(30);
    expect(seen[403]).toBeGreaterThan(30);
    expect(await snapshot()).toEqual(before);
  });

  it('leaves bank A’s case out of bank B’s searches, and lets bank A’s administrator read it', async () => {
    for (const u of ['b.investigator', 'b.reviewer', 'b.admin']) {
      const list = await as(node, sessions.get(u)!)('GET', '/api/v1/cases?limit=200');
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(fx.caseId);
    }
    expect((await as(node, sessions.get('b.handler')!)('GET', '/api/v1/cases')).status).toBe(403);
    const own = as(node, sessions.get('a.admin')!);
    for (const r of ROUTES.filter((x) => x.method === 'GET')) {
      const res = await call(sessions.get('a.admin')!, r);
      expect(res.status, `${r.name}: ${JSON.stringify(res.body)}`).toBe(200);
    }
    expect((await own('GET', '/api/v1/cases?org=bank_a')).body.items.map((c: { id: string }) => c.id)).toContain(fx.caseId);
    // The administrator reads but does not investigate.
    expect((await own('POST', `/api/v1/cases/${fx.caseId}/notes`, { body: 'x' })).status).toBe(403);
  });
});
