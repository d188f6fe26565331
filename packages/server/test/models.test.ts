import { readFileSync } from 'node:fs';
import { GERMAN_CREDIT_PATH } from '@vigil/modeling/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, as, signIn, type Call } from './case-harness.ts';
import { approverKey, BACKENDS, deploy, startNode, type TestNode } from './harness.ts';
import { ModelMonitor } from '../src/runtime/model-monitoring.ts';

const GERMAN = readFileSync(GERMAN_CREDIT_PATH, 'utf8');

/** The German credit rows as objects of their CSV header (quoted cells kept whole). */
function germanRows(): Array<Record<string, string | number>> {
  const lines = GERMAN.trim().split(/\r?\n/);
  const split = (l: string) => (l.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"')).slice(0, 21);
  const head = split(lines[0]!);
  return lines.slice(1).map((l) => {
    const cells = split(l);
    return Object.fromEntries(head.map((h, i) => [h, /^-?\d+(\.\d+)?$/.test(cells[i]!) ? Number(cells[i]) : cells[i]!]));
  });
}

/** A credit application event type carrying the German credit attributes. */
function creditApplicationType(rows: Array<Record<string, string | number>>) {
  const fields: Record<string, unknown> = { applicant_id: { type: 'string', required: true } };
  for (const [k, v] of Object.entries(rows[0]!)) if (k !== 'creditability') fields[k] = { type: typeof v === 'number' ? 'number' : 'string' };
  return {
    key: 'credit_application',
    name: { zh: '信贷申请', en: 'Credit application' },
    scenario: 'credit',
    channels: ['WEB'],
    fields,
    entityFields: { applicant_id: 'customer' },
    sensitiveFields: {},
    orgField: null,
    latencyBudgetMs: 100,
    fallbackOutcome: 'review',
    outcomePrecedence: ['pass', 'review', 'challenge', 'reject'],
  };
}

const creditStrategy = {
  id: 'credit_application_in',
  name: { zh: '信贷申请', en: 'Credit application' },
  eventType: 'credit_application',
  direction: 'in',
  variables: [],
  features: [],
  lists: [],
  rules: [{ id: 'big_amount', name: { zh: '大额', en: 'Large amount' }, condition: 'event.credit_amount > 15000.0', outcome: 'review', reasonCode: 'BIG_AMOUNT', enabled: true, mode: 'live' }],
  ruleSets: [{ id: 'main', rules: ['big_amount'] }],
  models: [],
  dataSources: [],
  tables: [],
  flow: { stages: [{ id: 'rules', type: 'rules', ruleSet: 'main', mode: 'all' }] },
};

describe.each(BACKENDS)('the model registry and workbench on %s', (backend) => {
  let node: TestNode;
  let modeller: Call;
  let approver: Call;
  let bModeller: Call;
  let modelId: string;
  let datasetId: string;
  let artefact: any;
  const rows = germanRows();

  beforeAll(async () => {
    node = await startNode({ backend, env: { VIGIL_LOGIN_RATE_PER_SEC: '10000' } });
    modeller = as(node, await signIn(node, 'a.modeller'));
    approver = as(node, await signIn(node, 'a.approver'));
    bModeller = as(node, await addUser(node, 'b.modeller', 'bank_b', ['model_developer']));
  }, 180_000);
  afterAll(() => node?.destroy());

  it('takes a CSV into the workbench with its data-quality summary, and refuses card numbers and broken files whole', async () => {
    const up = await modeller('POST', '/api/v1/model-datasets', { name: 'German credit', csv: GERMAN });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    datasetId = up.body.id;
    expect(up.body).toMatchObject({ orgId: 'bank_a', rows: 1000, createdBy: 'a.modeller' });
    expect(up.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const duration = up.body.columns.find((c: { name: string }) => c.name === 'duration_in_month');
    expect(duration).toMatchObject({ type: 'numeric', count: 1000, missing: 0, min: 4, max: 72 });
    expect(up.body.columns.find((c: { name: string }) => c.name === 'creditability')).toMatchObject({ type: 'categorical', distinct: 2, top: [{ value: 'good', count: 700 }, { value: 'bad', count: 300 }] });

    const before = (await modeller('GET', '/api/v1/model-datasets')).body.items.length;
    const card = await modeller('POST', '/api/v1/model-datasets', { name: 'with cards', csv: 'id,card,bad\n1,4111111111111111,1\n2,x,0\n' });
    expect(card.status).toBe(400);
    expect(card.body.error).toMatchObject({ code: 'SENSITIVE_DATA_REFUSED' });
    expect(card.body.error.message).toContain('line 2');
    const broken = await modeller('POST', '/api/v1/model-datasets', { name: 'broken', csv: 'a,b\n1,"unclosed\n' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('VALIDATION_FAILED');
    expect((await modeller('GET', '/api/v1/model-datasets')).body.items.length).toBe(before);
    // Another bank does not see the dataset.
    expect((await bModeller('GET', `/api/v1/model-datasets/${datasetId}`)).status).toBe(404);
    expect((await bModeller('GET', '/api/v1/model-datasets')).body.items).toEqual([]);
  });

  it('bins a variable automatically and with manual breaks, and fits a scorecard', async () => {
    const auto = await modeller('POST', `/api/v1/model-datasets/${datasetId}/binning`, { target: 'creditability', bad: 'bad', variable: 'duration_in_month', options: { trend: 'ascending', maxBins: 5 } });
    expect(auto.status, JSON.stringify(auto.body)).toBe(200);
    const rates = auto.body.bins.filter((b: { kind: string }) => b.kind === 'range').map((b: { eventRate: number }) => b.eventRate);
    expect(rates.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeGreaterThan(rates[i - 1]);
    const manual = await modeller('POST', `/api/v1/model-datasets/${datasetId}/binning`, { target: 'creditability', bad: 'bad', variable: 'duration_in_month', breaks: [12, 24, 36] });
    expect(manual.body.breaks).toEqual([12, 24, 36]);
    expect(manual.body.bins.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(1000);
    const wrong = await modeller('POST', `/api/v1/model-datasets/${datasetId}/binning`, { target: 'creditability', bad: 'bad', variable: 'no_such_column' });
    expect(wrong.status).toBe(400);
    const fitted = await modeller('POST', `/api/v1/model-datasets/${datasetId}/fit`, { target: 'creditability', bad: 'bad', holdout: 0.3, seed: 1, breaks: { duration_in_month: [12, 24, 36] } });
    expect(fitted.status, JSON.stringify(fitted.body).slice(0, 500)).toBe(200);
    artefact = fitted.body.artefact;
    expect(artefact.format).toBe('vigil.scorecard/v1');
    expect(artefact.metrics.test.auc).toBeGreaterThan(0.7);
    expect(artefact.training.dataSha256).toMatch(/^[0-9a-f]{64}$/);
    const durationBins = artefact.binning.find((b: { name: string }) => b.name === 'duration_in_month');
    expect(durationBins.breaks).toEqual([12, 24, 36]);
  });

  it('registers versions, keeps validation away from their authors, and names a champion', async () => {
    const created = await modeller('POST', '/api/v1/models', { key: 'a_card', name: 'Application scorecard', purpose: 'application', description: '# A card\nGerman credit applicants.' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    modelId = created.body.id;
    expect(created.body).toMatchObject({ key: 'a_card', owner: 'a.modeller', orgId: 'bank_a', latestVersion: null, monitoring: { enabled: false } });
    expect((await modeller('POST', '/api/v1/models', { key: 'a_card', name: 'again', purpose: 'application' })).status).toBe(409);

    const v1 = await modeller('POST', `/api/v1/models/${modelId}/versions`, { format: 'vigil', content: artefact, note: 'first fit' });
    expect(v1.status, JSON.stringify(v1.body).slice(0, 400)).toBe(201);
    expect(v1.body).toMatchObject({ version: 1, status: 'development', kind: 'scorecard', format: 'vigil', features: artefact.features, woeConvention: 'ln(%good/%bad)' });
    expect(v1.body.metrics.test.auc).toBeCloseTo(artefact.metrics.test.auc, 10);
    // A definition that does not validate is refused with its path.
    const bad = await modeller('POST', `/api/v1/models/${modelId}/versions`, { format: 'vigil', content: { kind: 'scorecard', baseScore: 'x', characteristics: [] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toContain('content.baseScore');

    // The modeller cannot validate; the approver can, and then promote it.
    const self = await modeller('POST', `/api/v1/models/${modelId}/versions/1/status`, { status: 'validated', note: 'looks good' });
    expect(self.status).toBe(403);
    expect((await approver('POST', `/api/v1/models/${modelId}/versions/1/status`, { status: 'production', note: 'skip' })).status).toBe(409);
    expect((await approver('POST', `/api/v1/models/${modelId}/versions/1/status`, { status: 'validated', note: 'independent validation passed' })).status).toBe(200);
    expect((await approver('POST', `/api/v1/models/${modelId}/versions/1/status`, { status: 'production', note: 'approved by the model committee' })).body.status).toBe('production');
    expect((await modeller('PUT', `/api/v1/models/${modelId}/champion`, { champion: 1, challenger: null, note: 'go' })).status).toBe(403);
    const champ = await approver('PUT', `/api/v1/models/${modelId}/champion`, { champion: 1, challenger: null, note: 'first champion' });
    expect(champ.body).toMatchObject({ championVersion: 1, challengerVersion: null, latestStatus: 'production' });
    expect((await approver('POST', `/api/v1/models/${modelId}/versions/1/status`, { status: 'retired', note: 'no' })).status).toBe(403);
    expect((await modeller('POST', `/api/v1/models/${modelId}/versions/1/status`, { status: 'retired', note: 'old' })).status).toBe(409);

    // An admin who registers a version may not validate it either: authorship is what counts.
    const admin = as(node, await signIn(node, 'admin'));
    const v2 = await admin('POST', `/api/v1/models/${modelId}/versions`, { format: 'vigil', content: artefact.model, features: artefact.features, note: 'the bare definition' });
    expect(v2.body).toMatchObject({ version: 2, artefact: null });
    expect((await admin('POST', `/api/v1/models/${modelId}/versions/2/status`, { status: 'validated', note: 'mine' })).status).toBe(403);

    const detail = await modeller('GET', `/api/v1/models/${modelId}`);
    expect(detail.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(detail.body.events.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['created', 'version_registered', 'status_changed', 'champion_changed']));
    // Bank B's modeller neither lists nor reads it.
    expect((await bModeller('GET', '/api/v1/models')).body.items).toEqual([]);
    expect((await bModeller('GET', `/api/v1/models/${modelId}`)).status).toBe(404);
    expect((await bModeller('POST', `/api/v1/models/${modelId}/versions`, { format: 'vigil', content: artefact })).status).toBe(404);
  });

  it('scores inputs as the engine would, with reason codes, and serves the HTML report', async () => {
    const row = rows[1]!;
    const inputs = Object.fromEntries(artefact.features.map((f: string) => [f, row[f]]));
    const r = await modeller('POST', `/api/v1/models/${modelId}/versions/1/score`, { inputs });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const expected = artefact.model.baseScore + r.body.contributions.reduce((s: number, c: { points: number }) => s + c.points, 0);
    expect(r.body.score).toBeCloseTo(expected, 9);
    expect(r.body.contributions.map((c: { input: string }) => c.input)).toEqual(artefact.features);
    expect(r.body.reasons.length).toBeGreaterThan(0);
    expect((await modeller('POST', `/api/v1/models/${modelId}/versions/1/score`, { inputs: { nope: 1 } })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'inputs.nope' });
    const report = await fetch(`${node.baseUrl}/api/v1/models/${modelId}/versions/1/report`, { headers: { authorization: `Bearer ${node.creds.adminKey}` } });
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toContain('text/html');
    const html = await report.text();
    expect(html).toContain('<svg');
    expect(html).toContain('status_of_existing_checking_account');
    expect(html).not.toContain('<script');
  });

  it('registers XGBoost and LightGBM models and scores them as the libraries do', async () => {
    const fixtures = new URL('../../engine/test/fixtures/models/', import.meta.url);
    const read = (f: string) => readFileSync(new URL(f, fixtures), 'utf8');
    const expected = JSON.parse(read('xgb-binary.expected.json')) as { rows: Array<Array<number | null>>; prediction: number[] };
    const created = await modeller('POST', '/api/v1/models', { key: 'fraud_gbm', name: 'Fraud GBM', purpose: 'fraud' });
    const id = created.body.id;
    // XGBoost's save_model JSON carries its objective, base score and feature names.
    const xgb = await modeller('POST', `/api/v1/models/${id}/versions`, { format: 'xgboost_json', content: read('xgb-binary.model.json'), note: 'xgboost 1.7.4' });
    expect(xgb.status, JSON.stringify(xgb.body).slice(0, 300)).toBe(201);
    expect(xgb.body).toMatchObject({ kind: 'tree_ensemble', format: 'xgboost_json', features: ['amount', 'velocity', 'risk', 'age'] });
    for (let i = 0; i < 8; i++) {
      const row = expected.rows[i]!;
      const inputs = Object.fromEntries(['amount', 'velocity', 'risk', 'age'].flatMap((f, j) => (row[j] === null ? [] : [[f, row[j]]])));
      const r = await modeller('POST', `/api/v1/models/${id}/versions/1/score`, { inputs });
      expect(r.body.probability, JSON.stringify(r.body).slice(0, 400)).toBeCloseTo(expected.prediction[i]!, 6);
    }
    // The dump needs what it does not carry; without it the import is refused with the reason.
    const dump = JSON.parse(read('xgb-binary.dump.json'));
    expect((await modeller('POST', `/api/v1/models/${id}/versions`, { format: 'xgboost_json', content: dump })).status).toBe(400);
    const fromDump = await modeller('POST', `/api/v1/models/${id}/versions`, { format: 'xgboost_json', content: dump, features: ['amount', 'velocity', 'risk', 'age'], xgboost: { objective: 'binary:logistic', baseScore: 0.3 } });
    expect(fromDump.status, JSON.stringify(fromDump.body).slice(0, 300)).toBe(201);
    const row0 = Object.fromEntries(['amount', 'velocity', 'risk', 'age'].flatMap((f, j) => (expected.rows[0]![j] === null ? [] : [[f, expected.rows[0]![j]]])));
    expect((await modeller('POST', `/api/v1/models/${id}/versions/${fromDump.body.version}/score`, { inputs: row0 })).body.probability).toBeCloseTo(expected.prediction[0]!, 6);
    // LightGBM's text model: amount 50, velocity 2, age missing → margin −0.2375 (worked out in the engine's tests).
    const lgb = await modeller('POST', `/api/v1/models/${id}/versions`, { format: 'lightgbm_text', content: read('lgb-binary.txt') });
    expect(lgb.body).toMatchObject({ kind: 'tree_ensemble', features: ['amount', 'velocity', 'age'] });
    const scored = await modeller('POST', `/api/v1/models/${id}/versions/${lgb.body.version}/score`, { inputs: { amount: 50, velocity: 2 } });
    expect(scored.body.probability).toBeCloseTo(1 / (1 + Math.exp(0.2375)), 9);
    // Text that is no model is refused, and nothing is stored.
    const broken = await modeller('POST', `/api/v1/models/${id}/versions`, { format: 'lightgbm_text', content: 'tree\nversion=v4\n' });
    expect(broken.status).toBe(400);
    expect((await modeller('GET', `/api/v1/models/${id}`)).body.versions).toHaveLength(3);
  });

  it('deploys a version into a strategy draft that scores live decisions, and monitors them', async () => {
    const et = await node.json('POST', '/api/v1/event-types', creditApplicationType(rows));
    expect(et.status, JSON.stringify(et.body)).toBe(201);
    await deploy(node, creditStrategy);
    // Development versions do not go into strategies.
    const dev = await modeller('POST', `/api/v1/models/${modelId}/versions/2/deploy`, { strategyId: 'credit_application_in', note: 'try' });
    expect(dev.status).toBe(403); // the modeller has no strategy.edit
    const analyst = as(node, await signIn(node, 'a.analyst'));
    expect((await analyst('POST', `/api/v1/models/${modelId}/versions/2/deploy`, { strategyId: 'credit_application_in', note: 'try' })).status).toBe(403); // nor model.read
    const admin = as(node, await signIn(node, 'admin'));
    expect((await admin('POST', `/api/v1/models/${modelId}/versions/2/deploy`, { strategyId: 'credit_application_in', note: 'try' })).status).toBe(409);
    const bands = [{ min: 0, max: 480, outcome: 'reject', reasonCode: 'LOW_SCORE' }];
    const d = await admin('POST', `/api/v1/models/${modelId}/versions/1/deploy`, { strategyId: 'credit_application_in', before: 'rules', bands, note: 'A card into the credit flow' });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    expect(d.body).toMatchObject({ strategyId: 'credit_application_in', version: 2, modelId: 'a_card', stageId: 'model_a_card' });
    const draft = await node.json('GET', '/api/v1/strategies/credit_application_in/versions/2');
    expect(draft.body.status).toBe('draft');
    expect(draft.body.package.flow.stages.map((s: { id: string }) => s.id)).toEqual(['model_a_card', 'rules']);
    expect(draft.body.package.models[0].source).toMatchObject({ model: modelId, version: 1 });
    const used = await modeller('GET', `/api/v1/models/${modelId}/versions/1`);
    expect(used.body.usedBy).toEqual([{ strategyId: 'credit_application_in', version: 2, status: 'draft', modelId: 'a_card' }]);

    // Through the lifecycle and live.
    const path = '/api/v1/strategies/credit_application_in/versions/2';
    expect((await node.json('POST', `${path}/submit`, { note: 'ready' })).status).toBe(200);
    expect((await node.json('POST', `${path}/approve`, { note: 'ok' }, await approverKey(node))).status).toBe(200);
    expect((await node.json('POST', `${path}/deploy`, { mode: 'live', reason: 'model live' })).status).toBe(200);

    // Live decisions of bank A's applicants: the model's score is a variable and in the trace, with its bins.
    const { createApiKey } = await import('../src/repos/api-keys.ts');
    const { OrgData } = await import('../src/repos/scoped.ts');
    const channel = (await createApiKey(OrgData.system(node.vigil.database.db), { name: 'bank A loans', kind: 'channel', orgId: 'bank_a', eventTypes: [], rateLimitPerSec: 1000 })).key;
    const now = Date.now();
    const send = async (row: Record<string, string | number>, i: number, prefix: string) => {
      const { creditability, ...data } = row;
      const r = await node.json('POST', '/api/v1/decisions', { eventType: 'credit_application', eventId: `${prefix}-${i}`, occurredAt: new Date(now - 3600_000).toISOString(), data: { ...data, applicant_id: `app-${prefix}-${i}` } }, channel);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return { r, bad: creditability === 'bad', eventId: `${prefix}-${i}` };
    };
    const sent = [];
    for (let i = 0; i < 160; i++) sent.push(await send(rows[i]!, i, 'g'));
    const one = await node.json('GET', `/api/v1/decisions/${sent[0]!.r.body.decisionId}`);
    const stage = one.body.trace.stages.find((s: { id: string }) => s.id === 'model_a_card');
    expect(stage.output.contributions).toHaveLength(artefact.features.length);
    expect(one.body.trace.models.a_card).toBe(stage.output.score);
    await node.vigil.services.writer.flush();

    // Labels for those events, matured at once.
    const csv = ['eventType,eventId,org,label', ...sent.map((s) => `credit_application,${s.eventId},bank_a,${s.bad ? 'fraud' : 'genuine'}`)].join('\n');
    const imported = await node.json('POST', '/api/v1/labels', csv, node.creds.adminKey, { 'content-type': 'text/csv' });
    expect(imported.status, JSON.stringify(imported.body)).toBeLessThan(300);

    const cfg = { enabled: false, schedule: '0 2 * * *', windowDays: 1, labelMaturityDays: 0, minDecisions: 100, thresholds: { psiWarning: 0.1, psiAlert: 0.25, csiAlert: 0.5, ksDropAlert: 0.3, aucDropAlert: 0.3 } };
    expect((await modeller('PUT', `/api/v1/models/${modelId}/monitoring`, { ...cfg, schedule: 'not cron' })).body.error.path).toBe('schedule');
    expect((await modeller('PUT', `/api/v1/models/${modelId}/monitoring`, cfg)).status).toBe(200);
    const ok = await modeller('POST', `/api/v1/models/${modelId}/monitoring/run`, {});
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ version: 1, decisions: 160, labelled: 160, alertId: null });
    expect(ok.body.scorePsi).toBeLessThan(0.25);
    expect(ok.body.auc).toBeGreaterThan(0.6);
    expect(ok.body.ks).toBeGreaterThan(0.2);
    expect(Object.keys(ok.body.csi).sort()).toEqual([...artefact.features].sort());

    // A shifted population: only applicants without a checking account's worst status → PSI alert to the owner.
    const shifted = rows.filter((r) => r.status_of_existing_checking_account === '... < 0 DM').slice(0, 150);
    for (let i = 0; i < shifted.length; i++) await send(shifted[i]!, i, 's');
    await node.vigil.services.writer.flush();
    const drift = await modeller('POST', `/api/v1/models/${modelId}/monitoring/run`, {});
    expect(drift.body.status).toBe('alert');
    expect(drift.body.breaches.map((b: { metric: string }) => b.metric)).toEqual(expect.arrayContaining(['score_psi', 'csi:status_of_existing_checking_account']));
    const alert = await modeller('GET', `/api/v1/alerts/${drift.body.alertId}`);
    expect(alert.status, JSON.stringify(alert.body)).toBe(200);
    expect(alert.body.alert).toMatchObject({ category: 'model_drift', assignee: 'a.modeller', orgId: 'bank_a' });
    const history = await modeller('GET', `/api/v1/models/${modelId}/monitoring`);
    expect(history.body.runs.map((r: { status: string }) => r.status)).toEqual(['alert', ok.body.status]);
    expect((await modeller('GET', '/api/v1/models')).body.items[0]).toMatchObject({ lastMonitoringStatus: 'alert' });
  });

  it('runs monitoring on the model’s schedule, once per tick however many nodes run the job', async () => {
    const cfg = (await modeller('GET', `/api/v1/models/${modelId}/monitoring`)).body.config;
    // Every second (croner takes a seconds field): ticks within one minute share the window's end.
    expect((await modeller('PUT', `/api/v1/models/${modelId}/monitoring`, { ...cfg, enabled: true, schedule: '* * * * * *' })).status).toBe(200);
    // A second node sharing the database runs the same schedule.
    const other = new ModelMonitor({ db: node.vigil.database.db, orgs: node.vigil.services.orgs, bus: node.vigil.services.bus, log: { error: () => undefined } });
    await other.start();
    try {
      const scheduled = async () => (await modeller('GET', `/api/v1/models/${modelId}/monitoring`)).body.runs.filter((r: { trigger: string }) => r.trigger === 'schedule');
      const deadline = Date.now() + 15_000;
      while ((await scheduled()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      await new Promise((r) => setTimeout(r, 2500));
      const runs = await scheduled();
      expect(runs.length).toBeGreaterThan(0);
      const ends = runs.map((r: { windowTo: string }) => r.windowTo);
      expect(new Set(ends).size).toBe(ends.length);
      for (const e of ends) expect(new Date(e).getUTCSeconds()).toBe(0);
    } finally {
      other.stop();
      await modeller('PUT', `/api/v1/models/${modelId}/monitoring`, { ...cfg, enabled: false });
    }
  });
});
