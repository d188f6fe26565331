import { http } from './client.ts';
import type { HttpClient } from './http-client.ts';

import type {
  ActionChannel,
  ActionChannelCreateRequest,
  ActionChannelCreateResult,
  ActionChannelKind,
  ActionChannelListResponse,
  ActionChannelTestResponse,
  ActionChannelUpdateRequest,
  AlertAction,
  AlertActionAttempt,
  AlertActionDetail,
  AlertActionListResponse,
  AlertActionRequest,
  AlertActionStatus,
  AlertActionType,
  CallOutcome,
  CallResultRequest,
  AutoSendRule,
  ChannelActionType,
  MessageTemplate,
  MessageTemplateCreateRequest,
  MessageTemplateListResponse,
  MessageTemplatePreviewResult,
  MessageTemplateUpdateRequest,
  TemplateLocale,
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
export type { ActionChannel, ActionChannelKind, AutoSendRule, ChannelActionType, TemplateLocale };
export type TemplateCreateBody = MessageTemplateCreateRequest;
export type TemplateUpdateBody = MessageTemplateUpdateRequest;
export type ActionChannelList = ActionChannelListResponse;
export type ChannelCreateBody = ActionChannelCreateRequest;
/** A new channel and, for a webhook, its signing secret: shown in this answer only. */
export type ChannelCreated = ActionChannelCreateResult;
export type ChannelUpdateBody = ActionChannelUpdateRequest;
export type ChannelTestResult = ActionChannelTestResponse;

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
    /** The templates that apply to `org`: its own and those of the orgs above it. */
    templatesOf: (org: string) => h.get<MessageTemplateList>('/api/v1/message-templates', { query: { org } }),
    /** A template rendered with an alert's values (as it would be sent), or with sample values. */
    preview: (templateId: string, alertId?: string) => h.post<MessageTemplatePreview>(`/api/v1/message-templates/${enc(templateId)}/preview`, alertId === undefined ? {} : { alertId }),
    // Administration (`alert.configure`): inherited templates and channels are read-only (403).
    /** 409 at `key` when the org has the key in that locale; 400 at `body` for an unknown variable. */
    createTemplate: (body: TemplateCreateBody) => h.post<MessageTemplate>('/api/v1/message-templates', body),
    /** Replaces the name, body, auto-send rule and enabled state; the key, locale and org stay. */
    updateTemplate: (id: string, body: TemplateUpdateBody) => h.put<MessageTemplate>(`/api/v1/message-templates/${enc(id)}`, body),
    deleteTemplate: (id: string) => h.delete<void>(`/api/v1/message-templates/${enc(id)}`),
    /** Channels of the caller's orgs and those inherited from the orgs above, never with a secret. */
    channels: () => h.get<ActionChannelList>('/api/v1/action-channels'),
    createChannel: (body: ChannelCreateBody) => h.post<ChannelCreated>('/api/v1/action-channels', body),
    /** Replaces the name, action types, URL and enabled state; the kind and secret stay. */
    updateChannel: (id: string, body: ChannelUpdateBody) => h.put<ActionChannel>(`/api/v1/action-channels/${enc(id)}`, body),
    deleteChannel: (id: string) => h.delete<void>(`/api/v1/action-channels/${enc(id)}`),
    /** Sends a signed `test` action through the channel now (409 when it is disabled). */
    testChannel: (id: string) => h.post<ChannelTestResult>(`/api/v1/action-channels/${enc(id)}/test`),
  };
}

export const alertActionsApi = alertActionsApiOf(http);
