import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { withTransaction } from '@vigil/storage';
import { AppError, notFound } from '../errors.ts';
import { deleteChannel, getChannel, getChannelForSending, insertChannel, listChannels, updateChannel, type ActionChannelRecord } from '../repos/action-channels.ts';
import { newWebhookSecret } from '../runtime/webhook-signature.ts';
import type { Services } from '../services.ts';
import { ActionChannelCreated, ActionChannelList, ActionChannelSchema, ActionChannelTestResult, CreateActionChannel, UpdateActionChannel } from './action-channel-schema.ts';
import { audit } from './audit.ts';
import { errorResponses, IdParam, requireVisibleOrg, withAncestors } from './common.ts';
import { checkOutboundUrl } from './webhooks.ts';

/**
 * The adapters that carry an org's actions outside: a signed webhook to the bank's SMS gateway,
 * IVR or core-system adapter, or the built-in simulator. An org's actions go through the nearest
 * channel up its org chain that serves their type; a webhook channel's secret is shown once.
 */
export const actionChannelRoutes = (s: Services) => async (app: FastifyInstance) => {
  const view = (req: FastifyRequest, c: ActionChannelRecord) => ({ ...c, inherited: !req.data.allows(c.orgId), createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString() });
  const readable = async (req: FastifyRequest, id: string) => {
    const c = await getChannel(withAncestors(s, req), id);
    if (!c) throw notFound('action channel', 'id');
    return c;
  };
  /** A channel the caller may change or test: another bank's is not found, an inherited one is read-only. */
  const owned = async (req: FastifyRequest, id: string) => {
    const c = await readable(req, id);
    if (!req.data.allows(c.orgId)) throw new AppError('FORBIDDEN', `channel ${c.name} belongs to ${c.orgId}, above your org: it is read-only here`, { path: 'id' });
    return c;
  };
  /** A webhook channel needs a URL the outbound client may call; a simulator has none. */
  const checkTarget = async (kind: 'webhook' | 'simulator', url: string | undefined) => {
    if (kind === 'simulator') {
      if (url !== undefined) throw new AppError('VALIDATION_FAILED', 'a simulator channel has no URL', { path: 'url' });
      return;
    }
    if (url === undefined) throw new AppError('VALIDATION_FAILED', 'a webhook channel needs the URL actions are posted to', { path: 'url' });
    await checkOutboundUrl(s, url);
  };

  app.get(
    '/api/v1/action-channels',
    { config: { permission: 'alert.read' }, schema: { tags: ['alert actions'], summary: 'Channels of the caller’s orgs and those inherited from the orgs above, without secrets', response: { 200: ActionChannelList, ...errorResponses } } },
    async (req) => ({ items: (await listChannels(withAncestors(s, req))).map((c) => view(req, c)) }),
  );

  app.post<{ Body: Static<typeof CreateActionChannel> }>(
    '/api/v1/action-channels',
    {
      config: { permission: 'alert.configure' },
      schema: { tags: ['alert actions'], summary: 'Create a channel; a webhook channel’s signing secret is shown only in this response', body: CreateActionChannel, response: { 201: ActionChannelCreated, ...errorResponses } },
    },
    async (req, reply) => {
      const orgId = req.body.orgId ?? req.principal.orgId;
      requireVisibleOrg(s, req, orgId, 'orgId');
      await checkTarget(req.body.kind, req.body.url);
      const id = randomUUID();
      const secret = req.body.kind === 'webhook' ? newWebhookSecret() : null;
      const c = { id, orgId, name: req.body.name, kind: req.body.kind, actionTypes: req.body.actionTypes, url: req.body.url ?? null, enabled: req.body.enabled, createdBy: `${req.principal.kind}:${req.principal.name}` };
      await withTransaction(s.db, async (tx) => {
        await insertChannel(req.data.in(tx), { ...c, sealedSecret: secret === null ? null : s.actions.dispatcher.seal(secret) });
        await audit(tx, req, { action: 'action_channel.create', targetType: 'action_channel', targetId: id, orgId, after: { name: c.name, kind: c.kind, actionTypes: c.actionTypes, url: c.url, enabled: c.enabled } });
      });
      reply.status(201).send({ secret, channel: view(req, (await getChannel(req.data, id))!) });
    },
  );

  app.put<{ Params: Static<typeof IdParam>; Body: Static<typeof UpdateActionChannel> }>(
    '/api/v1/action-channels/:id',
    {
      config: { permission: 'alert.configure' },
      schema: { tags: ['alert actions'], summary: 'Replace the name, action types, URL and enabled state (the kind and secret stay)', params: IdParam, body: UpdateActionChannel, response: { 200: ActionChannelSchema, ...errorResponses } },
    },
    async (req) => {
      const before = await owned(req, req.params.id);
      await checkTarget(before.kind, req.body.url);
      const patch = { name: req.body.name, actionTypes: req.body.actionTypes, url: req.body.url ?? null, enabled: req.body.enabled };
      await withTransaction(s.db, async (tx) => {
        if (!(await updateChannel(req.data.in(tx), before.id, patch))) throw notFound('action channel', 'id');
        await audit(tx, req, { action: 'action_channel.update', targetType: 'action_channel', targetId: before.id, orgId: before.orgId, before: { name: before.name, actionTypes: before.actionTypes, url: before.url, enabled: before.enabled }, after: patch });
      });
      return view(req, (await getChannel(req.data, before.id))!);
    },
  );

  app.delete<{ Params: Static<typeof IdParam> }>(
    '/api/v1/action-channels/:id',
    {
      config: { permission: 'alert.configure' },
      schema: { tags: ['alert actions'], summary: 'Delete a channel; actions still queued for it fail visibly and can be retried through another', params: IdParam, response: { ...errorResponses } },
    },
    async (req, reply) => {
      const before = await owned(req, req.params.id);
      await withTransaction(s.db, async (tx) => {
        if (!(await deleteChannel(req.data.in(tx), before.id))) throw notFound('action channel', 'id');
        await audit(tx, req, { action: 'action_channel.delete', targetType: 'action_channel', targetId: before.id, orgId: before.orgId, before: { name: before.name, kind: before.kind, actionTypes: before.actionTypes, url: before.url, enabled: before.enabled } });
      });
      reply.status(204).send();
    },
  );

  app.post<{ Params: Static<typeof IdParam> }>(
    '/api/v1/action-channels/:id/test',
    {
      config: { permission: 'alert.configure' },
      schema: { tags: ['alert actions'], summary: 'Send a signed `test` action through the channel now and report the answer (409 when it is disabled)', params: IdParam, response: { 200: ActionChannelTestResult, ...errorResponses } },
    },
    async (req) => {
      const c = await owned(req, req.params.id);
      if (!c.enabled) throw new AppError('CONFLICT', 'the channel is disabled: enable it to test it', { path: 'id' });
      const channel = (await getChannelForSending(req.data, c.id))!;
      const started = performance.now();
      let r;
      try {
        r = await s.actions.dispatcher.adapter(channel).send({ id: `test-${randomUUID()}`, orgId: c.orgId, type: 'test', kind: null, params: { message: 'test from Vigil' }, context: { channelId: c.id }, attempt: 1, createdAt: new Date() });
      } catch (e) {
        r = { ok: false as const, retryable: false, error: (e as Error).message };
      }
      const out = {
        ok: r.ok,
        status: r.exchange?.status ?? null,
        durationMs: Math.round(performance.now() - started),
        error: r.ok ? null : r.error,
        result: r.ok ? r.result : null,
      };
      await withTransaction(s.db, (tx) => audit(tx, req, { action: 'action_channel.test', targetType: 'action_channel', targetId: c.id, orgId: c.orgId, after: { ok: out.ok, status: out.status, error: out.error } }));
      return out;
    },
  );
};
