import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode, type TestNode } from './harness.ts';

// JSON bodies keep their types: a boolean stays a boolean and a number a number wherever a schema
// allows several types (scorecard bins, table values, parameters). Query strings are still read
// as text and converted where their schema asks for a number or a boolean.
describe('types of JSON values in request bodies', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startNode();
  }, 120_000);
  afterAll(async () => {
    await node?.destroy();
  });

  it('keeps the booleans and numbers of a strategy package exactly through import and export', async () => {
    const exported = await node.json('GET', '/api/v1/strategies/card_auth_default/versions/1/export');
    expect(exported.status).toBe(200);
    const doc = exported.body as { id: string };
    expect(JSON.stringify(doc)).toContain('"values":[true]');
    const imported = await node.json('POST', '/api/v1/strategies/import', { package: doc, changeNote: 'same document' });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const again = await node.json('GET', `/api/v1/strategies/card_auth_default/versions/${imported.body.version}/export`);
    expect(again.body).toEqual(doc);
    const diff = await node.json('GET', `/api/v1/strategies/card_auth_default/diff?from=1&to=${imported.body.version}`);
    expect(diff.status).toBe(200);
    // The stored, compiled package is the one exported: the two versions do not differ at all.
    expect(diff.body.diff.empty).toBe(true);
  });

  it('stores a boolean parameter as a boolean and a number as a number', async () => {
    for (const value of [true, false, 0, 1, 'true', '1']) {
      const set = await node.json('PUT', '/api/v1/orgs/bank_a/params/e2e_flag', { value });
      expect(set.status, JSON.stringify(set.body)).toBe(200);
      const read = await node.json('GET', '/api/v1/orgs/bank_a/params');
      expect(read.body.own.e2e_flag).toStrictEqual(value);
    }
  });
});
