import { expect } from 'vitest';
import { contributeAlert } from '../src/repos/alerts.ts';
import { OrgData } from '../src/repos/scoped.ts';
import { cardAuth, type TestNode } from './harness.ts';

/** A signed-in console user: the session cookie and the CSRF token to echo. */
export interface Session {
  username: string;
  jar: string;
  csrf: string;
}

export type Call = (method: string, url: string, body?: unknown) => Promise<{ status: number; body: any; headers: Record<string, string> }>;

const PASSWORD = 'Cases-Initial-2026-pw';

export async function signIn(node: TestNode, username: string, password = node.creds.users.find((u) => u.username === username)?.password ?? PASSWORD): Promise<Session> {
  const res = await fetch(`${node.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = (await res.json()) as { csrfToken: string };
  expect(res.status, `sign-in of ${username}: ${JSON.stringify(body)}`).toBe(200);
  return { username, jar: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: body.csrfToken };
}

/** JSON calls as a signed-in user. */
export function as(node: TestNode, s: Session): Call {
  return (method, url, body) => node.json(method, url, body, '', { cookie: s.jar, 'x-csrf-token': s.csrf });
}

/** A raw (non-JSON) request as a user: uploads, CSV, downloads. */
export async function raw(node: TestNode, s: Session | null, method: string, url: string, body?: Buffer | string, headers: Record<string, string> = {}) {
  const auth: Record<string, string> = s ? { cookie: s.jar, 'x-csrf-token': s.csrf } : { authorization: `Bearer ${node.creds.adminKey}` };
  const res = await fetch(`${node.baseUrl}${url}`, { method, headers: { ...auth, ...headers }, body });
  const bytes = Buffer.from(await res.arrayBuffer());
  let json: any;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: Object.fromEntries(res.headers), bytes, text: bytes.toString('utf8'), body: json };
}

/** A user made by the union's administrator, signed in (their first password kept, as the demo's are). */
export async function addUser(node: TestNode, username: string, orgId: string, roles: string[]): Promise<Session> {
  const r = await node.json('POST', '/api/v1/users', { username, displayName: username, orgId, roles, password: PASSWORD });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  await node.vigil.database.db.updateTable('users').set({ must_change_password: false }).where('id', '=', r.body.id).execute();
  return signIn(node, username, PASSWORD);
}

/** A card decision of an org, and an alert it contributed to (as the alert center would record it). */
export async function alertWithDecision(node: TestNode, opts: { org: string; card?: string; category?: string; level?: 'low' | 'medium' | 'high' | 'critical'; amount?: number }) {
  const card = opts.card ?? '6222021234567890123';
  const event = cardAuth({ org: opts.org, card, amount: opts.amount ?? 880 });
  const d = await node.json('POST', '/api/v1/decisions', event, node.creds.apiKey);
  expect(d.status, JSON.stringify(d.body)).toBe(200);
  const token = node.vigil.services.tokenizer.tokenize(card);
  const display = `${card.slice(0, 6)}${'*'.repeat(card.length - 10)}${card.slice(-4)}`;
  const a = await contributeAlert(OrgData.system(node.vigil.database.db), {
    orgId: opts.org,
    category: opts.category ?? 'card_theft',
    level: opts.level ?? 'high',
    source: 'decision',
    subjectType: 'card',
    subjectKey: token,
    subjectDisplay: display,
    mergeKey: `card:${token}:${d.body.decisionId}`,
    windowMs: 3_600_000,
    at: new Date(),
    decisionId: d.body.decisionId,
    eventType: 'card_auth',
    eventId: event.eventId,
  });
  return { alertId: a.alertId, decisionId: d.body.decisionId as string, eventId: event.eventId, token, display };
}
