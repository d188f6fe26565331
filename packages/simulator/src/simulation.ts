import { customerSession, nextSessionAt } from './behaviour.ts';
import type { BankSpec } from './banks.ts';
import { AgendaHeap } from './heap.ts';
import { Customer, NO_EVENTS, Population } from './population.ts';
import { cumulative, Rng } from './rng.ts';
import { cstDayStart, DAILY_RHYTHM, DAY, HOUR, IsoClock } from './time.ts';
import { TYPOLOGY_DEFS, type TypologyDef } from './typologies/index.ts';
import { TYPOLOGIES, type Actor, type SimRecord, type Typology, type World } from './types.ts';

/** 2026-11-02 00:00 China Standard Time (a Monday): the default start, fixed so a seed alone fixes the output. */
export const DEFAULT_START = Date.parse('2026-11-01T16:00:00.000Z');

export interface SimulationOptions {
  /** Seed of the PRNG: the same options and seed give the same events, byte for byte. Default 1. */
  seed?: number;
  /** Customers at the start (new ones register along the way). Default 10,000. */
  customers?: number;
  /** Simulated days. Default 7, or unbounded when `events` is given. */
  days?: number;
  /** Stop after this many events. */
  events?: number;
  /** First simulated instant: ISO 8601, epoch ms or a Date. Default {@link DEFAULT_START}. */
  start?: string | number | Date;
  /** Multiplier of every typology's incident rate; 0 turns fraud off. Default 1. */
  fraudRate?: number;
  /** Member banks: org ids (`bank_a`, `bank_b` have built-in profiles) or full specs. Default bank_a and bank_b. */
  banks?: ReadonlyArray<string | BankSpec>;
  /** Customers living in a branch's city carry the branch org (e.g. `bank_a_hz`). Default false. */
  branchOrgs?: boolean;
  /** Typologies to simulate. Default all. */
  typologies?: readonly Typology[];
  /**
   * Start one incident of every typology within the run even when the rates would give none (small
   * populations, short runs). Default true.
   */
  ensureEveryTypology?: boolean;
  /** Event ids are `<idPrefix>-<n>`. Default `s<seed>`. */
  idPrefix?: string;
  /** New customers registering per existing customer per day. Default 0.0008. */
  registrationRate?: number;
}

export interface ResolvedOptions {
  seed: number;
  customers: number;
  days: number;
  events: number;
  start: number;
  fraudRate: number;
  banks?: ReadonlyArray<string | BankSpec>;
  branchOrgs: boolean;
  typologies: Typology[];
  ensureEveryTypology: boolean;
  idPrefix: string;
  registrationRate: number;
}

const ID_PREFIX = /^[A-Za-z0-9._:-]{1,100}$/;

export function resolveOptions(o: SimulationOptions = {}): ResolvedOptions {
  const seed = o.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error('seed must be a non-negative integer');
  const customers = o.customers ?? 10_000;
  if (!Number.isInteger(customers) || customers < 10 || customers > 20_000_000) throw new Error('customers must be an integer from 10 to 20,000,000');
  const events = o.events ?? Infinity;
  if (events !== Infinity && (!Number.isInteger(events) || events < 1)) throw new Error('events must be a positive integer');
  const days = o.days ?? (o.events !== undefined ? Infinity : 7);
  if (!(days > 0)) throw new Error('days must be positive');
  const start = o.start === undefined ? DEFAULT_START : o.start instanceof Date ? o.start.getTime() : typeof o.start === 'number' ? o.start : Date.parse(o.start);
  if (!Number.isFinite(start)) throw new Error('start must be an ISO 8601 time');
  const fraudRate = o.fraudRate ?? 1;
  if (!(fraudRate >= 0) || !Number.isFinite(fraudRate)) throw new Error('fraudRate must be a non-negative number');
  const typologies = [...(o.typologies ?? TYPOLOGIES)];
  for (const t of typologies) if (!TYPOLOGIES.includes(t)) throw new Error(`unknown typology ${t}`);
  const idPrefix = o.idPrefix ?? `s${seed}`;
  if (!ID_PREFIX.test(idPrefix)) throw new Error('idPrefix must be 1-100 characters of A-Z a-z 0-9 . _ : -');
  const registrationRate = o.registrationRate ?? 0.0008;
  if (!(registrationRate >= 0)) throw new Error('registrationRate must be non-negative');
  return { seed, customers, days, events, start: Math.floor(start), fraudRate, banks: o.banks, branchOrgs: o.branchOrgs ?? false, typologies, ensureEveryTypology: o.ensureEveryTypology ?? true, idPrefix, registrationRate };
}

/**
 * A simulated bank world. Iterating it runs the simulation from the start: the same options give
 * the same records, so it can be iterated more than once.
 *
 * @example
 * const sim = new Simulation({ seed: 7, customers: 2000, days: 3 });
 * for (const r of sim) if (r.label) console.log(r.event.eventType, r.label);
 */
export class Simulation implements Iterable<SimRecord> {
  readonly options: ResolvedOptions;

  constructor(options: SimulationOptions = {}) {
    this.options = resolveOptions(options);
  }

  /** The records in time order: events with their ground truth. */
  *records(): Generator<SimRecord, void, undefined> {
    yield* new Engine(this.options).run();
  }

  [Symbol.iterator](): Iterator<SimRecord> {
    return this.records();
  }

  /** The same records as an async iterable, yielding to the event loop every `batch` records. */
  async *recordsAsync(batch = 5000): AsyncGenerator<SimRecord, void, undefined> {
    let n = 0;
    for (const r of this.records()) {
      yield r;
      if (++n % batch === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

/** Records of a simulation (shorthand for `new Simulation(options).records()`). */
export function simulate(options: SimulationOptions = {}): Generator<SimRecord, void, undefined> {
  return new Simulation(options).records();
}

/** Runs a fraud incident: builds its events when it starts, then emits them one by one. */
class IncidentActor implements Actor {
  private q: SimRecord[] | null = null;
  private qi = 0;

  constructor(
    private readonly def: TypologyDef,
    public nextAt: number,
  ) {}

  step(w: World, t: number): SimRecord | null {
    if (this.q === null) {
      const q = this.def.build(w, t);
      // Several threads of an incident (a mule network's accounts) interleave: sort by time.
      q.sort((a, b) => a.at - b.at);
      for (const r of q) if (r.at < t) r.at = t;
      reportIncident(w.rng, this.def, q);
      this.q = q;
      this.qi = 0;
      if (q.length === 0) {
        this.nextAt = Infinity;
        return null;
      }
      if (q[0]!.at > t) {
        this.nextAt = q[0]!.at;
        return null;
      }
    }
    const q = this.q;
    const r = q[this.qi++]!;
    this.nextAt = this.qi < q.length ? q[this.qi]!.at : Infinity;
    if (this.nextAt === Infinity) this.q = NO_EVENTS;
    return r;
  }
}

/**
 * Whether and when the bank learns of an incident's events: a discovered incident has most of its
 * events reported, each after the incident's delay give or take a fifth, plus up to six hours.
 */
function reportIncident(rng: Rng, def: TypologyDef, q: SimRecord[]): void {
  const rep = def.report;
  if (!rng.chance(rep.incident)) return;
  const delay = Math.min(rep.maxDays, Math.max(rep.minDays, rng.logNormal(rep.medianDays, rep.sigma))) * DAY;
  for (const r of q) {
    if (rng.chance(rep.event)) {
      r.reportedAt = Math.floor(r.at + delay * rng.uniform(0.8, 1.2) + rng.int(6 * HOUR));
      r.reportSource = rep.source;
    }
  }
}

/** A new customer: created when the registration happens, then the customer's own actor. */
class RegistrationActor implements Actor {
  private c: Customer | null = null;

  constructor(
    private readonly bankIdx: number,
    public nextAt: number,
  ) {}

  step(w: World, t: number): SimRecord | null {
    if (this.c === null) {
      this.c = w.pop.newCustomer(this.bankIdx, t);
      this.c.registering = true;
    }
    const r = this.c.step(w, t);
    this.nextAt = this.c.nextAt;
    return r;
  }
}

/** At every midnight (China Standard Time): the day's fraud incidents and new registrations. */
class CalendarActor implements Actor {
  constructor(public nextAt: number) {}

  step(w: World, t: number): SimRecord | null {
    (w as Engine).planDay(t);
    this.nextAt = cstDayStart(t) + DAY;
    return null;
  }
}

class Engine implements World {
  readonly rng: Rng;
  readonly pop: Population;
  readonly start: number;
  private readonly end: number;
  private readonly heap = new AgendaHeap();
  private readonly actors: Array<Actor | null> = [];
  private readonly out: SimRecord[] = [];
  private readonly clock = new IsoClock();
  private readonly defs: TypologyDef[];
  private readonly hourCum = new Map<TypologyDef, Float64Array>();
  private readonly rhythmCum: Float64Array;
  private seq = 0;
  private cachedDay = NaN;
  private cachedDom = 0;
  private cachedMonth = 0;

  constructor(private readonly o: ResolvedOptions) {
    this.rng = new Rng(o.seed);
    this.start = o.start;
    this.end = o.start + o.days * DAY;
    this.pop = new Population(this.rng, { customers: o.customers, banks: o.banks, branchOrgs: o.branchOrgs, start: o.start });
    this.defs = o.typologies.map((k) => TYPOLOGY_DEFS[k]);
    for (const d of this.defs) this.hourCum.set(d, cumulative(d.hours));
    this.rhythmCum = cumulative(DAILY_RHYTHM);
    for (const c of this.pop.customers) {
      c.wakeAt = nextSessionAt(this.rng, c, o.start);
      c.nextAt = c.wakeAt;
      this.schedule(c, c.nextAt);
    }
    this.schedule(new CalendarActor(o.start), o.start);
    if (o.ensureEveryTypology && o.fraudRate > 0) {
      // One incident of each typology somewhere in the run (or the first day of an open-ended one).
      const horizon = Number.isFinite(this.end) ? this.end : o.start + (o.events === Infinity ? 1 : Math.max(1, o.events / (o.customers * 2.6))) * DAY;
      for (const d of this.defs) {
        const t = this.sampleTime(d, o.start, Math.max(o.start + HOUR, horizon - 2 * HOUR));
        if (t !== null) this.schedule(new IncidentActor(d, t), t);
      }
    }
  }

  schedule(actor: Actor, at: number): void {
    const id = this.actors.length;
    this.actors.push(actor);
    this.heap.push(id, at);
  }

  customerStep(c: Customer, t: number): SimRecord | null {
    if (c.qi < c.q.length) {
      const r = c.q[c.qi++]!;
      if (c.qi < c.q.length) c.nextAt = c.q[c.qi]!.at;
      else {
        c.q = NO_EVENTS;
        c.qi = 0;
        c.nextAt = c.wakeAt;
      }
      return r;
    }
    const out = this.out;
    out.length = 0;
    customerSession(this, c, t, out);
    const n = out.length;
    if (n === 0) {
      c.wakeAt = nextSessionAt(this.rng, c, t);
      c.nextAt = c.wakeAt;
      return null;
    }
    c.wakeAt = nextSessionAt(this.rng, c, out[n - 1]!.at);
    if (n === 1 && out[0]!.at === t) {
      c.nextAt = c.wakeAt;
      return out[0]!;
    }
    c.q = out.slice();
    if (out[0]!.at === t) {
      c.qi = 1;
      c.nextAt = c.q[1]!.at;
      return c.q[0]!;
    }
    c.qi = 0;
    c.nextAt = c.q[0]!.at;
    return null;
  }

  /** Day of the month of a China Standard Time day number (days since the epoch, shifted by +8 h). */
  dayOfMonth(dayIndex: number): number {
    this.cacheDay(dayIndex);
    return this.cachedDom;
  }

  monthIndex(dayIndex: number): number {
    this.cacheDay(dayIndex);
    return this.cachedMonth;
  }

  private cacheDay(dayIndex: number): void {
    if (dayIndex === this.cachedDay) return;
    const d = new Date(dayIndex * DAY);
    this.cachedDay = dayIndex;
    this.cachedDom = d.getUTCDate();
    this.cachedMonth = d.getUTCFullYear() * 12 + d.getUTCMonth();
  }

  /** Plans the incidents and registrations from `t` to the next midnight. */
  planDay(t: number): void {
    const dayEnd = Math.min(cstDayStart(t) + DAY, this.end);
    const share = (dayEnd - t) / DAY;
    if (share <= 0) return;
    const o = this.o;
    const rng = this.rng;
    const scale = (o.customers / 1e6) * o.fraudRate * share;
    for (const d of this.defs) {
      const n = rng.poisson(d.perMillionPerDay * scale);
      for (let i = 0; i < n; i++) {
        const at = this.sampleTime(d, t, dayEnd);
        if (at !== null) this.schedule(new IncidentActor(d, at), at);
      }
    }
    const regs = rng.poisson(o.customers * o.registrationRate * share);
    for (let i = 0; i < regs; i++) {
      const at = this.sampleHour(this.rhythmCum, t, dayEnd);
      if (at !== null) this.schedule(new RegistrationActor(rng.weighted(this.pop.bankCum), at), at);
    }
  }

  /** A start time in [lo, hi) following the typology's hours of the day; null if none fits. */
  private sampleTime(d: TypologyDef, lo: number, hi: number): number | null {
    return this.sampleHour(this.hourCum.get(d)!, lo, hi);
  }

  private sampleHour(cum: Float64Array, lo: number, hi: number): number | null {
    const rng = this.rng;
    const firstDay = cstDayStart(lo);
    const days = Math.max(1, Math.ceil((hi - firstDay) / DAY));
    for (let k = 0; k < 24; k++) {
      const at = firstDay + rng.int(days) * DAY + rng.weighted(cum) * HOUR + rng.int(HOUR);
      if (at >= lo && at < hi) return at;
    }
    return null;
  }

  *run(): Generator<SimRecord, void, undefined> {
    const heap = this.heap;
    const actors = this.actors;
    const end = this.end;
    const max = this.o.events;
    const prefix = this.o.idPrefix + '-';
    const clock = this.clock;
    while (heap.size > 0) {
      const t = heap.topTime();
      if (t >= end) return;
      const id = heap.topId();
      const actor = actors[id]!;
      const r = actor.step(this, t);
      const next = actor.nextAt;
      if (next === Infinity) {
        heap.popTop();
        actors[id] = null;
      } else heap.retimeTop(next);
      if (r !== null) {
        const e = r.event;
        e.eventId = prefix + ++this.seq;
        e.occurredAt = clock.format(r.at);
        yield r;
        if (this.seq >= max) return;
      }
    }
  }
}
