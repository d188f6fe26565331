// API types of the console's alert center pages (see ../api-types.ts for the rules: type-only, from
// schema modules that import nothing of the server).
import type { Static } from 'typebox';
import type {
  AlertCategoryList,
  AlertCategorySchema,
  AlertChangedSchema,
  AlertDetailSchema,
  AlertDisposedSchema,
  AlertLevelSchema,
  AlertPage,
  AlertQueueList,
  AlertQueueSchema,
  AlertReportedSchema,
  AlertSchema,
  AlertStatusSchema,
  AlertTimelineEntrySchema,
  AssignmentModeSchema,
  DispositionSchema,
  QueueFiltersSchema,
  QueueHandlerList,
  SlaMinutesSchema,
  SlaStateSchema,
} from '../routes/alert-schema.ts';

export type AlertLevel = Static<typeof AlertLevelSchema>;
export type AlertStatus = Static<typeof AlertStatusSchema>;
export type Disposition = Static<typeof DispositionSchema>;
export type SlaState = Static<typeof SlaStateSchema>;
export type Alert = Static<typeof AlertSchema>;
export type AlertPageResponse = Static<typeof AlertPage>;
export type AlertTimelineEntry = Static<typeof AlertTimelineEntrySchema>;
export type AlertDetail = Static<typeof AlertDetailSchema>;
export type AlertChangedResponse = Static<typeof AlertChangedSchema>;
export type AlertDisposedResponse = Static<typeof AlertDisposedSchema>;
export type AlertReportedResponse = Static<typeof AlertReportedSchema>;
export type AssignmentMode = Static<typeof AssignmentModeSchema>;
export type QueueFilters = Static<typeof QueueFiltersSchema>;
export type SlaMinutes = Static<typeof SlaMinutesSchema>;
export type AlertQueue = Static<typeof AlertQueueSchema>;
export type AlertQueueListResponse = Static<typeof AlertQueueList>;
export type QueueHandlerListResponse = Static<typeof QueueHandlerList>;
export type AlertCategory = Static<typeof AlertCategorySchema>;
export type AlertCategoryListResponse = Static<typeof AlertCategoryList>;
