/** How a velocity feature folds the events of its window into one value. */
export type Aggregation = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'distinct' | 'stddev' | 'first_seen' | 'last_value';

/**
 * An aggregate over the events of one entity in a sliding window, e.g. authorisations per card
 * in 10 minutes or distinct cards per device in 1 hour.
 */
export interface VelocityFeature {
  kind: 'velocity';
  /**
   * `org` (default): state is kept per bank, so a customer id of one bank never mixes with another
   * bank's. `global`: one state across the union, for identifiers that are the same thing
   * everywhere (card tokens, devices, IP addresses) when cross-bank patterns matter.
   */
  scope?: 'org' | 'global';
  /**
   * `event` (default): the feature counts events. `feedback`: it counts the feedback channels
   * report on decisions of its event types (keyed by the decided event's fields; a filter may read
   * `feedback.challengeResult` and `feedback.businessStatus`), e.g. failed OTPs per customer.
   */
  on?: 'event' | 'feedback';
  name: string;
  agg: Aggregation;
  /** Event field aggregated by sum, avg, min, max, distinct, stddev and last_value. */
  field?: string;
  /** Event fields forming the entity key, e.g. `['card']` or `['device', 'ip']`. */
  by: string[];
  /** `'1m'` … `'90d'`; units s, m, h, d. */
  window: string;
  eventTypes: string[];
  /** CEL condition deciding whether an event counts; evaluated by the caller. */
  filter?: string;
  /** Default false: the value describes the events BEFORE the current one. */
  includeCurrent?: boolean;
}

/**
 * A behaviour portrait of one entity, always as of just before the current event.
 * - `isNew`: the current value of `field` was never seen for the entity in the window
 *   (true also when the entity itself is unseen; null when the current value is missing).
 * - `seenCount`: earlier events of the entity with this value; `share`: seenCount / all events.
 * - `usualHour`: share of the entity's past events in the current local hour of day (`tz`,
 *   default Asia/Shanghai); `field` is ignored unless it holds a timestamp.
 */
export interface ProfileFeature {
  kind: 'profile';
  /**
   * `org` (default): state is kept per bank, so a customer id of one bank never mixes with another
   * bank's. `global`: one state across the union, for identifiers that are the same thing
   * everywhere (card tokens, devices, IP addresses) when cross-bank patterns matter.
   */
  scope?: 'org' | 'global';
  /**
   * `event` (default): the feature counts events. `feedback`: it counts the feedback channels
   * report on decisions of its event types (keyed by the decided event's fields; a filter may read
   * `feedback.challengeResult` and `feedback.businessStatus`), e.g. failed OTPs per customer.
   */
  on?: 'event' | 'feedback';
  name: string;
  by: string[];
  /** The profiled field; optional for `usualHour`, which uses the event time unless given a timestamp field. */
  field?: string;
  stat: 'isNew' | 'seenCount' | 'share' | 'usualHour';
  /** Default `'90d'`. */
  window?: string;
  eventTypes: string[];
  tz?: string;
  filter?: string;
}

/**
 * Geo-velocity: distance and implied speed from the previous located event of the same entity.
 * Value: {@link GeoVelocity}, or null when there is no earlier located event (or the current one
 * has no location).
 */
export interface GeoFeature {
  kind: 'geo';
  /**
   * `org` (default): state is kept per bank, so a customer id of one bank never mixes with another
   * bank's. `global`: one state across the union, for identifiers that are the same thing
   * everywhere (card tokens, devices, IP addresses) when cross-bank patterns matter.
   */
  scope?: 'org' | 'global';
  /**
   * `event` (default): the feature counts events. `feedback`: it counts the feedback channels
   * report on decisions of its event types (keyed by the decided event's fields; a filter may read
   * `feedback.challengeResult` and `feedback.businessStatus`), e.g. failed OTPs per customer.
   */
  on?: 'event' | 'feedback';
  name: string;
  by: string[];
  /** Geo field holding `{lat, lon}`. */
  field: string;
  eventTypes: string[];
  filter?: string;
  /**
   * How long a previous location stays relevant; default `'90d'`. Not in the original brief:
   * without it a geo key could never be evicted.
   */
  window?: string;
}

export type FeatureDefinition = VelocityFeature | ProfileFeature | GeoFeature;

/** Value of a geo feature. */
export interface GeoVelocity {
  distanceKm: number;
  /** Minutes between the two events (absolute: a late event compares with the newest point). */
  minutes: number;
  /** Implied speed; the time gap is floored at one second so the speed stays finite. */
  speedKmh: number;
}

/** A `{lat, lon}` location as carried by geo fields. */
export interface GeoPoint {
  lat: number;
  lon: number;
}
