import { http } from './client.ts';
import type { HttpClient } from './http-client.ts';

import type { AlertAction, AlertActionListResponse, AlertActionRequest, AlertActionStatus, AlertActionType, CallOutcome, CallResultRequest, MessageTemplate, MessageTemplateListResponse } from './types.ts';

export type { AlertAction, CallOutcome, MessageTemplate };
export type ActionType = AlertActionType;
export type ActionKind = NonNullable<AlertActionRequest['kind']>;
export type ActionStatus = AlertActionStatus;
export type ActionRequest = AlertActionRequest;
export type AlertActionList = AlertActionListResponse;
export type CallResult = CallResultRequest;
export type MessageTemplateList = MessageTemplateListResponse;

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
