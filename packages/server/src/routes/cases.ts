import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { isPanShaped } from '@vigil/engine';
import { can } from '../auth/principal.ts';
import { AppError, notFound, type ErrorDetail } from '../errors.ts';
import { appendCaseEvent } from '../repos/case-events.ts';
import { resolveCaseType, type CaseTypeRecord } from '../repos/case-types.ts';
import type { CasePriority } from '../repos/case-rules.ts';
import { getCase, searchCases, updateCase, type CasePatch } from '../repos/cases.ts';
import type { Services } from '../services.ts';
import { cardNumberIssue, holdsCardNumber, refuseCardNumbers } from '../card-numbers.ts';
import { requireCase, requireOpen, requireVersion, staleCase, type CaseContext } from '../cases/case-context.ts';
import { CASE_IMPORT_MAX_BYTES, CASE_IMPORT_MAX_ERRORS, CASE_IMPORT_MAX_ROWS, CASE_IMPORT_REQUIRED, parseCaseImport, type CaseImportError, type CaseImportRow } from '../cases/case-import.ts';
import { checkNewCase, linkDecisions, openCase, type OpenCaseInput } from '../cases/open-case.ts';
import { caseContext, caseWrite, decodeCursor, detailView, encodeCursor, summaries } from './case-common.ts';
import { CASE_PRIORITY_VALUES, CASE_SUBJECT_VALUES, CaseDetailSchema, CaseImportResultSchema, CasePageSchema, CaseSearchQuerySchema, CreateCaseSchema, PatchCaseSchema } from './case-schema.ts';
import { errorResponses, IdParam, orgFilter, requireVisibleOrg } from './common.ts';

const TAGS = ['cases'];

/** A card number never goes into a URL: searches name a card by its token. */
function refuseCardNumberInQuery(value: string | undefined, path: string): void {
  if (value !== undefined && (isPanShaped(value.trim()) || holdsCardNumber(value))) {
    throw new AppError('VALIDATION_FAILED', 'search a card by its token: a card number is never sent in a URL', { path });
  }
}

/** Cases: open one (or import many), search, read one with everything in it, change its fields. */
export const caseRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.post<{ Body: Static<typeof CreateCaseSchema> }>(
    '/api/v1/cases',
    {
      config: { permission: 'case.investigate' },
      schema: { tags: TAGS, summary: 'Open a case, from scratch or from alerts (linked with their decisions)', body: CreateCaseSchema, response: { 201: CaseDetailSchema, ...errorResponses } },
    },
    async (req, reply) => {
      const b = req.body;
      const orgId = b.orgId ?? req.principal.orgId;
      requireVisibleOrg(s, req, orgId, 'orgId');
      // A user who investigates and opens a case leads it unless others are named.
      const investigators = b.investigators ?? (req.principal.kind === 'user' && can(req.principal, 'case.investigate') ? [req.principal.name] : []);
      const detail = await caseWrite(s, req, async (ctx) => {
        const c = await openCase(ctx, {
          orgId,
          type: b.type,
          title: b.title,
          priority: b.priority ?? 'medium',
          subjectType: b.subjectType,
          subjectKey: b.subjectKey,
          subjectDisplay: b.subjectDisplay,
          amount: b.amount ?? null,
          currency: b.currency ?? null,
          typology: b.typology ?? null,
          dueAt: b.dueAt ? new Date(b.dueAt) : null,
          source: 'manual',
          investigators,
          alertIds: b.fromAlerts,
        });
        if (b.decisions?.length) await linkDecisions(ctx, c, b.decisions, 'decisions');
        return detailView(ctx, (await getCase(ctx.data, c.id))!);
      });
      reply.status(201).send(detail);
    },
  );

  app.post(
    '/api/v1/cases/import',
    {
      bodyLimit: CASE_IMPORT_MAX_BYTES,
      config: { permission: 'case.investigate' },
      schema: {
        tags: TAGS,
        summary: `Open cases in bulk from CSV (${CASE_IMPORT_MAX_ROWS} rows, 2 MiB at most): valid rows are opened, every bad row reported with its line and column`,
        consumes: ['text/csv'],
        response: { 200: CaseImportResultSchema, ...errorResponses },
      },
    },
    async (req) => {
      if (typeof req.body !== 'string') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the file as text/csv');
      const parsed = parseCaseImport(req.body);
      if (parsed.tooManyRows) throw new AppError('PAYLOAD_TOO_LARGE', `a case import holds at most ${CASE_IMPORT_MAX_ROWS} rows; split the file`);
      if (parsed.fileErrors.length) {
        const details = parsed.fileErrors.map((e) => ({ path: e.column ?? 'header', code: e.code, message: `line ${e.line}: ${e.message}` }));
        throw new AppError('VALIDATION_FAILED', details[0]!.message, { details });
      }
      const errors: CaseImportError[] = [...parsed.errors];
      const cases: Array<{ line: number; id: string; number: string }> = [];
      await caseWrite(s, req, async (ctx) => {
        const types = new Map<string, CaseTypeRecord | undefined>();
        const ready: Array<{ line: number; input: OpenCaseInput; type: CaseTypeRecord; subject: { key: string; display: string } }> = [];
        for (const row of parsed.rows) {
          const checked = await checkImportRow(s, req, ctx, row, types);
          if ('errors' in checked) errors.push(...checked.errors);
          else ready.push(checked);
        }
        for (const r of ready) {
          const c = await openCase(ctx, r.input, { type: r.type, subject: r.subject }, { audit: false });
          cases.push({ line: r.line, id: c.id, number: c.number });
        }
        await ctx.audit({ action: 'case.import', targetType: 'case', targetId: 'import', orgId: req.principal.orgId, after: { imported: cases.length, rejected: errors.length, numbers: cases.map((c) => c.number) } });
      });
      errors.sort((a, b) => a.line - b.line);
      return { imported: cases.length, rejected: errors.length, cases, errors: errors.slice(0, CASE_IMPORT_MAX_ERRORS) };
    },
  );

  app.get<{ Querystring: Static<typeof CaseSearchQuerySchema> }>(
    '/api/v1/cases',
    {
      config: { permission: 'case.read' },
      schema: { tags: TAGS, summary: 'Search cases by subject, type, state, org, investigator, dates, amounts and text; newest first, cursor-paged', querystring: CaseSearchQuerySchema, response: { 200: CasePageSchema, ...errorResponses } },
    },
    async (req) => {
      const q = req.query;
      if (q.org !== undefined) requireVisibleOrg(s, req, q.org, 'querystring.org');
      refuseCardNumberInQuery(q.subjectKey, 'querystring.subjectKey');
      refuseCardNumberInQuery(q.q, 'querystring.q');
      const after = decodeCursor(q.cursor);
      const rows = await searchCases(req.data, {
        orgIds: orgFilter(s, q.org),
        subjectType: q.subjectType,
        subjectKey: q.subjectKey,
        type: q.type,
        states: q.state,
        phases: q.phase,
        priority: q.priority,
        investigator: q.investigator,
        openedFrom: q.openedFrom ? new Date(q.openedFrom) : undefined,
        openedTo: q.openedTo ? new Date(q.openedTo) : undefined,
        amountMin: q.amountMin,
        amountMax: q.amountMax,
        text: q.q?.trim() || undefined,
        after: after && { openedAt: after.at, id: after.id },
        limit: q.limit,
      });
      const last = rows[rows.length - 1];
      return { items: await summaries(s, s.db, caseContext(s, req), rows), nextCursor: rows.length === q.limit && last ? encodeCursor(last.openedAt, last.id) : null };
    },
  );

  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/v1/cases/:id',
    {
      config: { permission: 'case.read' },
      schema: { tags: TAGS, summary: 'A case with its investigators, links, tasks, notes, evidence, attachments (metadata), conclusion and the transitions the caller can take', params: IdParam, response: { 200: CaseDetailSchema, ...errorResponses } },
    },
    async (req) => {
      const c = await getCase(req.data, req.params.id);
      if (!c) throw notFound('case', 'id');
      return detailView(caseContext(s, req), c);
    },
  );

  app.patch<{ Params: Static<typeof IdParam>; Body: Static<typeof PatchCaseSchema> }>(
    '/api/v1/cases/:id',
    {
      config: { permission: 'case.investigate' },
      schema: { tags: TAGS, summary: 'Change the title, priority, amount, typology, due date or subject display of an open case (optimistic: name the version read)', params: IdParam, body: PatchCaseSchema, response: { 200: CaseDetailSchema, ...errorResponses } },
    },
    async (req) =>
      caseWrite(s, req, async (ctx) => {
        const c = await requireCase(ctx, req.params.id);
        requireOpen(c);
        requireVersion(c, req.body.version);
        const { version, ...b } = req.body;
        refuseCardNumbers({ title: b.title, typology: b.typology, subjectDisplay: b.subjectDisplay });
        const patch: CasePatch = {
          ...(b.title !== undefined ? { title: b.title.trim() } : {}),
          ...(b.priority !== undefined ? { priority: b.priority } : {}),
          ...(b.amount !== undefined ? { amount: b.amount } : {}),
          ...(b.currency !== undefined ? { currency: b.currency } : {}),
          ...(b.typology !== undefined ? { typology: b.typology } : {}),
          ...(b.dueAt !== undefined ? { dueAt: b.dueAt === null ? null : new Date(b.dueAt) } : {}),
          ...(b.subjectDisplay !== undefined ? { subjectDisplay: b.subjectDisplay.trim() } : {}),
        };
        const updated = await updateCase(ctx.data, c.id, version, patch);
        if (!updated) throw staleCase(c);
        const before = Object.fromEntries(Object.keys(b).map((k) => [k, (c as unknown as Record<string, unknown>)[k] ?? null]));
        await appendCaseEvent(ctx.data, { caseId: c.id, orgId: c.orgId, kind: 'updated', actor: ctx.actor, details: { before, after: b } });
        await ctx.audit({ action: 'case.update', targetType: 'case', targetId: c.id, orgId: c.orgId, before, after: b });
        return detailView(ctx, updated);
      }),
  );
};

const AMOUNT = /^\d{1,15}(\.\d{1,6})?$/;

/**
 * One import row checked as a new case: required cells, the org (one the caller sees), the type
 * (applying to that org), subject type and key, amount, priority, date and the card-number rule on
 * every text cell. Every problem is reported with the row's line and its column.
 */
async function checkImportRow(
  s: Services,
  req: FastifyRequest,
  ctx: CaseContext,
  row: CaseImportRow,
  types: Map<string, CaseTypeRecord | undefined>,
): Promise<{ errors: CaseImportError[] } | { line: number; input: OpenCaseInput; type: CaseTypeRecord; subject: { key: string; display: string } }> {
  const v = row.values;
  const errors: CaseImportError[] = [];
  const err = (column: string, code: string, message: string) => errors.push({ line: row.line, column, code, message });
  for (const c of CASE_IMPORT_REQUIRED) if (!v[c]) err(c, 'MISSING_VALUE', `${c} is empty`);
  const orgId = v.orgId ?? req.principal.orgId;
  if (!s.orgs.has(orgId) || !req.data.allows(orgId)) err('orgId', 'NOT_FOUND', `org ${orgId} not found`);
  if (v.subjectType && !(CASE_SUBJECT_VALUES as readonly string[]).includes(v.subjectType)) err('subjectType', 'INVALID_VALUE', `subjectType must be one of ${CASE_SUBJECT_VALUES.join(', ')}`);
  if (v.priority && !(CASE_PRIORITY_VALUES as readonly string[]).includes(v.priority)) err('priority', 'INVALID_VALUE', `priority must be one of ${CASE_PRIORITY_VALUES.join(', ')}`);
  if (v.amount && !AMOUNT.test(v.amount)) err('amount', 'INVALID_AMOUNT', `amount "${v.amount}" is not a non-negative number`);
  if (v.currency && !/^[A-Z]{3}$/.test(v.currency)) err('currency', 'INVALID_VALUE', 'currency is a three-letter ISO 4217 code');
  const due = v.dueAt ? new Date(v.dueAt) : null;
  if (v.dueAt && (!/^\d{4}-\d{2}-\d{2}/.test(v.dueAt) || Number.isNaN(due!.getTime()))) err('dueAt', 'BAD_DATE', `dueAt "${v.dueAt}" is not an ISO 8601 date`);
  const limits: Array<[keyof typeof v, number]> = [
    ['title', 200],
    ['subjectDisplay', 200],
    ['subjectKey', 256],
    ['typology', 64],
    ['type', 64],
  ];
  for (const [c, max] of limits) if (v[c] && [...v[c]!].length > max) err(c, 'VALUE_TOO_LONG', `${c} is longer than ${max} characters`);
  for (const c of ['title', 'typology'] as const) if (v[c] && holdsCardNumber(v[c]!)) err(c, 'CARD_NUMBER_REFUSED', cardNumberIssue(c).message);
  if (errors.length) return { errors };

  const typeKey = `${orgId}\n${v.type}`;
  if (!types.has(typeKey)) types.set(typeKey, await resolveCaseType(ctx.data.db, s.orgs.chain(orgId), v.type!));
  const type = types.get(typeKey);
  if (!type) return { errors: [{ line: row.line, column: 'type', code: 'UNKNOWN_TYPE', message: `no case type "${v.type}" applies to org ${orgId}` }] };
  const issues: ErrorDetail[] = [];
  const subject = checkNewCase(ctx, type, { subjectType: v.subjectType!, subjectKey: v.subjectKey!, subjectDisplay: v.subjectDisplay }, issues);
  if (!subject) return { errors: issues.map((i) => ({ line: row.line, column: i.path, code: i.code, message: i.message })) };
  return {
    line: row.line,
    type,
    subject,
    input: {
      orgId,
      type: type.key,
      title: v.title!,
      priority: (v.priority as CasePriority | undefined) ?? 'medium',
      subjectType: v.subjectType!,
      subjectKey: v.subjectKey!,
      subjectDisplay: v.subjectDisplay,
      amount: v.amount ? Number(v.amount) : null,
      currency: v.currency ?? null,
      typology: v.typology ?? null,
      dueAt: due,
      source: 'import',
      details: { line: row.line },
    },
  };
}
