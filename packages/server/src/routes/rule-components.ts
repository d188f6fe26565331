import type { FastifyInstance } from 'fastify';
import { withTransaction } from '@vigil/storage';
import { Type, type Static } from 'typebox';
import { CelCompileError, compileExpression, createCelEnvironment } from '@vigil/cel';
import { expandComponent, instantiateTemplate, placeholdersOf, RULE_TEMPLATES, validParamName, ValidationError, type ParamDef, type RuleComponent } from '@vigil/engine';
import { AppError, notFound, type ErrorDetail } from '../errors.ts';
import { deleteComponent, getComponent, listComponents, upsertComponent } from '../repos/rule-components.ts';
import type { Services } from '../services.ts';
import { audit } from './audit.ts';
import { errorResponses, I18nTextSchema, IdParam } from './common.ts';

const Outcome = Type.Union([Type.Literal('pass'), Type.Literal('review'), Type.Literal('challenge'), Type.Literal('reject')]);
const ParamSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 32 }),
    type: Type.Union(['int', 'double', 'string', 'string_list', 'window', 'field', 'list'].map((x) => Type.Literal(x))),
    description: I18nTextSchema,
    default: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
const ComponentSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }),
    name: I18nTextSchema,
    description: Type.String({ maxLength: 2000, default: '' }),
    params: Type.Array(ParamSchema, { maxItems: 20 }),
    expression: Type.String({ minLength: 1, maxLength: 4096, description: 'CEL with {{param}} placeholders' }),
  },
  { additionalProperties: false },
);
const Instantiate = Type.Object(
  {
    ruleId: Type.String({ minLength: 1, maxLength: 48 }),
    outcome: Type.Optional(Outcome),
    score: Type.Optional(Type.Number({ minimum: -10000, maximum: 10000 })),
    reasonCode: Type.String({ minLength: 1, maxLength: 64 }),
    args: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);
const TemplateParam = Type.Object({ id: Type.String({ pattern: '^[a-z_]{1,64}$' }) });

/** Sample values of each type, to check that a component compiles once its placeholders are filled. */
const SAMPLE: Record<ParamDef['type'], unknown> = { int: 1, double: 1, string: 'x', string_list: ['x'], window: '1h', field: 'sample', list: 'sample' };

/**
 * Checks a component before it is saved: parameter names, every placeholder declared, and the
 * expression compiling once filled with sample values (event, features and vars seen as maps).
 */
function checkComponent(c: RuleComponent): void {
  const details: ErrorDetail[] = [];
  const names = new Set<string>();
  c.params.forEach((p, i) => {
    if (!validParamName(p.name) || names.has(p.name)) details.push({ path: `params[${i}].name`, code: 'INVALID_NAME', message: 'a unique name: a lower-case letter, then letters, digits or _' });
    names.add(p.name);
  });
  for (const ph of placeholdersOf(c.expression)) if (!names.has(ph)) details.push({ path: 'expression', code: 'UNKNOWN_PARAM', message: `{{${ph}}} is not a parameter` });
  if (details.length === 0) {
    try {
      const sample = expandComponent(c, Object.fromEntries(c.params.map((p) => [p.name, p.default ?? SAMPLE[p.type]])));
      const env = createCelEnvironment({ variables: { event: 'map', features: 'map', vars: 'map', models: 'map', data: 'map', params: 'map', eventType: 'string', channel: 'string', org: 'string', now: 'timestamp' } });
      compileExpression(env, sample);
    } catch (e) {
      if (e instanceof CelCompileError) details.push({ path: 'expression', code: e.code, message: e.message });
      else if (e instanceof ValidationError) details.push(...e.issues);
      else throw e;
    }
  }
  if (details.length) throw new AppError('VALIDATION_FAILED', 'the component is invalid', { details });
}

export const ruleComponentRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.get('/api/v1/rule-templates', { config: { permission: 'strategy.read' }, schema: { tags: ['rule components'], summary: 'Built-in parameterised rule templates' } }, async () => ({
    items: RULE_TEMPLATES.map((t) => ({ id: t.id, name: t.name, description: t.description, params: t.params })),
  }));

  app.post<{ Params: Static<typeof TemplateParam>; Body: Static<typeof Instantiate> }>(
    '/api/v1/rule-templates/:id/instantiate',
    { config: { permission: 'strategy.read' }, schema: { tags: ['rule components'], summary: 'Fill in a template: returns a rule and the features it needs', params: TemplateParam, body: Instantiate } },
    async (req) => {
      if (!RULE_TEMPLATES.some((t) => t.id === req.params.id)) throw notFound('rule template', 'id');
      try {
        const { args, ...common } = req.body;
        return instantiateTemplate(req.params.id, args, common);
      } catch (e) {
        if (e instanceof ValidationError) throw new AppError('VALIDATION_FAILED', e.message, { details: e.issues });
        throw e;
      }
    },
  );

  app.get('/api/v1/rule-components', { config: { permission: 'strategy.read' }, schema: { tags: ['rule components'] } }, async () => ({ items: await listComponents(s.db) }));

  app.get<{ Params: Static<typeof IdParam> }>('/api/v1/rule-components/:id', { config: { permission: 'strategy.read' }, schema: { tags: ['rule components'], params: IdParam } }, async (req) => {
    return (await getComponent(s.db, req.params.id)) ?? Promise.reject(notFound('rule component', 'id'));
  });

  app.put<{ Params: Static<typeof IdParam>; Body: Static<typeof ComponentSchema> }>(
    '/api/v1/rule-components/:id',
    { config: { permission: 'strategy.edit' }, schema: { tags: ['rule components'], summary: 'Create or replace a custom rule component', params: IdParam, body: ComponentSchema, response: { ...errorResponses } } },
    async (req) => {
      if (req.body.id !== req.params.id) throw new AppError('VALIDATION_FAILED', 'id in the body must match the URL', { path: 'id' });
      const c = req.body as unknown as RuleComponent;
      checkComponent(c);
      await withTransaction(s.db, async (tx) => {
        const before = await getComponent(tx, c.id);
        await upsertComponent(tx, c, req.principal.name);
        await audit(tx, req, { action: before ? 'rule_component.replace' : 'rule_component.create', targetType: 'rule_component', targetId: c.id, before: before ? { params: before.params, expression: before.expression } : undefined, after: { params: c.params, expression: c.expression } });
      });
      return getComponent(s.db, c.id);
    },
  );

  app.delete<{ Params: Static<typeof IdParam> }>('/api/v1/rule-components/:id', { config: { permission: 'strategy.edit' }, schema: { tags: ['rule components'], params: IdParam } }, async (req, reply) => {
    await withTransaction(s.db, async (tx) => {
      if (!(await deleteComponent(tx, req.params.id))) throw notFound('rule component', 'id');
      await audit(tx, req, { action: 'rule_component.delete', targetType: 'rule_component', targetId: req.params.id });
    });
    reply.status(204).send();
  });
};

/**
 * Fills in the condition of every rule that uses a component, from the saved component and the
 * rule's arguments. Stored versions then carry the expanded condition and never change when the
 * component is edited later.
 */
export async function expandRuleComponents(s: Services, pkg: { rules: Array<{ condition: string; component?: { id: string; args: Record<string, unknown> } }> }): Promise<void> {
  const details: ErrorDetail[] = [];
  for (const [i, r] of pkg.rules.entries()) {
    if (!r.component) continue;
    const c = await getComponent(s.db, r.component.id);
    if (!c) {
      details.push({ path: `package.rules[${i}].component.id`, code: 'UNKNOWN_COMPONENT', message: `no rule component ${r.component.id}` });
      continue;
    }
    try {
      r.condition = expandComponent(c, r.component.args, `package.rules[${i}].component.args`);
    } catch (e) {
      if (e instanceof ValidationError) details.push(...e.issues);
      else throw e;
    }
  }
  if (details.length) throw new AppError('INVALID_STRATEGY', 'rule components could not be applied', { details });
}
