import { modelRoutes } from './routes/models.ts';
import { modelDatasetRoutes } from './routes/model-datasets.ts';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Logger } from 'pino';
import { AppError } from './errors.ts';
import { jsonDepthExceeds } from './json-limits.ts';
import { can, type Permission, type Principal } from './auth/principal.ts';
import type { Services } from './services.ts';
import { healthRoutes } from './routes/health.ts';
import { decisionRoutes, feedbackRoutes } from './routes/decisions.ts';
import { eventRoutes } from './routes/events.ts';
import { eventTypeRoutes } from './routes/event-types.ts';
import { strategyRoutes } from './routes/strategies.ts';
import { listRoutes } from './routes/lists.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { decisionLogRoutes } from './routes/decision-log.ts';
import { dataSourceRoutes } from './routes/datasources.ts';
import { ruleComponentRoutes } from './routes/rule-components.ts';
import { orgRoutes } from './routes/orgs.ts';
import { auditRoutes } from './routes/audit.ts';
import { userRoutes } from './routes/users.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { authRoutes, cookie, CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from './routes/auth.ts';
import { demoDataSourceRoutes } from './demo/datasource-routes.ts';
import { OrgData } from './repos/scoped.ts';
import { backtestRoutes } from './routes/backtests.ts';
import { consoleRoutes } from './routes/console.ts';
import { monitoringRoutes } from './routes/monitoring.ts';
import { entityRoutes } from './routes/entities.ts';
import { strategyAuthoringRoutes } from './routes/strategy-authoring.ts';
import { alertRoutes } from './routes/alerts.ts';
import { alertConfigRoutes } from './routes/alert-config.ts';
import { alertActionRoutes } from './routes/alert-actions.ts';
import { messageTemplateRoutes } from './routes/message-templates.ts';
import { actionChannelRoutes } from './routes/action-channels.ts';
import { caseCenterRoutes } from './routes/case-center.ts';

/** A registered route and the permission it requires (null: public, or its own session check). */
export interface RouteEntry {
  method: string;
  url: string;
  permission: Permission | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its permission, for the route reference and its test. */
    routeTable: RouteEntry[];
  }
  interface FastifyContextConfig {
    /** Routes without a permission are public (health, docs); every other route names one. */
    permission?: Permission;
    public?: boolean;
  }
  interface FastifyRequest {
    principal: Principal;
    /** The caller's org-scoped view of the data: the only way routes reach org-owned tables. */
    data: OrgData;
  }
}

/** PostgreSQL text and JSONB cannot hold U+0000: such input is refused before it reaches storage. */
function hasNul(text: string): boolean {
  return text.includes('\u0000') || text.includes('\\u0000');
}
const NUL_REFUSED = new AppError('VALIDATION_FAILED', 'the NUL character (U+0000) is not accepted in any field', { path: '' });

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Default body limit; bulk routes raise their own. */
export const BODY_LIMIT = 64 * 1024;

/**
 * Builds the HTTP application: one error handler for the error catalogue, one authentication
 * hook, one authorization hook reading each route's `config.permission`.
 */
export async function buildApp(services: Services, logger: Logger): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: BODY_LIMIT,
    // Path parameters are validated by each route's schema (entity values up to 256 characters);
    // the router's own default cut-off (100) would answer a longer one with a bare 404.
    routerOptions: { maxParamLength: 512 },
    // Requests are measured by metrics; logging each one would cost more than the decision.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false, allowUnionTypes: true } },
    return503OnClosing: true,
  });

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.length === 0) return done(null, undefined);
    if (jsonDepthExceeds(text)) return done(new AppError('VALIDATION_FAILED', 'JSON nesting is deeper than 32 levels', { path: '' }), undefined);
    if (hasNul(text)) return done(NUL_REFUSED, undefined);
    try {
      done(null, JSON.parse(text, (k, v) => (k === '__proto__' ? undefined : v)));
    } catch (e) {
      done(new AppError('INVALID_JSON', `body is not valid JSON: ${(e as Error).message}`), undefined);
    }
  });
  for (const type of ['application/x-ndjson', 'text/csv', 'text/plain', 'application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml']) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => (hasNul(body as string) ? done(NUL_REFUSED, undefined) : done(null, body)));
  }

  await app.register(swagger, {
    openapi: {
      info: { title: 'Vigil API', description: 'Real-time risk decisions and their management', version: '1' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // Every route must say who may call it: forgetting is a start-up error, not an open route.
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    if (!route.config?.public && !route.config?.permission) throw new Error(`route ${route.method} ${route.url} declares neither a permission nor public`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') routeTable.push({ method, url: route.url, permission: route.config.permission ?? null });
  });
  app.decorateRequest('principal', null as unknown as Principal);
  app.decorateRequest('data', null as unknown as OrgData);
  app.addHook('onRequest', async (req) => {
    const cfg = req.routeOptions.config;
    if (!cfg?.permission) return;
    const session = req.headers.authorization ? undefined : cookie(req, SESSION_COOKIE);
    if (session) {
      // Console requests: the session cookie, and for anything that changes state the CSRF token
      // echoed in a header (a cross-site form can send the cookie but cannot read the token).
      const { principal, csrf } = await services.sessions.principal(session);
      if (!SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== csrf) throw new AppError('CSRF_FAILED', `send the ${CSRF_HEADER} header with the value of the ${CSRF_COOKIE} cookie`);
      req.principal = principal;
    } else {
      req.principal = await services.auth.authenticate(req.headers.authorization);
    }
    const wait = services.rateLimiter.take(req.principal.id, req.principal.rateLimitPerSec);
    if (wait > 0) throw new AppError('RATE_LIMITED', 'rate limit of this API key exceeded', { retryAfterSec: wait });
    if (req.principal.passwordChangeRequired) throw new AppError('PASSWORD_CHANGE_REQUIRED', 'choose a new password first (POST /api/v1/auth/password)');
    if (!can(req.principal, cfg.permission)) throw new AppError('FORBIDDEN', `permission ${cfg.permission} required`);
    req.data = OrgData.of(services.db, req.principal.scope);
  });

  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    const body = toErrorBody(err, req);
    if (body.status >= 500 && body.status !== 503) req.log.error({ err }, 'request failed');
    if (body.retryAfter) reply.header('Retry-After', String(body.retryAfter));
    reply.status(body.status).send({ error: body.error });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}`, requestId: req.id } });
  });

  await app.register(healthRoutes(services));
  await app.register(decisionRoutes(services));
  await app.register(feedbackRoutes(services));
  await app.register(eventRoutes(services));
  await app.register(eventTypeRoutes(services));
  await app.register(strategyRoutes(services));
  await app.register(listRoutes(services));
  await app.register(apiKeyRoutes(services));
  await app.register(decisionLogRoutes(services));
  await app.register(dataSourceRoutes(services));
  await app.register(ruleComponentRoutes(services));
  await app.register(orgRoutes(services));
  await app.register(auditRoutes(services));
  await app.register(alertRoutes(services));
  await app.register(alertConfigRoutes(services));
  await app.register(userRoutes(services));
  await app.register(webhookRoutes(services));
  await app.register(backtestRoutes(services));
  await app.register(monitoringRoutes(services));
  await app.register(entityRoutes(services));
  await app.register(strategyAuthoringRoutes(services));
  await app.register(alertActionRoutes(services));
  await app.register(messageTemplateRoutes(services));
  await app.register(actionChannelRoutes(services));
  await app.register(caseCenterRoutes(services));
  await app.register(modelRoutes(services));
  await app.register(modelDatasetRoutes(services));
  await app.register(authRoutes(services));
  if (services.config.demo) await app.register(demoDataSourceRoutes);
  await app.register(consoleRoutes(services));
  return app as unknown as FastifyInstance;
}

function toErrorBody(err: FastifyError | AppError, req: FastifyRequest) {
  if (err instanceof AppError) {
    return {
      status: err.status,
      retryAfter: err.retryAfterSec,
      error: { code: err.code, message: err.message, requestId: req.id, ...(err.path !== undefined ? { path: err.path } : {}), ...(err.details ? { details: err.details } : {}) },
    };
  }
  const fe = err as FastifyError;
  if (fe.validation) {
    const v = fe.validation[0];
    const missing = (v?.params as { missingProperty?: string } | undefined)?.missingProperty;
    const base = (v?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const path = [fe.validationContext === 'body' ? '' : fe.validationContext, base, missing].filter(Boolean).join('.');
    return { status: 400, error: { code: 'VALIDATION_FAILED', message: `${path || fe.validationContext} ${v?.message ?? 'is invalid'}`, requestId: req.id, path } };
  }
  const map: Record<string, [number, string]> = {
    FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE'],
    FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
    FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'INVALID_JSON'],
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'INVALID_JSON'],
  };
  const known = fe.code ? map[fe.code] : undefined;
  if (known) return { status: known[0], error: { code: known[1], message: fe.message, requestId: req.id } };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, error: { code: fe.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED', message: fe.message, requestId: req.id } };
  }
  return { status: 500, error: { code: 'INTERNAL', message: 'internal error', requestId: req.id } };
}
