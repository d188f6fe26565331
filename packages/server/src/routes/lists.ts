import { createCipheriv, createDecipheriv, createHash, createHmac, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { isPanShaped, maskDigitRuns, maskPan, normaliseListValue, parseListCsv, toListCsv, type ListDimension, type ListEntryData } from '@vigil/engine';
import { withTransaction } from '@vigil/storage';
import { AppError, notFound, type ErrorDetail } from '../errors.ts';
import { bumpRevision } from '../repos/changes.ts';
import { allEntries, countEntries, deleteEntry, deleteList, expireEntries, getList, insertList, listEntries, listLists, updateList, upsertEntries, type ListRecord } from '../repos/lists.ts';
import type { Principal } from '../auth/principal.ts';
import type { OrgData } from '../repos/scoped.ts';
import type { Services } from '../services.ts';
import { audit } from './audit.ts';
import { maskListValue, seesPersonalData } from './pii.ts';
import { errorResponses, IdParam, orgFilter, requireVisibleOrg } from './common.ts';
import {
  AddEntriesResultSchema,
  AddEntriesSchema as AddEntries,
  CreateListSchema as CreateList,
  EntriesQuerySchema as EntriesQuery,
  EntryInputSchema as EntryInput,
  ExpireEntriesResultSchema,
  ExpireEntriesSchema as ExpireEntries,
  ImportResultSchema,
  ListCollectionSchema,
  ListEntryPageSchema,
  ListSchema,
  ListsQuerySchema as ListsQuery,
  PatchListSchema as PatchList,
  RemoveEntriesResultSchema,
  RemoveEntriesSchema as RemoveEntries,
} from './catalog-schema.ts';

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

const refKeys = new WeakMap<Services, Buffer>();

/**
 * The key that seals entry references: derived from the node's tokenisation key (a keyed hash of a
 * fixed label), so every node sharing the database opens the references the others made.
 */
function refKey(s: Services): Buffer {
  let k = refKeys.get(s);
  if (!k) {
    k = createHash('sha256').update('vigil-list-entry-ref\0').update(s.tokenizer.tokenize('vigil list entry ref')).digest();
    refKeys.set(s, k);
  }
  return k;
}

/**
 * An entry's `ref`: its list and stored value, sealed (AES-256-GCM). The stored value of a card
 * entry is its token, and of a phone or name entry the clear value a viewer without `pii.read`
 * may not see; the reference lets the console select entries without learning either. The nonce
 * is a keyed hash of the sealed text (as in SIV), so one entry always has the same reference and
 * listings stay comparable; that reveals only whether two references name the same entry.
 */
export function entryRef(s: Services, listId: string, value: string): string {
  const key = refKey(s);
  const plain = Buffer.from(`${listId}\n${value}`, 'utf8');
  const iv = createHmac('sha256', key).update(plain).digest().subarray(0, 12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(plain), c.final()]);
  return [iv, c.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

function openRef(key: Buffer, ref: string): string | undefined {
  const parts = ref.split('.');
  if (parts.length !== 3) return undefined;
  const [iv, tag, body] = parts.map((p) => Buffer.from(p, 'base64url'));
  if (iv!.length !== 12 || tag!.length !== 16) return undefined;
  try {
    const d = createDecipheriv('aes-256-gcm', key, iv!);
    d.setAuthTag(tag!);
    return Buffer.concat([d.update(body!), d.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** The stored values behind references of this list; a reference that is not one is 400 at its index. */
function openRefs(s: Services, listId: string, refs: readonly string[]): string[] {
  const issues: ErrorDetail[] = [];
  const values = refs.map((ref, i) => {
    const text = openRef(refKey(s), ref);
    const nl = text?.indexOf('\n') ?? -1;
    if (text === undefined || nl < 0 || text.slice(0, nl) !== listId) {
      issues.push({ path: `refs[${i}]`, code: 'INVALID_REF', message: 'not a reference to an entry of this list' });
      return '';
    }
    return text.slice(nl + 1);
  });
  if (issues.length) throw new AppError('VALIDATION_FAILED', issues[0]!.message, { path: issues[0]!.path, details: issues });
  return values;
}

/** The CSV column a row error is about. */
function importErrorField(code: string): string | undefined {
  if (code === 'EMPTY_VALUE' || code === 'VALUE_TOO_LONG' || code === 'DUPLICATE_VALUE' || code === 'INVALID_VALUE' || code === 'MISSING_VALUE_COLUMN') return 'value';
  if (code === 'BAD_DATE') return 'expires_at';
  return undefined;
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

  app.get<{ Querystring: Static<typeof ListsQuery> }>(
    '/api/v1/lists',
    { config: { permission: 'list.read' }, schema: { tags: ['lists'], querystring: ListsQuery, response: { 200: ListCollectionSchema, ...errorResponses } } },
    async (req) => {
      const org = req.query.org;
      if (org !== undefined) requireVisibleOrg(s, req, org, 'org');
      return { items: await listLists(req.data, { orgIds: orgFilter(s, org) }) };
    },
  );

  app.post<{ Body: Static<typeof CreateList> }>(
    '/api/v1/lists',
    { config: { permission: 'list.write' }, schema: { tags: ['lists'], body: CreateList, response: { 201: ListSchema, ...errorResponses } } },
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

  app.get<{ Params: Static<typeof IdParam> }>('/api/v1/lists/:id', { config: { permission: 'list.read' }, schema: { tags: ['lists'], params: IdParam, response: { 200: ListSchema, ...errorResponses } } }, async (req) => scopedList(req.data, req.params.id));

  app.patch<{ Params: Static<typeof IdParam>; Body: Static<typeof PatchList> }>(
    '/api/v1/lists/:id',
    { config: { permission: 'list.write' }, schema: { tags: ['lists'], params: IdParam, body: PatchList, response: { 200: ListSchema, ...errorResponses } } },
    async (req) => {
      const before = await scopedList(req.data, req.params.id);
      await withTransaction(s.db, async (tx) => {
        await updateList(req.data.in(tx), req.params.id, req.body);
        await audit(tx, req, { action: 'list.update', targetType: 'list', targetId: before.id, orgId: before.orgId, before: { name: before.name, description: before.description }, after: req.body });
      });
      return scopedList(req.data, req.params.id);
    },
  );

  app.delete<{ Params: Static<typeof IdParam> }>('/api/v1/lists/:id', { config: { permission: 'list.write' }, schema: { tags: ['lists'], params: IdParam, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
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
    { config: { permission: 'list.read' }, schema: { tags: ['lists'], params: IdParam, querystring: EntriesQuery, response: { 200: ListEntryPageSchema, ...errorResponses } } },
    async (req) => {
      const list = await scopedList(req.data, req.params.id);
      const search = req.query.search?.trim() || undefined;
      let exact: string | undefined;
      if (search) {
        try {
          exact = listValue(s, list.dimension, search).value;
        } catch {
          exact = undefined;
        }
      }
      // Phones and names are masked for viewers without pii.read: a substring search over the clear
      // values would reveal them digit by digit, so those viewers find an entry only by its full value.
      const personal = (list.dimension === 'phone' || list.dimension === 'name') && !seesPersonalData(req.principal);
      if (search && personal && exact === undefined) return { total: 0, items: [] };
      const filter = { search: personal ? undefined : search, exact, includeExpired: req.query.includeExpired };
      const [items, total] = await Promise.all([listEntries(req.data, list.id, { ...filter, limit: req.query.limit, offset: req.query.offset }), countEntries(req.data, list.id, filter)]);
      const now = Date.now();
      return {
        total,
        items: items.map((e) => ({
          ref: entryRef(s, list.id, e.value),
          value: maskListValue(req.principal, list.dimension, e.display),
          reason: e.reason,
          source: e.source,
          orgId: e.orgId,
          expiresAt: e.expiresAt ? new Date(e.expiresAt).toISOString() : null,
          expired: e.expiresAt !== null && e.expiresAt <= now,
          createdBy: e.createdBy,
          createdAt: new Date(e.createdAt).toISOString(),
        })),
      };
    },
  );

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof AddEntries> }>(
    '/api/v1/lists/:id/entries',
    { config: { permission: 'list.write' }, schema: { tags: ['lists'], summary: 'Add or replace entries (all or nothing)', params: IdParam, body: AddEntries, response: { 200: AddEntriesResultSchema, ...errorResponses } } },
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
    { config: { permission: 'list.write' }, schema: { tags: ['lists'], summary: 'Remove entries by value or by listed reference', params: IdParam, body: RemoveEntries, response: { 200: RemoveEntriesResultSchema, ...errorResponses } } },
    async (req) => {
      if (!req.body.values && !req.body.refs) throw new AppError('VALIDATION_FAILED', 'name the entries to remove by values or refs', { path: 'values' });
      const list = await scopedList(req.data, req.params.id);
      const stored = new Set(openRefs(s, list.id, req.body.refs ?? []));
      for (const raw of req.body.values ?? []) {
        try {
          stored.add(listValue(s, list.dimension, raw).value);
        } catch {
          // A value that is not valid for the dimension cannot be in the list.
        }
      }
      let removed = 0;
      await withTransaction(s.db, async (tx) => {
        for (const v of stored) if (await deleteEntry(req.data.in(tx), list.id, v)) removed++;
        await audit(tx, req, { action: 'list.entries.remove', targetType: 'list', targetId: list.id, orgId: list.orgId, before: { removed } });
        await bumpRevision(tx, 'lists');
      });
      await changed();
      return { removed };
    },
  );

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof ExpireEntries> }>(
    '/api/v1/lists/:id/entries/expire',
    { config: { permission: 'list.write' }, schema: { tags: ['lists'], summary: 'Make listed entries expire now', params: IdParam, body: ExpireEntries, response: { 200: ExpireEntriesResultSchema, ...errorResponses } } },
    async (req) => {
      const list = await scopedList(req.data, req.params.id);
      const values = [...new Set(openRefs(s, list.id, req.body.refs))];
      let expired = 0;
      await withTransaction(s.db, async (tx) => {
        expired = await expireEntries(req.data.in(tx), list.id, values, new Date());
        await audit(tx, req, { action: 'list.entries.expire', targetType: 'list', targetId: list.id, orgId: list.orgId, after: { expired } });
        await bumpRevision(tx, 'lists');
      });
      await changed();
      return { expired };
    },
  );

  app.post<{ Params: Static<typeof IdParam> }>(
    '/api/v1/lists/:id/import',
    {
      bodyLimit: LIST_IMPORT_LIMIT,
      config: { permission: 'list.write' },
      schema: { tags: ['lists'], summary: 'Bulk import CSV (value, reason, expires_at, source); valid rows are added, every bad row reported', params: IdParam, consumes: ['text/csv'], response: { 200: ImportResultSchema, ...errorResponses } },
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
      return { imported: entries.length, rejected: errors.length, errors: errors.slice(0, 1000).map((e) => ({ ...e, field: importErrorField(e.code) })) };
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
