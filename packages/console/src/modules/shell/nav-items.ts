import type { Permission } from '../../api/types.ts';
import type { MessageKey } from '../../i18n/translate.ts';

/** One page of the console: where it lives, what it is called, and who may open it. */
export interface NavPage {
  key: string;
  path: string;
  labelKey: MessageKey;
  /** One sentence on what the page is for (shown until the page is built). */
  descriptionKey?: MessageKey;
  /** Absent: every signed-in user. */
  permission?: Permission;
}

export interface NavGroup {
  key: string;
  labelKey: MessageKey;
  children: NavPage[];
}

export type NavItem = NavPage | NavGroup;

export function isNavGroup(item: NavItem): item is NavGroup {
  return 'children' in item;
}

/**
 * The console's navigation, in the spec's order. Each page names the permission its data needs,
 * so the menu shows only what the server would answer; the server refuses the rest anyway.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'home', path: '/', labelKey: 'nav.home' },
  { key: 'monitoring', path: '/monitoring', labelKey: 'nav.monitoring', descriptionKey: 'section.monitoring', permission: 'decision.read' },
  { key: 'decisions', path: '/decisions', labelKey: 'nav.decisions', descriptionKey: 'section.decisions', permission: 'decision.read' },
  { key: 'entity', path: '/entity', labelKey: 'nav.entity', descriptionKey: 'section.entity', permission: 'decision.read' },
  { key: 'strategies', path: '/strategies', labelKey: 'nav.strategies', descriptionKey: 'section.strategies', permission: 'strategy.read' },
  { key: 'eventTypes', path: '/event-types', labelKey: 'nav.eventTypes', descriptionKey: 'section.eventTypes', permission: 'event_type.read' },
  { key: 'lists', path: '/lists', labelKey: 'nav.lists', descriptionKey: 'section.lists', permission: 'list.read' },
  { key: 'features', path: '/features', labelKey: 'nav.features', descriptionKey: 'section.features', permission: 'strategy.read' },
  { key: 'models', path: '/models', labelKey: 'nav.models', descriptionKey: 'section.models', permission: 'model.read' },
  { key: 'alerts', path: '/alerts', labelKey: 'nav.alerts', descriptionKey: 'section.alerts', permission: 'alert.read' },
  { key: 'cases', path: '/cases', labelKey: 'nav.cases', descriptionKey: 'section.cases', permission: 'case.read' },
  { key: 'reports', path: '/reports', labelKey: 'nav.reports', descriptionKey: 'section.reports', permission: 'report.read' },
  {
    key: 'admin',
    labelKey: 'nav.admin',
    children: [
      { key: 'admin.orgs', path: '/admin/orgs', labelKey: 'nav.admin.orgs', descriptionKey: 'section.admin.orgs', permission: 'org.read' },
      { key: 'admin.users', path: '/admin/users', labelKey: 'nav.admin.users', descriptionKey: 'section.admin.users', permission: 'user.read' },
      { key: 'admin.roles', path: '/admin/roles', labelKey: 'nav.admin.roles', descriptionKey: 'section.admin.roles', permission: 'user.read' },
      { key: 'admin.params', path: '/admin/params', labelKey: 'nav.admin.params', descriptionKey: 'section.admin.params', permission: 'param.read' },
      { key: 'admin.apiKeys', path: '/admin/api-keys', labelKey: 'nav.admin.apiKeys', descriptionKey: 'section.admin.apiKeys', permission: 'api_key.manage' },
      { key: 'admin.webhooks', path: '/admin/webhooks', labelKey: 'nav.admin.webhooks', descriptionKey: 'section.admin.webhooks', permission: 'webhook.manage' },
      { key: 'admin.smsTemplates', path: '/admin/sms-templates', labelKey: 'nav.admin.smsTemplates', descriptionKey: 'section.admin.smsTemplates', permission: 'param.write' },
      { key: 'admin.loginLog', path: '/admin/login-log', labelKey: 'nav.admin.loginLog', descriptionKey: 'section.admin.loginLog', permission: 'audit.read' },
      { key: 'admin.auditLog', path: '/admin/audit-log', labelKey: 'nav.admin.auditLog', descriptionKey: 'section.admin.auditLog', permission: 'audit.read' },
    ],
  },
];

export function mayOpen(page: NavPage, permissions: ReadonlySet<string>): boolean {
  return !page.permission || permissions.has(page.permission);
}

/** The navigation a user with these permissions sees: groups left with no page disappear. */
export function visibleNav(items: readonly NavItem[], permissions: ReadonlySet<string>): NavItem[] {
  const out: NavItem[] = [];
  for (const item of items) {
    if (!isNavGroup(item)) {
      if (mayOpen(item, permissions)) out.push(item);
      continue;
    }
    const children = item.children.filter((c) => mayOpen(c, permissions));
    if (children.length) out.push({ ...item, children });
  }
  return out;
}

/** Every page, groups flattened. */
export function navPages(items: readonly NavItem[] = NAV_ITEMS): NavPage[] {
  return items.flatMap((i) => (isNavGroup(i) ? i.children : [i]));
}

/** The page a location belongs to (the longest matching path), for the menu's selection. */
export function pageOfPath(pathname: string, items: readonly NavItem[] = NAV_ITEMS): NavPage | undefined {
  let best: NavPage | undefined;
  for (const p of navPages(items)) {
    const match = p.path === '/' ? pathname === '/' : pathname === p.path || pathname.startsWith(`${p.path}/`);
    if (match && (!best || p.path.length > best.path.length)) best = p;
  }
  return best;
}
