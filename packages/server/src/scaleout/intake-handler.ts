import type { InboxItem } from '../repos/inbox.ts';
import { parkInbox } from '../repos/inbox.ts';
import { OrgData } from '../repos/scoped.ts';
import type { PreparedRequest } from '../runtime/decision-service.ts';
import type { Services } from '../services.ts';

/** Deliveries of one event before it is parked as failed. */
export const INTAKE_MAX_DELIVERIES = 5;

/**
 * Decides one event taken from the JetStream intake with the post-event strategy of its type, and
 * says what to do with the message: `done` once the decision is stored (the message is then
 * acknowledged), `retry` when the node is busy or a dependency failed (redelivered later), or
 * `parked` when it cannot be decided (stored as a failed inbox event with its error — never dropped).
 */
export async function decideFromIntake(s: Services, item: InboxItem, deliveryCount: number): Promise<'done' | 'retry' | 'parked'> {
  const park = async (error: string) => {
    await parkInbox(OrgData.system(s.db), item, error, deliveryCount);
    return 'parked' as const;
  };
  const et = s.registry.eventType(item.eventType);
  if (!et) return park(`event type ${item.eventType} is not registered`);
  const p: PreparedRequest = { et, prepared: item.body.prepared, at: item.body.at, org: item.orgId, hash: item.payloadHash, occurredAt: item.body.occurredAt };
  try {
    await s.decisions.decidePrepared(p, item.eventId, 'post', undefined, true);
    return 'done';
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'IDEMPOTENCY_CONFLICT') return park((e as Error).message);
    if (code === 'OVERLOADED' || code === 'UNAVAILABLE') return 'retry';
    if (deliveryCount >= INTAKE_MAX_DELIVERIES) return park(String((e as Error).message));
    return 'retry';
  }
}
