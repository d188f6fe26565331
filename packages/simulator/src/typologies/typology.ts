import { normalise } from '../time.ts';
import type { SimRecord, Typology, World } from '../types.ts';

/** How and when a bank learns of a typology's fraud. */
export interface ReportProfile {
  /** Share of incidents the bank ever learns of. */
  incident: number;
  /** Share of a discovered incident's events that get reported (each chargeback, each disputed transfer). */
  event: number;
  /** `source` column of the label feed. */
  source: string;
  /** Median delay from the event to the report, in days, and its log-normal spread. */
  medianDays: number;
  sigma: number;
  minDays: number;
  maxDays: number;
}

/** A fraud typology: how often incidents start, at what hours, how they are reported, what they do. */
export interface TypologyDef {
  name: Typology;
  /** Expected incidents per million customers per day, at fraud rate 1. */
  perMillionPerDay: number;
  /** Relative weight of each hour (China Standard Time) as the start of an incident. */
  hours: readonly number[];
  report: ReportProfile;
  /** The incident's events, every one at or after `t`, labelled with the typology. */
  build(w: World, t: number): SimRecord[];
}

/** Round the clock: bots do not sleep. */
export const ANY_HOUR: readonly number[] = normalise(Array.from({ length: 24 }, () => 1));
/** Office hours: scammers call people when they are at work or at home in the evening. */
export const DAYTIME: readonly number[] = normalise([0.05, 0.02, 0.02, 0.02, 0.02, 0.05, 0.2, 0.5, 1, 1.3, 1.4, 1.3, 1, 1.2, 1.4, 1.4, 1.3, 1.1, 0.9, 0.8, 0.7, 0.5, 0.3, 0.1]);
/** Mostly at night, when the victim sleeps and does not see the alerts. */
export const NIGHT: readonly number[] = normalise([1.6, 1.8, 1.8, 1.6, 1.3, 0.8, 0.4, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.3]);
