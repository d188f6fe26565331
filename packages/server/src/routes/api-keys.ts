import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { withTransaction } from '@vigil/storage';
import { notFound } from '../errors.ts';
import { createApiKey, getApiKey, listApiKeys, revokeApiKey } from '../repos/api-keys.ts';
import { bumpRevision } from '../repos/changes.ts';
import type { Services } from '../services.ts';
import { audit } from './audit.ts';
import { ApiKeyCreated, ApiKeyList, ApiKeyRevoked } from './api-key-schema.ts';
import { errorResponses, IdParam, requireVisibleOrg } from './common.ts';

const CreateKey = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    orgId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    eventTypes: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100, default: [], description: 'Event types the key may submit; empty for all' }),
    rateLimitPerSec: Type.Integer({ minimum: 1, maximum: 100_000, default: 1000 }),
  },
  { additionalProperties: false },
);

export const apiKeyRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.get('/api/v1/api-keys', { config: { permission: 'api_key.manage' }, schema: { tags: ['api keys'], response: { 200: ApiKeyList, ...errorResponses } } }, async (req) => ({
    items: (await listApiKeys(req.data)).map((k) => ({ ...k, createdAt: k.createdAt.toISOString(), revokedAt: k.revokedAt?.toISOString() ?? null })),
  }));

  app.post<{ Body: Static<typeof CreateKey> }>(
    '/api/v1/api-keys',
    {
      config: { permission: 'api_key.manage' },
      schema: { tags: ['api keys'], summary: 'Create a channel API key; the secret is shown only in this response', body: CreateKey, response: { 201: ApiKeyCreated, ...errorResponses } },
    },
    async (req, reply) => {
      const orgId = req.body.orgId ?? req.principal.orgId;
      requireVisibleOrg(s, req, orgId, 'orgId');
      const { key, record } = await withTransaction(s.db, async (tx) => {
        const created = await createApiKey(req.data.in(tx), { name: req.body.name, kind: 'channel', orgId, eventTypes: req.body.eventTypes, rateLimitPerSec: req.body.rateLimitPerSec });
        await audit(tx, req, { action: 'api_key.create', targetType: 'api_key', targetId: created.record.id, orgId, after: { name: created.record.name, prefix: created.record.prefix, eventTypes: created.record.eventTypes, rateLimitPerSec: created.record.rateLimitPerSec } });
        return created;
      });
      reply.status(201).send({ key, apiKey: { ...record, createdAt: record.createdAt.toISOString(), revokedAt: null } });
    },
  );

  app.post<{ Params: Static<typeof IdParam> }>(
    '/api/v1/api-keys/:id/revoke',
    { config: { permission: 'api_key.manage' }, schema: { tags: ['api keys'], params: IdParam, response: { 200: ApiKeyRevoked, ...errorResponses } } },
    async (req) => {
      const key = await getApiKey(req.data, req.params.id);
      if (!key) throw notFound('api key', 'id');
      const ok = await withTransaction(s.db, async (tx) => {
        const r = await revokeApiKey(req.data.in(tx), req.params.id);
        if (r) {
          await audit(tx, req, { action: 'api_key.revoke', targetType: 'api_key', targetId: req.params.id, orgId: key.orgId, before: { name: key.name, prefix: key.prefix } });
          await bumpRevision(tx, 'api_keys');
        }
        return r;
      });
      if (!ok) throw notFound('api key', 'id');
      await s.changed('api_keys');
      return { revoked: true };
    },
  );
};
