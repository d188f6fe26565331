import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, cardAuth, orgAdminKey, startNode, type TestNode } from './harness.ts';

describe.each(BACKENDS)('lists, async intake and the decision log on %s', (backend) => {
  let node: TestNode;
  const listId = async (key: string) => (await node.json('GET', '/api/v1/lists')).body.items.find((l: { key: string }) => l.key === key).id as string;
  beforeAll(async () => {
    node = await startNode({ backend });
  });
  afterAll(() => node?.destroy());

  it('a black-listed device rejects at once; removing it restores the decision', async () => {
    const id = await listId('device_blacklist');
    const add = await node.json('POST', `/api/v1/lists/${id}/entries`, { entries: [{ value: 'dev-evil', reason: 'emulator farm' }] });
    expect(add.status).toBe(200);
    const r = await node.json('POST', '/api/v1/decisions', cardAuth({ device_id: 'dev-evil' }), node.creds.apiKey);
    expect(r.body.outcome).toBe('reject');
    expect(r.body.reasons[0].code).toBe('DEVICE_BLACKLIST');
    expect(r.body.hits[0].ruleId).toBe('list:device_blacklist');
    await node.json('POST', `/api/v1/lists/${id}/entries/delete`, { values: ['dev-evil'] });
    const again = await node.json('POST', '/api/v1/decisions', cardAuth({ device_id: 'dev-evil' }), node.creds.apiKey);
    expect(again.body.reasons.map((x: { code: string }) => x.code)).not.toContain('DEVICE_BLACKLIST');
  });

  it('refuses a list for an org that does not exist, and creates nothing', async () => {
    const before = (await node.json('GET', '/api/v1/lists')).body.items.length;
    const r = await node.json('POST', '/api/v1/lists', { key: 'ghost_watch', name: { zh: '幽灵', en: 'Ghost' }, kind: 'grey', dimension: 'phone', orgId: 'no_such_bank' });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
    expect(r.body.error.path).toBe('orgId');
    expect((await node.json('GET', '/api/v1/lists')).body.items.length).toBe(before);
  });

  it('a white-listed customer short-circuits the flow with pass', async () => {
    const id = await listId('vip_customers');
    await node.json('POST', `/api/v1/lists/${id}/entries`, { entries: [{ value: 'vip-1' }] });
    const r = await node.json('POST', '/api/v1/decisions', cardAuth({ customer_id: 'vip-1', amount: 90000, channel: 'ECOM', entry_mode: 'manual' }), node.creds.apiKey);
    expect(r.body.outcome).toBe('pass');
    const trace = await node.json('GET', `/api/v1/decisions/${r.body.decisionId}`);
    expect(trace.body.trace.stages.map((s: { id: string }) => s.id)).toEqual(['lists']);
  });

  it('expired entries stop matching', async () => {
    const id = await listId('ip_blacklist');
    await node.json('POST', `/api/v1/lists/${id}/entries`, { entries: [{ value: '203.0.113.9', expiresAt: new Date(Date.now() - 1000).toISOString() }, { value: '203.0.113.10' }] });
    const expired = await node.json('POST', '/api/v1/decisions', cardAuth({ ip: '203.0.113.9' }), node.creds.apiKey);
    expect(expired.body.reasons.map((x: { code: string }) => x.code)).not.toContain('IP_BLACKLIST');
    const live = await node.json('POST', '/api/v1/decisions', cardAuth({ ip: '203.0.113.10' }), node.creds.apiKey);
    expect(live.body.reasons.map((x: { code: string }) => x.code)).toContain('IP_BLACKLIST');
  });

  it('a rule action writes to a list: credential stuffing blacklists the IP for the next login', async () => {
    const ip = ' 198.51.100.99';
    const login = (i: number, customer: string) => ({ eventType: 'login', eventId: `stuff-${i}`, data: { customer_id: customer, ip, channel: 'WEB', method: 'password', success: false, org: 'bank_a' } });
    let fired: { body: { hits: Array<{ ruleId: string }> } } | undefined;
    for (let i = 0; i < 7; i++) {
      const r = await node.json('POST', '/api/v1/decisions', login(i, `victim-${i}`), node.creds.apiKey);
      if (r.body.hits.some((h: { ruleId: string }) => h.ruleId === 'credential_stuffing')) fired ??= r;
    }
    expect(fired).toBeTruthy();
    let blocked = false;
    for (let t = 0; t < 40 && !blocked; t++) {
      const r = await node.json('POST', '/api/v1/decisions', { ...login(100 + t, 'someone'), data: { ...login(0, 'someone').data, ip: '198.51.100.99', success: true } }, node.creds.apiKey);
      blocked = r.body.reasons.some((x: { code: string }) => x.code === 'IP_BLACKLIST');
      if (!blocked) await new Promise((res) => setTimeout(res, 50));
    }
    expect(blocked).toBe(true);
    const id = await listId('ip_blacklist');
    const entries = await node.json('GET', `/api/v1/lists/${id}/entries?search=198.51.100.99`);
    expect(entries.body.items[0]).toMatchObject({ value: '198.51.100.99', source: 'rule_action', reason: 'credential stuffing' });
  });

  it('imports CSV reporting bad rows by line, and exports', async () => {
    const id = await listId('merchant_greylist');
    const csv = 'value,reason,expires_at\nm-100,chargebacks,\n,empty,\nm-101,"quoted, with comma",2099-01-01T00:00:00Z\nm-102,bad date,not-a-date\n';
    const r = await node.json('POST', `/api/v1/lists/${id}/import`, csv, undefined, { 'content-type': 'text/csv' });
    expect(r.status).toBe(200);
    expect(r.body.imported).toBe(2);
    expect(r.body.errors.map((e: { line: number }) => e.line)).toEqual([3, 5]);
    const out = await node.json('GET', `/api/v1/lists/${id}/export`);
    expect(out.body).toContain('m-101');
    expect(out.body).toContain('"quoted, with comma"');
  });

  it('accepts async events with 202, evaluates them post-event and dedups by eventId', async () => {
    const ev = cardAuth({ amount: 15 });
    const a = await node.json('POST', '/api/v1/events', ev, node.creds.apiKey);
    expect(a.status).toBe(202);
    expect(a.body.status).toBe('accepted');
    const dup = await node.json('POST', '/api/v1/events', ev, node.creds.apiKey);
    expect(dup.body.status).toBe('duplicate');
    const conflict = await node.json('POST', '/api/v1/events', { ...ev, data: { ...ev.data, amount: 16 } }, node.creds.apiKey);
    expect(conflict.status).toBe(409);
    await node.vigil.services.inbox.idle();
    const rows = await node.vigil.database.db.selectFrom('decisions').select(['direction', 'outcome']).where('event_id', '=', ev.eventId).execute();
    expect(rows).toEqual([{ direction: 'post', outcome: 'pass' }]);
  });

  it('bulk NDJSON intake accepts good lines and reports bad ones', async () => {
    const lines = [
      JSON.stringify(cardAuth({ amount: 1 }, 'bulk-1')),
      '{not json',
      JSON.stringify(cardAuth({ amount: 'x' }, 'bulk-3')),
      JSON.stringify(cardAuth({ amount: 3 }, 'bulk-4')),
      JSON.stringify({ ...cardAuth({}, 'bulk-5'), eventType: 'nope' }),
      JSON.stringify(cardAuth({ amount: 1 }, 'bulk-1')),
      JSON.stringify(cardAuth({ amount: 2 }, 'bulk-1')),
    ].join('\n');
    const r = await node.json('POST', '/api/v1/events/bulk', lines, node.creds.apiKey, { 'content-type': 'application/x-ndjson' });
    expect(r.status).toBe(202);
    expect(r.body.accepted).toBe(2);
    expect(r.body.duplicates).toBe(1);
    expect(r.body.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [2, 'INVALID_JSON'],
      [3, 'INVALID_EVENT'],
      [5, 'EVENT_TYPE_NOT_FOUND'],
      [7, 'IDEMPOTENCY_CONFLICT'],
    ]);
    const csv = 'eventType,eventId,amount,card,customer_id,channel,org\ncard_auth,bulk-csv-1,12.5,6222020000111122223,c-1,POS,bank_a\ncard_auth,bulk-csv-2,abc,6222020000111122223,c-1,POS,bank_a\n';
    const c = await node.json('POST', '/api/v1/events/bulk', csv, node.creds.apiKey, { 'content-type': 'text/csv' });
    expect(c.body.accepted).toBe(1);
    expect(c.body.errors[0]).toMatchObject({ line: 3, path: 'data.amount' });
    await node.vigil.services.inbox.idle();
    const done = await node.vigil.database.db.selectFrom('event_inbox').select('status').where('event_id', 'in', ['bulk-1', 'bulk-4', 'bulk-csv-1']).execute();
    expect(done.map((d) => d.status)).toEqual(['done', 'done', 'done']);
  });

  it('queries the log by entity, outcome, rule, org and time with cursor pagination', async () => {
    const card = '6222023333444455556';
    for (let i = 0; i < 5; i++) await node.json('POST', '/api/v1/decisions', cardAuth({ card, org: i % 2 ? 'bank_a' : 'bank_b' }), node.creds.apiKey);
    const byCard = await node.json('GET', `/api/v1/decisions?entity=card&value=${card}&limit=2`);
    expect(byCard.body.items).toHaveLength(2);
    expect(byCard.body.nextCursor).toBeTruthy();
    const page2 = await node.json('GET', `/api/v1/decisions?entity=card&value=${card}&limit=2&cursor=${byCard.body.nextCursor}`);
    const page3 = await node.json('GET', `/api/v1/decisions?entity=card&value=${card}&limit=2&cursor=${page2.body.nextCursor}`);
    const all = [...byCard.body.items, ...page2.body.items, ...page3.body.items];
    expect(new Set(all.map((d: { decisionId: string }) => d.decisionId)).size).toBe(5);
    const orgB = await node.json('GET', `/api/v1/decisions?entity=card&value=${card}&org=bank_b`);
    expect(orgB.body.items).toHaveLength(3);
    // An org counts with the orgs below it (a bank with its branches); the union is every org.
    await node.json('POST', '/api/v1/decisions', cardAuth({ card, org: 'bank_b_nb' }), node.creds.apiKey);
    const bankB = await node.json('GET', `/api/v1/decisions?entity=card&value=${card}&org=bank_b`);
    expect(bankB.body.items.map((d: { orgId: string }) => d.orgId).sort()).toEqual(['bank_b', 'bank_b', 'bank_b', 'bank_b_nb']);
    const branch = await node.json('GET', `/api/v1/decisions?entity=card&value=${card}&org=bank_b_nb`);
    expect(branch.body.items.map((d: { orgId: string }) => d.orgId)).toEqual(['bank_b_nb']);
    const union = await node.json('GET', `/api/v1/decisions?entity=card&value=${card}&org=root`);
    expect(union.body.items).toHaveLength(6);
    const future = await node.json('GET', `/api/v1/decisions?entity=card&value=${card}&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(future.body.items).toHaveLength(0);
    const byRule = await node.json('GET', `/api/v1/decisions?rule=list:vip_customers`);
    expect(byRule.body.items.length).toBeGreaterThan(0);
    expect(byRule.body.items.every((d: { hits: string[] }) => d.hits.includes('list:vip_customers'))).toBe(true);
    const rejects = await node.json('GET', `/api/v1/decisions?outcome=reject`);
    expect(rejects.body.items.every((d: { outcome: string }) => d.outcome === 'reject')).toBe(true);
  });

  it('exports the log as CSV by the same filters, masked, limited, within the org and audited', async () => {
    const card = '6222027777888899990';
    for (let i = 0; i < 4; i++) await node.json('POST', '/api/v1/decisions', cardAuth({ card, org: i % 2 ? 'bank_a' : 'bank_b', amount: 10 + i }), node.creds.apiKey);
    const res = await fetch(`${node.baseUrl}/api/v1/decisions/export?entity=card&value=${card}`, { headers: { authorization: `Bearer ${node.creds.adminKey}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="decisions-/);
    const text = await res.text();
    const rows = text.trimEnd().split('\r\n');
    expect(rows[0]).toBe('decision_id,event_id,event_type,org_id,occurred_at,decided_at,outcome,score,risk_level,strategy,latency_ms,degraded,hits,entities');
    expect(rows).toHaveLength(5);
    expect(text).not.toContain(card);
    const limited = await fetch(`${node.baseUrl}/api/v1/decisions/export?entity=card&value=${card}&limit=3`, { headers: { authorization: `Bearer ${node.creds.adminKey}` } });
    expect((await limited.text()).trimEnd().split('\r\n')).toHaveLength(4);
    const tooMany = await node.json('GET', '/api/v1/decisions/export?limit=100001');
    expect(tooMany.status).toBe(400);
    // a bank's administrator exports its own decisions only, and another bank's org is not found
    const bankA = await orgAdminKey(node, 'bank_a');
    const own = await fetch(`${node.baseUrl}/api/v1/decisions/export?entity=card&value=${card}`, { headers: { authorization: `Bearer ${bankA}` } });
    const ownRows = (await own.text()).trimEnd().split('\r\n').slice(1);
    expect(ownRows).toHaveLength(2);
    expect(ownRows.every((r) => r.split(',')[3] === 'bank_a')).toBe(true);
    expect((await node.json('GET', '/api/v1/decisions/export?org=bank_b', undefined, bankA)).status).toBe(404);
    const audit = await node.json('GET', '/api/v1/audit?targetType=decision_log');
    expect(audit.body.items[0]).toMatchObject({ action: 'decision.export', after: { rows: 2, filters: { entity: 'card' } } });
    expect(JSON.stringify(audit.body.items)).not.toContain(card);
  });

  it('keeps banks apart: the same event id in two banks is two events, and their features never mix', async () => {
    const a = (await node.json('POST', '/api/v1/api-keys', { name: 'A', orgId: 'bank_a' })).body.key;
    const b = (await node.json('POST', '/api/v1/api-keys', { name: 'B', orgId: 'bank_b' })).body.key;
    const login = (org: string, id: string, success: boolean) => ({ eventType: 'login', eventId: id, data: { customer_id: 'C1001', ip: '198.51.100.7', channel: 'WEB', method: 'password', success, org } });
    const ra = await node.json('POST', '/api/v1/decisions', login('bank_a', 'shared-id', true), a);
    const rb = await node.json('POST', '/api/v1/decisions', login('bank_b', 'shared-id', false), b);
    expect(ra.status).toBe(200);
    expect(rb.status).toBe(200);
    expect(rb.body.decisionId).not.toBe(ra.body.decisionId);
    for (let i = 0; i < 4; i++) await node.json('POST', '/api/v1/decisions', login('bank_b', `b-fail-${i}`, false), b);
    const probe = await node.json('POST', '/api/v1/decisions', login('bank_a', 'a-probe', true), a);
    const trace = await node.json('GET', `/api/v1/decisions/${probe.body.decisionId}`);
    expect(trace.body.trace.features.failed_by_customer_10m).toBe(0);
  });

  it('masks a card number sent in a field not declared sensitive', async () => {
    const pan = '6222021234567890128'; // passes the Luhn check, as real card numbers do
    const r = await node.json('POST', '/api/v1/decisions', { eventType: 'transfer', eventId: 'memo-pan', data: { customer_id: 'c', from_account: 'acc-1', to_account: pan, memo: `refund to card ${pan}`, amount: 10, channel: 'WEB', org: 'bank_a' } }, node.creds.apiKey);
    expect(r.status).toBe(200);
    const stored = JSON.stringify(await node.vigil.database.db.selectFrom('decisions').selectAll().where('event_id', '=', 'memo-pan').execute());
    expect(stored).not.toContain(pan);
    expect(stored).toContain('622202*********0128');
  });

  it('refuses NUL characters, NUL in ids and duplicate list values with 400, storing nothing', async () => {
    const nul = await node.json('POST', '/api/v1/decisions', JSON.stringify(cardAuth({ city: 'a\u0000b' })), node.creds.apiKey);
    expect(nul.status).toBe(400);
    expect((await node.json('GET', '/api/v1/decisions/%00abc')).status).toBe(400);
    const id = await listId('card_blacklist');
    const dup = await node.json('POST', `/api/v1/lists/${id}/entries`, { entries: [{ value: '6222021234567890123' }, { value: '6222-0212-3456-7890-123' }] });
    expect(dup.status).toBe(400);
    expect(dup.body.error.details[0]).toMatchObject({ path: 'entries[1].value', code: 'DUPLICATE' });
  });

  it('a channel key of one bank cannot submit events of another', async () => {
    const k = await node.json('POST', '/api/v1/api-keys', { name: 'bank_a switch', orgId: 'bank_a' });
    const own = await node.json('POST', '/api/v1/decisions', cardAuth({ org: 'bank_a' }), k.body.key);
    expect(own.status).toBe(200);
    const other = await node.json('POST', '/api/v1/decisions', cardAuth({ org: 'bank_b' }), k.body.key);
    expect(other.status).toBe(404);
    expect(other.body.error).toMatchObject({ code: 'NOT_FOUND', path: 'data.org' });
  });
});
