import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileStrategy, luhnValid, runTestCases } from '@vigil/engine';
import { TYPOLOGIES } from '@vigil/simulator';
import { demoEventTypes } from '../src/demo/event-types.ts';
import { evaluatePacks, formatPackQuality, TUNING_SEED, type PackQualityReport } from '../src/demo/pack-quality.ts';
import { loadPack, loadPacks, PACK_DATASOURCE_BASE, PACK_FILES, PackError, parsePackDocument, readPackText, type PackEventType } from '../src/demo/packs.ts';
import { DEMO_LISTS } from '../src/demo/reference-data.ts';
import { runCli } from '../src/cli.ts';
import { approverKey, startNode, type TestNode } from './harness.ts';

const types = new Map(demoEventTypes.map((e) => [e.key, e]));
const eventTypes = Object.keys(PACK_FILES) as PackEventType[];

describe('default strategy packs', () => {
  it('cover every demo event type, one pack each, with distinct ids', () => {
    expect(eventTypes.sort()).toEqual(demoEventTypes.map((e) => e.key).sort());
    const packs = loadPacks();
    expect(new Set(packs.map((p) => p.id)).size).toBe(packs.length);
    for (const p of packs) expect(PACK_FILES[p.eventType as PackEventType]).toBeDefined();
  });

  it.each(eventTypes)('%s: compiles, reads only demo lists, and passes its own test cases in the engine', async (et) => {
    const pkg = loadPack(et);
    expect(pkg.eventType).toBe(et);
    const compiled = compileStrategy(pkg, types.get(et)!, 1, types);
    const listKeys = new Set(DEMO_LISTS.map((l) => l.key));
    const used = [...pkg.lists, ...pkg.flow.stages.flatMap((s) => (s.type === 'list' ? s.checks.map((c) => c.list) : []))];
    for (const key of used) expect(listKeys, `${et} uses list ${key}`).toContain(key);
    for (const r of pkg.rules) for (const a of r.actions ?? []) if (a.type === 'add_to_list') expect(listKeys).toContain(a.list);
    const cases = pkg.testCases ?? [];
    expect(cases.length).toBeGreaterThanOrEqual(3);
    // both a case that passes and one that does not: a pack's cases pin its behaviour both ways
    expect(cases.some((c) => c.expectOutcome === 'pass')).toBe(true);
    expect(cases.some((c) => c.expectOutcome !== 'pass')).toBe(true);
    for (const c of cases) for (const v of Object.values(c.data ?? {})) if (typeof v === 'string' && /^\d{13,19}$/.test(v)) expect(luhnValid(v), `${c.name}: ${v}`).toBe(false);
    const results = await runTestCases(compiled, cases);
    for (const r of results) expect(r.problems, r.name).toEqual([]);
  });

  it('moves data sources to the base given, and only those on the demo base', () => {
    const card = loadPack('card_auth');
    expect(card.dataSources[0]!.url.startsWith(PACK_DATASOURCE_BASE)).toBe(true);
    expect(loadPack('card_auth', 'http://127.0.0.1:9999/demo/datasources').dataSources[0]!.url).toBe('http://127.0.0.1:9999/demo/datasources/bureau');
  });

  it('refuses a document that is not a valid package, naming the field', () => {
    expect(() => parsePackDocument('id: x\nname: {zh: a, en: b}\neventType: login\nflow: {stages: []}\n')).toThrow(PackError);
    expect(() => parsePackDocument(readPackText('login').replace('reasonCode: CREDENTIAL_STUFFING', 'reasonCode: [1, 2]'))).toThrow(/rules\/0\/reasonCode/);
    expect(() => parsePackDocument('id: [unclosed')).toThrow(/does not parse/);
  });

  describe('through the API', () => {
    let node: TestNode;
    beforeAll(async () => {
      node = await startNode();
    });
    afterAll(() => node?.destroy());

    it('every pack is already live on a demo node', async () => {
      const res = await node.json('GET', '/api/v1/strategies');
      expect(res.status).toBe(200);
      const live = new Map<string, number | null>(res.body.items.map((s: { id: string; liveVersion: number | null }) => [s.id, s.liveVersion]));
      for (const p of loadPacks()) expect(live.get(p.id), p.id).toBe(1);
    });

    it.each(eventTypes)('%s: the YAML file imports as a draft, its test cases pass on submit, and a checker approves it', async (et) => {
      const text = readPackText(et);
      const imported = await node.json('POST', '/api/v1/strategies/import?changeNote=default%20pack', text, undefined, { 'content-type': 'application/yaml' });
      expect(imported.status, JSON.stringify(imported.body)).toBe(201);
      const path = `/api/v1/strategies/${imported.body.id}/versions/${imported.body.version}`;
      const submitted = await node.json('POST', `${path}/submit`, { note: 'default pack' });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
      expect(submitted.body.testResults.length).toBe(loadPack(et).testCases!.length);
      expect(submitted.body.testResults.filter((r: { passed: boolean }) => !r.passed)).toEqual([]);
      expect((await node.json('POST', `${path}/approve`, { note: 'checked' }, await approverKey(node))).status).toBe(200);
      // the import stored what the loader reads: the document exported again is the file's package
      const exported = await node.json('GET', `${path}/export`);
      expect(exported.status).toBe(200);
      expect(parsePackDocument(JSON.stringify(exported.body.package ?? exported.body))).toEqual(loadPack(et));
    });

    it('vigil packs import imports every pack as a new draft', async () => {
      const saved = { url: process.env.VIGIL_URL, key: process.env.VIGIL_ADMIN_KEY };
      process.env.VIGIL_URL = node.baseUrl;
      process.env.VIGIL_ADMIN_KEY = node.creds.adminKey;
      const out: string[] = [];
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
      try {
        expect(await runCli(['packs', 'import'])).toBe(0);
      } finally {
        process.stdout.write = write;
        for (const [k, v] of [['VIGIL_URL', saved.url], ['VIGIL_ADMIN_KEY', saved.key]] as const) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
      const lines = out.join('').trim().split('\n').map((l) => JSON.parse(l) as { file: string; id: string; version: number; status: string });
      expect(lines.map((l) => l.file).sort()).toEqual(Object.values(PACK_FILES).sort());
      const list = (await node.json('GET', '/api/v1/strategies')).body.items as Array<{ id: string; latestVersion: number; liveVersion: number }>;
      for (const l of lines) {
        expect(l.status).toBe('draft');
        const s = list.find((x) => x.id === l.id)!;
        expect(s.latestVersion).toBe(l.version);
        expect(s.liveVersion).toBe(1);
      }
    });
  });
});

describe('pack quality on a simulated world', () => {
  let report: PackQualityReport;
  beforeAll(async () => {
    // A small world, long enough for profiles to form; not the tuning seed.
    report = await evaluatePacks({ seed: TUNING_SEED + 6, customers: 3000, days: 8, warmupDays: 4, fraudRate: 4 });
  }, 120_000);

  it('decides every event after the warm-up and labels every typology', () => {
    expect(report.measuredEvents).toBeGreaterThan(10_000);
    expect(report.warmupEvents).toBeGreaterThan(10_000);
    expect(report.typologies.map((t) => t.typology)).toEqual([...TYPOLOGIES]);
    const fraud = report.typologies.reduce((s, t) => s + t.events, 0);
    expect(fraud + report.legitTotal.events).toBe(report.measuredEvents);
  });

  it('stops most fraud and bothers little legitimate traffic', () => {
    const stopped = (c: { review: number; challenge: number; reject: number }) => c.review + c.challenge + c.reject;
    const f = report.fraudTotal;
    expect(stopped(f) / f.events).toBeGreaterThan(0.7);
    expect(f.amountStopped / f.amount).toBeGreaterThan(0.7);
    expect(stopped(report.legitTotal) / report.legitTotal.events).toBeLessThan(0.02);
    const byName = new Map(report.typologies.map((t) => [t.typology, t]));
    for (const t of ['card_testing', 'sms_bombing', 'credential_stuffing'] as const) {
      const q = byName.get(t)!;
      if (q.events > 0) expect(stopped(q) / q.events, t).toBeGreaterThan(0.8);
    }
  });

  it('prints a table with a row per typology and per legitimate event type', () => {
    const text = formatPackQuality(report, { rules: true });
    for (const t of TYPOLOGIES) expect(text).toMatch(new RegExp(`^\\| ${t} \\|`, 'm'));
    for (const l of report.legit) expect(text).toMatch(new RegExp(`^\\| ${l.eventType} \\|`, 'm'));
    expect(text).toContain('| **all fraud** |');
    expect(text).toContain('precision');
  });
});

describe('vigil packs evaluate', () => {
  it('refuses bad sizes with the flag at fault', async () => {
    await expect(runCli(['packs', 'evaluate', '--days', 'many'])).rejects.toThrow(/--days must be a whole number/);
    await expect(runCli(['packs', 'evaluate', '--days', '5', '--warmup-days', '5'])).rejects.toThrow(/--warmup-days/);
    await expect(runCli(['packs', 'evaluate', '--fraud-rate', '-1'])).rejects.toThrow(/--fraud-rate/);
  });
});
