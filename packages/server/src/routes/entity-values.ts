import type { EntityKind } from '@vigil/engine';
import { AppError } from '../errors.ts';
import type { Services } from '../services.ts';
import { listValue } from './lists.ts';

/** The event fields that hold entities of one kind, in every event type of the catalogue. */
export function entityFieldsOf(s: Services, kind: EntityKind): Array<{ eventType: string; field: string }> {
  const out: Array<{ eventType: string; field: string }> = [];
  for (const et of s.registry.current.eventTypes.values()) {
    for (const [field, k] of Object.entries(et.entityFields)) if (k === kind) out.push({ eventType: et.key, field });
  }
  return out;
}

/**
 * The value the decision log and the feature store hold for an entity as typed: a card number is
 * tokenised (never kept), a card token is taken as it is, anything else is trimmed.
 * A card that is neither is refused with 400 at `path`.
 */
export function entityLogValue(s: Services, kind: EntityKind, raw: string, path: string): { value: string; display: string } {
  const v = raw.trim();
  if (!v) throw new AppError('VALIDATION_FAILED', 'an entity value is required', { path });
  if (kind !== 'card') return { value: v, display: v };
  try {
    return listValue(s, 'card', v);
  } catch (e) {
    throw new AppError('VALIDATION_FAILED', (e as Error).message, { path });
  }
}

/** Distinct field names of {@link entityFieldsOf}, each with the value: the search's `entities @>` alternatives. */
export function entityMatchers(s: Services, kind: EntityKind, value: string): Array<{ field: string; value: string }> {
  return [...new Set(entityFieldsOf(s, kind).map((f) => f.field))].map((field) => ({ field, value }));
}
