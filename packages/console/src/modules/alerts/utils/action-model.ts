import type { ActionKind, ActionRequest, ActionStatus, ActionType, AlertAction, CallOutcome, MessageTemplate } from '../../../api/alert-actions-api.ts';

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

/** The channels a `limit_channel` control usually names (the server takes any key of this shape). */
export const LIMITED_CHANNELS = ['online', 'pos', 'atm', 'overseas'] as const;
export type LimitedChannel = (typeof LIMITED_CHANNELS)[number];

/** What a person records after a call. */
export const CALL_OUTCOMES = ['answered_confirmed_genuine', 'answered_denied', 'no_answer', 'busy', 'invalid_number', 'voicemail'] as const satisfies readonly CallOutcome[];
export const isCallOutcome = (v: unknown): v is CallOutcome => typeof v === 'string' && (CALL_OUTCOMES as readonly string[]).includes(v);

/** Still moving: the list is polled while any action is (a queued one may be waiting for its next attempt). */
export function isPending(a: Pick<AlertAction, 'status'>): boolean {
  return a.status === 'queued' || a.status === 'sending';
}

/** The message key stem of an action: its type, or its kind for calls and controls. */
export function actionLabel(a: { type: ActionType; kind?: ActionKind | string | null }): `${ActionType}` | `call.${'robot' | 'manual'}` | `control.${ControlKind}` {
  if (a.type === 'call') return a.kind === 'robot' ? 'call.robot' : 'call.manual';
  if (a.type === 'control' && a.kind && (CONTROL_KINDS as readonly string[]).includes(a.kind)) return `control.${a.kind as ControlKind}`;
  return a.type;
}

/** The body asking for a control action; `limit_channel` needs the channel and its limit (0 blocks it). */
export function controlRequest(kind: ControlKind, limit?: { channel: string; limit: number }): ActionRequest {
  return kind === 'limit_channel' ? { type: 'control', kind, params: { channel: limit?.channel ?? 'online', limit: limit?.limit ?? 0 } } : { type: 'control', kind };
}

/** What an action's row shows beside its status, read from the server's `params` and `result`. */
export interface ActionDetails {
  /** An SMS's rendered text (`params.text`). */
  text?: string;
  /** The template an SMS came from. */
  template?: string;
  /** Variables the alert had no value for: the SMS was never rendered nor sent. */
  missing?: string[];
  /** A call's outcome, as the robot reported it or a person recorded it. */
  outcome?: CallOutcome;
  /** The note recorded with a call result, else the one given with the request. */
  note?: string;
  /** The reason given with the request. */
  reason?: string;
  /** The receiving system's reference: an SMS message id, a call id, a core-system reference. */
  reference?: string;
  /** A list write: the value added and the list, and the org above that already listed it. */
  listed?: { value: string; list: string; alreadyListedBy?: string };
  /** A `limit_channel` control: the channel and its limit. */
  limit?: { channel: string; limit: number };
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** Reads what a person needs from an action (see docs/api.md, Alert actions, for the fields). */
export function actionDetails(a: Pick<AlertAction, 'type' | 'params' | 'result'>): ActionDetails {
  const p = a.params as Record<string, unknown>;
  const r = (a.result ?? {}) as Record<string, unknown>;
  const d: ActionDetails = {};
  const set = <K extends keyof ActionDetails>(k: K, v: ActionDetails[K] | undefined) => {
    if (v !== undefined) d[k] = v;
  };
  set('text', a.type === 'sms' ? text(p.text) : undefined);
  set('template', text(p.template));
  set('missing', Array.isArray(p.missing) && p.missing.length ? p.missing.map(String) : undefined);
  set('outcome', isCallOutcome(r.outcome) ? r.outcome : undefined);
  set('note', text(r.note) ?? text(p.note));
  set('reason', text(p.reason));
  set('reference', text(r.reference) ?? text(r.messageId) ?? text(r.callId));
  if (a.type === 'add_to_list' && text(r.value)) set('listed', { value: text(r.value)!, list: String(p.list ?? ''), ...(text(r.alreadyListedBy) ? { alreadyListedBy: text(r.alreadyListedBy)! } : {}) });
  if (typeof p.channel === 'string' && typeof p.limit === 'number') set('limit', { channel: p.channel, limit: p.limit });
  return d;
}

/** The server sends a failed action again, except an SMS that was never rendered (it needs a new, custom text). */
export function canRetry(a: Pick<AlertAction, 'type' | 'status' | 'params'>): boolean {
  return a.status === 'failed' && !(a.type === 'sms' && typeof (a.params as { text?: unknown }).text !== 'string');
}

/** A manual call waiting for its result, or a robot call its channel accepted without reporting one. */
export function canRecordResult(a: Pick<AlertAction, 'type' | 'kind' | 'status' | 'result'>): boolean {
  if (a.type !== 'call') return false;
  return a.status === 'awaiting_result' || (a.kind === 'robot' && a.status === 'succeeded' && !(a.result && 'outcome' in a.result));
}

/** Not sent yet, waiting for a call result, or failed: the server cancels these. */
export function canCancel(a: Pick<AlertAction, 'status'>): boolean {
  return a.status === 'queued' || a.status === 'awaiting_result' || a.status === 'failed';
}

/** Who asked for an action, as a person reads it: `user:a.handler` → `a.handler`. */
export function requesterName(requestedBy: string): string {
  const i = requestedBy.indexOf(':');
  return i < 0 ? requestedBy : requestedBy.slice(i + 1);
}

/**
 * The templates a handler may send, best first. The list holds the caller's orgs' templates and
 * those inherited from above; a request names only the key and locale, so one of each pair is
 * offered: the caller's own over an inherited one (the nearer org's, which the server uses). A
 * pair whose chosen template is disabled is switched off. Then the user's language first, by key.
 */
export function sendableTemplates<T extends Pick<MessageTemplate, 'enabled' | 'locale' | 'key'> & { inherited?: boolean }>(items: readonly T[], locale: string): T[] {
  const chosen = new Map<string, T>();
  for (const t of items) {
    const k = `${t.key}\u0000${t.locale}`;
    const held = chosen.get(k);
    if (!held || (held.inherited && !t.inherited)) chosen.set(k, t);
  }
  return [...chosen.values()].filter((t) => t.enabled).sort((a, b) => Number(b.locale === locale) - Number(a.locale === locale) || a.key.localeCompare(b.key) || a.locale.localeCompare(b.locale));
}

