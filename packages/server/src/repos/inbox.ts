import { json } from '@vigil/storage';
import type { OrgData } from './scoped.ts';
import type { InboxBody } from '../runtime/inbox-worker.ts';

export interface InboxItem {
  eventType: string;
  eventId: string;
  payloadHash: string;
  orgId: string;
  body: InboxBody;
}

/**
 * Stores accepted events. Returns, per item, `accepted`, `duplicate` (same payload already
 * accepted) or `conflict` (the event id was used with a different payload).
 */
export async function insertInbox(data: OrgData, items: InboxItem[]): Promise<Array<'accepted' | 'duplicate' | 'conflict'>> {
  if (items.length === 0) return [];
  const inserted = await data
    .insertInto(
      'event_inbox',
      items.map((i) => ({ event_type: i.eventType, event_id: i.eventId, payload_hash: i.payloadHash, body: json(i.body as unknown as Record<string, unknown>), org_id: i.orgId, status: 'pending', attempts: 0 })),
    )
    .onConflict((oc) => oc.columns(['event_type', 'org_id', 'event_id']).doNothing())
    .returning(['event_type', 'org_id', 'event_id'])
    .execute();
  const key = (eventType: string, orgId: string, eventId: string) => `${eventType}\u0000${orgId}\u0000${eventId}`;
  const ok = new Set(inserted.map((r) => key(r.event_type, r.org_id, r.event_id)));
  const missing = items.filter((i) => !ok.has(key(i.eventType, i.orgId, i.eventId)));
  const existing = new Map<string, string>();
  for (let i = 0; i < missing.length; i += 500) {
    const chunk = missing.slice(i, i + 500);
    const rows = await data
      .selectFrom('event_inbox')
      .select(['event_type', 'org_id', 'event_id', 'payload_hash'])
      .where((eb) => eb.or(chunk.map((m) => eb.and([eb('event_type', '=', m.eventType), eb('org_id', '=', m.orgId), eb('event_id', '=', m.eventId)]))))
      .execute();
    for (const r of rows) existing.set(key(r.event_type, r.org_id, r.event_id), r.payload_hash);
  }
  return items.map((i) => {
    const k = key(i.eventType, i.orgId, i.eventId);
    if (ok.has(k)) return 'accepted';
    return existing.get(k) === i.payloadHash ? 'duplicate' : 'conflict';
  });
}

/**
 * Stores an event that async intake (JetStream) could not decide as `failed`, with its error and
 * attempts, where the database inbox keeps its own failed events: nothing accepted is dropped.
 */
export async function parkInbox(data: OrgData, item: InboxItem, error: string, attempts: number): Promise<void> {
  await data
    .insertInto('event_inbox', [
      { event_type: item.eventType, event_id: item.eventId, payload_hash: item.payloadHash, body: json(item.body as unknown as Record<string, unknown>), org_id: item.orgId, status: 'failed', attempts, last_error: error.slice(0, 500) },
    ])
    .onConflict((oc) => oc.columns(['event_type', 'org_id', 'event_id']).doNothing())
    .execute();
}
