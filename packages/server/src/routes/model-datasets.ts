import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { withTransaction } from '@vigil/storage';
import { BinningError, DataError, binVariable, fitScorecard, parseCsv, summarize, type Dataset } from '@vigil/modeling';
import { AppError, notFound } from '../errors.ts';
import { holdsCardNumber } from '../card-numbers.ts';
import type { OrgData } from '../repos/scoped.ts';
import type { Services } from '../services.ts';
import { audit } from './audit.ts';
import { errorResponses, IdParam, requireVisibleOrg } from './common.ts';
import { BinningResultSchema, BinVariableSchema, DatasetListSchema, DatasetSummarySchema, FitResultSchema, FitScorecardSchema, UploadDatasetSchema } from './model-schema.ts';

/** Parsed datasets kept in memory, most recently used last: binning a variable again needs no re-parse. */
const CACHE_SIZE = 4;

function toAppError(e: unknown): never {
  if (e instanceof DataError) {
    const d = e.details;
    const where = d.columnName ?? (d.column !== undefined ? `column ${d.column}` : undefined);
    throw new AppError('VALIDATION_FAILED', e.message, { details: [{ path: where ? `csv.${where}` : 'csv', code: e.code, message: e.message }] });
  }
  if (e instanceof BinningError) throw new AppError('VALIDATION_FAILED', e.message, { details: [{ path: 'options', code: e.code, message: e.message }] });
  throw e;
}

/** The first line holding a card number (1-based), for the error that refuses the file. */
function cardNumberLine(csv: string): number | null {
  if (!holdsCardNumber(csv)) return null;
  const lines = csv.split('\n');
  for (let i = 0; i < lines.length; i++) if (holdsCardNumber(lines[i]!)) return i + 1;
  return 1;
}

/**
 * The modelling workbench: CSV datasets uploaded by modellers (kept in the database with their
 * data-quality summary, visible to the orgs that own them), binning of one variable with the
 * toolkit's methods or manual breaks, and fitting a scorecard whose artefact is then registered
 * as a model version. A dataset holding a card number is refused whole: modelling data carries
 * tokens or nothing.
 */
export const modelDatasetRoutes = (s: Services) => async (app: FastifyInstance) => {
  const cache = new Map<string, Dataset>();
  const maxBytes = s.config.modelDatasetMaxBytes;

  const load = async (data: OrgData, id: string): Promise<Dataset> => {
    const hit = cache.get(id);
    const row = await data.selectFrom('model_datasets').select(hit ? ['id'] : ['id', 'csv']).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('dataset', 'id');
    if (hit) {
      cache.delete(id);
      cache.set(id, hit);
      return hit;
    }
    let ds: Dataset;
    try {
      ds = parseCsv((row as { csv: string }).csv);
    } catch (e) {
      toAppError(e);
    }
    cache.set(id, ds);
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return ds;
  };

  const view = (r: { id: string; org_id: string; name: string; rows: number; bytes: number; sha256: string; columns?: unknown; created_by: string; created_at: Date }) => ({
    id: r.id,
    orgId: r.org_id,
    name: r.name,
    rows: r.rows,
    bytes: r.bytes,
    sha256: r.sha256,
    ...(r.columns !== undefined ? { columns: r.columns as never } : {}),
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
  });
  const LIST_COLS = ['id', 'org_id', 'name', 'rows', 'bytes', 'sha256', 'created_by', 'created_at'] as const;

  app.get(
    '/api/v1/model-datasets',
    { config: { permission: 'model.read' }, schema: { tags: ['models'], summary: 'Datasets of the caller’s orgs, newest first', response: { 200: DatasetListSchema, ...errorResponses } } },
    async (req) => ({ items: (await req.data.selectFrom('model_datasets').select(LIST_COLS).orderBy('created_at', 'desc').limit(500).execute()).map(view) }),
  );

  app.post<{ Body: Static<typeof UploadDatasetSchema> }>(
    '/api/v1/model-datasets',
    {
      // The CSV travels as a JSON string: escaping can grow it, hence the margin over the CSV limit.
      bodyLimit: Math.ceil(maxBytes * 1.25) + 64 * 1024,
      config: { permission: 'model.edit' },
      schema: { tags: ['models'], summary: 'Upload a CSV dataset (header first); its columns’ types are inferred and summarised', body: UploadDatasetSchema, response: { 201: DatasetSummarySchema, ...errorResponses } },
    },
    async (req, reply) => {
      const orgId = req.body.orgId ?? req.principal.orgId;
      requireVisibleOrg(s, req, orgId, 'orgId');
      const csv = req.body.csv;
      const bytes = Buffer.byteLength(csv);
      if (bytes > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `the CSV is ${bytes} bytes; at most ${maxBytes} (VIGIL_MODEL_DATASET_MAX_BYTES)`, { path: 'csv' });
      const line = cardNumberLine(csv);
      if (line !== null) throw new AppError('SENSITIVE_DATA_REFUSED', `line ${line} holds a card number: modelling data must carry tokens, not card numbers; nothing was stored`, { details: [{ path: `csv.line ${line}`, code: 'CARD_NUMBER_REFUSED', message: 'a card number (a digit run passing the Luhn check)' }] });
      if (holdsCardNumber(req.body.name)) throw new AppError('SENSITIVE_DATA_REFUSED', 'the name holds a card number', { path: 'name' });
      let ds: Dataset;
      try {
        ds = parseCsv(csv);
      } catch (e) {
        toAppError(e);
      }
      const columns = summarize(ds);
      const id = randomUUID();
      const sha256 = createHash('sha256').update(csv).digest('hex');
      await withTransaction(s.db, async (tx) => {
        await req.data.in(tx).insertInto('model_datasets', { id, org_id: orgId, name: req.body.name, rows: ds.rows, bytes, sha256, columns: JSON.stringify(columns) as never, csv, created_by: req.principal.name }).execute();
        await audit(tx, req, { action: 'model_dataset.upload', targetType: 'model_dataset', targetId: id, orgId, after: { name: req.body.name, rows: ds.rows, columns: ds.columns.length, bytes, sha256 } });
      });
      cache.set(id, ds);
      while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
      const row = await req.data.selectFrom('model_datasets').select([...LIST_COLS, 'columns']).where('id', '=', id).executeTakeFirstOrThrow();
      reply.status(201).send(view(row));
    },
  );

  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/v1/model-datasets/:id',
    { config: { permission: 'model.read' }, schema: { tags: ['models'], summary: 'A dataset’s data-quality summary', params: IdParam, response: { 200: DatasetSummarySchema, ...errorResponses } } },
    async (req) => {
      const row = await req.data.selectFrom('model_datasets').select([...LIST_COLS, 'columns']).where('id', '=', req.params.id).executeTakeFirst();
      if (!row) throw notFound('dataset', 'id');
      return view(row);
    },
  );

  app.delete<{ Params: Static<typeof IdParam> }>(
    '/api/v1/model-datasets/:id',
    { config: { permission: 'model.edit' }, schema: { tags: ['models'], summary: 'Delete a dataset (models fitted on it keep its hash)', params: IdParam, response: { ...errorResponses } } },
    async (req, reply) => {
      const row = await req.data.selectFrom('model_datasets').select(LIST_COLS).where('id', '=', req.params.id).executeTakeFirst();
      if (!row) throw notFound('dataset', 'id');
      await withTransaction(s.db, async (tx) => {
        await req.data.in(tx).deleteFrom('model_datasets').where('id', '=', row.id).execute();
        await audit(tx, req, { action: 'model_dataset.delete', targetType: 'model_dataset', targetId: row.id, orgId: row.org_id, before: { name: row.name, rows: row.rows, sha256: row.sha256 } });
      });
      cache.delete(row.id);
      reply.status(204).send();
    },
  );

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof BinVariableSchema> }>(
    '/api/v1/model-datasets/:id/binning',
    { config: { permission: 'model.read' }, schema: { tags: ['models'], summary: 'Bin one variable against the target: optimal, ChiMerge or quantile, or the manual breaks / groups given', params: IdParam, body: BinVariableSchema, response: { 200: BinningResultSchema, ...errorResponses } } },
    async (req) => {
      const ds = await load(req.data, req.params.id);
      try {
        return binVariable(ds, req.body);
      } catch (e) {
        toAppError(e);
      }
    },
  );

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof FitScorecardSchema> }>(
    '/api/v1/model-datasets/:id/fit',
    { config: { permission: 'model.edit' }, schema: { tags: ['models'], summary: 'Fit a scorecard (binning, selection, logistic regression, scaling, evaluation); register the artefact as a model version to keep it', params: IdParam, body: FitScorecardSchema, response: { 200: FitResultSchema, ...errorResponses } } },
    async (req) => {
      const ds = await load(req.data, req.params.id);
      const row = await req.data.selectFrom('model_datasets').select(['sha256']).where('id', '=', req.params.id).executeTakeFirstOrThrow();
      try {
        return { artefact: fitScorecard(ds, { ...req.body, dataSha256: row.sha256 }) };
      } catch (e) {
        toAppError(e);
      }
    },
  );
};
