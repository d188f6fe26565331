import type { Customer, Population } from './population.ts';
import type { Rng } from './rng.ts';

/** The fraud typologies of the simulated world; every fraud event carries exactly one. */
export const TYPOLOGIES = ['card_testing', 'stolen_card_abroad', 'account_takeover', 'impersonation_scam', 'money_mule', 'marketing_abuse', 'credential_stuffing', 'sms_bombing'] as const;
export type Typology = (typeof TYPOLOGIES)[number];

/** The event types the simulator emits (the demo's event types, see the server's demo). */
export const EVENT_TYPES = ['card_auth', 'transfer', 'login', 'atm_withdrawal', 'registration', 'phone_change', 'coupon_claim', 'otp_request'] as const;
export type EventTypeKey = (typeof EVENT_TYPES)[number];

/** One event in the shape of the decision API and of a bulk-intake NDJSON line. */
export interface SimEvent {
  eventType: EventTypeKey;
  eventId: string;
  /** ISO 8601 in UTC, millisecond precision. */
  occurredAt: string;
  data: Record<string, unknown>;
}

/** A simulated event with its ground truth, kept beside the event (never inside `data`). */
export interface SimRecord {
  /** Simulated time, epoch milliseconds (equal to `event.occurredAt`). */
  at: number;
  event: SimEvent;
  /** The fraud typology, or null for legitimate activity. */
  label: Typology | null;
  /** When the bank learns of this fraud event (epoch ms), or null if it never does. */
  reportedAt: number | null;
  /** How the bank learns of it: `chargeback`, `customer_report`, … */
  reportSource: string | null;
}

/** Something that produces events over simulated time: a customer, a fraud scenario, the calendar. */
export interface Actor {
  /** When the actor next wants to run (epoch ms); Infinity when done. */
  nextAt: number;
  /** Runs at `t` (= the previous `nextAt`); returns the event due at `t`, if any, and updates `nextAt`. */
  step(w: World, t: number): SimRecord | null;
}

/** What customers' behaviour and fraud scenarios see of the running simulation. */
export interface World {
  readonly rng: Rng;
  readonly pop: Population;
  readonly start: number;
  /** Schedules an actor to run first at `at`. */
  schedule(actor: Actor, at: number): void;
  customerStep(c: Customer, t: number): SimRecord | null;
  /** Day of the month of a China Standard Time day number (`floor((t + 8 h) / 1 day)`). */
  dayOfMonth(dayIndex: number): number;
  /** Year × 12 + month of a China Standard Time day number. */
  monthIndex(dayIndex: number): number;
}

/** Creates a record; the event id and `occurredAt` are stamped when it is emitted. */
export function record(at: number, eventType: EventTypeKey, data: Record<string, unknown>, label: Typology | null): SimRecord {
  return { at, event: { eventType, eventId: '', occurredAt: '', data }, label, reportedAt: null, reportSource: null };
}
