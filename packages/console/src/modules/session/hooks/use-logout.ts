import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../../../api/client.ts';
import { SESSION_QUERY_KEY } from '../session-query.ts';

/** Ends the session on the server, forgets every cached answer, and returns to the sign-in page. */
export function useLogout(): () => Promise<void> {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    try {
      await api.auth.logout();
    } finally {
      queryClient.clear();
      queryClient.setQueryData(SESSION_QUERY_KEY, null);
      await navigate('/login', { replace: true, state: { reason: 'signedOut' } });
    }
  };
}
