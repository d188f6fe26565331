import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { isDatabaseError, withTransaction } from '@vigil/storage';
import { AppError, notFound } from '../errors.ts';
import { deleteTemplate, getTemplate, insertTemplate, listTemplates, updateTemplate, type MessageTemplateRecord } from '../repos/message-templates.ts';
import { OrgData } from '../repos/scoped.ts';
import { alertTemplateValues, findAlert } from '../runtime/alert-actions.ts';
import { checkTemplateBody, renderTemplate, SAMPLE_VALUES, TEMPLATE_VARIABLES, templateVariables, type TemplateValues } from '../runtime/message-templates.ts';
import type { Services } from '../services.ts';
import { audit } from './audit.ts';
import { errorResponses, IdParam, requireVisibleOrg, withAncestors } from './common.ts';
import { CreateMessageTemplate, MessageTemplateList, MessageTemplatePreview, MessageTemplateSchema, PreviewMessageTemplate, UpdateMessageTemplate } from './message-template-schema.ts';
import { Type } from 'typebox';

const ListQuery = Type.Object(
  {
    org: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Only the templates that apply to this org: its own and those of the orgs above it' })),
    key: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);

/** Refuses a body that cannot be saved: every problem in `details`, each at `body`. */
function checkBody(body: string): void {
  const issues = checkTemplateBody(body);
  if (issues.length) throw new AppError('VALIDATION_FAILED', issues.map((i) => i.message).join('; '), { details: issues.map((i) => ({ path: 'body', code: i.code, message: i.message })) });
}

/**
 * Per-org SMS templates with `{{variable}}` placeholders. A bank's template applies to its
 * branches, which may override it with their own of the same key; inherited templates are
 * readable by the orgs below and changed only by their owner.
 */
export const messageTemplateRoutes = (s: Services) => async (app: FastifyInstance) => {
  const view = (req: FastifyRequest, t: MessageTemplateRecord) => ({ ...t, variables: templateVariables(t.body), inherited: !req.data.allows(t.orgId), createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString() });
  const readable = async (req: FastifyRequest, id: string) => {
    const t = await getTemplate(withAncestors(s, req), id);
    if (!t) throw notFound('message template', 'id');
    return t;
  };
  /** A template the caller may change: another bank's is not found, an inherited one is read-only. */
  const owned = async (req: FastifyRequest, id: string) => {
    const t = await readable(req, id);
    if (!req.data.allows(t.orgId)) throw new AppError('FORBIDDEN', `template ${t.key} belongs to ${t.orgId}, above your org: it is read-only here (create your own of the same key to override it)`, { path: 'id' });
    return t;
  };

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/message-templates',
    {
      config: { permission: 'alert.read' },
      schema: { tags: ['alert actions'], summary: 'Templates of the caller’s orgs and those inherited from the orgs above, with the variables they may use', querystring: ListQuery, response: { 200: MessageTemplateList, ...errorResponses } },
    },
    async (req) => {
      let data = withAncestors(s, req);
      let orgIds: string[] | undefined;
      if (req.query.org !== undefined) {
        requireVisibleOrg(s, req, req.query.org, 'org');
        orgIds = s.orgs.chain(req.query.org);
        data = OrgData.of(s.db, { all: false, orgIds });
      }
      const items = await listTemplates(data, { orgIds, key: req.query.key });
      return { items: items.map((t) => view(req, t)), variables: { ...TEMPLATE_VARIABLES } };
    },
  );

  app.post<{ Body: Static<typeof CreateMessageTemplate> }>(
    '/api/v1/message-templates',
    { config: { permission: 'alert.configure' }, schema: { tags: ['alert actions'], summary: 'Create a template (409 when the org has the key in that locale)', body: CreateMessageTemplate, response: { 201: MessageTemplateSchema, ...errorResponses } } },
    async (req, reply) => {
      const orgId = req.body.orgId ?? req.principal.orgId;
      requireVisibleOrg(s, req, orgId, 'orgId');
      checkBody(req.body.body);
      const id = randomUUID();
      const t = { id, orgId, key: req.body.key, name: req.body.name, locale: req.body.locale, body: req.body.body, autoSend: req.body.autoSend ?? null, enabled: req.body.enabled, createdBy: `${req.principal.kind}:${req.principal.name}` };
      try {
        await withTransaction(s.db, async (tx) => {
          await insertTemplate(req.data.in(tx), t);
          await audit(tx, req, { action: 'message_template.create', targetType: 'message_template', targetId: id, orgId, after: { key: t.key, name: t.name, locale: t.locale, body: t.body, autoSend: t.autoSend, enabled: t.enabled } });
        });
      } catch (e) {
        if (isDatabaseError(e) && e.code === '23505') throw new AppError('CONFLICT', `${orgId} already has a template ${t.key} in ${t.locale}`, { path: 'key' });
        throw e;
      }
      reply.status(201).send(view(req, (await getTemplate(req.data, id))!));
    },
  );

  app.get<{ Params: Static<typeof IdParam> }>(
    '/api/v1/message-templates/:id',
    { config: { permission: 'alert.read' }, schema: { tags: ['alert actions'], params: IdParam, response: { 200: MessageTemplateSchema, ...errorResponses } } },
    async (req) => view(req, await readable(req, req.params.id)),
  );

  app.put<{ Params: Static<typeof IdParam>; Body: Static<typeof UpdateMessageTemplate> }>(
    '/api/v1/message-templates/:id',
    { config: { permission: 'alert.configure' }, schema: { tags: ['alert actions'], summary: 'Replace the name, body, auto-send rule and enabled state', params: IdParam, body: UpdateMessageTemplate, response: { 200: MessageTemplateSchema, ...errorResponses } } },
    async (req) => {
      const before = await owned(req, req.params.id);
      checkBody(req.body.body);
      const patch = { name: req.body.name, body: req.body.body, autoSend: req.body.autoSend ?? null, enabled: req.body.enabled };
      await withTransaction(s.db, async (tx) => {
        if (!(await updateTemplate(req.data.in(tx), before.id, patch))) throw notFound('message template', 'id');
        await audit(tx, req, { action: 'message_template.update', targetType: 'message_template', targetId: before.id, orgId: before.orgId, before: { name: before.name, body: before.body, autoSend: before.autoSend, enabled: before.enabled }, after: patch });
      });
      return view(req, (await getTemplate(req.data, before.id))!);
    },
  );

  app.delete<{ Params: Static<typeof IdParam> }>(
    '/api/v1/message-templates/:id',
    { config: { permission: 'alert.configure' }, schema: { tags: ['alert actions'], summary: 'Delete a template (sent messages keep their text)', params: IdParam, response: { ...errorResponses } } },
    async (req, reply) => {
      const before = await owned(req, req.params.id);
      await withTransaction(s.db, async (tx) => {
        if (!(await deleteTemplate(req.data.in(tx), before.id))) throw notFound('message template', 'id');
        await audit(tx, req, { action: 'message_template.delete', targetType: 'message_template', targetId: before.id, orgId: before.orgId, before: { key: before.key, locale: before.locale, name: before.name, body: before.body, autoSend: before.autoSend, enabled: before.enabled } });
      });
      reply.status(204).send();
    },
  );

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof PreviewMessageTemplate> }>(
    '/api/v1/message-templates/:id/preview',
    {
      config: { permission: 'alert.read' },
      schema: { tags: ['alert actions'], summary: 'Render the template with an alert’s values, or with sample values', params: IdParam, body: PreviewMessageTemplate, response: { 200: MessageTemplatePreview, ...errorResponses } },
      // The body is optional: without one, sample values.
      preValidation: async (req) => {
        req.body ??= {};
      },
    },
    async (req) => {
      const t = await readable(req, req.params.id);
      let values: TemplateValues = SAMPLE_VALUES[t.locale];
      if (req.body.alertId !== undefined) {
        const alert = await findAlert(req.data, req.body.alertId);
        if (!alert) throw notFound('alert', 'alertId');
        values = await alertTemplateValues(s, alert, t.locale);
      }
      const r = renderTemplate(t.body, values);
      return { text: r.text, length: [...r.text].length, missing: r.missing, sample: req.body.alertId === undefined };
    },
  );
};
