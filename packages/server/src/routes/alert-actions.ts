import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { Transaction } from 'kysely';
import type { DB } from '@vigil/storage';
import { notFound } from '../errors.ts';
import { getAction, listActions, listAttempts, pageActions, type ActionRecord, type AttemptRecord } from '../repos/alert-actions.ts';
import { cancelAction, findAlert, recordCallResult, requestAlertAction, retryAction } from '../runtime/alert-actions.ts';
import type { Services } from '../services.ts';
import { ActionDetailSchema, ActionList, ActionPage, ActionRequestBody, ActionSchema, ActionsQuery, CallResultBody } from './alert-action-schema.ts';
import { audit } from './audit.ts';
import { errorResponses, IdParam, orgFilter, requireVisibleOrg } from './common.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const actionView = (a: ActionRecord) => ({ ...a, nextAttemptAt: iso(a.nextAttemptAt), createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString(), completedAt: iso(a.completedAt) });
const attemptView = (a: AttemptRecord) => ({ id: a.id, attempt: a.attempt, outcome: a.outcome, request: a.request, status: a.status, response: a.response, error: a.error, durationMs: a.durationMs, at: a.at.toISOString() });

const actorOf = (req: FastifyRequest) => `${req.principal.kind}:${req.principal.name}`;

/** The audit entry of a change to an action, in the transaction that makes it (never the message text). */
const auditAs = (req: FastifyRequest, action: string) => (tx: Transaction<DB>, a: ActionRecord) =>
  audit(tx, req, {
    action,
    targetType: 'alert_action',
    targetId: a.id,
    orgId: a.orgId,
    after: { alertId: a.alertId, type: a.type, kind: a.kind, status: a.status, channelId: a.channelId, ...(a.params.template ? { template: a.params.template } : {}), ...(a.params.list ? { list: a.params.list } : {}), ...(a.result?.outcome ? { outcome: a.result.outcome } : {}) },
  });

/**
 * Handling actions on alerts: SMS from templates, robot and manual calls, control actions to core
 * systems and list writes; each action's delivery log; retries of failed ones; recorded call results.
 */
export const alertActionRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof ActionRequestBody> }>(
    '/api/v1/alerts/:id/actions',
    {
      config: { permission: 'alert.handle' },
      schema: {
        tags: ['alert actions'],
        summary: 'Ask for an action on the alert: queued for its channel (202), a manual call waiting for its result, or a list write done at once',
        params: IdParam,
        body: ActionRequestBody,
        response: { 202: ActionSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const alert = await findAlert(req.data, req.params.id);
      if (!alert) throw notFound('alert', 'id');
      const a = await requestAlertAction(s, alert, req.body, { requestedBy: actorOf(req), source: 'manual', audit: auditAs(req, 'alert.action.request') });
      reply.status(202).send(actionView(a!));
    },
  );

  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/v1/alerts/:id/actions',
    { config: { permission: 'alert.read' }, schema: { tags: ['alert actions'], summary: 'The alert’s actions, oldest first', params: IdParam, response: { 200: ActionList, ...errorResponses } } },
    async (req) => {
      const alert = await findAlert(req.data, req.params.id);
      if (!alert) throw notFound('alert', 'id');
      return { items: (await listActions(req.data, { alertId: alert.id })).map(actionView) };
    },
  );

  app.get<{ Querystring: Static<typeof ActionsQuery> }>(
    '/api/v1/actions',
    {
      config: { permission: 'alert.read' },
      schema: { tags: ['alert actions'], summary: 'Actions of the caller’s orgs, newest first (e.g. ?status=failed: deliveries that need attention)', querystring: ActionsQuery, response: { 200: ActionPage, ...errorResponses } },
    },
    async (req) => {
      if (req.query.org !== undefined) requireVisibleOrg(s, req, req.query.org, 'org');
      const items = await pageActions(req.data, { status: req.query.status, type: req.query.type, orgIds: orgFilter(s, req.query.org), before: req.query.cursor, limit: req.query.limit });
      return { items: items.map(actionView), nextCursor: items.length === req.query.limit ? items[items.length - 1]!.id : null };
    },
  );

  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/v1/actions/:id',
    { config: { permission: 'alert.read' }, schema: { tags: ['alert actions'], summary: 'One action with its delivery log (every attempt: request, answer, error, duration)', params: IdParam, response: { 200: ActionDetailSchema, ...errorResponses } } },
    async (req) => {
      const a = await getAction(req.data, req.params.id);
      if (!a) throw notFound('action', 'id');
      return { action: actionView(a), attempts: (await listAttempts(req.data, a.id)).map(attemptView) };
    },
  );

  app.post<{ Params: Static<typeof IdParam> }>(
    '/api/v1/actions/:id/retry',
    {
      config: { permission: 'alert.handle' },
      schema: { tags: ['alert actions'], summary: 'Send a failed action again with a fresh set of attempts, through the channel that serves it now; its history stays', params: IdParam, response: { 202: ActionSchema, ...errorResponses } },
    },
    async (req, reply) => {
      const a = await retryAction(s, req.data, req.params.id, { requestedBy: actorOf(req), audit: auditAs(req, 'alert.action.retry') });
      reply.status(202).send(actionView(a));
    },
  );

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof CallResultBody> }>(
    '/api/v1/actions/:id/call-result',
    {
      config: { permission: 'alert.handle' },
      schema: { tags: ['alert actions'], summary: 'Record how a call went (a manual call, or a robot call whose channel reports no outcome)', params: IdParam, body: CallResultBody, response: { 200: ActionSchema, ...errorResponses } },
    },
    async (req) => actionView(await recordCallResult(s, req.data, req.params.id, req.body, { requestedBy: actorOf(req), audit: auditAs(req, 'alert.action.call_result') })),
  );

  app.post<{ Params: Static<typeof IdParam> }>(
    '/api/v1/actions/:id/cancel',
    {
      config: { permission: 'alert.handle' },
      schema: { tags: ['alert actions'], summary: 'Cancel an action not sent yet, a manual call waiting for its result, or a failed action', params: IdParam, response: { 200: ActionSchema, ...errorResponses } },
    },
    async (req) => actionView(await cancelAction(s, req.data, req.params.id, { requestedBy: actorOf(req), audit: auditAs(req, 'alert.action.cancel') })),
  );
};
