// API types of the alert center's handling actions, message templates and action channels (see
// ../api-types.ts for the rules: type-only, from schema modules that import nothing of the server).
import type { Static } from 'typebox';
import type { ActionChannelCreated, ActionChannelList, ActionChannelSchema, ActionChannelTestResult, ChannelActionTypeSchema, ChannelKindSchema, CreateActionChannel, UpdateActionChannel } from '../routes/action-channel-schema.ts';
import type { ActionAttemptSchema, ActionDetailSchema, ActionList, ActionPage, ActionRequestBody, ActionSchema, ActionsQuery, ActionStatusSchema, ActionTypeSchema, CallOutcomeSchema, CallResultBody, TemplateLocaleSchema } from '../routes/alert-action-schema.ts';
import type { AutoSendSchema, CreateMessageTemplate, MessageTemplateList, MessageTemplatePreview, MessageTemplateSchema, PreviewMessageTemplate, UpdateMessageTemplate } from '../routes/message-template-schema.ts';

export type AlertActionType = Static<typeof ActionTypeSchema>;
export type AlertActionStatus = Static<typeof ActionStatusSchema>;
export type CallOutcome = Static<typeof CallOutcomeSchema>;
/** `POST /api/v1/alerts/{id}/actions` body. */
export type AlertActionRequest = Static<typeof ActionRequestBody>;
export type AlertAction = Static<typeof ActionSchema>;
export type AlertActionAttempt = Static<typeof ActionAttemptSchema>;
/** `GET /api/v1/actions/{id}`. */
export type AlertActionDetail = Static<typeof ActionDetailSchema>;
/** `GET /api/v1/alerts/{id}/actions`. */
export type AlertActionListResponse = Static<typeof ActionList>;
/** `GET /api/v1/actions`. */
export type AlertActionPage = Static<typeof ActionPage>;
export type AlertActionQuery = Static<typeof ActionsQuery>;
export type CallResultRequest = Static<typeof CallResultBody>;

export type TemplateLocale = Static<typeof TemplateLocaleSchema>;
export type AutoSendRule = Static<typeof AutoSendSchema>;
export type MessageTemplate = Static<typeof MessageTemplateSchema>;
export type MessageTemplateListResponse = Static<typeof MessageTemplateList>;
export type MessageTemplateCreateRequest = Static<typeof CreateMessageTemplate>;
export type MessageTemplateUpdateRequest = Static<typeof UpdateMessageTemplate>;
export type MessageTemplatePreviewRequest = Static<typeof PreviewMessageTemplate>;
export type MessageTemplatePreviewResult = Static<typeof MessageTemplatePreview>;

export type ActionChannelKind = Static<typeof ChannelKindSchema>;
export type ChannelActionType = Static<typeof ChannelActionTypeSchema>;
export type ActionChannel = Static<typeof ActionChannelSchema>;
export type ActionChannelListResponse = Static<typeof ActionChannelList>;
export type ActionChannelCreateRequest = Static<typeof CreateActionChannel>;
export type ActionChannelCreateResult = Static<typeof ActionChannelCreated>;
export type ActionChannelUpdateRequest = Static<typeof UpdateActionChannel>;
export type ActionChannelTestResponse = Static<typeof ActionChannelTestResult>;
