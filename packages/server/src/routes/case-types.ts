import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { withTransaction } from '@vigil/storage';
import { AppError, notFound } from '../errors.ts';
import { caseTypeByKey, caseTypeUsage, deleteCaseType, effectiveCaseTypes, getCaseType, inheritedData, insertCaseType, updateCaseType, type CaseTypeInput, type CaseTypeRecord } from '../repos/case-types.ts';
import type { OrgData } from '../repos/scoped.ts';
import type { Services } from '../services.ts';
import { refuseCardNumbers } from '../card-numbers.ts';
import { MERGED_STATE, validateWorkflow } from '../cases/workflow.ts';
import { audit } from './audit.ts';
import { CaseTypeListSchema, CaseTypeSchema, CaseTypesQuerySchema, CreateCaseTypeSchema, ReplaceCaseTypeSchema } from './case-config-schema.ts';
import { errorResponses, IdParam, requireVisibleOrg } from './common.ts';

/**
 * What configuration a caller may read: its own orgs' and that of every org above its own (a
 * bank's staff see the union's case types and rules, which apply to them, but change only theirs).
 */
export function configReadData(s: Services, req: FastifyRequest): OrgData {
  if (req.data.scope.all) return req.data;
  return inheritedData(req.data.db, [...new Set([...req.data.scope.orgIds, ...s.orgs.chain(req.principal.orgId)])]);
}

/** A configuration row the caller reads but may not change (an org above theirs): 403, saying how to override it. */
export function inheritedOnly(what: string, orgId: string): AppError {
  return new AppError('FORBIDDEN', `this ${what} is defined by ${orgId} and changed only there; define one for your own org to override or add to it`, { path: 'id' });
}

function view(t: CaseTypeRecord, inherited: boolean): Static<typeof CaseTypeSchema> {
  return { ...t, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString(), inherited };
}

/** Refuses an unsound workflow with every problem at its JSON path, and card numbers in the texts. */
function checkType(t: Omit<CaseTypeInput, 'key'>): void {
  const issues = validateWorkflow(t.workflow, t.initialState);
  if (issues.length) throw new AppError('VALIDATION_FAILED', `the workflow is not valid: ${issues[0]!.message}`, { details: issues });
  refuseCardNumbers({ description: t.description, 'name.zh': t.name.zh, 'name.en': t.name.en });
}

/**
 * Case types and their workflows. A type applies to its org and every org below it unless one of
 * those defines a type of the same key (the nearest definition wins); the union's built-in types
 * thus apply to every bank. A type's workflow is checked whole before it is stored.
 */
export const caseTypeRoutes = (s: Services) => async (app: FastifyInstance) => {
  /** A type of the caller's orgs, to change: 403 for one inherited from above, 404 for one they cannot see. */
  const ownCaseType = async (req: FastifyRequest, id: string): Promise<CaseTypeRecord> => {
    const t = await getCaseType(req.data, id);
    if (t) return t;
    const readable = await getCaseType(configReadData(s, req), id);
    throw readable ? inheritedOnly('case type', readable.orgId) : notFound('case type', 'id');
  };

  app.get<{ Querystring: Static<typeof CaseTypesQuerySchema> }>(
    '/api/v1/case-types',
    { config: { permission: 'case.read' }, schema: { tags: ['cases'], summary: 'The case types that apply to an org (default the caller’s): its own and those it inherits', querystring: CaseTypesQuerySchema, response: { 200: CaseTypeListSchema, ...errorResponses } } },
    async (req) => {
      const org = req.query.org ?? req.principal.orgId;
      requireVisibleOrg(s, req, org, 'querystring.org');
      return { items: (await effectiveCaseTypes(req.data.db, s.orgs.chain(org))).map((t) => view(t, t.orgId !== org)) };
    },
  );

  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/v1/case-types/:id',
    { config: { permission: 'case.read' }, schema: { tags: ['cases'], params: IdParam, response: { 200: CaseTypeSchema, ...errorResponses } } },
    async (req) => {
      const t = await getCaseType(configReadData(s, req), req.params.id);
      if (!t) throw notFound('case type', 'id');
      return view(t, !req.data.allows(t.orgId));
    },
  );

  app.post<{ Body: Static<typeof CreateCaseTypeSchema> }>(
    '/api/v1/case-types',
    { config: { permission: 'case.configure' }, schema: { tags: ['cases'], summary: 'Define a case type for an org (default the caller’s); a key an org above defines is overridden for this org and below', body: CreateCaseTypeSchema, response: { 201: CaseTypeSchema, ...errorResponses } } },
    async (req, reply) => {
      const { orgId: askedOrg, ...t } = req.body;
      const orgId = askedOrg ?? req.principal.orgId;
      requireVisibleOrg(s, req, orgId, 'orgId');
      checkType(t);
      const id = randomUUID();
      await withTransaction(s.db, async (tx) => {
        const data = req.data.in(tx);
        if (await caseTypeByKey(data, orgId, t.key)) throw new AppError('CONFLICT', `${orgId} already defines the case type ${t.key}`, { path: 'key' });
        await insertCaseType(data, { ...t, id, orgId, createdBy: `${req.principal.kind}:${req.principal.name}` });
        await audit(tx, req, { action: 'case_type.create', targetType: 'case_type', targetId: id, orgId, after: t });
      });
      reply.status(201).send(view((await getCaseType(req.data, id))!, false));
    },
  );

  app.put<{ Params: Static<typeof IdParam>; Body: Static<typeof ReplaceCaseTypeSchema> }>(
    '/api/v1/case-types/:id',
    { config: { permission: 'case.configure' }, schema: { tags: ['cases'], summary: 'Replace a type’s names, subjects and workflow; a state that cases are in cannot be removed (409)', params: IdParam, body: ReplaceCaseTypeSchema, response: { 200: CaseTypeSchema, ...errorResponses } } },
    async (req) => {
      checkType(req.body);
      const before = await ownCaseType(req, req.params.id);
      await withTransaction(s.db, async (tx) => {
        const data = req.data.in(tx);
        const usage = await caseTypeUsage(data, before.id);
        const kept = new Set(req.body.workflow.states.map((st) => st.key));
        const missing = usage.states.filter((st) => st !== MERGED_STATE && !kept.has(st));
        if (missing.length) {
          throw new AppError('CONFLICT', `cases of this type are in ${missing.join(', ')}: keep those states`, { details: missing.map((st) => ({ path: 'workflow.states', code: 'STATE_IN_USE', message: `cases are in the state "${st}"` })) });
        }
        await updateCaseType(data, before.id, req.body);
        await audit(tx, req, { action: 'case_type.update', targetType: 'case_type', targetId: before.id, orgId: before.orgId, before: { name: before.name, subjectTypes: before.subjectTypes, workflow: before.workflow, initialState: before.initialState }, after: req.body });
      });
      return view((await getCaseType(req.data, req.params.id))!, false);
    },
  );

  app.delete<{ Params: Static<typeof IdParam> }>(
    '/api/v1/case-types/:id',
    { config: { permission: 'case.configure' }, schema: { tags: ['cases'], summary: 'Delete a type no case follows (409 otherwise)', params: IdParam, response: { ...errorResponses } } },
    async (req, reply) => {
      const before = await ownCaseType(req, req.params.id);
      await withTransaction(s.db, async (tx) => {
        const data = req.data.in(tx);
        const usage = await caseTypeUsage(data, before.id);
        if (usage.cases) throw new AppError('CONFLICT', `${usage.cases} case(s) follow this type; it cannot be deleted`, { path: 'id' });
        await deleteCaseType(data, before.id);
        await audit(tx, req, { action: 'case_type.delete', targetType: 'case_type', targetId: before.id, orgId: before.orgId, before: { key: before.key, name: before.name } });
      });
      reply.status(204).send();
    },
  );
};
