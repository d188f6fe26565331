import { http } from './client.ts';
import type { HttpClient } from './http-client.ts';

import type {
  AlertAction,
  AlertActionAttempt,
  AlertActionDetail,
  AlertActionListResponse,
  AlertActionRequest,
  AlertActionStatus,
  AlertActionType,
  CallOutcome,
  CallResultRequest,
  MessageTemplate,
  MessageTemplateListResponse,
  MessageTemplatePreviewResult,
} from './types.ts';

export type { AlertAction, AlertActionAttempt, AlertActionDetail, CallOutcome, MessageTemplate };
export type ActionType = AlertActionType;
export type ActionKind = NonNullable<AlertActionRequest['kind']>;
export type ActionStatus = AlertActionStatus;
export type ActionRequest = AlertActionRequest;
export type AlertActionList = AlertActionListResponse;
export type CallResult = CallResultRequest;
export type MessageTemplateList = MessageTemplateListResponse;
export type MessageTemplatePreview = MessageTemplatePreviewResult;

const enc = encodeURIComponent;

/** SMS, calls, control actions and list additions on an alert (`alert.handle`; reading: `alert.read`). */
export function alertActionsApiOf(h: HttpClient) {
  return {
    /** The alert's actions, oldest first. */
    list: (alertId: string) => h.get<AlertActionList>(`/api/v1/alerts/${enc(alertId)}/actions`),
    /** One action with its delivery log. */
    get: (actionId: string) => h.get<AlertActionDetail>(`/api/v1/actions/${enc(actionId)}`),
    request: (alertId: string, body: ActionRequest) => h.post<AlertAction>(`/api/v1/alerts/${enc(alertId)}/actions`, body),
    retry: (actionId: string) => h.post<AlertAction>(`/api/v1/actions/${enc(actionId)}/retry`),
    cancel: (actionId: string) => h.post<AlertAction>(`/api/v1/actions/${enc(actionId)}/cancel`),
    recordCallResult: (actionId: string, body: CallResult) => h.post<AlertAction>(`/api/v1/actions/${enc(actionId)}/call-result`, body),
    /** Templates of the caller's orgs and those inherited from the orgs above. */
    templates: () => h.get<MessageTemplateList>('/api/v1/message-templates'),
    /** A template rendered with an alert's values (as it would be sent), or with sample values. */
    preview: (templateId: string, alertId?: string) => h.post<MessageTemplatePreview>(`/api/v1/message-templates/${enc(templateId)}/preview`, alertId === undefined ? {} : { alertId }),
  };
}

export const alertActionsApi = alertActionsApiOf(http);
