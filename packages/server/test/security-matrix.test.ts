import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Permission } from '../src/auth/principal.ts';
import { BUILT_IN_ROLES } from '../src/auth/roles.ts';
import { contributeAlert } from '../src/repos/alerts.ts';
import { OrgData } from '../src/repos/scoped.ts';
import { approverKey, BACKENDS, cardAuth, startNode, type TestNode } from './harness.ts';

/**
 * The access matrix, table-driven: every route of every resource type, called by a user of every
 * built-in role in the bank that owns the data (bank_a) and in another bank (bank_b).
 *
 * - role without the route's permission → 403, in either bank;
 * - role with it, in the owning bank → the route's success status;
 * - role with it, in the other bank → 404 for org-owned data (reads, updates, deletes, bulk
 *   operations, exports, and IDs inside request bodies), and the data is unchanged; lists of
 *   org-owned data answer 200 without the owning bank's items; global resources (event types,
 *   strategies, rule components) answer as in the owning bank.
 */

const INITIAL = 'Matrix-Initial-2026-pw';
const PASSWORD = 'Matrix-Chosen-2026-pw';

interface Fixture {
  list: string;
  listKey: string;
  decision: string;
  apiKey: string;
  user: string;
  role: string;
  paramKey: string;
  webhook: string;
  backtest: string;
  /** A delivery of the webhook whose attempts are all used. */
  failedDelivery: string;
  /** An open alert of bank A, in no queue (anyone handling alerts there may claim it). */
  alert: string;
  /** An alert queue of bank A. */
  queue: string;
  /** A case of bank A, and its subject's key. */
  case: string;
  caseSubject: string;
  /** A registered model of bank A. */
  model: string;
}

interface Req {
  method: string;
  url: string;
  body?: unknown;
  /** A raw body (CSV, NDJSON) with its content type. */
  raw?: { type: string; text: string };
}

interface Case {
  name: string;
  op: 'read' | 'list' | 'create' | 'update' | 'delete' | 'bulk' | 'export';
  permission: Permission;
  /** Org-owned (the other bank must not see it) or global. */
  scoped: boolean;
  ok: number;
  /** Destructive: each call gets fixtures of its own. */
  fresh?: boolean;
  request(fx: Fixture): Req;
  /** For lists: whether the response shows the owning bank's item. */
  shows?(body: any, fx: Fixture): boolean;
  /** The other bank's answer when it is not a plain 404 (bulk intake reports each line). */
  otherBank?: { status: number; check(body: any): boolean };
  /** What a refused call (403 or 404) must leave exactly as it was. */
  state?(get: (url: string) => Promise<any>, fx: Fixture): Promise<unknown>;
}

const uniq = () => randomUUID().slice(0, 8);
/** A queue of bank A's as the matrix creates and changes it. */
const MATRIX_QUEUE = { name: { zh: '矩阵', en: 'Matrix' }, position: 50, filters: { categories: ['matrix_only'] }, roles: ['alert_handler'], assignment: 'manual', slaMinutes: { high: 60 }, enabled: true };
/** A private address the matrix's node allows webhooks to target (nothing listens there). */
const HOOK_TARGET = '127.0.0.1:9';
/** A version of the demo login strategy, approved and ready to deploy. */
const APPROVED_VERSION = 2;

const CASES: Case[] = [
  // decisions and the decision log
  { name: 'list decisions', op: 'list', permission: 'decision.read', scoped: true, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/decisions?limit=500' }), shows: (b, fx) => b.items.some((d: { decisionId: string }) => d.decisionId === fx.decision) },
  { name: 'read a decision', op: 'read', permission: 'decision.read', scoped: true, ok: 200, request: (fx) => ({ method: 'GET', url: `/api/v1/decisions/${fx.decision}` }) },
  {
    name: 'export the decision log',
    op: 'export',
    permission: 'decision.export',
    scoped: true,
    ok: 200,
    request: () => ({ method: 'GET', url: '/api/v1/decisions/export?limit=1000', raw: { type: 'text/plain', text: '' } }),
    shows: (b, fx) => String(b).includes(fx.decision),
  },
  { name: 'export the decision log of the bank (an ID in the query)', op: 'export', permission: 'decision.export', scoped: true, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/decisions/export?org=bank_a', raw: { type: 'text/plain', text: '' } }) },
  { name: 'view an entity (a card number in the path)', op: 'list', permission: 'decision.read', scoped: true, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/entities/card/6222021234567890123' }), shows: (b) => b.summary.orgs.includes('bank_a') && b.features.some((f: { org: string | null }) => f.org === 'bank_a') },
  { name: 'query decisions by org (an ID in the query)', op: 'read', permission: 'decision.read', scoped: true, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/decisions?org=bank_a' }) },
  { name: 'monitor the decisions of the last hour', op: 'list', permission: 'decision.read', scoped: true, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/monitoring/decisions' }), shows: (b) => b.orgs.some((o: { org: string }) => o.org === 'bank_a') },
  { name: 'monitor the decisions of one org (an ID in the query)', op: 'read', permission: 'decision.read', scoped: true, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/monitoring/decisions?org=bank_a' }) },
  {
    name: 'report feedback on a decision',
    op: 'update',
    permission: 'decision.feedback',
    scoped: true,
    ok: 201,
    request: (fx) => ({ method: 'POST', url: `/api/v1/decisions/${fx.decision}/feedback`, body: { challengeResult: 'failed' } }),
    state: async (get, fx) => (await get(`/api/v1/decisions/${fx.decision}`)).feedback,
  },
  { name: 'decide an event of the bank (org in the body)', op: 'create', permission: 'decision.create', scoped: true, ok: 200, request: () => ({ method: 'POST', url: '/api/v1/decisions', body: cardAuth({ org: 'bank_a' }) }) },
  {
    name: 'submit events in bulk (orgs in the lines)',
    op: 'bulk',
    permission: 'event.ingest',
    scoped: true,
    ok: 202,
    request: () => ({ method: 'POST', url: '/api/v1/events/bulk', raw: { type: 'application/x-ndjson', text: `${JSON.stringify(cardAuth({ org: 'bank_a' }))}\n${JSON.stringify(cardAuth({ org: 'bank_a' }))}\n` } }),
    // Valid lines are accepted and bad ones reported one by one: the other bank's lines are all
    // refused as not found, and none is accepted.
    otherBank: { status: 202, check: (b) => b.accepted === 0 && b.rejected === 2 && b.errors.every((e: { code: string; path: string }) => e.code === 'NOT_FOUND' && e.path === 'data.org') },
  },
  { name: 'submit an event asynchronously (org in the body)', op: 'create', permission: 'event.ingest', scoped: true, ok: 202, request: () => ({ method: 'POST', url: '/api/v1/events', body: cardAuth({ org: 'bank_a' }) }) },
  // lists
  { name: 'list lists', op: 'list', permission: 'list.read', scoped: true, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/lists' }), shows: (b, fx) => b.items.some((l: { id: string }) => l.id === fx.list) },
  { name: 'read a list', op: 'read', permission: 'list.read', scoped: true, ok: 200, request: (fx) => ({ method: 'GET', url: `/api/v1/lists/${fx.list}` }) },
  { name: 'read list entries', op: 'read', permission: 'list.read', scoped: true, ok: 200, request: (fx) => ({ method: 'GET', url: `/api/v1/lists/${fx.list}/entries` }) },
  {
    name: 'create a list in the bank (org in the body)',
    op: 'create',
    permission: 'list.write',
    scoped: true,
    ok: 201,
    request: () => ({ method: 'POST', url: '/api/v1/lists', body: { key: `m_${uniq()}`, name: { zh: '矩阵', en: 'Matrix' }, kind: 'black', dimension: 'device', orgId: 'bank_a' } }),
    state: async (get) => (await get('/api/v1/lists')).items.length,
  },
  {
    name: 'update a list',
    op: 'update',
    permission: 'list.write',
    scoped: true,
    ok: 200,
    request: (fx) => ({ method: 'PATCH', url: `/api/v1/lists/${fx.list}`, body: { description: `changed ${uniq()}` } }),
    state: (get, fx) => get(`/api/v1/lists/${fx.list}`),
  },
  {
    name: 'delete a list',
    op: 'delete',
    permission: 'list.write',
    scoped: true,
    ok: 204,
    fresh: true,
    request: (fx) => ({ method: 'DELETE', url: `/api/v1/lists/${fx.list}` }),
    state: (get, fx) => get(`/api/v1/lists/${fx.list}`),
  },
  {
    name: 'add list entries (bulk)',
    op: 'bulk',
    permission: 'list.write',
    scoped: true,
    ok: 200,
    request: (fx) => ({ method: 'POST', url: `/api/v1/lists/${fx.list}/entries`, body: { entries: [{ value: `dev-${uniq()}` }, { value: `dev-${uniq()}` }] } }),
    state: (get, fx) => get(`/api/v1/lists/${fx.list}/entries?limit=1000`),
  },
  {
    name: 'remove list entries (bulk)',
    op: 'bulk',
    permission: 'list.write',
    scoped: true,
    ok: 200,
    fresh: true,
    request: (fx) => ({ method: 'POST', url: `/api/v1/lists/${fx.list}/entries/delete`, body: { values: ['dev-seeded'] } }),
    state: (get, fx) => get(`/api/v1/lists/${fx.list}/entries?limit=1000`),
  },
  {
    name: 'import list entries from CSV (bulk)',
    op: 'bulk',
    permission: 'list.write',
    scoped: true,
    ok: 200,
    request: (fx) => ({ method: 'POST', url: `/api/v1/lists/${fx.list}/import`, raw: { type: 'text/csv', text: `value,reason\nintruder-${uniq()},csv\n` } }),
    state: (get, fx) => get(`/api/v1/lists/${fx.list}/entries?limit=1000`),
  },
  { name: 'export a list', op: 'export', permission: 'list.export', scoped: true, ok: 200, request: (fx) => ({ method: 'GET', url: `/api/v1/lists/${fx.list}/export` }) },
  // API keys
  { name: 'list API keys', op: 'list', permission: 'api_key.manage', scoped: true, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/api-keys' }), shows: (b, fx) => b.items.some((k: { id: string }) => k.id === fx.apiKey) },
  {
    name: 'create an API key for the bank (org in the body)',
    op: 'create',
    permission: 'api_key.manage',
    scoped: true,
    ok: 201,
    request: () => ({ method: 'POST', url: '/api/v1/api-keys', body: { name: `m ${uniq()}`, orgId: 'bank_a' } }),
    state: async (get) => (await get('/api/v1/api-keys')).items.length,
  },
  {
    name: 'revoke an API key',
    op: 'update',
    permission: 'api_key.manage',
    scoped: true,
    ok: 200,
    fresh: true,
    request: (fx) => ({ method: 'POST', url: `/api/v1/api-keys/${fx.apiKey}/revoke` }),
    state: async (get, fx) => (await get('/api/v1/api-keys')).items.find((k: { id: string }) => k.id === fx.apiKey),
  },
  // users and roles
  { name: 'list users', op: 'list', permission: 'user.read', scoped: true, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/users' }), shows: (b, fx) => b.items.some((u: { id: string }) => u.id === fx.user) },
  { name: 'read a user', op: 'read', permission: 'user.read', scoped: true, ok: 200, request: (fx) => ({ method: 'GET', url: `/api/v1/users/${fx.user}` }) },
  {
    name: 'create a user in the bank (org in the body)',
    op: 'create',
    permission: 'user.manage',
    scoped: true,
    ok: 201,
    request: () => ({ method: 'POST', url: '/api/v1/users', body: { username: `m.new.${uniq()}`, displayName: 'New', orgId: 'bank_a', roles: ['auditor'], password: INITIAL } }),
    state: async (get) => (await get('/api/v1/users')).items.length,
  },
  {
    name: 'update a user',
    op: 'update',
    permission: 'user.manage',
    scoped: true,
    ok: 200,
    request: (fx) => ({ method: 'PATCH', url: `/api/v1/users/${fx.user}`, body: { displayName: `changed ${uniq()}` } }),
    state: (get, fx) => get(`/api/v1/users/${fx.user}`),
  },
  {
    name: "reset a user's password",
    op: 'update',
    permission: 'user.manage',
    scoped: true,
    ok: 200,
    fresh: true,
    request: (fx) => ({ method: 'POST', url: `/api/v1/users/${fx.user}/password`, body: { password: `Reset-${uniq()}-Pw9` } }),
    state: (get, fx) => get(`/api/v1/users/${fx.user}`),
  },
  {
    name: "reset a user's second factor",
    op: 'update',
    permission: 'user.manage',
    scoped: true,
    ok: 200,
    request: (fx) => ({ method: 'POST', url: `/api/v1/users/${fx.user}/totp/reset` }),
    state: (get, fx) => get(`/api/v1/users/${fx.user}`),
  },
  { name: 'list roles', op: 'list', permission: 'user.read', scoped: true, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/roles' }), shows: (b) => b.items.some((r: { id: string }) => r.id === 'matrix_bank_a_role') },
  {
    name: 'create a custom role in the bank (org in the body)',
    op: 'create',
    permission: 'role.manage',
    scoped: true,
    ok: 201,
    request: () => ({ method: 'POST', url: '/api/v1/roles', body: { id: `m_role_${uniq()}`, name: { zh: '角色', en: 'Role' }, orgId: 'bank_a', permissions: ['decision.read'] } }),
    state: async (get) => (await get('/api/v1/roles')).items.length,
  },
  {
    name: 'replace a custom role',
    op: 'update',
    permission: 'role.manage',
    scoped: true,
    ok: 200,
    request: (fx) => ({ method: 'PUT', url: `/api/v1/roles/${fx.role}`, body: { name: { zh: '改', en: `Changed ${uniq()}` }, permissions: ['decision.read'] } }),
    state: async (get, fx) => (await get('/api/v1/roles')).items.find((r: { id: string }) => r.id === fx.role),
  },
  {
    name: 'delete a custom role',
    op: 'delete',
    permission: 'role.manage',
    scoped: true,
    ok: 204,
    fresh: true,
    request: (fx) => ({ method: 'DELETE', url: `/api/v1/roles/${fx.role}` }),
    state: async (get, fx) => (await get('/api/v1/roles')).items.find((r: { id: string }) => r.id === fx.role),
  },
  // orgs and parameters
  { name: 'list orgs', op: 'list', permission: 'org.read', scoped: true, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/orgs' }), shows: (b) => b.items.some((o: { id: string }) => o.id === 'bank_a') },
  {
    name: 'add a branch under the bank (parent in the body)',
    op: 'create',
    permission: 'org.manage',
    scoped: true,
    ok: 201,
    request: () => ({ method: 'POST', url: '/api/v1/orgs', body: { id: `m_${uniq()}`, parentId: 'bank_a', kind: 'branch', name: { zh: '支行', en: 'Branch' } } }),
    state: async (get) => (await get('/api/v1/orgs')).items.length,
  },
  {
    name: 'rename the bank',
    op: 'update',
    permission: 'org.manage',
    scoped: true,
    ok: 200,
    request: () => ({ method: 'PATCH', url: '/api/v1/orgs/bank_a', body: { name: { zh: '甲银行', en: `Bank A ${uniq()}` } } }),
    state: async (get) => (await get('/api/v1/orgs')).items.find((o: { id: string }) => o.id === 'bank_a'),
  },
  { name: "read the bank's parameters", op: 'read', permission: 'param.read', scoped: true, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/orgs/bank_a/params' }) },
  {
    name: 'set a parameter of the bank',
    op: 'update',
    permission: 'param.write',
    scoped: true,
    ok: 200,
    request: (fx) => ({ method: 'PUT', url: `/api/v1/orgs/bank_a/params/${fx.paramKey}`, body: { value: 999 } }),
    state: async (get) => (await get('/api/v1/orgs/bank_a/params')).own,
  },
  {
    name: 'delete a parameter of the bank',
    op: 'delete',
    permission: 'param.write',
    scoped: true,
    ok: 204,
    fresh: true,
    request: (fx) => ({ method: 'DELETE', url: `/api/v1/orgs/bank_a/params/${fx.paramKey}` }),
    state: async (get) => (await get('/api/v1/orgs/bank_a/params')).own,
  },
  // webhooks
  { name: 'list webhooks', op: 'list', permission: 'webhook.manage', scoped: true, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/webhooks' }), shows: (b, fx) => b.items.some((w: { id: string }) => w.id === fx.webhook) },
  { name: 'read a webhook', op: 'read', permission: 'webhook.manage', scoped: true, ok: 200, request: (fx) => ({ method: 'GET', url: `/api/v1/webhooks/${fx.webhook}` }) },
  {
    name: 'create a webhook for the bank (org in the body)',
    op: 'create',
    permission: 'webhook.manage',
    scoped: true,
    ok: 201,
    request: () => ({ method: 'POST', url: '/api/v1/webhooks', body: { name: `m ${uniq()}`, url: `http://${HOOK_TARGET}/x`, events: ['decision.review'], orgId: 'bank_a', enabled: false } }),
    state: async (get) => (await get('/api/v1/webhooks')).items.length,
  },
  {
    name: 'update a webhook',
    op: 'update',
    permission: 'webhook.manage',
    scoped: true,
    ok: 200,
    request: (fx) => ({ method: 'PATCH', url: `/api/v1/webhooks/${fx.webhook}`, body: { name: `changed ${uniq()}` } }),
    state: (get, fx) => get(`/api/v1/webhooks/${fx.webhook}`),
  },
  {
    name: 'delete a webhook',
    op: 'delete',
    permission: 'webhook.manage',
    scoped: true,
    ok: 204,
    fresh: true,
    request: (fx) => ({ method: 'DELETE', url: `/api/v1/webhooks/${fx.webhook}` }),
    state: (get, fx) => get(`/api/v1/webhooks/${fx.webhook}`),
  },
  { name: "read a webhook's deliveries", op: 'read', permission: 'webhook.manage', scoped: true, ok: 200, request: (fx) => ({ method: 'GET', url: `/api/v1/webhooks/${fx.webhook}/deliveries` }) },
  {
    name: 'retry a failed delivery (an ID of a delivery)',
    op: 'update',
    permission: 'webhook.manage',
    scoped: true,
    ok: 202,
    fresh: true,
    request: (fx) => ({ method: 'POST', url: `/api/v1/webhooks/deliveries/${fx.failedDelivery}/retry` }),
    state: (get, fx) => get(`/api/v1/webhooks/${fx.webhook}/deliveries`),
  },
  // backtests and labels
  {
    name: 'backtest a version on the bank’s decisions (orgs in the body)',
    op: 'create',
    permission: 'backtest.run',
    scoped: true,
    ok: 202,
    request: () => ({ method: 'POST', url: '/api/v1/backtests', body: { strategyId: 'login_default', version: 1, from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', orgs: ['bank_a'], warmupDays: 0 } }),
    state: async (get) => (await get('/api/v1/backtests?limit=200')).items.length,
  },
  { name: 'list backtests', op: 'list', permission: 'strategy.read', scoped: true, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/backtests?limit=200' }), shows: (b, fx) => b.items.some((x: { id: string }) => x.id === fx.backtest) },
  { name: 'read a backtest', op: 'read', permission: 'strategy.read', scoped: true, ok: 200, request: (fx) => ({ method: 'GET', url: `/api/v1/backtests/${fx.backtest}` }) },
  {
    name: 'import labels of the bank’s events (orgs in the rows)',
    op: 'bulk',
    permission: 'label.write',
    scoped: true,
    ok: 200,
    request: () => ({ method: 'POST', url: '/api/v1/labels', raw: { type: 'text/csv', text: 'eventType,eventId,org,label\ncard_auth,mx-1,bank_a,fraud\ncard_auth,mx-2,bank_a_hz,genuine\n' } }),
    otherBank: { status: 200, check: (b) => b.imported === 0 && b.rejected === 2 && b.errors.every((e: { code: string }) => e.code === 'NOT_FOUND') },
  },
  // audit
  { name: 'read the audit log', op: 'list', permission: 'audit.read', scoped: true, ok: 200, request: (fx) => ({ method: 'GET', url: `/api/v1/audit?targetId=${fx.list}` }), shows: (b) => b.items.length > 0 },
  { name: 'read the login log', op: 'list', permission: 'audit.read', scoped: true, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/login-log?username=m.auditor.a' }), shows: (b) => b.items.length > 0 },
  { name: 'verify the audit chain', op: 'read', permission: 'audit.read', scoped: false, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/audit/verify' }) },
  // global resources: the permission decides, whichever the bank
  { name: 'list event types', op: 'list', permission: 'event_type.read', scoped: false, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/event-types' }) },
  { name: 'read an event type', op: 'read', permission: 'event_type.read', scoped: false, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/event-types/card_auth' }) },
  { name: 'list strategies', op: 'list', permission: 'strategy.read', scoped: false, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/strategies' }) },
  { name: 'export a strategy version', op: 'export', permission: 'strategy.read', scoped: false, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/strategies/login_default/versions/1' }) },
  {
    name: 'deploy a strategy version as a canary on the bank (orgs in the body)',
    op: 'update',
    permission: 'strategy.deploy',
    scoped: true,
    ok: 200,
    request: () => ({ method: 'POST', url: `/api/v1/strategies/login_default/versions/${APPROVED_VERSION}/deploy`, body: { mode: 'canary', canary: { orgs: ['bank_a'] }, reason: 'matrix' } }),
    state: async (get) => (await get('/api/v1/deployments')).active,
  },
  { name: 'list rule templates', op: 'list', permission: 'strategy.read', scoped: false, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/rule-templates' }) },
  {
    name: 'save a rule component',
    op: 'update',
    permission: 'strategy.edit',
    scoped: false,
    ok: 200,
    request: () => {
      const id = `m_${uniq().replace(/-/g, '')}`;
      return { method: 'PUT', url: `/api/v1/rule-components/${id}`, body: { id, name: { zh: '组件', en: 'Component' }, description: '', params: [], expression: 'event.amount > 1000.0' } };
    },
    state: async (get) => (await get('/api/v1/rule-components')).items.length,
  },
  // alert center
  { name: 'search alerts', op: 'list', permission: 'alert.read', scoped: true, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/alerts?limit=500' }), shows: (b, fx) => b.items.some((x: { id: string }) => x.id === fx.alert) },
  { name: 'read an alert with its timeline', op: 'read', permission: 'alert.read', scoped: true, ok: 200, request: (fx) => ({ method: 'GET', url: `/api/v1/alerts/${fx.alert}` }) },
  {
    name: 'claim an alert',
    op: 'update',
    permission: 'alert.handle',
    scoped: true,
    ok: 200,
    fresh: true,
    request: (fx) => ({ method: 'POST', url: `/api/v1/alerts/${fx.alert}/claim` }),
    state: async (get, fx) => (await get(`/api/v1/alerts/${fx.alert}`)).alert,
  },
  {
    name: 'add a note to an alert',
    op: 'update',
    permission: 'alert.handle',
    scoped: true,
    ok: 200,
    request: (fx) => ({ method: 'POST', url: `/api/v1/alerts/${fx.alert}/notes`, body: { text: 'matrix note' } }),
    state: async (get, fx) => (await get(`/api/v1/alerts/${fx.alert}`)).timeline.length,
  },
  {
    name: 'assign an alert (the handler named in the body)',
    op: 'update',
    permission: 'alert.assign',
    scoped: true,
    ok: 200,
    request: (fx) => ({ method: 'POST', url: `/api/v1/alerts/${fx.alert}/assign`, body: { assignee: 'a.admin' } }),
    state: async (get, fx) => (await get(`/api/v1/alerts/${fx.alert}`)).timeline.length,
  },
  {
    name: 'report an alert for the bank (org in the body)',
    op: 'create',
    permission: 'alert.handle',
    scoped: true,
    ok: 201,
    request: () => ({ method: 'POST', url: '/api/v1/alerts', body: { orgId: 'bank_a', category: 'scam', level: 'low', subjectType: 'customer', subject: `mx-${uniq()}`, note: 'matrix report' } }),
    state: async (get) => (await get('/api/v1/alerts?org=bank_a&limit=500')).items.length,
  },
  { name: 'list alert queues', op: 'list', permission: 'alert.read', scoped: true, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/alert-queues' }), shows: (b, fx) => b.items.some((x: { id: string }) => x.id === fx.queue) },
  { name: 'read who serves a queue', op: 'read', permission: 'alert.read', scoped: true, ok: 200, request: (fx) => ({ method: 'GET', url: `/api/v1/alert-queues/${fx.queue}/handlers` }) },
  {
    name: 'change an alert queue',
    op: 'update',
    permission: 'alert.configure',
    scoped: true,
    ok: 200,
    request: (fx) => ({ method: 'PUT', url: `/api/v1/alert-queues/${fx.queue}`, body: { ...MATRIX_QUEUE, position: 7 } }),
    state: async (get, fx) => (await get('/api/v1/alert-queues')).items.find((q: { id: string }) => q.id === fx.queue),
  },
  {
    name: 'delete an alert queue',
    op: 'delete',
    permission: 'alert.configure',
    scoped: true,
    ok: 204,
    fresh: true,
    request: (fx) => ({ method: 'DELETE', url: `/api/v1/alert-queues/${fx.queue}` }),
    state: async (get) => (await get('/api/v1/alert-queues')).items.length,
  },
  { name: 'read the bank’s alert categories', op: 'read', permission: 'alert.read', scoped: true, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/alert-categories?org=bank_a' }) },
  {
    name: 'set how a category merges for the bank (org in the body)',
    op: 'update',
    permission: 'alert.configure',
    scoped: true,
    ok: 204,
    request: () => ({ method: 'PUT', url: '/api/v1/alert-categories/matrix_cat', body: { orgId: 'bank_a', name: { zh: '类', en: 'Cat' }, mergeBy: ['customer'], windowMinutes: 30 } }),
    state: async (get) => (await get('/api/v1/alert-categories?org=bank_a')).items.find((c: { key: string }) => c.key === 'matrix_cat') ?? null,
  },
  { name: 'read rule quality of the bank', op: 'read', permission: 'decision.read', scoped: true, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/monitoring/rule-quality?org=bank_a' }) },
  // case center
  { name: 'search cases', op: 'list', permission: 'case.read', scoped: true, ok: 200, request: (fx) => ({ method: 'GET', url: `/api/v1/cases?subjectType=customer&subjectKey=${fx.caseSubject}` }), shows: (b, fx) => b.items.some((x: { id: string }) => x.id === fx.case) },
  { name: 'read a case', op: 'read', permission: 'case.read', scoped: true, ok: 200, request: (fx) => ({ method: 'GET', url: `/api/v1/cases/${fx.case}` }) },
  { name: 'read a case’s timeline', op: 'read', permission: 'case.read', scoped: true, ok: 200, request: (fx) => ({ method: 'GET', url: `/api/v1/cases/${fx.case}/timeline` }) },
  { name: 'export a case report', op: 'export', permission: 'case.read', scoped: true, ok: 200, request: (fx) => ({ method: 'GET', url: `/api/v1/cases/${fx.case}/report` }) },
  {
    name: 'open a case for the bank (org in the body)',
    op: 'create',
    permission: 'case.investigate',
    scoped: true,
    ok: 201,
    request: () => ({ method: 'POST', url: '/api/v1/cases', body: { orgId: 'bank_a', type: 'fraud_investigation', title: 'matrix case', subjectType: 'customer', subjectKey: `mx-${uniq()}` } }),
    state: async (get) => (await get('/api/v1/cases?org=bank_a&limit=200')).items.length,
  },
  {
    name: 'add a note to a case',
    op: 'update',
    permission: 'case.investigate',
    scoped: true,
    ok: 201,
    request: (fx) => ({ method: 'POST', url: `/api/v1/cases/${fx.case}/notes`, body: { body: 'matrix note' } }),
    state: async (get, fx) => (await get(`/api/v1/cases/${fx.case}/timeline`)).items.length,
  },
  // the model registry and workbench
  { name: 'read a model', op: 'read', permission: 'model.read', scoped: true, ok: 200, request: (fx) => ({ method: 'GET', url: `/api/v1/models/${fx.model}` }) },
  { name: 'read a model’s monitoring', op: 'read', permission: 'model.read', scoped: true, ok: 200, request: (fx) => ({ method: 'GET', url: `/api/v1/models/${fx.model}/monitoring` }) },
  { name: 'list models', op: 'list', permission: 'model.read', scoped: true, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/models' }), shows: (b, fx) => b.items.some((m: { id: string }) => m.id === fx.model) },
  {
    name: 'register a model for the bank (org in the body)',
    op: 'create',
    permission: 'model.edit',
    scoped: true,
    ok: 201,
    request: () => ({ method: 'POST', url: '/api/v1/models', body: { orgId: 'bank_a', key: `mx_${uniq().replace(/-/g, '')}`, name: 'matrix model', purpose: 'fraud' } }),
    state: async (get) => (await get('/api/v1/models?org=bank_a')).items.length,
  },
  {
    name: 'upload a modelling dataset for the bank (org in the body)',
    op: 'create',
    permission: 'model.edit',
    scoped: true,
    ok: 201,
    request: () => ({ method: 'POST', url: '/api/v1/model-datasets', body: { orgId: 'bank_a', name: 'matrix data', csv: 'x,bad\n1,0\n2,1\n' } }),
    state: async (get) => (await get('/api/v1/model-datasets')).items.length,
  },
  { name: 'read data-source usage', op: 'read', permission: 'system.read', scoped: false, ok: 200, request: () => ({ method: 'GET', url: '/api/v1/datasources/usage?from=2026-01-01&to=2026-12-31' }) },
];

interface Actor {
  role: string;
  bank: 'a' | 'b';
  permissions: ReadonlySet<string>;
  jar: string;
  csrf: string;
}

describe.each(BACKENDS)('access matrix: every resource × every role × own and other bank, on %s', (backend) => {
  let node: TestNode;
  let shared: Fixture;
  const actors: Actor[] = [];

  async function signIn(username: string, password: string) {
    const res = await fetch(`${node.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    const body = (await res.json()) as { csrfToken: string };
    expect(res.status, username).toBe(200);
    return { jar: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: body.csrfToken };
  }

  async function call(actor: Actor | null, r: Req) {
    const headers: Record<string, string> = actor ? { cookie: actor.jar, 'x-csrf-token': actor.csrf } : { authorization: `Bearer ${node.creds.adminKey}` };
    if (r.raw) {
      const res = await fetch(`${node.baseUrl}${r.url}`, { method: r.method, headers: r.method === 'GET' ? headers : { ...headers, 'content-type': r.raw.type }, body: r.method === 'GET' ? undefined : r.raw.text });
      const text = await res.text();
      let body: any = text;
      try {
        body = JSON.parse(text);
      } catch {
        // CSV and other non-JSON answers stay text
      }
      return { status: res.status, body };
    }
    return node.json(r.method, r.url, r.body, '', headers);
  }

  /** Bank A's data, created by the union's administrator. */
  async function makeFixture(): Promise<Fixture> {
    const admin = (r: Req) => call(null, r);
    const listKey = `mx_${uniq()}`;
    const list = await admin({ method: 'POST', url: '/api/v1/lists', body: { key: listKey, name: { zh: '名单', en: 'List' }, kind: 'black', dimension: 'device', orgId: 'bank_a' } });
    expect(list.status).toBe(201);
    expect((await admin({ method: 'POST', url: `/api/v1/lists/${list.body.id}/entries`, body: { entries: [{ value: 'dev-seeded' }] } })).status).toBe(200);
    const decision = await node.json('POST', '/api/v1/decisions', cardAuth({ org: 'bank_a' }), node.creds.apiKey);
    expect(decision.status).toBe(200);
    const key = await admin({ method: 'POST', url: '/api/v1/api-keys', body: { name: 'bank a switch', orgId: 'bank_a' } });
    const user = await admin({ method: 'POST', url: '/api/v1/users', body: { username: `m.target.${uniq()}`, displayName: 'Target', orgId: 'bank_a', roles: ['auditor'], password: INITIAL } });
    // (a target whose password is already the owner's, so a reset is visible as mustChangePassword)
    await node.vigil.database.db.updateTable('users').set({ must_change_password: false }).where('id', '=', user.body.id).execute();
    const role = `mx_role_${uniq().replace(/-/g, '')}`;
    expect((await admin({ method: 'POST', url: '/api/v1/roles', body: { id: role, name: { zh: '角色', en: 'Role' }, orgId: 'bank_a', permissions: ['decision.read', 'list.read'] } })).status).toBe(201);
    const paramKey = `m_${uniq()}`;
    expect((await admin({ method: 'PUT', url: `/api/v1/orgs/bank_a/params/${paramKey}`, body: { value: 1 } })).status).toBe(200);
    const hook = await admin({ method: 'POST', url: '/api/v1/webhooks', body: { name: 'core banking', url: `http://${HOOK_TARGET}/hook`, events: ['decision.reject'], orgId: 'bank_a', enabled: false } });
    expect(hook.status).toBe(201);
    const bt = await admin({ method: 'POST', url: '/api/v1/backtests', body: { strategyId: 'login_default', version: 1, from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', orgs: ['bank_a'], warmupDays: 0 } });
    expect(bt.status, JSON.stringify(bt.body)).toBe(202);
    // owned by bank A, as if a bank A analyst had run it
    await node.vigil.database.db.updateTable('backtests').set({ org_id: 'bank_a' }).where('id', '=', bt.body.id).execute();
    const failed = await node.vigil.database.db
      .insertInto('webhook_deliveries')
      .values({ webhook_id: hook.body.webhook.id, org_id: 'bank_a', event: 'ping', payload: JSON.stringify({}) as never, status: 'failed', attempts: 8, next_attempt_at: new Date(), last_error: 'refused' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const alert = await contributeAlert(OrgData.system(node.vigil.database.db), {
      orgId: 'bank_a',
      category: 'matrix',
      level: 'high',
      source: 'manual',
      subjectType: 'customer',
      subjectKey: `mx-${uniq()}`,
      subjectDisplay: 'matrix',
      mergeKey: `customer:mx-${uniq()}`,
      windowMs: 60_000,
      at: new Date(),
    });
    const queue = await admin({ method: 'POST', url: '/api/v1/alert-queues', body: { ...MATRIX_QUEUE, orgId: 'bank_a' } });
    expect(queue.status, JSON.stringify(queue.body)).toBe(201);
    const caseSubject = `mx-${uniq()}`;
    const kase = await admin({ method: 'POST', url: '/api/v1/cases', body: { orgId: 'bank_a', type: 'fraud_investigation', title: 'matrix case', subjectType: 'customer', subjectKey: caseSubject } });
    expect(kase.status, JSON.stringify(kase.body)).toBe(201);
    const model = await admin({ method: 'POST', url: '/api/v1/models', body: { orgId: 'bank_a', key: `mx_${uniq().replace(/-/g, '')}`, name: 'matrix model', purpose: 'application' } });
    expect(model.status, JSON.stringify(model.body)).toBe(201);
    return { list: list.body.id, listKey, decision: decision.body.decisionId, apiKey: key.body.apiKey.id, user: user.body.id, role, paramKey, webhook: hook.body.webhook.id, backtest: bt.body.id, failedDelivery: String(failed.id), alert: alert.alertId, queue: queue.body.id, case: kase.body.id, caseSubject, model: model.body.id };
  }

  beforeAll(async () => {
    node = await startNode({ backend, env: { VIGIL_LOGIN_RATE_PER_SEC: '10000', VIGIL_WEBHOOK_ALLOW_HOSTS: HOOK_TARGET } });
    shared = await makeFixture();
    const login = (await call(null, { method: 'GET', url: '/api/v1/strategies/login_default/versions/1' })).body.package;
    const v2 = await call(null, { method: 'POST', url: '/api/v1/strategies/import', body: { package: { ...login, description: 'matrix v2' }, changeNote: 'matrix' } });
    expect(v2.body.version).toBe(APPROVED_VERSION);
    expect((await call(null, { method: 'POST', url: `/api/v1/strategies/login_default/versions/${APPROVED_VERSION}/submit`, body: {} })).status).toBe(200);
    expect((await node.json('POST', `/api/v1/strategies/login_default/versions/${APPROVED_VERSION}/approve`, { note: 'ok' }, await approverKey(node))).status).toBe(200);
    const role = await call(null, { method: 'POST', url: '/api/v1/roles', body: { id: 'matrix_bank_a_role', name: { zh: '甲', en: 'A' }, orgId: 'bank_a', permissions: ['decision.read'] } });
    expect(role.status).toBe(201);
    for (const r of BUILT_IN_ROLES) {
      for (const bank of ['a', 'b'] as const) {
        const username = `m.${r.id.replace(/_/g, '-')}.${bank}`;
        const created = await call(null, { method: 'POST', url: '/api/v1/users', body: { username, displayName: username, orgId: `bank_${bank}`, roles: [r.id], password: INITIAL } });
        expect(created.status, username).toBe(201);
        const first = await signIn(username, INITIAL);
        expect((await node.json('POST', '/api/v1/auth/password', { currentPassword: INITIAL, newPassword: PASSWORD }, '', { cookie: first.jar, 'x-csrf-token': first.csrf })).status).toBe(200);
        actors.push({ role: r.id, bank, permissions: new Set(r.permissions), ...first });
      }
    }
  }, 120_000);
  afterAll(() => node?.destroy());

  it('covers every resource type and every kind of operation', () => {
    expect(new Set(CASES.map((c) => c.op))).toEqual(new Set(['read', 'list', 'create', 'update', 'delete', 'bulk', 'export']));
    expect(actors.length).toBe(BUILT_IN_ROLES.length * 2);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const failures: string[] = [];
    const get = async (url: string) => (await node.json('GET', url)).body;
    for (const actor of actors) {
      const fx = c.fresh ? await makeFixture() : shared;
      const r = c.request(fx);
      const allowed = actor.permissions.has(c.permission);
      const refused = !allowed || (actor.bank === 'b' && c.scoped && !c.shows);
      const before = refused && c.state ? await c.state(get, fx) : undefined;
      const res = await call(actor, r);
      const who = `${actor.role}@bank_${actor.bank}`;
      let expected: number;
      if (!allowed) expected = 403;
      else if (actor.bank === 'a' || !c.scoped || c.shows) expected = c.ok;
      else expected = c.otherBank?.status ?? 404;
      if (res.status !== expected) {
        failures.push(`${who}: ${r.method} ${r.url} → ${res.status} (expected ${expected}) ${JSON.stringify(res.body).slice(0, 160)}`);
        continue;
      }
      if (allowed && actor.bank === 'b' && c.otherBank && !c.otherBank.check(res.body)) failures.push(`${who}: ${c.name} answered ${JSON.stringify(res.body).slice(0, 200)}`);
      if (allowed && c.shows && c.scoped) {
        const shows = c.shows(res.body, fx);
        if (shows !== (actor.bank === 'a')) failures.push(`${who}: ${c.name} ${shows ? 'shows' : 'hides'} bank_a's item`);
      }
      if (refused && c.state) {
        const after = await c.state(get, fx);
        if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`${who}: a refused ${c.name} changed the data`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('refuses mass assignment of server-owned fields', async () => {
    const admin = actors.find((a) => a.role === 'system_admin' && a.bank === 'a')!;
    const attempts: Req[] = [
      { method: 'POST', url: '/api/v1/lists', body: { key: 'mass_list', name: { zh: 'x', en: 'x' }, kind: 'black', dimension: 'device', createdBy: 'someone', id: 'chosen' } },
      { method: 'PATCH', url: `/api/v1/lists/${shared.list}`, body: { orgId: 'bank_b' } },
      { method: 'PATCH', url: `/api/v1/lists/${shared.list}`, body: { kind: 'white', dimension: 'card' } },
      { method: 'POST', url: '/api/v1/api-keys', body: { name: 'mass key', kind: 'admin' } },
      { method: 'POST', url: '/api/v1/api-keys', body: { name: 'mass key', revokedAt: null, hash: 'x' } },
      { method: 'POST', url: '/api/v1/users', body: { username: 'mass.user', displayName: 'x', orgId: 'bank_a', roles: ['auditor'], password: INITIAL, mustChangePassword: false } },
      { method: 'PATCH', url: `/api/v1/users/${shared.user}`, body: { orgId: 'bank_a_hz' } },
      { method: 'PATCH', url: `/api/v1/users/${shared.user}`, body: { locked: false, passwordChangedAt: '2030-01-01T00:00:00Z' } },
      { method: 'POST', url: '/api/v1/roles', body: { id: 'mass_role', name: { zh: 'x', en: 'x' }, permissions: ['decision.read'], builtIn: true } },
      { method: 'PUT', url: '/api/v1/rule-components/mass_component', body: { id: 'mass_component', name: { zh: 'x', en: 'x' }, description: '', params: [], expression: 'true', version: 7, createdBy: 'x' } },
    ];
    for (const a of attempts) {
      const res = await call(admin, a);
      expect(res.status, `${a.method} ${a.url} ${JSON.stringify(a.body)}`).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    // nothing was created or changed
    expect((await node.json('GET', '/api/v1/lists')).body.items.some((l: { key: string }) => l.key === 'mass_list')).toBe(false);
    expect((await node.json('GET', `/api/v1/lists/${shared.list}`)).body).toMatchObject({ orgId: 'bank_a', kind: 'black', dimension: 'device' });
    expect((await node.json('GET', `/api/v1/users/${shared.user}`)).body.orgId).toBe('bank_a');
    expect((await node.json('GET', '/api/v1/users')).body.items.some((u: { username: string }) => u.username === 'mass.user')).toBe(false);
  });

  it('a branch user sees its branch only, and the bank above it is not found', async () => {
    const branchUser = await call(null, { method: 'POST', url: '/api/v1/users', body: { username: 'm.branch.admin', displayName: 'Branch', orgId: 'bank_a_hz', roles: ['org_admin'], password: INITIAL } });
    expect(branchUser.status).toBe(201);
    const first = await signIn('m.branch.admin', INITIAL);
    await node.json('POST', '/api/v1/auth/password', { currentPassword: INITIAL, newPassword: PASSWORD }, '', { cookie: first.jar, 'x-csrf-token': first.csrf });
    const actor: Actor = { role: 'org_admin', bank: 'a', permissions: new Set(), ...first };
    expect((await call(actor, { method: 'GET', url: `/api/v1/lists/${shared.list}` })).status).toBe(404);
    expect((await call(actor, { method: 'GET', url: '/api/v1/orgs/bank_a/params' })).status).toBe(404);
    expect((await call(actor, { method: 'GET', url: '/api/v1/orgs/bank_a_hz/params' })).status).toBe(200);
    const orgs = (await call(actor, { method: 'GET', url: '/api/v1/orgs' })).body.items.map((o: { id: string }) => o.id);
    expect(orgs).toEqual(['bank_a_hz']);
  });
});
