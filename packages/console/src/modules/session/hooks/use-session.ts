import { useQuery } from '@tanstack/react-query';
import { fetchSession, SESSION_QUERY_KEY } from '../session-query.ts';

/** The session as the server sees it (`GET /api/v1/auth/me`), shared by every component. */
export function useSession() {
  return useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchSession, staleTime: 5 * 60_000, retry: false });
}
