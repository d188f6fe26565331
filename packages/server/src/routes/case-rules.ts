import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { withTransaction } from '@vigil/storage';
import { AppError, notFound } from '../errors.ts';
import { caseRulesOnChain, deleteCaseRule, getCaseRule, insertCaseRule, listCaseRules, updateCaseRule, type CaseRuleInput, type CaseRuleRecord } from '../repos/case-rules.ts';
import { resolveCaseType } from '../repos/case-types.ts';
import type { Executor } from '../repos/executor.ts';
import type { Services } from '../services.ts';
import { refuseCardNumbers } from '../card-numbers.ts';
import { audit } from './audit.ts';
import { CaseRuleListSchema, CaseRuleSchema, CaseRulesQuerySchema, CreateCaseRuleSchema, ReplaceCaseRuleSchema } from './case-config-schema.ts';
import { configReadData, inheritedOnly } from './case-types.ts';
import { errorResponses, IdParam, requireVisibleOrg } from './common.ts';

function view(r: CaseRuleRecord, inherited: boolean): Static<typeof CaseRuleSchema> {
  return { ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), inherited };
}

/** A rule's fields with defaults, its case type resolved for the rule's org (400 at `caseType` when none applies). */
async function ruleInput(s: Services, db: Executor, orgId: string, b: Static<typeof ReplaceCaseRuleSchema>): Promise<CaseRuleInput> {
  refuseCardNumbers({ name: b.name });
  const type = await resolveCaseType(db, s.orgs.chain(orgId), b.caseType);
  if (!type) throw new AppError('VALIDATION_FAILED', `no case type "${b.caseType}" applies to org ${orgId}`, { path: 'caseType' });
  return { name: b.name, enabled: b.enabled, dispositions: b.dispositions, categories: b.categories, minLevel: b.minLevel, minAmount: b.minAmount, caseType: b.caseType, priority: b.priority ?? 'medium', linkOpen: b.linkOpen };
}

/**
 * Rules that open cases from disposed alerts (see `casesForDisposedAlert`). The rules of an org and
 * of every org above it apply to its alerts; each org changes only its own.
 */
export const caseRuleRoutes = (s: Services) => async (app: FastifyInstance) => {
  const readable = (req: FastifyRequest, id: string) => getCaseRule(configReadData(s, req), id);

  app.get<{ Querystring: Static<typeof CaseRulesQuerySchema> }>(
    '/api/v1/case-rules',
    {
      config: { permission: 'case.configure' },
      schema: { tags: ['cases'], summary: 'Case rules: those applying to `org` (its own and inherited), or without it every rule the caller manages and those it inherits', querystring: CaseRulesQuerySchema, response: { 200: CaseRuleListSchema, ...errorResponses } },
    },
    async (req) => {
      if (req.query.org !== undefined) {
        const org = req.query.org;
        requireVisibleOrg(s, req, org, 'querystring.org');
        return { items: (await caseRulesOnChain(req.data.db, s.orgs.chain(org))).map((r) => view(r, r.orgId !== org)) };
      }
      const own = await listCaseRules(req.data);
      const above = (await caseRulesOnChain(req.data.db, s.orgs.chain(req.principal.orgId))).filter((r) => !req.data.allows(r.orgId));
      return { items: [...above.map((r) => view(r, true)), ...own.map((r) => view(r, false))] };
    },
  );

  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/v1/case-rules/:id',
    { config: { permission: 'case.configure' }, schema: { tags: ['cases'], params: IdParam, response: { 200: CaseRuleSchema, ...errorResponses } } },
    async (req) => {
      const r = await readable(req, req.params.id);
      if (!r) throw notFound('case rule', 'id');
      return view(r, !req.data.allows(r.orgId));
    },
  );

  app.post<{ Body: Static<typeof CreateCaseRuleSchema> }>(
    '/api/v1/case-rules',
    { config: { permission: 'case.configure' }, schema: { tags: ['cases'], summary: 'Add a rule for an org (default the caller’s)', body: CreateCaseRuleSchema, response: { 201: CaseRuleSchema, ...errorResponses } } },
    async (req, reply) => {
      const { orgId: askedOrg, ...b } = req.body;
      const orgId = askedOrg ?? req.principal.orgId;
      requireVisibleOrg(s, req, orgId, 'orgId');
      const input = await ruleInput(s, req.data.db, orgId, b);
      const id = randomUUID();
      await withTransaction(s.db, async (tx) => {
        await insertCaseRule(req.data.in(tx), { ...input, id, orgId, createdBy: `${req.principal.kind}:${req.principal.name}` });
        await audit(tx, req, { action: 'case_rule.create', targetType: 'case_rule', targetId: id, orgId, after: input });
      });
      reply.status(201).send(view((await getCaseRule(req.data, id))!, false));
    },
  );

  app.put<{ Params: Static<typeof IdParam>; Body: Static<typeof ReplaceCaseRuleSchema> }>(
    '/api/v1/case-rules/:id',
    { config: { permission: 'case.configure' }, schema: { tags: ['cases'], summary: 'Replace a rule of the caller’s orgs', params: IdParam, body: ReplaceCaseRuleSchema, response: { 200: CaseRuleSchema, ...errorResponses } } },
    async (req) => {
      const before = await getCaseRule(req.data, req.params.id);
      if (!before) {
        const r = await readable(req, req.params.id);
        throw r ? inheritedOnly('case rule', r.orgId) : notFound('case rule', 'id');
      }
      const input = await ruleInput(s, req.data.db, before.orgId, req.body);
      await withTransaction(s.db, async (tx) => {
        if (!(await updateCaseRule(req.data.in(tx), before.id, input))) throw notFound('case rule', 'id');
        const { id: _id, orgId: _org, createdAt: _c, updatedAt: _u, createdBy: _b, ...was } = before;
        await audit(tx, req, { action: 'case_rule.update', targetType: 'case_rule', targetId: before.id, orgId: before.orgId, before: was, after: input });
      });
      return view((await getCaseRule(req.data, before.id))!, false);
    },
  );

  app.delete<{ Params: Static<typeof IdParam> }>(
    '/api/v1/case-rules/:id',
    { config: { permission: 'case.configure' }, schema: { tags: ['cases'], params: IdParam, response: { ...errorResponses } } },
    async (req, reply) => {
      const before = await getCaseRule(req.data, req.params.id);
      if (!before) {
        const r = await readable(req, req.params.id);
        throw r ? inheritedOnly('case rule', r.orgId) : notFound('case rule', 'id');
      }
      await withTransaction(s.db, async (tx) => {
        if (!(await deleteCaseRule(req.data.in(tx), before.id))) throw notFound('case rule', 'id');
        await audit(tx, req, { action: 'case_rule.delete', targetType: 'case_rule', targetId: before.id, orgId: before.orgId, before: { name: before.name, caseType: before.caseType, dispositions: before.dispositions } });
      });
      reply.status(204).send();
    },
  );
};
