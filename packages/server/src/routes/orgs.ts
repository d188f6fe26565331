import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { withTransaction } from '@vigil/storage';
import { AppError, notFound } from '../errors.ts';
import { bumpRevision } from '../repos/changes.ts';
import { deleteOrgParam, insertOrg, loadOrgs, renameOrg, setOrgParam } from '../repos/orgs.ts';
import type { Services } from '../services.ts';
import { audit } from './audit.ts';
import { errorResponses, I18nTextSchema, IdParam, requireVisibleOrg } from './common.ts';
import { OrgList, OrgParamsSchema, OrgSchema, ParamValueSchema } from './org-schema.ts';

const OrgId = Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' });
const CreateOrg = Type.Object(
  {
    id: OrgId,
    parentId: OrgId,
    kind: Type.Union([Type.Literal('legal_entity'), Type.Literal('branch'), Type.Literal('sub_branch')]),
    name: I18nTextSchema,
  },
  { additionalProperties: false },
);
const PatchOrg = Type.Object({ name: I18nTextSchema }, { additionalProperties: false });
const ParamKey = Type.Object({ id: Type.String({ maxLength: 64 }), key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }) });
const ParamBody = Type.Object({ value: ParamValueSchema }, { additionalProperties: false });

/** An org's own and effective parameters, each effective one with the org it is inherited from. */
function paramsView(s: Services, orgId: string) {
  return { own: s.orgs.ownParams(orgId), effective: s.orgs.paramsFor(orgId), sources: s.orgs.paramSources(orgId) };
}

export const orgRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.get('/api/v1/orgs', { config: { permission: 'org.read' }, schema: { tags: ['orgs'], summary: 'The organisation tree visible to the caller', response: { 200: OrgList, ...errorResponses } } }, async (req) => ({
    items: (await loadOrgs(s.db)).filter((o) => req.data.allows(o.id)),
  }));

  app.post<{ Body: Static<typeof CreateOrg> }>(
    '/api/v1/orgs',
    { config: { permission: 'org.manage' }, schema: { tags: ['orgs'], summary: 'Add a legal entity, branch or sub-branch under an org the caller manages', body: CreateOrg, response: { 201: OrgSchema, ...errorResponses } } },
    async (req, reply) => {
      requireVisibleOrg(s, req, req.body.parentId, 'id');
      if (s.orgs.has(req.body.id)) throw new AppError('CONFLICT', `org ${req.body.id} already exists`, { path: 'id' });
      await withTransaction(s.db, async (tx) => {
        await insertOrg(tx, { id: req.body.id, parentId: req.body.parentId, kind: req.body.kind, name: req.body.name });
        await audit(tx, req, { action: 'org.create', targetType: 'org', targetId: req.body.id, orgId: req.body.parentId, after: req.body });
        await bumpRevision(tx, 'orgs');
      });
      await s.changed('orgs');
      reply.status(201).send({ id: req.body.id, parentId: req.body.parentId, kind: req.body.kind, name: req.body.name });
    },
  );

  app.patch<{ Params: Static<typeof IdParam>; Body: Static<typeof PatchOrg> }>(
    '/api/v1/orgs/:id',
    { config: { permission: 'org.manage' }, schema: { tags: ['orgs'], summary: 'Rename an org of the caller’s subtree', params: IdParam, body: PatchOrg, response: { 200: OrgSchema, ...errorResponses } } },
    async (req) => {
      requireVisibleOrg(s, req, req.params.id, 'id');
      const before = (await loadOrgs(s.db)).find((o) => o.id === req.params.id)!;
      await withTransaction(s.db, async (tx) => {
        await renameOrg(tx, before.id, req.body.name);
        await audit(tx, req, { action: 'org.update', targetType: 'org', targetId: before.id, orgId: before.id, before: { name: before.name }, after: req.body });
        await bumpRevision(tx, 'orgs');
      });
      await s.changed('orgs');
      return { ...before, name: req.body.name };
    },
  );

  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/v1/orgs/:id/params',
    { config: { permission: 'param.read' }, schema: { tags: ['orgs'], summary: "An org's own parameters and the effective values rules see (nearest org wins), and where each comes from", params: IdParam, response: { 200: OrgParamsSchema, ...errorResponses } } },
    async (req) => {
      requireVisibleOrg(s, req, req.params.id, 'id');
      return paramsView(s, req.params.id);
    },
  );

  app.put<{ Params: Static<typeof ParamKey>; Body: Static<typeof ParamBody> }>(
    '/api/v1/orgs/:id/params/:key',
    { config: { permission: 'param.write' }, schema: { tags: ['orgs'], summary: 'Set a parameter for an org (overrides its ancestors)', params: ParamKey, body: ParamBody, response: { 200: OrgParamsSchema, ...errorResponses } } },
    async (req) => {
      requireVisibleOrg(s, req, req.params.id, 'id');
      await withTransaction(s.db, async (tx) => {
        await setOrgParam(req.data.in(tx), req.params.id, req.params.key, req.body.value);
        await audit(tx, req, { action: 'param.set', targetType: 'org_param', targetId: `${req.params.id}/${req.params.key}`, orgId: req.params.id, before: s.orgs.ownParams(req.params.id)[req.params.key] ?? null, after: req.body.value });
        await bumpRevision(tx, 'orgs');
      });
      await s.changed('orgs');
      return paramsView(s, req.params.id);
    },
  );

  app.delete<{ Params: Static<typeof ParamKey> }>(
    '/api/v1/orgs/:id/params/:key',
    { config: { permission: 'param.write' }, schema: { tags: ['orgs'], summary: "Remove an org's own value (the inherited one applies again)", params: ParamKey, response: { ...errorResponses } } },
    async (req, reply) => {
      requireVisibleOrg(s, req, req.params.id, 'id');
      const removed = await withTransaction(s.db, async (tx) => {
        const r = await deleteOrgParam(req.data.in(tx), req.params.id, req.params.key);
        if (r) {
          await audit(tx, req, { action: 'param.delete', targetType: 'org_param', targetId: `${req.params.id}/${req.params.key}`, orgId: req.params.id, before: s.orgs.ownParams(req.params.id)[req.params.key] ?? null });
          await bumpRevision(tx, 'orgs');
        }
        return r;
      });
      if (!removed) throw notFound('parameter', 'key');
      await s.changed('orgs');
      reply.status(204).send();
    },
  );
};
