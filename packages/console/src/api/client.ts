import type { ApiError } from './api-error.ts';
import { authApi } from './auth-api.ts';
import { createHttpClient } from './http-client.ts';
import { orgsApi } from './orgs-api.ts';
import { readCookie } from './read-cookie.ts';

export const CSRF_COOKIE = 'vigil_csrf';

type SessionEvent = 'expired' | 'passwordChangeRequired';
const listeners = new Map<SessionEvent, Set<(e: ApiError) => void>>();

/** What the shell reacts to wherever a request fails: the session ended, or a password must change first. */
export function onSessionEvent(event: SessionEvent, listener: (e: ApiError) => void): () => void {
  const set = listeners.get(event) ?? new Set();
  listeners.set(event, set);
  set.add(listener);
  return () => set.delete(listener);
}

const emit = (event: SessionEvent) => (e: ApiError) => listeners.get(event)?.forEach((l) => l(e));

/** The console's one connection to its server (same origin, session cookie). */
export const http = createHttpClient({
  csrfToken: () => readCookie(document.cookie, CSRF_COOKIE),
  onSessionExpired: emit('expired'),
  onPasswordChangeRequired: emit('passwordChangeRequired'),
});

export const api = {
  auth: authApi(http),
  orgs: orgsApi(http),
};
