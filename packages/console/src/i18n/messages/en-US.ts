import { adminEnUS } from '../../modules/admin/messages/en-US.ts';
import { listsEnUS } from '../../modules/lists/messages/en-US.ts';
import { strategiesEnUS } from '../../modules/strategies/messages/en-US.ts';
import { strategyEditorEnUS } from '../../modules/strategy-editor/messages/en-US.ts';
import { decisionsEnUS } from '../../modules/decisions/messages/en-US.ts';
import { monitoringEnUS } from '../../modules/monitoring/messages/en-US.ts';
import { alertsEnUS } from '../../modules/alerts/messages/en-US.ts';
import { casesEnUS } from '../../modules/cases/messages/en-US.ts';
import { modelsEnUS } from '../../modules/models/messages/en-US.ts';

/**
 * English messages: the reference catalogue. Every key here must exist in zh-CN.ts (the type
 * checker and test/i18n-catalogue.test.ts both insist), with the same `{placeholders}`.
 */
const coreEnUS = {
  'app.name': 'Vigil',
  'app.tagline': 'Real-time risk control',

  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.backHome': 'Back to the home page',
  'common.comingSoon': 'Coming soon',
  'common.comingSoonHint': 'This page is being built. The navigation already knows where it goes and who may see it.',

  'outcome.pass': 'Pass',
  'outcome.review': 'Review',
  'outcome.challenge': 'Challenge',
  'outcome.reject': 'Reject',

  'lang.zh-CN': '中文',
  'lang.en-US': 'English',

  'nav.home': 'Home',
  'nav.monitoring': 'Monitoring',
  'nav.decisions': 'Decisions',
  'nav.entity': 'Entity 360',
  'nav.strategies': 'Strategies',
  'nav.eventTypes': 'Event types',
  'nav.lists': 'Lists',
  'nav.features': 'Features',
  'nav.models': 'Models',
  'nav.alerts': 'Alerts',
  'nav.cases': 'Cases',
  'nav.reports': 'Reports',
  'nav.admin': 'Administration',
  'nav.admin.orgs': 'Organisations',
  'nav.admin.users': 'Users',
  'nav.admin.roles': 'Roles and permissions',
  'nav.admin.params': 'Parameters',
  'nav.admin.apiKeys': 'API keys',
  'nav.admin.webhooks': 'Webhooks',
  'nav.admin.smsTemplates': 'SMS templates',
  'nav.admin.loginLog': 'Login log',
  'nav.admin.auditLog': 'Audit log',

  'section.monitoring': 'Decisions per minute by outcome, latency percentiles, top rules and alert volumes, by org, event type, strategy and date range.',
  'section.decisions': 'Search decisions by card, account, customer, device, IP, merchant, outcome, rule and time; open one to see its event, features and trace.',
  'section.entity': 'Everything about one customer, account, card, merchant or device: recent events, profiles, lists, alerts, cases and linked entities.',
  'section.strategies': 'Versions per event type; edit rules, rule sets, flows and score bands; test, submit, approve, deploy, compare and backtest.',
  'section.eventTypes': 'The event types channels send: their fields, types and limits.',
  'section.lists': 'Browse, search, add and expire list entries; import and export CSV.',
  'section.features': 'Feature definitions and the current values for an entity.',
  'section.models': 'Model registry, versions, scorecards, binning, KS/ROC and stability over time.',
  'section.alerts': 'My queue and team queues, alert details with timeline, handling actions and SLA.',
  'section.cases': 'Cases with investigation timeline, tasks, notes, attachments, review and merge.',
  'section.reports': 'Statistical reports with charts and export.',
  'section.admin.orgs': 'The organisation tree: the union, its banks and their branches.',
  'section.admin.users': 'Users of your organisations: create, change roles, disable, reset passwords.',
  'section.admin.roles': 'Built-in and custom roles, built from the permission catalogue.',
  'section.admin.params': 'Per-org parameters that rules read as params.*.',
  'section.admin.apiKeys': 'API keys of channel systems: create, scope and revoke.',
  'section.admin.webhooks': 'Webhook endpoints, their deliveries and retries.',
  'section.admin.smsTemplates': 'SMS templates used by alert handling.',
  'section.admin.loginLog': 'Sign-in attempts: successes, failures and lockouts with their source address.',
  'section.admin.auditLog': 'Every change with actor, time, before and after; verify the hash chain.',

  'login.username': 'Username',
  'login.password': 'Password',
  'login.totp': 'One-time code',
  'login.totpHint': 'Enter the 6-digit code from your authenticator app.',
  'login.submit': 'Sign in',
  'login.usernameRequired': 'Enter your username',
  'login.passwordRequired': 'Enter your password',
  'login.totpRequired': 'Enter the 6-digit code',
  'login.sessionExpired': 'Your session has ended. Please sign in again.',
  'login.signedOut': 'You have signed out.',
  'login.failed': 'Wrong username or password.',

  'password.title': 'Choose a new password',
  'password.forcedHint': 'Your password was set by an administrator or has expired. Choose a new one to continue.',
  'password.current': 'Current password',
  'password.new': 'New password',
  'password.confirm': 'Repeat the new password',
  'password.policy': 'At least 12 characters mixing three of: lower case, upper case, digits, symbols; not your username; not one of your last five.',
  'password.required': 'This field is required',
  'password.mismatch': 'The two passwords differ',
  'password.submit': 'Change password',
  'password.changed': 'Your password has been changed.',

  'header.org': 'Organisation',
  'header.allOrgs': 'All my organisations',
  'header.language': 'Language',
  'header.changePassword': 'Change password',
  'header.logout': 'Sign out',
  'header.collapse': 'Collapse the menu',
  'header.expand': 'Expand the menu',

  'home.welcome': 'Welcome, {name}',
  'home.account': 'Your account',
  'home.username': 'Username',
  'home.org': 'Organisation',
  'home.roles': 'Roles',
  'home.permissionCount': 'Permissions',
  'home.scope': 'Showing data of',
  'home.sections': 'Your sections',
  'home.noSections': 'Your roles give you no console section yet. Ask an administrator.',

  'role.system_admin': 'System administrator',
  'role.org_admin': 'Organisation administrator',
  'role.strategy_analyst': 'Strategy analyst',
  'role.strategy_approver': 'Strategy approver',
  'role.model_developer': 'Model developer',
  'role.alert_handler': 'Alert handler',
  'role.investigator': 'Investigator',
  'role.case_reviewer': 'Case reviewer',
  'role.auditor': 'Auditor (read-only)',
  'role.channel_system': 'Channel system',

  'forbidden.title': 'Not allowed',
  'forbidden.description': 'Your roles do not include this page. Ask an administrator if you need it.',
  'notFound.title': 'Page not found',
  'notFound.description': 'There is no page at this address.',

  'errors.UNAUTHENTICATED': 'You are not signed in, or your session has ended.',
  'errors.ACCOUNT_LOCKED': 'The account is locked after repeated failures. Try again in 15 minutes or ask an administrator.',
  'errors.CSRF_FAILED': 'The request was refused for security reasons. Reload the page and try again.',
  'errors.PASSWORD_CHANGE_REQUIRED': 'Choose a new password first.',
  'errors.FORBIDDEN': 'You do not have permission to do this.',
  'errors.NOT_FOUND': 'Not found.',
  'errors.VALIDATION_FAILED': 'Some input is not valid: {message}',
  'errors.SENSITIVE_DATA_REFUSED': 'A card number must not be written here: refer to the card by its masked number or token. {message}',
  'errors.PAYLOAD_TOO_LARGE': 'The file or request is too large: {message}',
  'errors.UNSUPPORTED_MEDIA_TYPE': 'This kind of file is not accepted: {message}',
  'errors.RATE_LIMITED': 'Too many attempts. Wait a moment and try again.',
  'errors.CONFLICT': 'This conflicts with the current state: {message}',
  'errors.INTERNAL': 'The server failed. Quote request {requestId} when reporting it.',
  'errors.OVERLOADED': 'The server is busy. Try again in a moment.',
  'errors.UNAVAILABLE': 'The server is temporarily unavailable. Try again in a moment.',
  'errors.NETWORK': 'The server could not be reached. Check the connection.',
  'errors.unknown': 'Something went wrong: {message}',
} as const;

/** The shell's messages and each area's own catalogue (modules/<area>/messages). */
export const enUS = { ...coreEnUS, ...adminEnUS, ...listsEnUS, ...strategiesEnUS, ...strategyEditorEnUS, ...decisionsEnUS, ...monitoringEnUS, ...alertsEnUS, ...casesEnUS, ...modelsEnUS };

export type MessageKey = keyof typeof enUS;
