import { lazy } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { LoginPage } from '../modules/session/components/LoginPage.tsx';
import { RequireSession } from '../modules/session/components/RequireSession.tsx';
import { PermissionGate } from '../modules/sections/components/PermissionGate.tsx';
import { navPages } from '../modules/shell/nav-items.ts';
import { PAGE_COMPONENTS } from './page-components.ts';

// The sign-in page is the first screen: everything behind it loads on demand.
const AppShell = lazy(() => import('../modules/shell/components/AppShell.tsx').then((m) => ({ default: m.AppShell })));
const HomePage = lazy(() => import('../modules/home/components/HomePage.tsx').then((m) => ({ default: m.HomePage })));
const SectionPage = lazy(() => import('../modules/sections/components/SectionPage.tsx').then((m) => ({ default: m.SectionPage })));
const AccountPasswordPage = lazy(() => import('../modules/session/components/AccountPasswordPage.tsx').then((m) => ({ default: m.AccountPasswordPage })));
const NotFoundPage = lazy(() => import('../modules/errors/components/NotFoundPage.tsx').then((m) => ({ default: m.NotFoundPage })));

/** Every page of the navigation, guarded by its permission: its built page, or SectionPage until there is one. */
const sectionRoutes: RouteObject[] = navPages()
  .filter((p) => p.path !== '/')
  .map((page) => {
    const Page = PAGE_COMPONENTS[page.key] ?? SectionPage;
    return {
      path: `${page.path}/*`,
      element: (
        <PermissionGate permission={page.permission}>
          <Page page={page} />
        </PermissionGate>
      ),
    };
  });

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <AppShell />,
        children: [{ index: true, element: <HomePage /> }, { path: 'account/password', element: <AccountPasswordPage /> }, ...sectionRoutes, { path: '*', element: <NotFoundPage /> }],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
