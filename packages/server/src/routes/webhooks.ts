import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { withTransaction } from '@vigil/storage';
import { AppError, notFound } from '../errors.ts';
import { bumpRevision } from '../repos/changes.ts';
import type { OrgData } from '../repos/scoped.ts';
import {
  deleteWebhook,
  getDelivery,
  getWebhook,
  insertDeliveries,
  insertWebhook,
  listDeliveries,
  listWebhooks,
  requeueFailedDelivery,
  updateWebhook,
  type DeliveryRecord,
  type WebhookRecord,
} from '../repos/webhooks.ts';
import { OutboundError } from '../runtime/outbound-http.ts';
import { PING_EVENT, WEBHOOK_EVENTS } from '../runtime/webhook-publisher.ts';
import { newWebhookSecret } from '../runtime/webhook-signature.ts';
import type { Services } from '../services.ts';
import { audit } from './audit.ts';
import { errorResponses, IdParam, requireVisibleOrg } from './common.ts';
import { DeliveryPage, DeliverySchema, DeliveryStatusSchema, WebhookCreated, WebhookList, WebhookSchema } from './webhook-schema.ts';

const EventName = Type.Union(WEBHOOK_EVENTS.map((e) => Type.Literal(e)));
const Url = Type.String({ minLength: 1, maxLength: 2048, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://', description: 'http(s) URL the deliveries are posted to' });
const Events = Type.Array(EventName, { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true, description: 'Events delivered to this endpoint' });

const CreateWebhook = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    url: Url,
    events: Events,
    orgId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Owner org; default the caller’s. It receives the events of this org and every org below it' })),
    enabled: Type.Boolean({ default: true }),
  },
  { additionalProperties: false },
);
const PatchWebhook = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })), url: Type.Optional(Url), events: Type.Optional(Events), enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);

const DeliveriesQuery = Type.Object(
  { status: Type.Optional(DeliveryStatusSchema), cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) },
  { additionalProperties: false },
);
const DeliveryParam = Type.Object({ deliveryId: Type.String({ pattern: '^[0-9]{1,15}$' }) });

const view = (w: WebhookRecord) => ({ ...w, createdAt: w.createdAt.toISOString(), updatedAt: w.updatedAt.toISOString() });
const deliveryView = (d: DeliveryRecord) => ({
  ...d,
  nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
});

async function scopedWebhook(data: OrgData, id: string): Promise<WebhookRecord> {
  const w = await getWebhook(data, id);
  if (!w) throw notFound('webhook', 'id');
  return w;
}

/**
 * Refuses a URL the outbound client would refuse to call (webhooks, action channels), naming the
 * field: not a URL, credentials in it, or a target the SSRF guard refuses (400 VALIDATION_FAILED).
 */
export async function checkOutboundUrl(s: Services, raw: string, path = 'url'): Promise<void> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('VALIDATION_FAILED', `${path} is not a valid absolute URL`, { path });
  }
  if (url.username || url.password) throw new AppError('VALIDATION_FAILED', 'credentials in the URL are not accepted: receivers authenticate calls by their signature', { path });
  try {
    await s.webhooks.http.check(url);
  } catch (e) {
    const code = e instanceof OutboundError ? e.code : 'INVALID_URL';
    const message = code === 'SSRF_REFUSED' ? `${(e as Error).message}; private and loopback targets need VIGIL_WEBHOOK_ALLOW_HOSTS` : `the URL cannot be used: ${(e as Error).message}`;
    throw new AppError('VALIDATION_FAILED', message, { details: [{ path, code: code === 'SSRF_REFUSED' ? 'SSRF_REFUSED' : 'INVALID_URL', message }] });
  }
}

/**
 * Webhook endpoints of an org: signed deliveries of decisions and feedback. The signing secret is
 * generated here and shown once; endpoint URLs pass the SSRF guard before they are stored.
 */
export const webhookRoutes = (s: Services) => async (app: FastifyInstance) => {
  const checkUrl = (raw: string) => checkOutboundUrl(s, raw);
  const changed = () => s.changed('webhooks');

  app.get(
    '/api/v1/webhooks',
    { config: { permission: 'webhook.manage' }, schema: { tags: ['webhooks'], summary: 'Webhook endpoints of the caller’s orgs, without their secrets', response: { 200: WebhookList, ...errorResponses } } },
    async (req) => ({ items: (await listWebhooks(req.data)).map(view) }),
  );

  app.post<{ Body: Static<typeof CreateWebhook> }>(
    '/api/v1/webhooks',
    {
      config: { permission: 'webhook.manage' },
      schema: { tags: ['webhooks'], summary: 'Create a webhook endpoint; its signing secret is shown only in this response', body: CreateWebhook, response: { 201: WebhookCreated, ...errorResponses } },
    },
    async (req, reply) => {
      const orgId = req.body.orgId ?? req.principal.orgId;
      requireVisibleOrg(s, req, orgId, 'orgId');
      await checkUrl(req.body.url);
      const id = randomUUID();
      const secret = newWebhookSecret();
      await withTransaction(s.db, async (tx) => {
        await insertWebhook(req.data.in(tx), { id, orgId, name: req.body.name, url: req.body.url, events: req.body.events, sealedSecret: s.webhooks.deliverer.seal(secret), enabled: req.body.enabled, createdBy: `${req.principal.kind}:${req.principal.name}` });
        await audit(tx, req, { action: 'webhook.create', targetType: 'webhook', targetId: id, orgId, after: { name: req.body.name, url: req.body.url, events: req.body.events, enabled: req.body.enabled } });
        await bumpRevision(tx, 'webhooks');
      });
      await changed();
      reply.status(201).send({ secret, webhook: view(await scopedWebhook(req.data, id)) });
    },
  );

  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/v1/webhooks/:id',
    { config: { permission: 'webhook.manage' }, schema: { tags: ['webhooks'], params: IdParam, response: { 200: WebhookSchema, ...errorResponses } } },
    async (req) => view(await scopedWebhook(req.data, req.params.id)),
  );

  app.patch<{ Params: Static<typeof IdParam>; Body: Static<typeof PatchWebhook> }>(
    '/api/v1/webhooks/:id',
    { config: { permission: 'webhook.manage' }, schema: { tags: ['webhooks'], summary: 'Change the name, URL, events or enabled state', params: IdParam, body: PatchWebhook, response: { 200: WebhookSchema, ...errorResponses } } },
    async (req) => {
      const before = await scopedWebhook(req.data, req.params.id);
      if (req.body.url !== undefined) await checkUrl(req.body.url);
      await withTransaction(s.db, async (tx) => {
        if (!(await updateWebhook(req.data.in(tx), before.id, req.body))) throw notFound('webhook', 'id');
        const { name, url, events, enabled } = before;
        await audit(tx, req, { action: 'webhook.update', targetType: 'webhook', targetId: before.id, orgId: before.orgId, before: { name, url, events, enabled }, after: req.body });
        await bumpRevision(tx, 'webhooks');
      });
      await changed();
      return view(await scopedWebhook(req.data, before.id));
    },
  );

  app.delete<{ Params: Static<typeof IdParam> }>(
    '/api/v1/webhooks/:id',
    { config: { permission: 'webhook.manage' }, schema: { tags: ['webhooks'], summary: 'Delete the endpoint and its deliveries (pending ones are not sent)', params: IdParam, response: { ...errorResponses } } },
    async (req, reply) => {
      const before = await scopedWebhook(req.data, req.params.id);
      await withTransaction(s.db, async (tx) => {
        if (!(await deleteWebhook(req.data.in(tx), before.id))) throw notFound('webhook', 'id');
        await audit(tx, req, { action: 'webhook.delete', targetType: 'webhook', targetId: before.id, orgId: before.orgId, before: { name: before.name, url: before.url, events: before.events, enabled: before.enabled } });
        await bumpRevision(tx, 'webhooks');
      });
      await changed();
      reply.status(204).send();
    },
  );

  app.get<{ Params: Static<typeof IdParam>; Querystring: Static<typeof DeliveriesQuery> }>(
    '/api/v1/webhooks/:id/deliveries',
    {
      config: { permission: 'webhook.manage' },
      schema: { tags: ['webhooks'], summary: 'Deliveries of one endpoint, newest first', params: IdParam, querystring: DeliveriesQuery, response: { 200: DeliveryPage, ...errorResponses } },
    },
    async (req) => {
      const w = await scopedWebhook(req.data, req.params.id);
      const items = await listDeliveries(req.data, w.id, { status: req.query.status, before: req.query.cursor ? Number(req.query.cursor) : undefined, limit: req.query.limit });
      return { items: items.map(deliveryView), nextCursor: items.length === req.query.limit ? items[items.length - 1]!.id : null };
    },
  );

  app.post<{ Params: Static<typeof IdParam> }>(
    '/api/v1/webhooks/:id/test',
    {
      config: { permission: 'webhook.manage' },
      schema: { tags: ['webhooks'], summary: 'Queue a signed `ping` delivery to the endpoint (409 when it is disabled)', params: IdParam, response: { 202: DeliverySchema, ...errorResponses } },
    },
    async (req, reply) => {
      const w = await scopedWebhook(req.data, req.params.id);
      if (!w.enabled) throw new AppError('CONFLICT', 'the webhook is disabled: enable it to send a test', { path: 'id' });
      const queued = await withTransaction(s.db, async (tx) => {
        const [d] = await insertDeliveries(req.data.in(tx), [{ webhookId: w.id, orgId: w.orgId, event: PING_EVENT, payload: { webhookId: w.id, message: 'ping from Vigil' } }]);
        await audit(tx, req, { action: 'webhook.test', targetType: 'webhook', targetId: w.id, orgId: w.orgId, after: { deliveryId: d!.id } });
        return d!;
      });
      s.webhooks.deliverer.wake();
      reply.status(202).send(deliveryView(queued));
    },
  );

  app.post<{ Params: Static<typeof DeliveryParam> }>(
    '/api/v1/webhooks/deliveries/:deliveryId/retry',
    {
      config: { permission: 'webhook.manage' },
      schema: { tags: ['webhooks'], summary: 'Queue a failed delivery again, with a fresh set of attempts', params: DeliveryParam, response: { 202: DeliverySchema, ...errorResponses } },
    },
    async (req, reply) => {
      const id = Number(req.params.deliveryId);
      const d = await getDelivery(req.data, id);
      if (!d) throw notFound('webhook delivery', 'deliveryId');
      const queued = await withTransaction(s.db, async (tx) => {
        const r = await requeueFailedDelivery(req.data.in(tx), id);
        if (!r) throw new AppError('CONFLICT', `only a failed delivery can be retried; this one is ${d.status}`, { path: 'deliveryId' });
        await audit(tx, req, { action: 'webhook.delivery.retry', targetType: 'webhook_delivery', targetId: d.id, orgId: d.orgId, before: { status: d.status, attempts: d.attempts, lastError: d.lastError } });
        return r;
      });
      s.webhooks.deliverer.wake();
      reply.status(202).send(deliveryView(queued));
    },
  );
};
