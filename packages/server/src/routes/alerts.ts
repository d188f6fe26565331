import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { isPanShaped, maskPan } from '@vigil/engine';
import { refuseCardNumbers } from '../card-numbers.ts';
import { withTransaction } from '@vigil/storage';
import { can } from '../auth/principal.ts';
import { AppError, notFound } from '../errors.ts';
import { categoriesOfOrgs, effectiveCategory, queuesOfOrgs } from '../repos/alert-config.ts';
import {
  alertDecisions,
  alertTimeline,
  alertView,
  assignAlert,
  claimAlert,
  disposeAlert,
  DISPOSITIONS,
  noteAlert,
  releaseAlert,
  reopenAlert,
  requireAlert,
  searchAlerts,
  servesQueue,
  type AlertView,
  type Disposition,
} from '../repos/alert-handling.ts';
import { listActions } from '../repos/alert-actions.ts';
import { contributeAlert, type AlertLevel } from '../repos/alerts.ts';
import { casesForDisposedAlert } from '../cases/cases-for-disposed-alert.ts';
import { legalEntities, type AlertOpenedEvent } from '../runtime/alert-feed.ts';
import type { Executor } from '../repos/executor.ts';
import type { Services } from '../services.ts';
import { audit } from './audit.ts';
import { errorResponses, IdParam, orgFilter, requireVisibleOrg } from './common.ts';
import { AlertChangedSchema, AlertDetailSchema, AlertDisposedSchema, AlertLevelSchema, AlertPage, AlertReportedSchema, DispositionSchema } from './alert-schema.ts';

const Csv = (pattern: string) => Type.Optional(Type.String({ maxLength: 512, pattern: `^(${pattern})(,(${pattern}))*$` }));
const KEY = '[a-z][a-z0-9_]{0,63}';

const AlertQuery = Type.Object(
  {
    status: Csv('open|assigned|closed'),
    level: Csv('low|medium|high|critical'),
    category: Csv(KEY),
    disposition: Csv(DISPOSITIONS.join('|')),
    queue: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    assignee: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'A username, or `me`' })),
    unassigned: Type.Optional(Type.Boolean()),
    org: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The org with its branches' })),
    subjectType: Type.Optional(Type.String({ pattern: `^(${KEY})$` })),
    subjectKey: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'The subject as stored (a card’s token)' })),
    eventType: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    breached: Type.Optional(Type.Boolean()),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    sort: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('urgency')])),
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}_[A-Za-z0-9-]{1,64}$' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  },
  { additionalProperties: false },
);

const Note = Type.String({ minLength: 1, maxLength: 2000 });
const AssignBody = Type.Object({ assignee: Type.String({ minLength: 1, maxLength: 128 }), note: Type.Optional(Note) }, { additionalProperties: false });
const NoteBody = Type.Object({ text: Note }, { additionalProperties: false });
const DisposeBody = Type.Object({ disposition: DispositionSchema, note: Type.Optional(Note) }, { additionalProperties: false });
const ReopenBody = Type.Object({ note: Type.Optional(Note) }, { additionalProperties: false });
const ReportBody = Type.Object(
  {
    orgId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Default: the caller’s org' })),
    category: Type.String({ pattern: `^(${KEY})$` }),
    level: AlertLevelSchema,
    subjectType: Type.String({ pattern: '^(card|account|customer|merchant|terminal|device|phone|payee|ip|id_number)$' }),
    subject: Type.String({ minLength: 1, maxLength: 128, description: 'The subject: a card number is tokenised and masked at once, never stored' }),
    note: Note,
    amount: Type.Optional(Type.Number({ minimum: 0, maximum: 1e15 })),
    eventType: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);

export type AlertOut = ReturnType<typeof alertOut>;

export function alertOut(a: AlertView) {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    ...a,
    mergeUntil: a.mergeUntil.toISOString(),
    firstEventAt: a.firstEventAt.toISOString(),
    lastEventAt: a.lastEventAt.toISOString(),
    assignedAt: iso(a.assignedAt),
    dueAt: iso(a.dueAt),
    escalatedAt: iso(a.escalatedAt),
    disposedAt: iso(a.disposedAt),
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

/** Who did it, as timelines and assignees name people: a username, or the API key's name. */
export function actorOf(req: FastifyRequest): string {
  return req.principal.kind === 'user' ? req.principal.name : `api_key:${req.principal.name}`;
}

const list = (v: string | undefined) => (v ? v.split(',') : undefined);

/**
 * The alert center's handling API: search and queues' views, the alert with its timeline, claim,
 * assign, release, notes, dispositions (which label the alert's events and subject, and may open
 * cases) and manual reports. Every query is org-scoped: another bank's alert is 404.
 */
export const alertRoutes = (s: Services) => async (app: FastifyInstance) => {
  const opened = (e: AlertOpenedEvent) => s.bus.emit('alert.opened', e);

  /** May the caller work this alert (claim it, see it as theirs)? Holders of alert.assign always may. */
  const mayWork = async (req: FastifyRequest, a: { queue_id: string | null; org_id: string }, db: Executor = s.db) => {
    if (can(req.principal, 'alert.assign')) return true;
    if (!a.queue_id) return true;
    const q = (await queuesOfOrgs(db, s.orgs.chain(a.org_id))).find((x) => x.id === a.queue_id);
    // A queue of an org above the caller's (the union's) is served by its roles' holders in the caller's orgs.
    return !q || (await servesQueue(req.data.in(db), q, s.orgs, req.principal.name, a.org_id));
  };
  const requireOwner = (req: FastifyRequest, a: { assignee: string | null }, what: string) => {
    if (a.assignee !== actorOf(req) && !can(req.principal, 'alert.assign')) throw new AppError('FORBIDDEN', `only the alert’s handler (or a supervisor with alert.assign) may ${what}`);
  };

  app.get<{ Querystring: Static<typeof AlertQuery> }>(
    '/api/v1/alerts',
    { config: { permission: 'alert.read' }, schema: { tags: ['alerts'], summary: 'Search alerts (newest first and cursor-paged, or most urgent first)', querystring: AlertQuery, response: { 200: AlertPage, ...errorResponses } } },
    async (req) => {
      const q = req.query;
      if (q.org) requireVisibleOrg(s, req, q.org, 'org');
      const [at, id] = q.cursor ? q.cursor.split('_') : [];
      const now = new Date();
      const rows = await searchAlerts(
        req.data,
        {
          status: list(q.status),
          level: list(q.level),
          category: list(q.category),
          disposition: list(q.disposition),
          queueId: q.queue,
          assignee: q.assignee === 'me' ? actorOf(req) : q.assignee,
          unassigned: q.unassigned,
          orgIds: orgFilter(s, q.org),
          subjectType: q.subjectType,
          subjectKey: q.subjectKey,
          eventType: q.eventType,
          breached: q.breached,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
          sort: q.sort,
          before: at && id ? { at: new Date(Number(at)), id } : undefined,
          limit: q.limit + 1,
        },
        now,
      );
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      return { items: page.map((r) => alertOut(alertView(r, now.getTime()))), nextCursor: q.sort !== 'urgency' && rows.length > q.limit && last ? `${last.created_at.getTime()}_${last.id}` : null };
    },
  );

  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/v1/alerts/:id',
    { config: { permission: 'alert.read' }, schema: { tags: ['alerts'], summary: 'An alert with its timeline (every contribution and handling step) and its decisions', params: IdParam, response: { 200: AlertDetailSchema, ...errorResponses } } },
    async (req) => {
      const a = await requireAlert(req.data, req.params.id);
      const queue = a.queue_id ? (await queuesOfOrgs(s.db, s.orgs.chain(a.org_id))).find((q) => q.id === a.queue_id) : undefined;
      const handle = can(req.principal, 'alert.handle');
      const assign = can(req.principal, 'alert.assign');
      const mine = a.assignee === actorOf(req);
      // Actions sent for the alert join its timeline when they were asked for (their log has the attempts).
      const actions = (await listActions(req.data, { alertId: a.id })).map((x) => ({
        at: x.createdAt,
        kind: 'action',
        actor: x.requestedBy,
        details: { actionId: x.id, type: x.type, kind: x.kind, source: x.source, status: x.status, attempts: x.attempts, lastError: x.lastError, completedAt: x.completedAt?.toISOString() ?? null },
      }));
      const timeline = [...(await alertTimeline(req.data, a.id)), ...actions].sort((x, y) => x.at.getTime() - y.at.getTime());
      return {
        alert: alertOut(alertView(a)),
        timeline: timeline.map((t) => ({ ...t, at: t.at.toISOString() })),
        decisions: await alertDecisions(req.data, a.id),
        queue: queue ? { id: queue.id, orgId: queue.orgId, name: queue.name } : null,
        can: {
          claim: handle && a.status === 'open' && (await mayWork(req, a)),
          assign: assign && a.status !== 'closed',
          release: handle && a.status === 'assigned' && (mine || assign),
          dispose: handle && a.status !== 'closed' && (mine || assign),
          reopen: assign && a.status === 'closed',
          act: handle && a.status !== 'closed',
        },
      };
    },
  );

  app.post<{ Body: Static<typeof ReportBody> }>(
    '/api/v1/alerts',
    { config: { permission: 'alert.handle' }, schema: { tags: ['alerts'], summary: 'Report an alert by hand; it merges with the subject’s open alert of the category like any other', body: ReportBody, response: { 201: AlertReportedSchema, ...errorResponses } } },
    async (req, reply) => {
      const b = req.body;
      const orgId = b.orgId ?? req.principal.orgId;
      requireVisibleOrg(s, req, orgId, 'orgId');
      refuseCardNumbers({ note: b.note, ...(b.subjectType === 'card' ? {} : { subject: b.subject }) });
      let key = b.subject.trim();
      let display = key;
      if (b.subjectType === 'card') {
        const digits = key.replace(/[\s-]/g, '');
        if (!isPanShaped(digits)) throw new AppError('VALIDATION_FAILED', 'must be a card number of 12 to 19 digits', { path: 'subject' });
        key = s.tokenizer.tokenize(digits);
        display = maskPan(digits);
      }
      const chain = s.orgs.chain(orgId);
      const cat = effectiveCategory(await categoriesOfOrgs(s.db, chain), chain, b.category);
      const now = new Date();
      const result = await withTransaction(s.db, async (tx) => {
        const data = req.data.in(tx);
        const res = await contributeAlert(data, {
          orgId,
          category: b.category,
          level: b.level,
          source: 'manual',
          subjectType: b.subjectType,
          subjectKey: key,
          subjectDisplay: display,
          mergeKey: `${b.subjectType}:${key}`,
          windowMs: cat.windowMinutes * 60_000,
          at: now,
          note: b.note,
          amount: b.amount ?? null,
          eventType: b.eventType,
          legalEntityId: (await legalEntities(tx, s.orgs, [orgId])).get(orgId) ?? null,
        });
        if (res.opened) await s.alerts.feed.place(tx, res.alertId);
        await audit(tx, req, { action: 'alert.report', targetType: 'alert', targetId: res.alertId, orgId, after: { category: b.category, level: b.level, subjectType: b.subjectType, subject: display, opened: res.opened } });
        return res;
      });
      if (result.opened) opened({ alertId: result.alertId, orgId, category: b.category, level: result.level, subjectType: b.subjectType, subjectDisplay: display, eventType: b.eventType ?? null, source: 'manual', openedAt: now.toISOString() });
      reply.status(201).send({ alert: alertOut(alertView(await requireAlert(req.data, result.alertId))), opened: result.opened });
    },
  );

  const step = <B extends object>(
    path: string,
    permission: 'alert.handle' | 'alert.assign',
    summary: string,
    body: ReturnType<typeof Type.Object> | null,
    run: (req: FastifyRequest<{ Params: Static<typeof IdParam>; Body: B }>, tx: Parameters<Parameters<typeof withTransaction>[1]>[0]) => Promise<void>,
  ) =>
    app.post<{ Params: Static<typeof IdParam>; Body: B }>(
      path,
      { config: { permission }, schema: { tags: ['alerts'], summary, params: IdParam, ...(body ? { body } : {}), response: { 200: AlertChangedSchema, ...errorResponses } } },
      async (req) => {
        await withTransaction(s.db, (tx) => run(req, tx));
        return { alert: alertOut(alertView(await requireAlert(req.data, req.params.id))) };
      },
    );

  step('/api/v1/alerts/:id/claim', 'alert.handle', 'Take an unassigned alert (409 when someone else took it first)', null, async (req, tx) => {
    const data = req.data.in(tx);
    const a = await requireAlert(data, req.params.id);
    if (!(await mayWork(req, a, tx))) throw new AppError('FORBIDDEN', 'the alert’s queue is not served by your roles');
    await claimAlert(data, a.id, actorOf(req));
    await audit(tx, req, { action: 'alert.claim', targetType: 'alert', targetId: a.id, orgId: a.org_id });
  });

  step<Static<typeof AssignBody>>('/api/v1/alerts/:id/assign', 'alert.assign', 'Assign or reassign an alert to a handler of its org', AssignBody, async (req, tx) => {
    const data = req.data.in(tx);
    const a = await requireAlert(data, req.params.id);
    refuseCardNumbers({ note: req.body.note });
    const user = await data.selectFrom('users').select(['username', 'org_id', 'roles', 'disabled']).where('username', '=', req.body.assignee).executeTakeFirst();
    // The handler must see the alert: a user of its org or an org above it, not disabled.
    if (!user || user.disabled || !s.orgs.isWithin(a.org_id, user.org_id)) throw notFound('handler', 'assignee');
    await assignAlert(data, a.id, user.username, actorOf(req), req.body.note);
    await audit(tx, req, { action: 'alert.assign', targetType: 'alert', targetId: a.id, orgId: a.org_id, before: { assignee: a.assignee }, after: { assignee: user.username } });
  });

  step('/api/v1/alerts/:id/release', 'alert.handle', 'Put an assigned alert back into its queue', null, async (req, tx) => {
    const data = req.data.in(tx);
    const a = await requireAlert(data, req.params.id);
    requireOwner(req, a, 'release it');
    await releaseAlert(data, a.id, actorOf(req));
    await audit(tx, req, { action: 'alert.release', targetType: 'alert', targetId: a.id, orgId: a.org_id, before: { assignee: a.assignee } });
  });

  step<Static<typeof NoteBody>>('/api/v1/alerts/:id/notes', 'alert.handle', 'Add a note to an alert’s timeline', NoteBody, async (req, tx) => {
    refuseCardNumbers({ text: req.body.text });
    await noteAlert(req.data.in(tx), req.params.id, actorOf(req), req.body.text);
  });

  step<Static<typeof ReopenBody>>('/api/v1/alerts/:id/reopen', 'alert.assign', 'Open a closed alert again', ReopenBody, async (req, tx) => {
    refuseCardNumbers({ note: req.body.note });
    const data = req.data.in(tx);
    const a = await requireAlert(data, req.params.id);
    await reopenAlert(data, a.id, actorOf(req), req.body.note);
    await audit(tx, req, { action: 'alert.reopen', targetType: 'alert', targetId: a.id, orgId: a.org_id, before: { disposition: a.disposition } });
  });

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof DisposeBody> }>(
    '/api/v1/alerts/:id/disposition',
    {
      config: { permission: 'alert.handle' },
      schema: {
        tags: ['alerts'],
        summary: 'Close an alert with a disposition: confirmed fraud and genuine label its events and subject; case rules may open a case',
        params: IdParam,
        body: DisposeBody,
        response: { 200: AlertDisposedSchema, ...errorResponses },
      },
    },
    async (req) => {
      refuseCardNumbers({ note: req.body.note });
      const actor = actorOf(req);
      const res = await withTransaction(s.db, async (tx) => {
        const data = req.data.in(tx);
        const a = await requireAlert(data, req.params.id);
        requireOwner(req, a, 'dispose of it');
        const { alert: closed, decisions, labelled } = await disposeAlert(data, a.id, { disposition: req.body.disposition as Disposition, note: req.body.note, actor });
        const decisionIds = decisions.map((x) => x.decisionId);
        // The case center's rules (of the alert's org and those above it) may open or link a case, in this transaction.
        const cases = await casesForDisposedAlert(
          s,
          data,
          { id: closed.id, orgId: closed.org_id, category: closed.category, level: closed.level as AlertLevel, subjectType: closed.subject_type, subjectKey: closed.subject_key, subjectDisplay: closed.subject_display, disposition: closed.disposition!, amount: closed.amount, decisionIds },
          actor,
        );
        await audit(tx, req, { action: 'alert.dispose', targetType: 'alert', targetId: a.id, orgId: a.org_id, after: { disposition: req.body.disposition, labelled, cases } });
        return { labelled, cases, closed };
      });
      const c = res.closed;
      s.bus.emit('alert.disposed', { alertId: c.id, orgId: c.org_id, category: c.category, level: c.level, disposition: c.disposition, disposedBy: actor, disposedAt: c.disposed_at?.toISOString() ?? null, labelled: res.labelled, cases: res.cases });
      return { alert: alertOut(alertView(await requireAlert(req.data, req.params.id))), labelled: res.labelled, cases: res.cases };
    },
  );
};

