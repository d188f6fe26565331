import type { EventFieldDef, EventType } from '../../../api/types.ts';

/** One row of an event type's fields table: the definition plus what other parts say of the field. */
export interface FieldRow {
  name: string;
  def: EventFieldDef;
  /** Entity kind when the field identifies one (`customer`, `card` …). */
  entity?: string;
  /** Sensitive kind (`pan`, `phone`, `id_number`, `name`). */
  sensitive?: string;
  isOrgField: boolean;
}

/** The fields of a definition in declaration order, with entity, sensitivity and org flags. */
export function fieldRows(def: EventType): FieldRow[] {
  return Object.entries(def.fields).map(([name, fd]) => ({
    name,
    def: fd,
    entity: def.entityFields[name],
    sensitive: def.sensitiveFields[name],
    isOrgField: def.orgField === name,
  }));
}

/** A starting point for a new event type: the smallest definition the server accepts. */
export function eventTypeTemplate(): EventType {
  return {
    key: 'new_event',
    name: { zh: '新事件', en: 'New event' },
    scenario: 'payment',
    channels: ['MOBILE'],
    fields: { customer_id: { type: 'string', required: true }, amount: { type: 'number', required: true }, org: { type: 'string', required: true } },
    entityFields: { customer_id: 'customer' },
    sensitiveFields: {},
    orgField: 'org',
    latencyBudgetMs: 50,
    fallbackOutcome: 'pass',
    outcomePrecedence: ['pass', 'review', 'challenge', 'reject'],
  };
}

/** The editable text of a definition: pretty JSON without the server-kept `revision`. */
export function definitionText(def: EventType): string {
  const { revision: _revision, ...rest } = def;
  return JSON.stringify(rest, null, 2);
}

/** `message` is the JSON parser's complaint; absent when the text is JSON but not an object. */
export type ParsedDefinition = { ok: true; def: EventType } | { ok: false; message?: string };

/** Reads the editor's text: a JSON object, or the parser's complaint. The server checks the rest. */
export function parseDefinition(text: string): ParsedDefinition {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { ok: false };
  return { ok: true, def: v as EventType };
}
