import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { isPanShaped, maskDigitRuns, maskPan, normaliseListValue, parseListCsv, toListCsv, type ListDimension, type ListEntryData } from '@vigil/engine';
import { withTransaction } from '@vigil/storage';
import { AppError, notFound, type ErrorDetail } from '../errors.ts';
import { bumpRevision } from '../repos/changes.ts';
import { allEntries, deleteEntry, deleteList, getList, insertList, listEntries, listLists, updateList, upsertEntries, type ListRecord } from '../repos/lists.ts';
import type { Principal } from '../auth/principal.ts';
import type { OrgData } from '../repos/scoped.ts';
import type { Services } from '../services.ts';
import { audit } from './audit.ts';
import { maskListValue, seesPersonalData } from './pii.ts';
import { errorResponses, I18nTextSchema, IdParam, requireVisibleOrg } from './common.ts';

const Kind = Type.Union([Type.Literal('black'), Type.Literal('white'), Type.Literal('grey')]);
const Dimension = Type.Union(['customer', 'account', 'card', 'phone', 'device', 'ip', 'cidr', 'merchant', 'terminal', 'name', 'text'].map((d) => Type.Literal(d)));
const CreateList = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$', description: 'Name used in rules: inList("key", value)' }),
    name: I18nTextSchema,
    kind: Kind,
    dimension: Dimension,
    orgId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    description: Type.String({ maxLength: 2000, default: '' }),
  },
  { additionalProperties: false },
);
const PatchList = Type.Object({ name: Type.Optional(I18nTextSchema), description: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
const EntryInput = Type.Object(
  {
    value: Type.String({ minLength: 1, maxLength: 256 }),
    reason: Type.String({ maxLength: 500, default: '' }),
    source: Type.String({ maxLength: 64, default: 'manual' }),
    expiresAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  },
  { additionalProperties: false },
);
const AddEntries = Type.Object({ entries: Type.Array(EntryInput, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false });
const RemoveEntries = Type.Object({ values: Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false });
const EntriesQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }), offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }), search: Type.Optional(Type.String({ maxLength: 64 })) });
export const LIST_IMPORT_LIMIT = 16 * 1024 * 1024;

/**
 * The stored form of a list value: card numbers become tokens and are shown masked; other
 * dimensions are normalised so lookups match however the channel formats them.
 */
export function listValue(s: Services, dimension: ListDimension, raw: string): { value: string; display: string } {
  if (dimension === 'card') {
    const v = raw.trim();
    if (v.startsWith('tok_')) return { value: v, display: `${v.slice(0, 10)}…` };
    if (!isPanShaped(v)) throw new Error('must be a card number or a card token');
    return { value: s.tokenizer.tokenize(v), display: maskPan(v) };
  }
  const value = normaliseListValue(dimension, raw);
  return { value, display: value };
}

async function scopedList(data: OrgData, id: string): Promise<ListRecord> {
  const l = await getList(data, id);
  if (!l) throw notFound('list', 'id');
  return l;
}

function entryFor(s: Services, list: ListRecord, p: Principal, e: Static<typeof EntryInput>, path: string, issues: ErrorDetail[]): ListEntryData | null {
  let v: { value: string; display: string };
  try {
    v = listValue(s, list.dimension, e.value);
  } catch (err) {
    issues.push({ path: `${path}.value`, code: 'INVALID_VALUE', message: (err as Error).message });
    return null;
  }
  const expiresAt = e.expiresAt ? Date.parse(e.expiresAt) : null;
  // A reason is free text: a card number typed into it is masked like any other.
  return { ...v, reason: maskDigitRuns(e.reason), source: e.source, expiresAt, orgId: list.orgId, createdBy: p.name, createdAt: Date.now() };
}

export const listRoutes = (s: Services) => async (app: FastifyInstance) => {
  const changed = async () => {
    await s.changed('lists');
  };

  app.get('/api/v1/lists', { config: { permission: 'list.read' }, schema: { tags: ['lists'] } }, async (req) => ({ items: await listLists(req.data) }));

  app.post<{ Body: Static<typeof CreateList> }>(
    '/api/v1/lists',
    { config: { permission: 'list.write' }, schema: { tags: ['lists'], body: CreateList, response: { ...errorResponses } } },
    async (req, reply) => {
      const orgId = req.body.orgId ?? req.principal.orgId;
      requireVisibleOrg(s, req, orgId, 'orgId');
      const id = randomUUID();
      await withTransaction(s.db, async (tx) => {
        const data = req.data.in(tx);
        const dup = await data.selectFrom('lists').select('id').where('key', '=', req.body.key).where('org_id', '=', orgId).executeTakeFirst();
        if (dup) throw new AppError('CONFLICT', `list ${req.body.key} already exists for org ${orgId}`, { path: 'key' });
        await insertList(data, { id, key: req.body.key, name: req.body.name, kind: req.body.kind, dimension: req.body.dimension as ListDimension, orgId, description: req.body.description });
        await audit(tx, req, { action: 'list.create', targetType: 'list', targetId: id, orgId, after: req.body });
        await bumpRevision(tx, 'lists');
      });
      await changed();
      reply.status(201).send(await getList(req.data, id));
    },
  );

  app.get<{ Params: Static<typeof IdParam> }>('/api/v1/lists/:id', { config: { permission: 'list.read' }, schema: { tags: ['lists'], params: IdParam } }, async (req) => scopedList(req.data, req.params.id));

  app.patch<{ Params: Static<typeof IdParam>; Body: Static<typeof PatchList> }>(
    '/api/v1/lists/:id',
    { config: { permission: 'list.write' }, schema: { tags: ['lists'], params: IdParam, body: PatchList } },
    async (req) => {
      const before = await scopedList(req.data, req.params.id);
      await withTransaction(s.db, async (tx) => {
        await updateList(req.data.in(tx), req.params.id, req.body);
        await audit(tx, req, { action: 'list.update', targetType: 'list', targetId: before.id, orgId: before.orgId, before: { name: before.name, description: before.description }, after: req.body });
      });
      return scopedList(req.data, req.params.id);
    },
  );

  app.delete<{ Params: Static<typeof IdParam> }>('/api/v1/lists/:id', { config: { permission: 'list.write' }, schema: { tags: ['lists'], params: IdParam } }, async (req, reply) => {
    const before = await scopedList(req.data, req.params.id);
    await withTransaction(s.db, async (tx) => {
      await deleteList(req.data.in(tx), req.params.id);
      await audit(tx, req, { action: 'list.delete', targetType: 'list', targetId: before.id, orgId: before.orgId, before: { key: before.key, kind: before.kind, dimension: before.dimension } });
      await bumpRevision(tx, 'lists');
    });
    await changed();
    reply.status(204).send();
  });

  app.get<{ Params: Static<typeof IdParam>; Querystring: Static<typeof EntriesQuery> }>(
    '/api/v1/lists/:id/entries',
    { config: { permission: 'list.read' }, schema: { tags: ['lists'], params: IdParam, querystring: EntriesQuery } },
    async (req) => {
      const list = await scopedList(req.data, req.params.id);
      const items = await listEntries(req.data, req.params.id, req.query);
      return { items: items.map((e) => ({ value: maskListValue(req.principal, list.dimension, e.display), reason: e.reason, source: e.source, expiresAt: e.expiresAt ? new Date(e.expiresAt).toISOString() : null, createdBy: e.createdBy, createdAt: new Date(e.createdAt).toISOString() })) };
    },
  );

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof AddEntries> }>(
    '/api/v1/lists/:id/entries',
    { config: { permission: 'list.write' }, schema: { tags: ['lists'], summary: 'Add or replace entries (all or nothing)', params: IdParam, body: AddEntries } },
    async (req) => {
      const list = await scopedList(req.data, req.params.id);
      const issues: ErrorDetail[] = [];
      const entries = req.body.entries.map((e, i) => entryFor(s, list, req.principal, e, `entries[${i}]`, issues));
      // Two spellings of one value (a card number with and without spaces) are one entry.
      const firstAt = new Map<string, number>();
      entries.forEach((e, i) => {
        if (!e) return;
        const prev = firstAt.get(e.value);
        if (prev === undefined) firstAt.set(e.value, i);
        else issues.push({ path: `entries[${i}].value`, code: 'DUPLICATE', message: `the same value as entries[${prev}]` });
      });
      if (issues.length) throw new AppError('VALIDATION_FAILED', 'some entries are invalid; nothing was added', { details: issues });
      await withTransaction(s.db, async (tx) => {
        await upsertEntries(req.data.in(tx), list.id, entries as ListEntryData[]);
        await audit(tx, req, { action: 'list.entries.add', targetType: 'list', targetId: list.id, orgId: list.orgId, after: { entries: (entries as ListEntryData[]).map((e) => ({ value: e.display, reason: e.reason, expiresAt: e.expiresAt })) } });
        await bumpRevision(tx, 'lists');
      });
      await changed();
      return { added: entries.length };
    },
  );

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof RemoveEntries> }>(
    '/api/v1/lists/:id/entries/delete',
    { config: { permission: 'list.write' }, schema: { tags: ['lists'], summary: 'Remove entries by value', params: IdParam, body: RemoveEntries } },
    async (req) => {
      const list = await scopedList(req.data, req.params.id);
      let removed = 0;
      await withTransaction(s.db, async (tx) => {
        for (const raw of req.body.values) {
          let v: string;
          try {
            v = listValue(s, list.dimension, raw).value;
          } catch {
            continue;
          }
          if (await deleteEntry(req.data.in(tx), list.id, v)) removed++;
        }
        await audit(tx, req, { action: 'list.entries.remove', targetType: 'list', targetId: list.id, orgId: list.orgId, before: { removed } });
        await bumpRevision(tx, 'lists');
      });
      await changed();
      return { removed };
    },
  );

  app.post<{ Params: Static<typeof IdParam> }>(
    '/api/v1/lists/:id/import',
    {
      bodyLimit: LIST_IMPORT_LIMIT,
      config: { permission: 'list.write' },
      schema: { tags: ['lists'], summary: 'Bulk import CSV (value, reason, expires_at, source); valid rows are added, every bad row reported', params: IdParam, consumes: ['text/csv'] },
    },
    async (req) => {
      if (typeof req.body !== 'string') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send text/csv');
      const list = await scopedList(req.data, req.params.id);
      const parsed = parseListCsv(req.body);
      const errors = [...parsed.errors];
      const entries: ListEntryData[] = [];
      for (const r of parsed.rows) {
        const issues: ErrorDetail[] = [];
        const e = entryFor(s, list, req.principal, { value: r.value, reason: r.reason ?? '', source: r.source ?? 'import', expiresAt: r.expiresAt ?? null }, 'value', issues);
        if (e) entries.push(e);
        else errors.push({ line: r.line, code: 'INVALID_VALUE', message: issues[0]!.message });
      }
      await withTransaction(s.db, async (tx) => {
        await upsertEntries(req.data.in(tx), list.id, entries);
        await audit(tx, req, { action: 'list.import', targetType: 'list', targetId: list.id, orgId: list.orgId, after: { imported: entries.length, rejected: errors.length } });
        await bumpRevision(tx, 'lists');
      });
      await changed();
      errors.sort((a, b) => a.line - b.line);
      return { imported: entries.length, rejected: errors.length, errors: errors.slice(0, 1000) };
    },
  );

  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/v1/lists/:id/export',
    { config: { permission: 'list.export' }, schema: { tags: ['lists'], summary: 'Export as CSV; card numbers only masked', params: IdParam } },
    async (req, reply) => {
      const list = await scopedList(req.data, req.params.id);
      const entries = await allEntries(req.data, list.id);
      await withTransaction(s.db, (tx) => audit(tx, req, { action: 'list.export', targetType: 'list', targetId: list.id, orgId: list.orgId, after: { entries: entries.length } }));
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${list.key}.csv"`)
        .send(toListCsv(entries.map((e) => ({ ...e, display: maskListValue(req.principal, list.dimension, e.display), value: seesPersonalData(req.principal) ? e.value : maskListValue(req.principal, list.dimension, e.value) })), { cardList: list.dimension === 'card' }));
    },
  );
};
