import { seedAlertCenter } from './alert-center.ts';
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
import { insertChannel } from '../repos/action-channels.ts';
import { insertTemplate } from '../repos/message-templates.ts';
import { insertCaseType } from '../repos/case-types.ts';
import { insertCaseRule } from '../repos/case-rules.ts';
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

/** Card alerts the demo texts the customer about as soon as they open. */
const DEMO_AUTO_SMS_CATEGORIES = ['card_testing', 'counterfeit_card', 'card_reject', 'atm_reject'];

/** The union's SMS templates, in both languages: banks and branches use them unless they have their own. */
const DEMO_TEMPLATES = [
  {
    key: 'txn_verify',
    name: '交易核实',
    locale: 'zh-CN' as const,
    body: '【{{orgName}}】您的银行卡{{maskedCard}}于{{time}}发生一笔金额{{amount}}的交易。如非本人操作，请立即致电本行客服。',
    autoSend: { categories: DEMO_AUTO_SMS_CATEGORIES, minLevel: 'high' as const },
  },
  {
    key: 'txn_verify',
    name: 'Transaction check',
    locale: 'en-US' as const,
    body: '[{{orgName}}] Your card {{maskedCard}} was used for {{amount}} at {{time}} (Beijing time). If this was not you, call us now.',
    autoSend: { categories: DEMO_AUTO_SMS_CATEGORIES, minLevel: 'high' as const },
  },
  { key: 'account_protected', name: '账户保护提醒', locale: 'zh-CN' as const, body: '【{{orgName}}】我行监测到您的账户存在异常活动，已采取保护措施。如有疑问请致电本行客服。', autoSend: null },
  { key: 'account_protected', name: 'Account protected', locale: 'en-US' as const, body: '[{{orgName}}] We noticed unusual activity on your account and have protected it. Call us if you have questions.', autoSend: null },
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
 * union's simulator action channel and SMS templates, the built-in case types (at the union), a
 * channel API key and an admin key. Does nothing when event types already exist. Returns the
 * credentials, also written to `<dataDir>/demo-credentials.json`.
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
    await seedAlertCenter(data, [
      { id: 'bank_a', zh: '甲行', en: 'Bank A' },
      { id: 'bank_b', zh: '乙行', en: 'Bank B' },
    ]);
    // Alert actions work out of the box: the union's simulator answers SMS, calls and controls.
    await insertChannel(data, { id: randomUUID(), orgId: ROOT_ORG, name: 'Simulator', kind: 'simulator', actionTypes: ['sms', 'call', 'control'], url: null, sealedSecret: null, enabled: true, createdBy: 'system' });
    for (const t of DEMO_TEMPLATES) await insertTemplate(data, { id: randomUUID(), orgId: ROOT_ORG, enabled: true, createdBy: 'system', ...t });
    // The union's case types apply to every bank; a bank may add or override its own.
    for (const t of BUILT_IN_CASE_TYPES) await insertCaseType(data, { ...t, id: randomUUID(), orgId: ROOT_ORG, createdBy: 'system' });
    // Cases open from alerts: when a handler escalates one, when card fraud is confirmed (the card
    // must be reissued and its other payments traced), and when fraud of 5,000 or more is confirmed.
    const rule = { enabled: true, categories: [], minLevel: 'low' as const, caseType: 'fraud_investigation', priority: 'high' as const, linkOpen: true, id: '', orgId: ROOT_ORG, createdBy: 'system' };
    await insertCaseRule(data, { ...rule, id: randomUUID(), name: 'Escalated by a handler', dispositions: ['escalated_to_case'], minAmount: null });
    await insertCaseRule(data, { ...rule, id: randomUUID(), name: 'Confirmed card fraud', dispositions: ['confirmed_fraud'], categories: ['card_testing', 'counterfeit_card'], minLevel: 'high', minAmount: null });
    await insertCaseRule(data, { ...rule, id: randomUUID(), name: 'Confirmed fraud of 5,000 or more', dispositions: ['confirmed_fraud'], minAmount: 5000 });
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
