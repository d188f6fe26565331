import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { AppError } from '../errors.ts';
import { getUser } from '../repos/users.ts';
import { OrgData } from '../repos/scoped.ts';
import type { Services } from '../services.ts';
import { ChangePasswordBody, ChangePasswordResponse, CodeBody, LoginBody, LoginResponse, MeResponse, TotpConfirmResponse, TotpEnrollResponse } from './auth-schema.ts';
import { errorResponses } from './common.ts';
import { replacePassword } from './users.ts';

export const SESSION_COOKIE = 'vigil_session';
export const CSRF_COOKIE = 'vigil_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Reads one cookie from the Cookie header. */
export function cookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

function setCookies(reply: FastifyReply, token: string, csrf: string, maxAgeSec: number): void {
  // HttpOnly keeps the session token from scripts; the CSRF token is readable so the console can
  // echo it in a header (double submit); SameSite=Strict keeps both off cross-site requests.
  reply.header('set-cookie', [
    `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${maxAgeSec}`,
    `${CSRF_COOKIE}=${csrf}; Path=/; Secure; SameSite=Strict; Max-Age=${maxAgeSec}`,
  ]);
}

/** The signed-in user of a console request; CSRF-checked for state changes. */
async function sessionUser(s: Services, req: FastifyRequest) {
  const token = cookie(req, SESSION_COOKIE);
  if (!token) throw new AppError('UNAUTHENTICATED', 'not signed in');
  const { principal, csrf } = await s.sessions.principal(token);
  if (req.method !== 'GET' && req.headers[CSRF_HEADER] !== csrf) throw new AppError('CSRF_FAILED', `send the ${CSRF_HEADER} header`);
  return principal;
}

export const authRoutes = (s: Services) => async (app: FastifyInstance) => {
  app.post<{ Body: Static<typeof LoginBody> }>(
    '/api/v1/auth/login',
    { config: { public: true }, schema: { tags: ['auth'], summary: 'Console sign-in: sets an HTTP-only session cookie and a CSRF cookie', body: LoginBody, response: { 200: LoginResponse, ...errorResponses } } },
    async (req, reply) => {
      // Per address here; the lockout guards each account whatever the address.
      const wait = s.rateLimiter.take(`login:${req.ip}`, s.config.loginRatePerSec);
      if (wait > 0) throw new AppError('RATE_LIMITED', 'too many sign-in attempts from this address', { retryAfterSec: wait });
      const r = await s.sessions.login(req.body.username, req.body.password, req.ip, req.body.totp);
      setCookies(reply, r.token, r.csrf, 12 * 3600);
      return { user: await getUser(OrgData.system(s.db), r.userId), csrfToken: r.csrf, passwordExpired: r.passwordExpired, passwordChangeRequired: r.passwordChangeRequired };
    },
  );

  app.post('/api/v1/auth/logout', { config: { public: true }, schema: { tags: ['auth'] } }, async (req, reply) => {
    const token = cookie(req, SESSION_COOKIE);
    if (token) {
      const { csrf } = await s.sessions.principal(token).catch(() => ({ csrf: null }));
      if (csrf !== null && req.headers[CSRF_HEADER] !== csrf) throw new AppError('CSRF_FAILED', `send the ${CSRF_HEADER} header`);
      await s.sessions.logout(token);
    }
    setCookies(reply, '', '', 0);
    reply.status(204).send();
  });

  app.get('/api/v1/auth/me', { config: { public: true }, schema: { tags: ['auth'], summary: 'The signed-in user and their permissions', response: { 200: MeResponse, ...errorResponses } } }, async (req) => {
    const principal = await sessionUser(s, req);
    return { user: await getUser(OrgData.system(s.db), principal.id), permissions: [...principal.permissions].sort(), passwordChangeRequired: !!principal.passwordChangeRequired };
  });

  app.post<{ Body: Static<typeof ChangePasswordBody> }>(
    '/api/v1/auth/password',
    { config: { public: true }, schema: { tags: ['auth'], summary: 'Change your own password (policy and history checked); ends your other sessions', body: ChangePasswordBody, response: { 200: ChangePasswordResponse, ...errorResponses } } },
    async (req) => {
      const principal = await sessionUser(s, req);
      const user = (await getUser(OrgData.system(s.db), principal.id))!;
      await s.sessions.verifyCurrentPassword(user.id, req.body.currentPassword, req.ip);
      req.principal = principal;
      await replacePassword(s, req, OrgData.of(s.db, principal.scope), user, req.body.newPassword, { mustChange: false, action: 'user.password.self', keepSession: principal.sessionId, path: 'newPassword' });
      return { changed: true };
    },
  );

  app.post('/api/v1/auth/totp/enroll', { config: { public: true }, schema: { tags: ['auth'], summary: 'Start TOTP enrolment for the signed-in user: returns the secret and an otpauth:// URL', response: { 200: TotpEnrollResponse, ...errorResponses } } }, async (req) => {
    const principal = await sessionUser(s, req);
    return s.sessions.enrollTotp(principal.id, principal.name);
  });

  app.post<{ Body: Static<typeof CodeBody> }>(
    '/api/v1/auth/totp/confirm',
    { config: { public: true }, schema: { tags: ['auth'], summary: 'Confirm TOTP with a first code; sign-in then requires a code', body: CodeBody, response: { 200: TotpConfirmResponse, ...errorResponses } } },
    async (req) => {
      const principal = await sessionUser(s, req);
      if (!(await s.sessions.confirmTotp(principal.id, req.body.code))) throw new AppError('VALIDATION_FAILED', 'the code does not match (or no enrolment is pending)', { path: 'code' });
      return { enabled: true };
    },
  );
};
