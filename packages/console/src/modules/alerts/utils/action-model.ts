import { isApiError } from '../../../api/api-error.ts';
import type { ActionKind, ActionStatus, ActionType, AlertAction, CallOutcome, MessageTemplate } from '../../../api/alert-actions-api.ts';

export const ACTION_STATUS_COLORS: Record<ActionStatus, string> = {
  queued: 'default',
  sending: 'processing',
  awaiting_result: 'gold',
  succeeded: 'success',
  failed: 'error',
  cancelled: 'default',
};
const STATUSES = Object.keys(ACTION_STATUS_COLORS) as ActionStatus[];
export const isActionStatus = (v: string): v is ActionStatus => (STATUSES as string[]).includes(v);

/** Control actions on the core systems, each asked for with a confirmation. */
export const CONTROL_KINDS = ['freeze_card', 'suspend_account', 'limit_channel'] as const satisfies readonly ActionKind[];
export type ControlKind = (typeof CONTROL_KINDS)[number];

/** What a person records after a manual call. */
export const CALL_OUTCOMES = ['answered_confirmed_genuine', 'answered_denied', 'no_answer', 'busy', 'invalid_number', 'voicemail'] as const satisfies readonly CallOutcome[];

/**
 * The actions API answers 404 for its own route while it is not deployed (an older server): the
 * card then says "not available" instead of failing. (The alert itself exists: the page holds it.)
 */
export function actionsUnavailable(error: unknown): boolean {
  return isApiError(error) && (error.status === 404 || error.status === 405 || error.status === 501);
}

/** Still moving: the list is polled while any action is. */
export function isPending(a: Pick<AlertAction, 'status'>): boolean {
  return a.status === 'queued' || a.status === 'sending';
}

/** The message key stem of an action: its type, or its kind for calls and controls. */
export function actionLabel(a: { type: ActionType; kind?: ActionKind | string | null }): `${ActionType}` | `call.${'robot' | 'manual'}` | `control.${ControlKind}` {
  if (a.type === 'call') return a.kind === 'robot' ? 'call.robot' : 'call.manual';
  if (a.type === 'control' && a.kind && (CONTROL_KINDS as readonly string[]).includes(a.kind)) return `control.${a.kind as ControlKind}`;
  return a.type;
}

/** The text an action's result carries for a person (a rendered SMS, a call note), if any. */
export function resultText(result: object | null | undefined): string | undefined {
  if (!result) return undefined;
  const r = result as Record<string, unknown>;
  for (const k of ['text', 'rendered', 'body', 'message', 'note', 'outcome']) {
    const v = r[k];
    if (typeof v === 'string' && v.trim()) return v;
  }
  return undefined;
}

/**
 * The templates a handler may send, best first: the enabled ones, in the user's language before
 * the other, then by key.
 */
export function sendableTemplates<T extends Pick<MessageTemplate, 'enabled' | 'locale' | 'key'>>(items: readonly T[], locale: string): T[] {
  return items.filter((t) => t.enabled).sort((a, b) => Number(b.locale === locale) - Number(a.locale === locale) || a.key.localeCompare(b.key) || a.locale.localeCompare(b.locale));
}

/** Placeholders of a template body (`{{amount}}` or `{amount}`), for the preview's legend. */
export function templateVariables(body: string): string[] {
  return [...new Set([...body.matchAll(/\{\{\s*([\w.]+)\s*\}\}|\{([\w.]+)\}/g)].map((m) => (m[1] ?? m[2])!))];
}
