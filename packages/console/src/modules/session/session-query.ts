import { api } from '../../api/client.ts';
import { isApiError } from '../../api/api-error.ts';
import type { MeResponse } from '../../api/types.ts';

export const SESSION_QUERY_KEY = ['session'] as const;

/** The signed-in user with their permissions, or null when nobody is signed in. */
export async function fetchSession(): Promise<MeResponse | null> {
  try {
    return await api.auth.me();
  } catch (e) {
    if (isApiError(e) && e.status === 401) return null;
    throw e;
  }
}
