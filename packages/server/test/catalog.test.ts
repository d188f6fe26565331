import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, orgAdminKey, startNode, type TestNode } from './harness.ts';

/** Paging, search, references, expiry and import errors of list entries, their org scoping, and event-type usage. */
describe.each(BACKENDS)('lists and event types on %s', (backend) => {
  let node: TestNode;
  let bankA: string;
  let bankB: string;
  let cardList: string;
  let phoneList: string;

  const create = async (key: string, dimension: string, keyOf: string) => {
    const r = await node.json('POST', '/api/v1/lists', { key, name: { zh: key, en: key }, kind: 'black', dimension }, keyOf);
    expect(r.status).toBe(201);
    return r.body.id as string;
  };

  beforeAll(async () => {
    node = await startNode({ backend });
    bankA = await orgAdminKey(node, 'bank_a');
    bankB = await orgAdminKey(node, 'bank_b');
    cardList = await create('paging_cards', 'card', bankA);
    phoneList = await create('paging_phones', 'phone', bankA);
  });
  afterAll(() => node?.destroy());

  it('pages entries with a total, finds a card by its full number, and never shows it in clear', async () => {
    const entries = Array.from({ length: 25 }, (_, i) => ({ value: `622202123456${String(7000 + i).padStart(7, '0')}`, reason: `case ${i}` }));
    expect((await node.json('POST', `/api/v1/lists/${cardList}/entries`, { entries }, bankA)).status).toBe(200);
    const page1 = await node.json('GET', `/api/v1/lists/${cardList}/entries?limit=10&offset=0`, undefined, bankA);
    expect(page1.status).toBe(200);
    expect(page1.body.total).toBe(25);
    expect(page1.body.items).toHaveLength(10);
    const page3 = await node.json('GET', `/api/v1/lists/${cardList}/entries?limit=10&offset=20`, undefined, bankA);
    expect(page3.body.items).toHaveLength(5);
    const item = page1.body.items[0];
    expect(Object.keys(item).sort()).toEqual(['createdAt', 'createdBy', 'expired', 'expiresAt', 'orgId', 'reason', 'ref', 'source', 'value']);
    expect(item.orgId).toBe('bank_a');
    expect(item.expired).toBe(false);
    expect(JSON.stringify(page1.body)).not.toMatch(/\d{13,19}/);
    expect(JSON.stringify(page1.body)).not.toContain('tok_');

    const full = await node.json('GET', `/api/v1/lists/${cardList}/entries?search=${encodeURIComponent('6222 0212 3456 0007 003')}`, undefined, bankA);
    expect(full.body.total).toBe(1);
    expect(full.body.items[0].value).toBe('622202*********7003');
    const last4 = await node.json('GET', `/api/v1/lists/${cardList}/entries?search=7003`, undefined, bankA);
    expect(last4.body.items.map((e: { value: string }) => e.value)).toEqual(['622202*********7003']);
  });

  it('expires and removes entries by reference; expired entries are listed only when asked for', async () => {
    const all = (await node.json('GET', `/api/v1/lists/${cardList}/entries?limit=1000`, undefined, bankA)).body;
    const [a, b, c] = all.items as Array<{ ref: string; value: string }>;
    const exp = await node.json('POST', `/api/v1/lists/${cardList}/entries/expire`, { refs: [a!.ref, b!.ref, a!.ref] }, bankA);
    expect(exp.status).toBe(200);
    expect(exp.body.expired).toBe(2);
    const live = (await node.json('GET', `/api/v1/lists/${cardList}/entries?limit=1000`, undefined, bankA)).body;
    expect(live.total).toBe(all.total - 2);
    expect(live.items.map((e: { value: string }) => e.value)).not.toContain(a!.value);
    const withExpired = (await node.json('GET', `/api/v1/lists/${cardList}/entries?limit=1000&includeExpired=true`, undefined, bankA)).body;
    expect(withExpired.total).toBe(all.total);
    expect(withExpired.items.filter((e: { expired: boolean }) => e.expired).map((e: { value: string }) => e.value).sort()).toEqual([a!.value, b!.value].sort());
    // Expiring again changes nothing.
    expect((await node.json('POST', `/api/v1/lists/${cardList}/entries/expire`, { refs: [a!.ref] }, bankA)).body.expired).toBe(0);

    const rm = await node.json('POST', `/api/v1/lists/${cardList}/entries/delete`, { refs: [c!.ref] }, bankA);
    expect(rm.body.removed).toBe(1);
    expect((await node.json('GET', `/api/v1/lists/${cardList}/entries?limit=1000&includeExpired=true`, undefined, bankA)).body.total).toBe(all.total - 1);
  });

  it('refuses references that are not of this list, and a removal naming nothing', async () => {
    await node.json('POST', `/api/v1/lists/${phoneList}/entries`, { entries: [{ value: '+86 138 0013 8000' }] }, bankA);
    const phoneRef = (await node.json('GET', `/api/v1/lists/${phoneList}/entries`, undefined, bankA)).body.items[0].ref as string;
    const foreign = await node.json('POST', `/api/v1/lists/${cardList}/entries/expire`, { refs: [phoneRef] }, bankA);
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('VALIDATION_FAILED');
    expect(foreign.body.error.path).toBe('refs[0]');
    const forged = await node.json('POST', `/api/v1/lists/${phoneList}/entries/delete`, { refs: ['abc.def.ghi'] }, bankA);
    expect(forged.status).toBe(400);
    expect(forged.body.error.details[0].code).toBe('INVALID_REF');
    const nothing = await node.json('POST', `/api/v1/lists/${phoneList}/entries/delete`, {}, bankA);
    expect(nothing.status).toBe(400);
    expect(nothing.body.error.path).toBe('values');
    const badLimit = await node.json('GET', `/api/v1/lists/${phoneList}/entries?limit=5000`, undefined, bankA);
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.code).toBe('VALIDATION_FAILED');
  });

  it("another bank's list, entries and references are 404, and its lists are not in the collection", async () => {
    const ref = (await node.json('GET', `/api/v1/lists/${phoneList}/entries`, undefined, bankA)).body.items[0].ref as string;
    for (const [method, url, body] of [
      ['GET', `/api/v1/lists/${phoneList}`, undefined],
      ['GET', `/api/v1/lists/${phoneList}/entries?search=138`, undefined],
      ['POST', `/api/v1/lists/${phoneList}/entries/expire`, { refs: [ref] }],
      ['POST', `/api/v1/lists/${phoneList}/entries/delete`, { refs: [ref] }],
      ['GET', `/api/v1/lists/${phoneList}/export`, undefined],
    ] as const) {
      const r = await node.json(method, url, body, bankB);
      expect(r.status, `${method} ${url}`).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
    }
    expect((await node.json('GET', `/api/v1/lists/${phoneList}/entries`, undefined, bankA)).body.total).toBe(1);
    const bList = (await node.json('GET', '/api/v1/lists', undefined, bankB)).body.items.map((l: { key: string }) => l.key);
    expect(bList).not.toContain('paging_phones');
    const byOrg = await node.json('GET', '/api/v1/lists?org=bank_a', undefined, bankB);
    expect(byOrg.status).toBe(404);
    expect(byOrg.body.error.path).toBe('org');
  });

  it('filters the collection by org subtree', async () => {
    const a = (await node.json('GET', '/api/v1/lists?org=bank_a')).body.items as Array<{ key: string; orgId: string; entryCount: number }>;
    expect(a.length).toBeGreaterThan(0);
    expect(new Set(a.map((l) => l.orgId)).has('bank_b')).toBe(false);
    expect(a.find((l) => l.key === 'paging_phones')?.entryCount).toBe(1);
    const b = (await node.json('GET', '/api/v1/lists?org=bank_b')).body.items as Array<{ key: string }>;
    expect(b.map((l) => l.key)).not.toContain('paging_phones');
    expect((await node.json('GET', '/api/v1/lists?org=no_such_bank')).status).toBe(404);
  });

  it('finds phones by their full value only for a viewer who sees them masked', async () => {
    const analyst = node.creds.users.find((u) => u.username === 'a.analyst')!;
    const res = await fetch(`${node.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: analyst.username, password: analyst.password }) });
    const jar = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const asAnalyst = (url: string) => node.json('GET', url, undefined, '', { cookie: jar });
    const part = await asAnalyst(`/api/v1/lists/${phoneList}/entries?search=0013`);
    expect(part.status).toBe(200);
    expect(part.body).toEqual({ total: 0, items: [] });
    const full = await asAnalyst(`/api/v1/lists/${phoneList}/entries?search=${encodeURIComponent('+86 138 0013 8000')}`);
    expect(full.body.total).toBe(1);
    expect(full.body.items[0].value).not.toContain('00138000');
    // Who sees phones may search by a part of one.
    expect((await node.json('GET', `/api/v1/lists/${phoneList}/entries?search=0013`, undefined, bankA)).body.total).toBe(1);
  });

  it('tells which strategies and live features use an event type', async () => {
    const r = await node.json('GET', '/api/v1/event-types/card_auth/usage', undefined, bankA);
    expect(r.status).toBe(200);
    expect(r.body.strategies.length).toBeGreaterThan(0);
    for (const st of r.body.strategies) expect(Object.keys(st).sort()).toEqual(['direction', 'id', 'latestVersion', 'liveVersion', 'name']);
    expect(r.body.strategies.some((st: { liveVersion: number | null }) => st.liveVersion !== null)).toBe(true);
    expect(Array.isArray(r.body.features)).toBe(true);
    const missing = await node.json('GET', '/api/v1/event-types/no_such_type/usage', undefined, bankA);
    expect(missing.status).toBe(404);
    expect(missing.body.error.path).toBe('key');
    const tooLong = await node.json('GET', `/api/v1/event-types/${'x'.repeat(65)}/usage`, undefined, bankA);
    expect(tooLong.status).toBe(400);
  });

  it('reports each bad import row with its column while good rows are added', async () => {
    const csv = 'value,reason,expires_at\n6222021234567890131,stolen,2027-06-30\nnot-a-card,typo,\n6222021234567890149,skimming,2027-02-30\n';
    const r = await node.json('POST', `/api/v1/lists/${cardList}/import`, csv, bankA, { 'content-type': 'text/csv' });
    expect(r.status).toBe(200);
    expect(r.body.imported).toBe(1);
    expect(r.body.rejected).toBe(2);
    expect(r.body.errors).toEqual([
      { line: 3, field: 'value', code: 'INVALID_VALUE', message: 'must be a card number or a card token' },
      expect.objectContaining({ line: 4, field: 'expires_at', code: 'BAD_DATE' }),
    ]);
  });
});
