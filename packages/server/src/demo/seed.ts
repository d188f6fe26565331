import { randomBytes, randomUUID } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compileStrategy, type StrategyPackage } from '@vigil/engine';
import { withTransaction } from '@vigil/storage';
import { createApiKey } from '../repos/api-keys.ts';
import { bumpRevision } from '../repos/changes.ts';
import { insertEventType } from '../repos/event-types.ts';
import { insertList, upsertEntries } from '../repos/lists.ts';
import { insertOrg, setOrgParam } from '../repos/orgs.ts';
import { insertUser } from '../repos/users.ts';
import { insertCaseType } from '../repos/case-types.ts';
import { BUILT_IN_CASE_TYPES } from '../cases/built-in-types.ts';
import { OrgData } from '../repos/scoped.ts';
import { hashPassword } from '../auth/password-policy.ts';
import { deployVersion, insertVersion, transition, upsertStrategy } from '../repos/strategies.ts';
import { ROOT_ORG } from '../runtime/org-directory.ts';
import type { Services } from '../services.ts';
import { demoEventTypes } from './event-types.ts';
import { loadPacks } from './packs.ts';
import { DEMO_LISTS, DEMO_PARAMS, referenceEntries } from './reference-data.ts';

export interface DemoCredentials {
  apiKey: string;
  adminKey: string;
  users: Array<{ username: string; password: string; roles: string[]; org: string }>;
}

/** Two member banks with a branch each, under the union. */
const DEMO_ORGS = [
  { id: 'bank_a', parentId: ROOT_ORG, kind: 'legal_entity', name: { zh: '甲农商银行', en: 'Bank A' } },
  { id: 'bank_a_hz', parentId: 'bank_a', kind: 'branch', name: { zh: '甲农商银行杭州分行', en: 'Bank A Hangzhou' } },
  { id: 'bank_b', parentId: ROOT_ORG, kind: 'legal_entity', name: { zh: '乙农商银行', en: 'Bank B' } },
  { id: 'bank_b_nb', parentId: 'bank_b', kind: 'branch', name: { zh: '乙农商银行宁波分行', en: 'Bank B Ningbo' } },
];

/** One demo user per built-in role, in the union and in each bank. */
const DEMO_USERS: Array<{ username: string; org: string; roles: string[] }> = [
  { username: 'admin', org: ROOT_ORG, roles: ['system_admin'] },
  { username: 'union.auditor', org: ROOT_ORG, roles: ['auditor'] },
  // The union's shared strategies are reviewed and deployed by the union's own risk team.
  { username: 'union.approver', org: ROOT_ORG, roles: ['strategy_approver'] },
  { username: 'a.admin', org: 'bank_a', roles: ['org_admin'] },
  { username: 'a.analyst', org: 'bank_a', roles: ['strategy_analyst'] },
  { username: 'a.approver', org: 'bank_a', roles: ['strategy_approver'] },
  { username: 'a.modeller', org: 'bank_a', roles: ['model_developer'] },
  { username: 'a.handler', org: 'bank_a_hz', roles: ['alert_handler'] },
  { username: 'a.channel', org: 'bank_a', roles: ['channel_system'] },
  { username: 'b.admin', org: 'bank_b', roles: ['org_admin'] },
  { username: 'b.investigator', org: 'bank_b', roles: ['investigator'] },
  { username: 'b.reviewer', org: 'bank_b', roles: ['case_reviewer'] },
  { username: 'b.handler', org: 'bank_b_nb', roles: ['alert_handler'] },
];

/** A random password that meets the policy (four character classes, 20+ characters). */
function demoPassword(): string {
  return `Vigil-${randomBytes(12).toString('base64url')}-7q`;
}

/** Base URL of the demo's simulated third-party data sources, served by this process. */
export function demoDataSourceBase(port: number): string {
  return `http://127.0.0.1:${port}/demo/datasources`;
}

/** The default strategy packs (packages/server/packs), calling this node's simulated data sources. */
export function demoStrategies(port: number): StrategyPackage[] {
  return loadPacks(demoDataSourceBase(port));
}

/**
 * Seeds an empty workspace: the orgs, one user per role, the event types, the lists the packs read
 * (with their reference entries), the default strategy pack of every event type (live), the
 * built-in case types (at the union), a channel API key and an admin key. Does nothing when event
 * types already exist. Returns the credentials, also written to `<dataDir>/demo-credentials.json`.
 */
export async function seedDemo(s: Services, port: number): Promise<DemoCredentials | null> {
  const existing = await s.db.selectFrom('event_types').select('key').limit(1).execute();
  if (existing.length > 0) return null;
  const byKey = new Map(demoEventTypes.map((e) => [e.key, e]));
  const strategies = demoStrategies(port);
  for (const pkg of strategies) compileStrategy(pkg, byKey.get(pkg.eventType)!, 1, byKey);

  const users = await Promise.all(DEMO_USERS.map(async (u) => ({ ...u, password: demoPassword(), id: randomUUID() })));
  const hashes = await Promise.all(users.map((u) => hashPassword(u.password)));
  const creds = await withTransaction(s.db, async (tx) => {
    // The seed is the node setting itself up, for every org at once.
    const data = OrgData.system(tx);
    for (const o of DEMO_ORGS) await insertOrg(tx, o);
    for (const [org, key, value] of DEMO_PARAMS) await setOrgParam(data, org, key, value);
    for (const et of demoEventTypes) await insertEventType(tx, et);
    for (const l of DEMO_LISTS) {
      const id = randomUUID();
      await insertList(data, { id, key: l.key, name: { zh: l.zh, en: l.en }, kind: l.kind, dimension: l.dimension, orgId: ROOT_ORG, description: '' });
      const entries = referenceEntries(l, ROOT_ORG, Date.now());
      if (entries.length) await upsertEntries(data, id, entries);
    }
    for (const pkg of strategies) {
      await upsertStrategy(tx, pkg);
      const v = await insertVersion(tx, pkg, 'demo seed', 'system', pkg);
      await transition(tx, pkg.id, v, ['draft'], 'approved', { submittedBy: 'system', approvedBy: 'system', reviewNote: 'demo seed', testResults: [] });
      await deployVersion(tx, pkg, v, 'live', 'system', 'demo seed');
    }
    // The union's case types apply to every bank; a bank may add or override its own.
    for (const t of BUILT_IN_CASE_TYPES) await insertCaseType(data, { ...t, id: randomUUID(), orgId: ROOT_ORG, createdBy: 'system' });
    const channel = await createApiKey(data, { name: 'demo channel', kind: 'channel', orgId: ROOT_ORG, eventTypes: [], rateLimitPerSec: 100_000 });
    const admin = await createApiKey(data, { name: 'demo admin', kind: 'admin', orgId: ROOT_ORG, eventTypes: [], rateLimitPerSec: 1000 });
    for (const t of ['event_types', 'strategies', 'lists', 'orgs'] as const) await bumpRevision(tx, t);
    // Demo accounts are for trying the console at once, so their first password is not one-time.
    for (const [i, u] of users.entries()) {
      await insertUser(data, { id: u.id, username: u.username, displayName: u.username, orgId: u.org, roles: u.roles, passwordHash: hashes[i]!, mustChangePassword: false });
    }
    return { apiKey: channel.key, adminKey: admin.key, users: users.map(({ username, password, roles, org }) => ({ username, password, roles, org })) } satisfies DemoCredentials;
  });
  await s.changed('orgs');
  await s.changed('event_types');
  await s.changed('lists');
  // Written whole or not at all: scripts poll for this file to learn the keys.
  const file = path.join(s.config.dataDir, 'demo-credentials.json');
  await writeFile(`${file}.tmp`, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  return creds;
}
