import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { csvRecords } from '@vigil/engine';
import { AppError, type ErrorDetail } from '../errors.ts';
import { insertInbox, type InboxItem } from '../repos/inbox.ts';
import type { OrgData } from '../repos/scoped.ts';
import type { DecisionRequest, PreparedRequest } from '../runtime/decision-service.ts';
import type { Services } from '../services.ts';
import { errorResponses } from './common.ts';

const EventBody = Type.Object(
  {
    eventType: Type.String({ minLength: 1, maxLength: 64 }),
    eventId: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:\\-]+$' }),
    occurredAt: Type.Optional(Type.String({ format: 'date-time' })),
    data: Type.Object({}, { additionalProperties: true }),
  },
  { additionalProperties: false },
);

/** Largest bulk file accepted in one request, and the most lines in it. */
export const BULK_BODY_LIMIT = 32 * 1024 * 1024;
export const BULK_MAX_LINES = 100_000;
const MAX_REPORTED_ERRORS = 1000;
const EVENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function toInboxItem(p: PreparedRequest, eventId: string): InboxItem {
  return { eventType: p.et.key, eventId, payloadHash: p.hash, orgId: p.org, body: { eventId, occurredAt: p.occurredAt, at: p.at, prepared: p.prepared } };
}

/**
 * Accepts items for async evaluation: into JetStream when the node has it (scale-out), else — or
 * when JetStream cannot take them within its deadline — into the database inbox. Either way the
 * item is stored before the caller hears 202.
 */
async function accept(s: Services, data: OrgData, items: InboxItem[]): Promise<Array<'accepted' | 'duplicate' | 'conflict'>> {
  const intake = s.scaleOut.intake;
  if (intake && items.length) {
    try {
      return await intake.accept(items);
    } catch (e) {
      if ((e as { code?: string }).code !== 'INTAKE_UNAVAILABLE') throw e;
      s.metrics.intakeFallbacks.inc(items.length);
    }
  }
  return insertInbox(data, items);
}

export const eventRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.post<{ Body: Static<typeof EventBody> }>(
    '/api/v1/events',
    {
      config: { permission: 'event.ingest' },
      schema: {
        tags: ['events'],
        summary: 'Accept an event for post-event evaluation',
        description:
          'Stored (in NATS JetStream in scale-out mode, else in the database inbox) before the 202 is sent; evaluated by the post-event strategy of its type. Idempotent by eventId.',
        body: EventBody,
        response: { 202: Type.Object({ eventId: Type.String(), status: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const p = s.decisions.prepare(req.principal, req.body);
      const [status] = await accept(s, req.data, [toInboxItem(p, req.body.eventId)]);
      if (status === 'conflict') throw new AppError('IDEMPOTENCY_CONFLICT', 'this eventId was already used with a different payload', { path: 'eventId' });
      s.inbox.wake();
      reply.status(202).send({ eventId: req.body.eventId, status: status === 'duplicate' ? 'duplicate' : 'accepted' });
    },
  );

  app.post(
    '/api/v1/events/bulk',
    {
      bodyLimit: BULK_BODY_LIMIT,
      config: { permission: 'event.ingest' },
      schema: {
        tags: ['events'],
        summary: 'Bulk intake of events (NDJSON or CSV) for backfill and batch jobs',
        description:
          'NDJSON: one {eventType, eventId, occurredAt?, data} per line. CSV: a header with eventType, eventId, occurredAt and the data fields. Valid lines are accepted even when others fail; every failure is reported with its line.',
        consumes: ['application/x-ndjson', 'text/csv'],
        response: {
          202: Type.Object({
            accepted: Type.Integer(),
            duplicates: Type.Integer(),
            rejected: Type.Integer(),
            errors: Type.Array(Type.Object({ line: Type.Integer(), code: Type.String(), path: Type.Optional(Type.String()), message: Type.String() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const { events, errors } = prepareLines(s, req, BULK_MAX_LINES);
      const items: InboxItem[] = [];
      const lineOf: number[] = [];
      // The same event twice in one file: a repeat with the same payload is a duplicate, with
      // another payload a conflict, exactly as if the lines had come in separate requests.
      const seen = new Map<string, string>();
      let duplicates = 0;
      for (const { line, eventId, p } of events) {
        const k = `${p.et.key}\u0000${p.org}\u0000${eventId}`;
        const first = seen.get(k);
        if (first === p.hash) duplicates++;
        else if (first !== undefined) errors.push({ line, code: 'IDEMPOTENCY_CONFLICT', path: 'eventId', message: 'eventId already used with a different payload' });
        else {
          seen.set(k, p.hash);
          items.push(toInboxItem(p, eventId));
          lineOf.push(line);
        }
      }
      let accepted = 0;
      for (let i = 0; i < items.length; i += 1000) {
        const statuses = await accept(s, req.data, items.slice(i, i + 1000));
        statuses.forEach((st, j) => {
          if (st === 'accepted') accepted++;
          else if (st === 'duplicate') duplicates++;
          else errors.push({ line: lineOf[i + j]!, code: 'IDEMPOTENCY_CONFLICT', path: 'eventId', message: 'eventId already used with a different payload' });
        });
      }
      s.inbox.wake();
      errors.sort((a, b) => a.line - b.line);
      reply.status(202).send({ accepted, duplicates, rejected: errors.length, errors: errors.slice(0, MAX_REPORTED_ERRORS) });
    },
  );
};

export type LineError = { line: number; code: string; path?: string; message: string };

/**
 * A bulk file (NDJSON or CSV by its content type) read line by line and each event put through
 * the live intake checks for this caller; every bad line is reported with its number.
 */
export function prepareLines(s: Services, req: FastifyRequest, maxLines: number): { events: Array<{ line: number; eventId: string; p: PreparedRequest }>; errors: LineError[] } {
  if (typeof req.body !== 'string') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send application/x-ndjson or text/csv');
  const lines = String(req.headers['content-type'] ?? '').startsWith('text/csv') ? csvRequests(s, req.body, maxLines) : ndjsonRequests(req.body, maxLines);
  const events: Array<{ line: number; eventId: string; p: PreparedRequest }> = [];
  const errors: LineError[] = [];
  for (const l of lines) {
    if ('error' in l) {
      errors.push(l.error);
      continue;
    }
    try {
      events.push({ line: l.line, eventId: l.req.eventId, p: s.decisions.prepare(req.principal, l.req) });
    } catch (e) {
      errors.push(lineError(l.line, e));
    }
  }
  return { events, errors };
}

type Line = { line: number; req: DecisionRequest } | { line: number; error: LineError };

function ndjsonRequests(text: string, maxLines = BULK_MAX_LINES): Line[] {
  const out: Line[] = [];
  const rows = text.split(/\r?\n/);
  if (rows.length > maxLines + 1) throw new AppError('PAYLOAD_TOO_LARGE', `at most ${maxLines} lines per request`);
  rows.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(raw, (k, x) => (k === '__proto__' ? undefined : x));
    } catch {
      out.push({ line, error: { line, code: 'INVALID_JSON', message: 'line is not valid JSON' } });
      return;
    }
    const shapeError = checkShape(v);
    if (shapeError) out.push({ line, error: { line, ...shapeError } });
    else out.push({ line, req: v as DecisionRequest });
  });
  return out;
}

function checkShape(v: unknown): { code: string; path: string; message: string } | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { code: 'VALIDATION_FAILED', path: '', message: 'must be an object' };
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!['eventType', 'eventId', 'occurredAt', 'data'].includes(k)) return { code: 'VALIDATION_FAILED', path: k, message: 'unknown property' };
  if (typeof o.eventType !== 'string') return { code: 'VALIDATION_FAILED', path: 'eventType', message: 'must be a string' };
  if (typeof o.eventId !== 'string' || !EVENT_ID.test(o.eventId)) return { code: 'VALIDATION_FAILED', path: 'eventId', message: 'must be 1-128 characters of A-Z a-z 0-9 . _ : -' };
  if (o.occurredAt !== undefined && typeof o.occurredAt !== 'string') return { code: 'VALIDATION_FAILED', path: 'occurredAt', message: 'must be an ISO 8601 string' };
  if (!o.data || typeof o.data !== 'object' || Array.isArray(o.data)) return { code: 'VALIDATION_FAILED', path: 'data', message: 'must be an object' };
  return null;
}

/** CSV columns are text: convert each data column by the type its event type declares. */
function csvRequests(s: Services, text: string, maxLines = BULK_MAX_LINES): Line[] {
  const out: Line[] = [];
  let header: string[] | null = null;
  let count = 0;
  for (const rec of csvRecords(text)) {
    const line = rec.line;
    if (rec.error) {
      out.push({ line, error: { line, code: 'CSV_FORMAT', message: rec.error } });
      continue;
    }
    if (!header) {
      header = rec.fields.map((h) => h.trim());
      for (const h of ['eventType', 'eventId']) {
        if (!header.includes(h)) throw new AppError('VALIDATION_FAILED', `CSV header must include ${h}`, { path: h });
      }
      continue;
    }
    if (rec.fields.length === 1 && rec.fields[0] === '') continue;
    if (++count > maxLines) throw new AppError('PAYLOAD_TOO_LARGE', `at most ${maxLines} lines per request`);
    const row: Record<string, string> = {};
    const cols = header;
    cols.forEach((h, i) => (row[h] = rec.fields[i] ?? ''));
    const et = s.registry.eventType(row.eventType ?? '');
    const data: Record<string, unknown> = {};
    let bad: string | null = null;
    for (const h of cols) {
      if (h === 'eventType' || h === 'eventId' || h === 'occurredAt') continue;
      const raw = row[h] ?? '';
      if (raw === '') continue;
      const t = et?.fields[h]?.type;
      if (t === 'number' || t === 'integer') {
        const n = Number(raw);
        if (!Number.isFinite(n)) bad = h;
        data[h] = n;
      } else if (t === 'boolean') data[h] = raw === 'true' || raw === '1';
      else if (t === 'geo') {
        const [lat, lon] = raw.split(/[ ;]/).map(Number);
        data[h] = { lat, lon };
      } else if (t === 'string_list') data[h] = raw.split('|');
      else data[h] = raw;
    }
    if (bad) {
      out.push({ line, error: { line, code: 'INVALID_EVENT', path: `data.${bad}`, message: 'must be a number' } });
      continue;
    }
    const req: Record<string, unknown> = { eventType: row.eventType, eventId: row.eventId, data };
    if (row.occurredAt) req.occurredAt = row.occurredAt;
    const shapeError = checkShape(req);
    if (shapeError) out.push({ line, error: { line, ...shapeError } });
    else out.push({ line, req: req as unknown as DecisionRequest });
  }
  return out;
}

function lineError(line: number, e: unknown): LineError {
  if (e instanceof AppError) {
    const d: ErrorDetail | undefined = e.details?.[0];
    return { line, code: e.code, path: d?.path ?? e.path, message: d ? d.message : e.message };
  }
  throw e;
}
