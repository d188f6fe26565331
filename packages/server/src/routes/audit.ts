import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { appendAudit, listAudit, listLogins, verifyAudit, type AuditEntry } from '../repos/audit.ts';
import type { Executor } from '../repos/executor.ts';
import type { Services } from '../services.ts';
import { AuditPage, AuditVerifyResponse, LoginOutcomeSchema, LoginPage } from './audit-schema.ts';
import { errorResponses } from './shared-schemas.ts';

/** Records a change made by this request, in the transaction that makes it. */
export function audit(tx: Executor, req: FastifyRequest, e: Omit<AuditEntry, 'actor' | 'orgId'> & { orgId?: string }): Promise<void> {
  return appendAudit(tx, { ...e, actor: `${req.principal.kind}:${req.principal.name}`, orgId: e.orgId ?? req.principal.orgId });
}

const Query = Type.Object(
  {
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    targetType: Type.Optional(Type.String({ maxLength: 64 })),
    targetId: Type.Optional(Type.String({ maxLength: 128 })),
  },
  { additionalProperties: false },
);

const LoginQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    username: Type.Optional(Type.String({ maxLength: 128 })),
    outcome: Type.Optional(LoginOutcomeSchema),
  },
  { additionalProperties: false },
);

export const auditRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.get<{ Querystring: Static<typeof LoginQuery> }>(
    '/api/v1/login-log',
    {
      config: { permission: 'audit.read' },
      schema: { tags: ['audit'], summary: 'Sign-in attempts (successes, failures, lockouts) with source address, newest first, within the caller’s orgs', querystring: LoginQuery, response: { 200: LoginPage, ...errorResponses } },
    },
    async (req) => {
      const rows = await listLogins(req.data, { before: req.query.cursor ? Number(req.query.cursor) : undefined, limit: req.query.limit, username: req.query.username, outcome: req.query.outcome });
      return {
        items: rows.map((r) => ({ id: String(r.id), at: r.at, username: r.username, userId: r.user_id, orgId: r.org_id, ip: r.ip, outcome: r.outcome })),
        nextCursor: rows.length === req.query.limit ? String(rows[rows.length - 1]!.id) : null,
      };
    },
  );

  app.get<{ Querystring: Static<typeof Query> }>(
    '/api/v1/audit',
    { config: { permission: 'audit.read' }, schema: { tags: ['audit'], summary: 'The audit log, newest first, within the caller’s orgs', querystring: Query, response: { 200: AuditPage, ...errorResponses } } },
    async (req) => {
      const items = await listAudit(req.data, { before: req.query.cursor ? Number(req.query.cursor) : undefined, limit: req.query.limit, targetType: req.query.targetType, targetId: req.query.targetId });
      return { items, nextCursor: items.length === req.query.limit ? String(items[items.length - 1]!.id) : null };
    },
  );

  app.get(
    '/api/v1/audit/verify',
    { config: { permission: 'audit.read' }, schema: { tags: ['audit'], summary: 'Recompute the hash chain and report the first broken link', response: { 200: AuditVerifyResponse, ...errorResponses } } },
    async () => verifyAudit(s.db),
  );
};
