import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { BACKENDS, orgAdminKey, startNode, type TestNode } from './harness.ts';

describe.each(BACKENDS)('audit log on %s', (backend) => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startNode({ backend });
  });
  afterAll(() => node?.destroy());

  it('records every change with actor, org, before and after, chained by hash', async () => {
    const lists = (await node.json('GET', '/api/v1/lists')).body.items;
    const ip = lists.find((l: { key: string }) => l.key === 'ip_blacklist');
    await node.json('POST', `/api/v1/lists/${ip.id}/entries`, { entries: [{ value: '203.0.113.50', reason: 'scanner' }] });
    await node.json('PUT', '/api/v1/orgs/bank_a/params/large_amount', { value: 30000 });
    await node.json('POST', '/api/v1/api-keys', { name: 'audited', orgId: 'bank_b' });
    await node.json('GET', `/api/v1/lists/${ip.id}/export`);
    const log = await node.json('GET', '/api/v1/audit?limit=10');
    const actions = log.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['list.entries.add', 'param.set', 'api_key.create', 'list.export']));
    const param = log.body.items.find((e: { action: string }) => e.action === 'param.set');
    expect(param).toMatchObject({ actor: 'api_key:demo admin', orgId: 'bank_a', targetId: 'bank_a/large_amount', before: 20000, after: 30000 });
    expect(JSON.stringify(log.body)).not.toContain(node.creds.apiKey);
    const v = await node.json('GET', '/api/v1/audit/verify');
    expect(v.body).toMatchObject({ ok: true });
    expect(v.body.entries).toBeGreaterThanOrEqual(4);
  });

  it('refuses updates and deletes, and verification names the first tampered entry', async () => {
    const db = node.vigil.database.db;
    await expect(sql`update audit_log set reason = 'x'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    const rows = await db.selectFrom('audit_log').select('id').orderBy('id').execute();
    const victim = rows[1]!.id;
    // Someone with database access switches the guard off and edits an entry.
    await sql`alter table audit_log disable trigger audit_log_no_change`.execute(db);
    await sql`update audit_log set reason = 'nothing to see' where id = ${victim}`.execute(db);
    await sql`alter table audit_log enable trigger audit_log_no_change`.execute(db);
    const v = await node.json('GET', '/api/v1/audit/verify');
    expect(v.body.ok).toBe(false);
    expect(v.body.brokenAt.id).toBe(Number(victim));
  });

  it('a bank key sees only its own orgs’ entries', async () => {
    const bankAdmin = await orgAdminKey(node, 'bank_b');
    const log = await node.json('GET', '/api/v1/audit?limit=100', undefined, bankAdmin);
    expect(log.body.items.length).toBeGreaterThan(0);
    expect(log.body.items.every((e: { orgId: string }) => e.orgId.startsWith('bank_b'))).toBe(true);
  });
});
