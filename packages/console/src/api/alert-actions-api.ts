import { http } from './client.ts';
import type { HttpClient } from './http-client.ts';

// ---------------------------------------------------------------------------------------------
// LOCAL TYPES of the alert actions API, which is being built alongside this console page. They
// follow the agreed contract; when the server publishes its own (`@vigil/server/api-types`),
// replace this block with `export type { … } from './types.ts'` — nothing else needs to change.
// ---------------------------------------------------------------------------------------------

export type ActionType = 'sms' | 'call' | 'control' | 'add_to_list';
export type ActionKind = 'robot' | 'manual' | 'freeze_card' | 'suspend_account' | 'limit_channel';
export type ActionStatus = 'queued' | 'sending' | 'succeeded' | 'failed' | 'cancelled' | 'awaiting_result';

/** `POST /api/v1/alerts/{id}/actions`. */
export interface ActionRequest {
  type: ActionType;
  kind?: ActionKind;
  template?: string;
  locale?: 'zh-CN' | 'en-US';
  list?: string;
  params?: Record<string, unknown>;
}

/** An action requested on an alert, as the dispatcher tracks it. */
export interface AlertAction {
  id: string;
  type: ActionType;
  kind: ActionKind | null;
  status: ActionStatus;
  attempts: number;
  /** What the channel answered (a rendered SMS text, a call's outcome …), shape by type. */
  result: Record<string, unknown> | null;
  lastError: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface AlertActionList {
  items: AlertAction[];
}

/** What a person records after a manual call. */
export interface CallResult {
  outcome: string;
  note?: string;
}

export interface MessageTemplate {
  id: string;
  orgId: string;
  key: string;
  name: string;
  locale: 'zh-CN' | 'en-US';
  body: string;
  enabled: boolean;
}

export interface MessageTemplateList {
  items: MessageTemplate[];
}

// ---------------------------------------------------------------------------------------------

const enc = encodeURIComponent;

/** SMS, calls, control actions and list additions on an alert (`alert.handle`). */
export function alertActionsApiOf(h: HttpClient) {
  return {
    list: (alertId: string) => h.get<AlertActionList>(`/api/v1/alerts/${enc(alertId)}/actions`),
    request: (alertId: string, body: ActionRequest) => h.post<AlertAction>(`/api/v1/alerts/${enc(alertId)}/actions`, body),
    retry: (actionId: string) => h.post<AlertAction>(`/api/v1/actions/${enc(actionId)}/retry`),
    recordCallResult: (actionId: string, body: CallResult) => h.post<AlertAction>(`/api/v1/actions/${enc(actionId)}/call-result`, body),
    templates: () => h.get<MessageTemplateList>('/api/v1/message-templates'),
  };
}

export const alertActionsApi = alertActionsApiOf(http);
