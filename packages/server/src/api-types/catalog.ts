// API types of the console's catalog pages (see ../api-types.ts for the rules: type-only, from schema
// modules that import nothing of the server).
import type { Static } from 'typebox';
import type {
  AddEntriesResultSchema,
  AddEntriesSchema,
  CreateListSchema,
  EntryInputSchema,
  EventTypeListSchema,
  EventTypeSchema,
  EventTypeUsageSchema,
  ExpireEntriesResultSchema,
  ExpireEntriesSchema,
  FieldDefSchema,
  ImportErrorSchema,
  ImportResultSchema,
  ListCollectionSchema,
  ListDimensionSchema,
  ListEntryPageSchema,
  ListEntrySchema,
  ListKindSchema,
  ListSchema,
  PatchListSchema,
  RemoveEntriesResultSchema,
  RemoveEntriesSchema,
} from '../routes/catalog-schema.ts';

/** An event type definition (`GET /api/v1/event-types/{key}`, and the body of `POST`/`PUT`). */
export type EventType = Static<typeof EventTypeSchema>;
/** One field of an event type's `data`. */
export type EventFieldDef = Static<typeof FieldDefSchema>;
export type EventTypeListResponse = Static<typeof EventTypeListSchema>;
/** Strategies defined for an event type and live features counting it. */
export type EventTypeUsage = Static<typeof EventTypeUsageSchema>;

export type ListKind = Static<typeof ListKindSchema>;
export type ListDimension = Static<typeof ListDimensionSchema>;
/** A list (`GET /api/v1/lists/{id}`; `entryCount` in the collection). */
export type RiskList = Static<typeof ListSchema>;
export type ListCollectionResponse = Static<typeof ListCollectionSchema>;
export type CreateListRequest = Static<typeof CreateListSchema>;
export type PatchListRequest = Static<typeof PatchListSchema>;

/** One entry as listed; `ref` selects it for expiry or removal. */
export type ListEntry = Static<typeof ListEntrySchema>;
export type ListEntryPage = Static<typeof ListEntryPageSchema>;
export type ListEntryInput = Static<typeof EntryInputSchema>;
export type AddEntriesRequest = Static<typeof AddEntriesSchema>;
export type AddEntriesResult = Static<typeof AddEntriesResultSchema>;
export type RemoveEntriesRequest = Static<typeof RemoveEntriesSchema>;
export type RemoveEntriesResult = Static<typeof RemoveEntriesResultSchema>;
export type ExpireEntriesRequest = Static<typeof ExpireEntriesSchema>;
export type ExpireEntriesResult = Static<typeof ExpireEntriesResultSchema>;
/** A bad row of a CSV import: its line, the column at fault when there is one, code and message. */
export type ListImportError = Static<typeof ImportErrorSchema>;
export type ListImportResult = Static<typeof ImportResultSchema>;
