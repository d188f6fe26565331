import { Suspense, useEffect } from 'react';
import { App as AntdApp, Spin } from 'antd';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { onSessionEvent } from '../api/client.ts';
import { I18nProvider } from '../i18n/I18nProvider.tsx';
import { SESSION_QUERY_KEY } from '../modules/session/session-query.ts';
import { router } from './router.tsx';

export function App({ queryClient }: { queryClient: QueryClient }) {
  useEffect(() => {
    // Wherever a request finds the session gone: forget what it showed and go to sign-in,
    // coming back to the same page afterwards.
    const offExpired = onSessionEvent('expired', () => {
      const { pathname, search } = router.state.location;
      if (pathname === '/login') return;
      void router.navigate('/login', { replace: true, state: { reason: 'expired', from: pathname + search } });
      queryClient.clear();
      queryClient.setQueryData(SESSION_QUERY_KEY, null);
    });
    // The password must change first: the session answer says so, and the shell shows only that.
    const offPassword = onSessionEvent('passwordChangeRequired', () => void queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY }));
    return () => {
      offExpired();
      offPassword();
    };
  }, [queryClient]);
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <AntdApp>
          <Suspense fallback={<Spin fullscreen />}>
            <RouterProvider router={router} />
          </Suspense>
        </AntdApp>
      </I18nProvider>
    </QueryClientProvider>
  );
}
