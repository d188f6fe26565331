import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { NavPage } from '../modules/shell/nav-items.ts';

export type PageComponent = LazyExoticComponent<ComponentType<{ page: NavPage }>>;

/** The built pages by navigation key, each loaded on demand; a page not here shows SectionPage. */
export const PAGE_COMPONENTS: Readonly<Record<string, PageComponent>> = {
  'monitoring': lazy(() => import('../modules/monitoring/components/MonitoringPage.tsx').then((m) => ({ default: m.MonitoringPage }))),
  'decisions': lazy(() => import('../modules/decisions/components/DecisionsRoutes.tsx').then((m) => ({ default: m.DecisionsRoutes }))),
  'entity': lazy(() => import('../modules/decisions/components/EntityRoutes.tsx').then((m) => ({ default: m.EntityRoutes }))),
  'strategies': lazy(() => import('../modules/strategies/components/StrategiesRoutes.tsx').then((m) => ({ default: m.StrategiesRoutes }))),
  'eventTypes': lazy(() => import('../modules/lists/components/EventTypesRoutes.tsx').then((m) => ({ default: m.EventTypesRoutes }))),
  'alerts': lazy(() => import('../modules/alerts/components/AlertsRoutes.tsx').then((m) => ({ default: m.AlertsRoutes }))),
  'cases': lazy(() => import('../modules/cases/components/CasesRoutes.tsx').then((m) => ({ default: m.CasesRoutes }))),
  'models': lazy(() => import('../modules/models/components/ModelsRoutes.tsx').then((m) => ({ default: m.ModelsRoutes }))),
  'lists': lazy(() => import('../modules/lists/components/ListsRoutes.tsx').then((m) => ({ default: m.ListsRoutes }))),
  'admin.orgs': lazy(() => import('../modules/admin/components/OrgsPage.tsx').then((m) => ({ default: m.OrgsPage }))),
  'admin.users': lazy(() => import('../modules/admin/components/UsersPage.tsx').then((m) => ({ default: m.UsersPage }))),
  'admin.roles': lazy(() => import('../modules/admin/components/RolesPage.tsx').then((m) => ({ default: m.RolesPage }))),
  'admin.params': lazy(() => import('../modules/admin/components/ParamsPage.tsx').then((m) => ({ default: m.ParamsPage }))),
  'admin.apiKeys': lazy(() => import('../modules/admin/components/ApiKeysPage.tsx').then((m) => ({ default: m.ApiKeysPage }))),
  'admin.webhooks': lazy(() => import('../modules/admin/components/WebhooksPage.tsx').then((m) => ({ default: m.WebhooksPage }))),
  'admin.loginLog': lazy(() => import('../modules/admin/components/LoginLogPage.tsx').then((m) => ({ default: m.LoginLogPage }))),
  'admin.auditLog': lazy(() => import('../modules/admin/components/AuditLogPage.tsx').then((m) => ({ default: m.AuditLogPage }))),
};
