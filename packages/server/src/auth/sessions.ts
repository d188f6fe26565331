import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '@vigil/storage';
import { AppError } from '../errors.ts';
import { ALL_ORGS, type Executor } from '../repos/executor.ts';
import { OrgData } from '../repos/scoped.ts';
import { ROOT_ORG, type TreeOrgDirectory } from '../runtime/org-directory.ts';
import { verifyPassword } from './password-policy.ts';
import { base32Encode, newTotpSecret, openSecret, sealSecret, verifyTotp } from './totp.ts';
import type { Permission, Principal } from './principal.ts';
import { builtInRole } from './roles.ts';

/** Failed passwords in a row before an account locks, and for how long. */
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_MS = 15 * 60_000;
/** A session ends after this long without a request, and in any case after the maximum age. */
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_MAX_MS = 12 * 3_600_000;
export const PASSWORD_MAX_AGE_MS = 90 * 86_400_000;
const SEEN_WRITE_EVERY_MS = 60_000;
const USER_RATE_PER_SEC = 50;

const hashToken = (t: string) => createHash('sha256').update(t).digest('hex');
// A hash to verify against when the username does not exist, so both cases cost the same time.
let dummyHash: Promise<string> | null = null;

/** Console sign-in with lockout and a login log; sessions stored by token hash only. */
export class SessionManager {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly orgs: TreeOrgDirectory,
    /** Key that seals TOTP secrets at rest. */
    private readonly sealKey: Buffer,
  ) {
    this.users = OrgData.system(db);
  }
  /** Sign-in finds users by name before any caller exists: the node's own, unscoped access. */
  private readonly users: OrgData;

  /** Starts TOTP enrolment: a new secret, kept pending until a first code confirms it. */
  async enrollTotp(userId: string, username: string): Promise<{ secret: string; otpauthUrl: string }> {
    const secret = newTotpSecret();
    await this.users.updateTable('users').set({ totp_secret: `pending:${sealSecret(this.sealKey, secret)}` }).where('id', '=', userId).execute();
    const b32 = base32Encode(secret);
    return { secret: b32, otpauthUrl: `otpauth://totp/Vigil:${encodeURIComponent(username)}?secret=${b32}&issuer=Vigil&digits=6&period=30` };
  }

  /** Confirms enrolment with a code from the authenticator; from then on sign-in needs a code. */
  async confirmTotp(userId: string, code: string): Promise<boolean> {
    const u = await this.users.selectFrom('users').select('totp_secret').where('id', '=', userId).executeTakeFirst();
    if (!u?.totp_secret?.startsWith('pending:')) return false;
    const sealed = u.totp_secret.slice('pending:'.length);
    if (!verifyTotp(openSecret(this.sealKey, sealed), code, Date.now())) return false;
    await this.users.updateTable('users').set({ totp_secret: sealed }).where('id', '=', userId).execute();
    return true;
  }

  private async log(username: string, ip: string, outcome: string, user?: { id: string; org_id: string }): Promise<void> {
    await this.users.insertInto('login_log', { username: username.slice(0, 128), user_id: user?.id ?? null, org_id: user?.org_id ?? null, ip, outcome }).execute();
  }

  /** Counts a wrong password (or code); the fifth in a row locks the account. Returns whether it locked. */
  private async recordFailure(user: { id: string; username: string; org_id: string; failed_attempts: number; locked_until: Date | null }, ip: string, now: number): Promise<boolean> {
    const failures = user.failed_attempts + 1;
    const lock = failures >= LOCKOUT_FAILURES;
    await this.users
      .updateTable('users')
      .set({ failed_attempts: lock ? 0 : failures, locked_until: lock ? new Date(now + LOCKOUT_MS) : user.locked_until })
      .where('id', '=', user.id)
      .execute();
    await this.log(user.username, ip, lock ? 'locked' : 'failure', user);
    return lock;
  }

  /** Checks the password; on success returns a new session token and its CSRF token. */
  async login(username: string, password: string, ip: string, totp?: string): Promise<{ token: string; csrf: string; userId: string; passwordExpired: boolean; passwordChangeRequired: boolean }> {
    const user = await this.users.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    if (!user) {
      dummyHash ??= import('./password-policy.ts').then((m) => m.hashPassword('not-a-real-password-1A!'));
      await verifyPassword(await dummyHash, password);
      await this.log(username, ip, 'failure');
      throw new AppError('UNAUTHENTICATED', 'wrong username or password');
    }
    const now = Date.now();
    if (user.locked_until && user.locked_until.getTime() > now) {
      await this.log(username, ip, 'locked', user);
      throw new AppError('ACCOUNT_LOCKED', 'the account is locked after repeated failures; try later or ask an administrator');
    }
    if (user.disabled) {
      await this.log(username, ip, 'disabled', user);
      throw new AppError('UNAUTHENTICATED', 'wrong username or password');
    }
    // With TOTP enrolled, the code is part of the credential: a wrong or missing one is a failure.
    const secondFactor = user.totp_secret && !user.totp_secret.startsWith('pending:') ? user.totp_secret : null;
    const passwordOk = await verifyPassword(user.password_hash, password);
    if (passwordOk && secondFactor && !totp) {
      await this.log(username, ip, 'totp_required', user);
      throw new AppError('UNAUTHENTICATED', 'a one-time code from the authenticator app is required', { path: 'totp' });
    }
    if (!passwordOk || (secondFactor && !verifyTotp(openSecret(this.sealKey, secondFactor), totp ?? '', now))) {
      const lock = await this.recordFailure(user, ip, now);
      throw new AppError(lock ? 'ACCOUNT_LOCKED' : 'UNAUTHENTICATED', lock ? 'the account is now locked after repeated failures' : 'wrong username or password');
    }
    await this.users.updateTable('users').set({ failed_attempts: 0, locked_until: null }).where('id', '=', user.id).execute();
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    await this.db.insertInto('sessions').values({ id: hashToken(token), user_id: user.id, csrf, expires_at: new Date(now + SESSION_MAX_MS) }).execute();
    await this.log(username, ip, 'success', user);
    const passwordExpired = now - user.password_changed_at.getTime() > PASSWORD_MAX_AGE_MS;
    return { token, csrf, userId: user.id, passwordExpired, passwordChangeRequired: passwordExpired || user.must_change_password };
  }

  async logout(token: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', hashToken(token)).execute();
  }

  /** The user behind a session cookie, or an UNAUTHENTICATED error when missing, idle or expired. */
  async principal(token: string): Promise<{ principal: Principal; csrf: string }> {
    const id = hashToken(token);
    const row = await this.db
      .selectFrom('sessions as s')
      // system-scope: a session is found by the hash of its secret token, with its user.
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.csrf', 's.last_seen_at', 's.expires_at', 'u.id as user_id', 'u.username', 'u.org_id', 'u.roles', 'u.disabled', 'u.must_change_password', 'u.password_changed_at'])
      .where('s.id', '=', id)
      .executeTakeFirst();
    const now = Date.now();
    if (!row || row.disabled || row.expires_at.getTime() <= now || row.last_seen_at.getTime() + SESSION_IDLE_MS <= now) {
      if (row) await this.db.deleteFrom('sessions').where('id', '=', id).execute();
      throw new AppError('UNAUTHENTICATED', 'the session has ended; sign in again');
    }
    if (now - row.last_seen_at.getTime() > SEEN_WRITE_EVERY_MS) await this.db.updateTable('sessions').set({ last_seen_at: new Date(now) }).where('id', '=', id).execute();
    const custom = row.roles.some((r) => !builtInRole(r)) ? await this.users.selectFrom('roles').select(['id', 'permissions']).where('id', 'in', row.roles).execute() : [];
    const permissions = new Set<Permission>();
    for (const r of row.roles) for (const p of builtInRole(r)?.permissions ?? custom.find((c) => c.id === r)?.permissions ?? []) permissions.add(p as Permission);
    return {
      csrf: row.csrf,
      principal: {
        kind: 'user',
        id: row.user_id,
        name: row.username,
        orgId: row.org_id,
        eventTypes: [],
        permissions,
        scope: row.org_id === ROOT_ORG ? ALL_ORGS : { all: false, orgIds: this.orgs.subtree(row.org_id) },
        rateLimitPerSec: USER_RATE_PER_SEC,
        sessionId: id,
        passwordChangeRequired: row.must_change_password || now - row.password_changed_at.getTime() > PASSWORD_MAX_AGE_MS,
      },
    };
  }

  /** Ends every session of a user (a password change or reset), except the one named. */
  async endSessionsOf(db: Executor, userId: string, keepSessionId?: string): Promise<void> {
    let q = db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepSessionId) q = q.where('id', '!=', keepSessionId);
    await q.execute();
  }

  /**
   * Checks the current password of a signed-in user who is changing it. A wrong one counts
   * towards the lockout like a failed sign-in, so a borrowed session cannot guess it.
   */
  async verifyCurrentPassword(userId: string, password: string, ip: string): Promise<void> {
    const user = await this.users.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    if (await verifyPassword(user.password_hash, password)) return;
    if (await this.recordFailure(user, ip, Date.now())) {
      await this.endSessionsOf(this.db, user.id);
      throw new AppError('ACCOUNT_LOCKED', 'the account is now locked after repeated failures');
    }
    throw new AppError('VALIDATION_FAILED', 'the current password is wrong', { path: 'currentPassword' });
  }
}
