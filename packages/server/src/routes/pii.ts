import { maskPersonal, type EventTypeDef, type ListDimension } from '@vigil/engine';
import type { Principal } from '../auth/principal.ts';

type PersonalKind = 'phone' | 'id_number' | 'name';
const PERSONAL = new Set(['phone', 'id_number', 'name']);

export function seesPersonalData(p: Principal): boolean {
  return p.permissions.has('pii.read');
}

/** The event's personal fields (declared phone, id_number or name) masked for this viewer. */
export function maskEventData(p: Principal, et: EventTypeDef | undefined, data: Record<string, unknown>): Record<string, unknown> {
  if (!et || seesPersonalData(p)) return data;
  const out = { ...data };
  for (const [field, kind] of Object.entries(et.sensitiveFields)) {
    if (PERSONAL.has(kind) && typeof out[field] === 'string') out[field] = maskPersonal(kind as PersonalKind, out[field] as string);
  }
  return out;
}

/** List values of personal dimensions (phones, names) masked for this viewer. */
export function maskListValue(p: Principal, dimension: ListDimension, display: string): string {
  if (seesPersonalData(p)) return display;
  if (dimension === 'phone') return maskPersonal('phone', display);
  if (dimension === 'name') return maskPersonal('name', display);
  return display;
}
