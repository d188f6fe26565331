import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { createQueryClient } from './app/query-client.ts';
import { fetchSession, SESSION_QUERY_KEY } from './modules/session/session-query.ts';

const queryClient = createQueryClient();
// Ask who is signed in while React renders its first frame, not after it.
void queryClient.prefetchQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchSession });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App queryClient={queryClient} />
  </StrictMode>,
);
