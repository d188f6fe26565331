import { sql } from 'kysely';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, cardAuth, startNode, type TestNode } from './harness.ts';

const PAN = '6222025555666677778';

describe.each(BACKENDS)('durability and card-data protection on %s', (backend) => {
  const nodes: TestNode[] = [];
  afterAll(async () => {
    for (const n of nodes) await n.destroy().catch(() => undefined);
  });

  it('keeps velocity state across a restart: N events, restart, the next event sees N', async () => {
    const first = await startNode({ backend });
    nodes.push(first);
    const N = 7;
    for (let i = 0; i < N; i++) {
      const r = await first.json('POST', '/api/v1/decisions', cardAuth({ card: PAN, amount: 50 + i, customer_id: 'restart-cust' }), first.creds.apiKey);
      expect(r.status).toBe(200);
      // feedback counts too: two failed step-ups before the restart
      if (i < 2) expect((await first.json('POST', `/api/v1/decisions/${r.body.decisionId}/feedback`, { challengeResult: 'failed' }, first.creds.apiKey)).status).toBe(201);
    }
    await first.stop();

    // Same data directory (and database): snapshot taken at shutdown plus replay of the log.
    const second = await startNode({ backend, dataDir: first.dataDir, databaseUrl: first.databaseUrl });
    nodes.push(second);
    const probe = await second.json('POST', '/api/v1/decisions', cardAuth({ card: PAN, amount: 60, customer_id: 'restart-cust' }), second.creds.apiKey);
    expect(probe.status).toBe(200);
    const trace = await second.json('GET', `/api/v1/decisions/${probe.body.decisionId}`, undefined, second.creds.adminKey);
    expect(trace.body.trace.features.card_auth_count_10m).toBe(N);
    expect(trace.body.trace.features.customer_failed_otp_24h).toBe(2);
    await second.stop();
  });

  it('rebuilds feature state from the log alone when no snapshot exists', async () => {
    const first = await startNode({ backend });
    nodes.push(first);
    const card = '6222027777888899990';
    for (let i = 0; i < 4; i++) await first.json('POST', '/api/v1/decisions', cardAuth({ card }), first.creds.apiKey);
    await first.stop();
    const third = await startNode({ backend, dataDir: first.dataDir, databaseUrl: first.databaseUrl });
    nodes.push(third);
    await third.vigil.database.db.deleteFrom('feature_snapshots').execute();
    await third.stop();
    const fourth = await startNode({ backend, dataDir: first.dataDir, databaseUrl: first.databaseUrl });
    nodes.push(fourth);
    const probe = await fourth.json('POST', '/api/v1/decisions', cardAuth({ card }), fourth.creds.apiKey);
    const trace = await fourth.json('GET', `/api/v1/decisions/${probe.body.decisionId}`, undefined, fourth.creds.adminKey);
    expect(trace.body.trace.features.card_auth_count_10m).toBe(4);
    await fourth.stop();
  });

  it('never stores or logs a raw card number', async () => {
    const node = await startNode({ backend });
    nodes.push(node);
    const card = '6222021111222233334';
    await node.json('POST', '/api/v1/decisions', cardAuth({ card }), node.creds.apiKey);
    await node.json('POST', '/api/v1/decisions', cardAuth({ card: card.replace(/(\d{4})/g, '$1 ').trim(), amount: 9 }), node.creds.apiKey);
    await node.json('POST', '/api/v1/events', cardAuth({ card, amount: 3 }), node.creds.apiKey);
    // a rejected request carrying the number in an unknown field is logged nowhere either
    await node.json('POST', '/api/v1/decisions', cardAuth({ card, note: card }), node.creds.apiKey);
    const lists = await node.json('GET', '/api/v1/lists', undefined, node.creds.adminKey);
    const cardList = lists.body.items.find((l: { key: string }) => l.key === 'card_blacklist');
    await node.json('POST', `/api/v1/lists/${cardList.id}/entries`, { entries: [{ value: card, reason: 'stolen' }] });
    await node.vigil.services.inbox.idle();
    // feedback notes are free text: a card number typed into one is masked before storage
    const first = await node.json('POST', '/api/v1/decisions', cardAuth({ card, amount: 4 }), node.creds.apiKey);
    expect((await node.json('POST', `/api/v1/decisions/${first.body.decisionId}/feedback`, { challengeResult: 'failed', note: `customer read out ${card}` }, node.creds.apiKey)).status).toBe(201);
    const hit = await node.json('POST', '/api/v1/decisions', cardAuth({ card, amount: 10 }), node.creds.apiKey);
    expect(hit.body.outcome).toBe('reject');
    const exported = await node.json('GET', `/api/v1/lists/${cardList.id}/export`);
    expect(exported.body).not.toContain(card);
    expect(exported.body).toContain('622202');
    await node.stop();

    // Every table of the schema, every column, as text.
    const reopened = await startNode({ backend, dataDir: node.dataDir, databaseUrl: node.databaseUrl });
    nodes.push(reopened);
    const { rows: tableRows } = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(reopened.vigil.database.db);
    const tables = tableRows.map((r) => r.table_name);
    expect(tables).toEqual(expect.arrayContaining(['decisions', 'event_inbox', 'list_entries', 'audit_log', 'decision_feedback']));
    for (const t of tables) {
      const rows = await reopened.vigil.database.db.selectFrom(t as 'decisions').selectAll().execute();
      const text = JSON.stringify(rows, (_k, v) => (v && v.type === 'Buffer' ? Buffer.from(v.data).toString('latin1') : v));
      expect(text, `table ${t}`).not.toContain(card);
    }
    const snapshots = await reopened.vigil.database.db.selectFrom('feature_snapshots').select('state').execute();
    for (const s of snapshots) expect(Buffer.from(s.state).toString('latin1')).not.toContain(card);
    await reopened.stop();
    expect(node.logs.join('\n')).not.toContain(card);
    expect(node.logs.join('\n')).not.toContain(node.creds.apiKey);
    // and the embedded database files on disk
    if (backend === 'pglite') {
      const files = await walk(path.join(node.dataDir, 'pgdata'));
      for (const f of files) {
        const buf = await readFile(f);
        expect(buf.includes(Buffer.from(card)), f).toBe(false);
      }
    }
  });
});

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await readdir(dir)) {
    const p = path.join(dir, name);
    if ((await stat(p)).isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}
