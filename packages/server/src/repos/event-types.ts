import { json } from '@vigil/storage';
import type { Selectable } from 'kysely';
import type { EventTypeTable } from '@vigil/storage';
import type { EventTypeDef } from '@vigil/engine';
import type { Executor } from './executor.ts';

function fromRow(r: Selectable<EventTypeTable>): EventTypeDef {
  return {
    key: r.key,
    name: { zh: r.name_zh, en: r.name_en },
    scenario: r.scenario,
    channels: r.channels,
    fields: r.fields as EventTypeDef['fields'],
    entityFields: r.entity_fields as EventTypeDef['entityFields'],
    sensitiveFields: r.sensitive_fields as EventTypeDef['sensitiveFields'],
    orgField: r.org_field,
    latencyBudgetMs: r.latency_budget_ms,
    fallbackOutcome: r.fallback_outcome as EventTypeDef['fallbackOutcome'],
    outcomePrecedence: r.outcome_precedence as EventTypeDef['outcomePrecedence'],
    revision: r.revision,
  };
}

function toRow(d: EventTypeDef) {
  return {
    key: d.key,
    name_zh: d.name.zh,
    name_en: d.name.en,
    scenario: d.scenario,
    channels: json(d.channels),
    fields: json(d.fields),
    entity_fields: json(d.entityFields),
    sensitive_fields: json(d.sensitiveFields),
    org_field: d.orgField,
    latency_budget_ms: d.latencyBudgetMs,
    fallback_outcome: d.fallbackOutcome,
    outcome_precedence: json(d.outcomePrecedence),
  } as never;
}

export async function listEventTypes(db: Executor): Promise<EventTypeDef[]> {
  const rows = await db.selectFrom('event_types').selectAll().orderBy('key').execute();
  return rows.map(fromRow);
}

export async function getEventType(db: Executor, key: string): Promise<EventTypeDef | undefined> {
  const r = await db.selectFrom('event_types').selectAll().where('key', '=', key).executeTakeFirst();
  return r && fromRow(r);
}

export async function insertEventType(db: Executor, def: EventTypeDef): Promise<void> {
  await db.insertInto('event_types').values(toRow(def)).execute();
}

/** Replaces a definition; returns false when it does not exist. Bumps the revision. */
export async function updateEventType(db: Executor, def: EventTypeDef): Promise<boolean> {
  const r = await db
    .updateTable('event_types')
    .set((eb) => ({ ...(toRow(def) as object), revision: eb('revision', '+', 1), updated_at: new Date() }) as never)
    .where('key', '=', def.key)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteEventType(db: Executor, key: string): Promise<boolean> {
  const r = await db.deleteFrom('event_types').where('key', '=', key).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
