import { Simulation, type SimulationOptions } from './simulation.ts';

export interface GenerationMeasurement {
  events: number;
  customers: number;
  fraudEvents: number;
  /** Building the population. */
  setupSeconds: number;
  /** Generating the events (no serialisation, no disk). */
  seconds: number;
  eventsPerSecond: number;
}

/**
 * Measures generation speed: `events` records generated in memory and dropped, after the
 * population is built (timed separately). Serialisation and disk are not included.
 *
 * @example measureGeneration(2_000_000, { customers: 100_000 }).eventsPerSecond
 */
export function measureGeneration(events: number, options: Omit<SimulationOptions, 'events' | 'days'> = {}): GenerationMeasurement {
  const sim = new Simulation({ customers: 100_000, ...options, events });
  const t0 = performance.now();
  const it = sim.records();
  const first = it.next();
  const t1 = performance.now();
  let n = first.done ? 0 : 1;
  let fraud = !first.done && first.value.label !== null ? 1 : 0;
  for (let r = it.next(); !r.done; r = it.next()) {
    n++;
    if (r.value.label !== null) fraud++;
  }
  const seconds = (performance.now() - t1) / 1000;
  return { events: n, customers: sim.options.customers, fraudEvents: fraud, setupSeconds: (t1 - t0) / 1000, seconds, eventsPerSecond: seconds > 0 ? Math.round(n / seconds) : 0 };
}
