import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { csvRecords } from '@vigil/engine';
import { json, withTransaction } from '@vigil/storage';
import { AppError, notFound } from '../errors.ts';
import { recordEventLabels } from '../repos/labels.ts';
import { getVersion } from '../repos/strategies.ts';
import { MAX_WARMUP_DAYS, type BacktestInput, type FileEvent } from '../runtime/backtest-jobs.ts';
import type { Services } from '../services.ts';
import { audit } from './audit.ts';
import { errorResponses, IdParam, requireVisibleOrg } from './common.ts';
import { prepareLines } from './events.ts';
import { BacktestCompareSchema, BacktestCreatedSchema, BacktestListSchema, BacktestSchema, BacktestUploadedSchema } from './backtest-schema.ts';

/** Uploaded backtest files and label files: explicit limits. */
export const BACKTEST_UPLOAD_LIMIT = 128 * 1024 * 1024;
export const BACKTEST_MAX_EVENTS = 500_000;
export const LABEL_MAX_ROWS = 500_000;
/** The longest range of the decision log one backtest replays. */
export const MAX_RANGE_DAYS = 366;
const MAX_REPORTED_ERRORS = 1000;

const Outcome = Type.Union([Type.Literal('pass'), Type.Literal('review'), Type.Literal('challenge'), Type.Literal('reject')]);
const LabelOptions = {
  positiveOutcomes: Type.Optional(Type.Array(Outcome, { minItems: 1, maxItems: 4, uniqueItems: true, description: 'Outcomes that count as flagging the event (default reject, review, challenge)' })),
  unlabelled: Type.Optional(Type.Union([Type.Literal('genuine'), Type.Literal('ignore')], { description: 'How events without a label count (default genuine)' })),
};
const CreateBacktest = Type.Object(
  {
    strategyId: Type.String({ minLength: 1, maxLength: 64 }),
    version: Type.Integer({ minimum: 1 }),
    name: Type.String({ maxLength: 200, default: '' }),
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    orgs: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 200, uniqueItems: true })),
    warmupDays: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_WARMUP_DAYS, description: 'History before `from` fed to the features only (default: the longest feature window, at most 90 days)' })),
    ...LabelOptions,
  },
  { additionalProperties: false },
);
const UploadQuery = Type.Object(
  { strategyId: Type.String({ minLength: 1, maxLength: 64 }), version: Type.Integer({ minimum: 1 }), name: Type.String({ maxLength: 200, default: '' }), ...LabelOptions },
  { additionalProperties: false },
);
const ListQuery = Type.Object({ strategyId: Type.Optional(Type.String({ maxLength: 64 })), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }, { additionalProperties: false });
const CompareQuery = Type.Object({ ids: Type.String({ maxLength: 2000, description: 'Comma-separated backtest ids (2 to 10)' }) }, { additionalProperties: false });

const WINDOW_DAYS: Record<string, number> = { s: 1 / 86_400, m: 1 / 1440, h: 1 / 24, d: 1 };

/** The longest window among the version's features: the warm-up a backtest needs. */
function longestWindowDays(features: Array<{ kind?: string; window?: string }>): number {
  let max = 0;
  for (const f of features) {
    // Profiles and geo features without a window remember 90 days.
    const m = /^(\d+)([smhd])$/.exec(f.window ?? (f.kind === 'profile' || f.kind === 'geo' ? '90d' : ''));
    if (m) max = Math.max(max, Number(m[1]) * WINDOW_DAYS[m[2]!]!);
  }
  return Math.min(MAX_WARMUP_DAYS, Math.ceil(max));
}

function jobView(r: { id: string; org_id: string; strategy_id: string; version: number; name: string; input: unknown; status: string; processed: string | number; total: string | number | null; result: unknown; error: string | null; created_by: string; created_at: Date; started_at: Date | null; finished_at: Date | null }) {
  const processed = Number(r.processed);
  const total = r.total === null ? null : Number(r.total);
  const { scope: _scope, ...input } = r.input as BacktestInput;
  return {
    id: r.id,
    orgId: r.org_id,
    strategy: { id: r.strategy_id, version: r.version },
    name: r.name,
    input,
    status: r.status,
    progress: { processed, total, share: total ? Math.min(1, processed / total) : null },
    result: r.result,
    error: r.error,
    createdBy: r.created_by,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

export const backtestRoutes = (s: Services) => async (app: FastifyInstance) => {
  async function versionFor(strategyId: string, version: number) {
    const v = await getVersion(s.db, strategyId, version);
    if (!v) throw notFound('strategy version', 'version');
    if (!s.registry.eventType(v.pkg.eventType)) throw new AppError('EVENT_TYPE_NOT_FOUND', `event type ${v.pkg.eventType} is not registered`, { path: 'strategyId' });
    return v;
  }

  async function createJob(req: FastifyRequest, v: { strategyId: string; version: number }, name: string, input: BacktestInput): Promise<string> {
    const id = randomUUID();
    await withTransaction(s.db, async (tx) => {
      await req.data
        .in(tx)
        .insertInto('backtests', { id, org_id: req.principal.orgId, strategy_id: v.strategyId, version: v.version, name, input: json(input as unknown as Record<string, unknown>), status: 'queued', created_by: `${req.principal.kind}:${req.principal.name}`, node_id: s.backtests.nodeId })
        .execute();
      const { scope: _scope, ...shown } = input;
      await audit(tx, req, { action: 'backtest.create', targetType: 'backtest', targetId: id, after: { strategy: `${v.strategyId}@${v.version}`, ...shown } });
    });
    return id;
  }

  app.post<{ Body: Static<typeof CreateBacktest> }>(
    '/api/v1/backtests',
    {
      config: { permission: 'backtest.run' },
      schema: { tags: ['backtests'], summary: 'Backtest a version over the decision log of a time range (point-in-time features); runs in the background', body: CreateBacktest, response: { 202: BacktestCreatedSchema, ...errorResponses } },
    },
    async (req, reply) => {
      const b = req.body;
      if (Date.parse(b.to) <= Date.parse(b.from)) throw new AppError('VALIDATION_FAILED', '`to` must be after `from`', { path: 'to' });
      if (Date.parse(b.to) - Date.parse(b.from) > MAX_RANGE_DAYS * 86_400_000) throw new AppError('VALIDATION_FAILED', `a backtest covers at most ${MAX_RANGE_DAYS} days`, { path: 'to' });
      b.orgs?.forEach((o, i) => requireVisibleOrg(s, req, o, `orgs[${i}]`));
      const v = await versionFor(b.strategyId, b.version);
      const input: BacktestInput = {
        source: { kind: 'log', from: b.from, to: b.to, ...(b.orgs ? { orgs: b.orgs } : {}), warmupDays: b.warmupDays ?? longestWindowDays(v.pkg.features as Array<{ kind?: string; window?: string }>) },
        scope: req.principal.scope,
        ...(b.positiveOutcomes ? { positiveOutcomes: b.positiveOutcomes } : {}),
        ...(b.unlabelled ? { unlabelled: b.unlabelled } : {}),
      };
      const id = await createJob(req, v, b.name, input);
      s.backtests.start(id);
      reply.status(202).send({ id, status: 'queued' });
    },
  );

  app.post<{ Querystring: Static<typeof UploadQuery> }>(
    '/api/v1/backtests/upload',
    {
      bodyLimit: BACKTEST_UPLOAD_LIMIT,
      config: { permission: 'backtest.run' },
      schema: {
        tags: ['backtests'],
        summary: 'Backtest a version over an uploaded NDJSON or CSV file of events (the bulk-intake format); valid lines run, bad lines are reported',
        querystring: UploadQuery,
        consumes: ['application/x-ndjson', 'text/csv'],
        response: { 202: BacktestUploadedSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      if (typeof req.body !== 'string') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send application/x-ndjson or text/csv');
      const v = await versionFor(req.query.strategyId, req.query.version);
      // The same checks as live intake: schema, card numbers tokenised, CVV refused, org in scope.
      const prepared = prepareLines(s, req, BACKTEST_MAX_EVENTS);
      const errors = prepared.errors;
      const events: FileEvent[] = [];
      const seen = new Set<string>();
      for (const { line, eventId, p } of prepared.events) {
        // One event once: a repeated id would count twice in features and results.
        const key = `${p.et.key}/${p.org}/${eventId}`;
        if (seen.has(key)) {
          errors.push({ line, code: 'DUPLICATE', path: 'eventId', message: 'this event is already in the file' });
          continue;
        }
        seen.add(key);
        events.push({ eventType: p.et.key, eventId, org: p.org, at: p.at, data: p.prepared.data });
      }
      if (events.length === 0) throw new AppError('VALIDATION_FAILED', 'no valid event in the file', { details: errors.slice(0, MAX_REPORTED_ERRORS).map((e) => ({ path: `line ${e.line}${e.path ? `: ${e.path}` : ''}`, code: e.code, message: e.message })) });
      const input: BacktestInput = {
        source: { kind: 'file', events: events.length },
        scope: req.principal.scope,
        ...(req.query.positiveOutcomes ? { positiveOutcomes: req.query.positiveOutcomes } : {}),
        ...(req.query.unlabelled ? { unlabelled: req.query.unlabelled } : {}),
      };
      const id = await createJob(req, v, req.query.name, input);
      await s.backtests.saveFile(id, events);
      s.backtests.start(id);
      errors.sort((a, b) => a.line - b.line);
      reply.status(202).send({ id, status: 'queued', accepted: events.length, rejected: errors.length, errors: errors.slice(0, MAX_REPORTED_ERRORS) });
    },
  );

  app.get<{ Querystring: Static<typeof ListQuery> }>('/api/v1/backtests', { config: { permission: 'strategy.read' }, schema: { tags: ['backtests'], summary: 'Backtests of the caller’s orgs, newest first', querystring: ListQuery, response: { 200: BacktestListSchema, ...errorResponses } } }, async (req) => {
    let q = req.data.selectFrom('backtests').selectAll().orderBy('created_at', 'desc').limit(req.query.limit);
    if (req.query.strategyId) q = q.where('strategy_id', '=', req.query.strategyId);
    return { items: (await q.execute()).map((r) => ({ ...jobView(r), result: undefined })) };
  });

  app.get<{ Querystring: Static<typeof CompareQuery> }>(
    '/api/v1/backtests/compare',
    { config: { permission: 'strategy.read' }, schema: { tags: ['backtests'], summary: 'Finished backtests side by side: outcomes, rule hits, label metrics, alerts per day', querystring: CompareQuery, response: { 200: BacktestCompareSchema, ...errorResponses } } },
    async (req) => {
      const ids = [...new Set(req.query.ids.split(',').map((x) => x.trim()).filter(Boolean))];
      if (ids.length < 2 || ids.length > 10) throw new AppError('VALIDATION_FAILED', 'give 2 to 10 backtest ids', { path: 'ids' });
      const rows = await req.data.selectFrom('backtests').selectAll().where('id', 'in', ids).execute();
      const missing = ids.find((id) => !rows.some((r) => r.id === id));
      if (missing) throw notFound('backtest', 'ids');
      const byId = new Map(rows.map((r) => [r.id, jobView(r)]));
      const runs = ids.map((id) => byId.get(id)!);
      const metric = (pick: (r: any) => unknown) => runs.map((r) => (r.result ? pick(r.result) : null));
      return {
        runs: runs.map((r) => ({ id: r.id, name: r.name, strategy: r.strategy, status: r.status, input: r.input })),
        metrics: {
          events: metric((x) => x.events),
          outcomes: metric((x) => x.outcomes),
          alertsPerDay: metric((x) => x.alertsPerDay),
          precision: metric((x) => x.labels?.precision ?? null),
          recall: metric((x) => x.labels?.recall ?? null),
          f1: metric((x) => x.labels?.f1 ?? null),
          falsePositiveRate: metric((x) => x.labels?.falsePositiveRate ?? null),
          caughtAmount: metric((x) => x.labels?.caughtAmount ?? null),
          agreementWithLive: metric((x) => x.comparison?.agreement ?? null),
          ruleHits: metric((x) => x.ruleHits),
        },
      };
    },
  );

  app.get<{ Params: Static<typeof IdParam> }>('/api/v1/backtests/:id', { config: { permission: 'strategy.read' }, schema: { tags: ['backtests'], summary: 'A backtest: status, progress and, when done, its report', params: IdParam, response: { 200: BacktestSchema, ...errorResponses } } }, async (req) => {
    const r = await req.data.selectFrom('backtests').selectAll().where('id', '=', req.params.id).executeTakeFirst();
    if (!r) throw notFound('backtest', 'id');
    return jobView(r);
  });

  app.post<{ Params: Static<typeof IdParam> }>('/api/v1/backtests/:id/cancel', { config: { permission: 'backtest.run' }, schema: { tags: ['backtests'], summary: 'Stop a queued or running backtest', params: IdParam, response: { 200: BacktestCreatedSchema, ...errorResponses } } }, async (req) => {
    const r = await withTransaction(s.db, async (tx) => {
      const row = await req.data.in(tx).updateTable('backtests').set({ status: 'cancelled', finished_at: new Date() }).where('id', '=', req.params.id).where('status', 'in', ['queued', 'running']).returning(['id', 'org_id']).executeTakeFirst();
      if (row) await audit(tx, req, { action: 'backtest.cancel', targetType: 'backtest', targetId: row.id, orgId: row.org_id });
      return row;
    });
    if (!r) {
      const exists = await req.data.selectFrom('backtests').select('status').where('id', '=', req.params.id).executeTakeFirst();
      if (!exists) throw notFound('backtest', 'id');
      throw new AppError('CONFLICT', `the backtest is ${exists.status}`, { path: 'id' });
    }
    s.backtests.cancel(req.params.id);
    return { id: req.params.id, status: 'cancelled' };
  });

  app.post(
    '/api/v1/labels',
    {
      bodyLimit: BACKTEST_UPLOAD_LIMIT,
      config: { permission: 'label.write' },
      schema: {
        tags: ['backtests'],
        summary: 'Import event labels (fraud or genuine) from CSV (eventType,eventId,org,label,amount,typology) or NDJSON; valid rows are stored, bad rows reported',
        consumes: ['text/csv', 'application/x-ndjson'],
      },
    },
    async (req) => {
      if (typeof req.body !== 'string') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send text/csv or application/x-ndjson');
      const rows = parseLabels(req.body, String(req.headers['content-type'] ?? ''));
      const errors = rows.filter((r): r is { line: number; error: { code: string; path?: string; message: string } } => 'error' in r).map((r) => ({ line: r.line, ...r.error }));
      const good: Array<{ line: number; eventType: string; eventId: string; org: string; fraud: boolean; amount: number | null; typology: string | null; source: string }> = [];
      for (const r of rows) {
        if ('error' in r) continue;
        const org = r.org ?? req.principal.orgId;
        if (!s.orgs.has(org) || !req.data.allows(org)) {
          errors.push({ line: r.line, code: 'NOT_FOUND', path: 'org', message: 'org not found' });
          continue;
        }
        if (!s.registry.eventType(r.eventType)) {
          errors.push({ line: r.line, code: 'EVENT_TYPE_NOT_FOUND', path: 'eventType', message: `event type ${r.eventType} is not registered` });
          continue;
        }
        good.push({ ...r, org });
      }
      const by = `${req.principal.kind}:${req.principal.name}`;
      await withTransaction(s.db, async (tx) => {
        await recordEventLabels(
          req.data.in(tx),
          good.map((g) => ({ eventType: g.eventType, orgId: g.org, eventId: g.eventId, fraud: g.fraud, amount: g.amount, typology: g.typology, source: g.source, createdBy: by })),
        );
        await audit(tx, req, { action: 'label.import', targetType: 'event_labels', targetId: 'import', after: { imported: good.length, rejected: errors.length } });
      });
      errors.sort((a, b) => a.line - b.line);
      return { imported: good.length, rejected: errors.length, errors: errors.slice(0, MAX_REPORTED_ERRORS) };
    },
  );
};

type LabelRow = { line: number; eventType: string; eventId: string; org?: string; fraud: boolean; amount: number | null; typology: string | null; source: string } | { line: number; error: { code: string; path?: string; message: string } };

const FRAUD = new Set(['fraud', '1', 'true', 'yes', 'confirmed_fraud']);
const GENUINE = new Set(['genuine', '0', 'false', 'no', 'not_fraud', 'legit']);

function labelRow(line: number, o: Record<string, unknown>): LabelRow {
  const eventType = typeof o.eventType === 'string' ? o.eventType.trim() : '';
  const eventId = typeof o.eventId === 'string' ? o.eventId.trim() : '';
  if (!eventType) return { line, error: { code: 'VALIDATION_FAILED', path: 'eventType', message: 'required' } };
  if (!/^[A-Za-z0-9._:-]{1,128}$/.test(eventId)) return { line, error: { code: 'VALIDATION_FAILED', path: 'eventId', message: 'must be 1-128 characters of A-Z a-z 0-9 . _ : -' } };
  const raw = String(o.label ?? '').trim().toLowerCase();
  const fraud = FRAUD.has(raw) ? true : GENUINE.has(raw) ? false : null;
  if (fraud === null) return { line, error: { code: 'VALIDATION_FAILED', path: 'label', message: 'must be fraud or genuine' } };
  let amount: number | null = null;
  if (o.amount !== undefined && o.amount !== null && o.amount !== '') {
    amount = Number(o.amount);
    if (!Number.isFinite(amount) || amount < 0) return { line, error: { code: 'VALIDATION_FAILED', path: 'amount', message: 'must be a non-negative number' } };
  }
  const org = typeof o.org === 'string' && o.org.trim() ? o.org.trim() : undefined;
  const source = typeof o.source === 'string' && o.source.trim() ? o.source.trim().slice(0, 64) : 'import';
  const typology = typeof o.typology === 'string' && o.typology.trim() ? o.typology.trim() : null;
  if (typology !== null && !/^[a-z][a-z0-9_]{0,63}$/.test(typology)) return { line, error: { code: 'VALIDATION_FAILED', path: 'typology', message: 'must be a lower-case key like card_theft' } };
  return { line, eventType, eventId, ...(org ? { org } : {}), fraud, amount, typology, source };
}

function parseLabels(text: string, contentType: string): LabelRow[] {
  const out: LabelRow[] = [];
  if (contentType.startsWith('text/csv')) {
    let header: string[] | null = null;
    for (const rec of csvRecords(text)) {
      if (rec.error) {
        out.push({ line: rec.line, error: { code: 'CSV_FORMAT', message: rec.error } });
        continue;
      }
      if (!header) {
        header = rec.fields.map((h) => h.trim());
        for (const h of ['eventType', 'eventId', 'label']) if (!header.includes(h)) throw new AppError('VALIDATION_FAILED', `CSV header must include ${h}`, { path: h });
        continue;
      }
      if (rec.fields.length === 1 && rec.fields[0] === '') continue;
      if (out.length >= LABEL_MAX_ROWS) throw new AppError('PAYLOAD_TOO_LARGE', `at most ${LABEL_MAX_ROWS} labels per request`);
      const o: Record<string, unknown> = {};
      header.forEach((h, i) => (o[h] = rec.fields[i] ?? ''));
      out.push(labelRow(rec.line, o));
    }
    return out;
  }
  const lines = text.split(/\r?\n/);
  if (lines.length > LABEL_MAX_ROWS + 1) throw new AppError('PAYLOAD_TOO_LARGE', `at most ${LABEL_MAX_ROWS} labels per request`);
  lines.forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      const o = JSON.parse(raw, (k, x) => (k === '__proto__' ? undefined : x));
      if (!o || typeof o !== 'object' || Array.isArray(o)) out.push({ line: i + 1, error: { code: 'VALIDATION_FAILED', message: 'must be an object' } });
      else out.push(labelRow(i + 1, o as Record<string, unknown>));
    } catch {
      out.push({ line: i + 1, error: { code: 'INVALID_JSON', message: 'line is not valid JSON' } });
    }
  });
  return out;
}
